/**
 * What the program needs at run time besides its binary, from the literal cases in the packages it compiles:
 * configuration files it reads from a relative path that ship in the repository (copied into the image, in the
 * working directory), directories it creates and writes (a writable volume, since the image runs with a read-only
 * root), and programs it runs (git, a shell, a script), which a distroless image does not have: those are reported
 * with file:line and what to do.
 */
import { existsSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { type GoFile } from './go-source.js';

/** Where the image runs the program when it needs files or directories relative to its working directory. */
export const APP_DIR = '/app';

export interface ShippedFile {
  /** Module-relative path, which is also its path under the working directory. */
  readonly path: string;
  readonly because: string;
}

export interface DataDir {
  /** Absolute path in the image. */
  readonly path: string;
  readonly because: string;
}

export interface RuntimeNeeds {
  readonly configFiles: readonly ShippedFile[];
  readonly dataDirs: readonly DataDir[];
  /** What the image cannot provide, one line each: file:line, what, and what to do. */
  readonly unhandled: readonly string[];
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', '/bin/sh', '/bin/bash', '/usr/bin/env']);

function programAdvice(program: string): string {
  const name = program.split('/').at(-1) ?? program;
  if (SHELLS.has(program) || SHELLS.has(name)) {
    return 'the image has no shell: run the program directly (exec.Command("prog", args...)), or build on a base image with a shell';
  }
  if (name === 'git') {
    return 'the image has no git: use a Go library (github.com/go-git/go-git), or build the final stage on debian:<release>-slim with git installed';
  }
  if (name.endsWith('.sh'))
    return 'a shell script needs a shell, which the image does not have: port it to Go, or use a base image with a shell';
  return `the image has only your binary: copy ${name} into it (and what it needs), or build the final stage on a base image that has it`;
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/** Normalises a directory as the image sees it: relative paths are under the working directory. */
function inImage(path: string): string {
  return posix.normalize(path.startsWith('/') ? path : posix.join(APP_DIR, path)).replace(/\/$/, '');
}

export function runtimeNeeds(root: string, files: readonly GoFile[]): RuntimeNeeds {
  const configFiles = new Map<string, ShippedFile>();
  const dataDirs = new Map<string, DataDir>();
  const unhandled: string[] = [];
  for (const file of files) {
    for (const use of file.pathUses) {
      const at = `${file.path}:${use.line}`;
      if (use.kind === 'exec') {
        unhandled.push(`${at} runs ${use.path}: ${programAdvice(use.path)}`);
      } else if (use.kind === 'file') {
        if (!isFile(join(root, use.path))) continue;
        if (use.path.endsWith('.sh')) {
          unhandled.push(`${at} names the script ${use.path}: ${programAdvice(use.path)}`);
        } else if (!configFiles.has(use.path)) {
          configFiles.set(use.path, { path: use.path, because: `${at} reads ${use.path}, which is in the repository` });
        }
      } else {
        const path = inImage(use.path);
        if (
          path === APP_DIR ||
          path === '/' ||
          path.startsWith('/tmp') ||
          path.startsWith('/dev') ||
          path.startsWith('/proc')
        ) {
          if (path.startsWith('/tmp')) {
            unhandled.push(
              `${at} writes under ${path}: with a read-only root, /tmp is read-only too: run with --tmpfs /tmp`,
            );
          }
          continue;
        }
        if (!dataDirs.has(path)) {
          const what = use.kind === 'mkdir' ? 'creates' : 'defaults its data directory to';
          dataDirs.set(path, { path, because: `${at} ${what} ${use.path}` });
        }
      }
    }
  }
  return {
    configFiles: [...configFiles.values()],
    dataDirs: [...dataDirs.values()],
    unhandled: [...new Set(unhandled)],
  };
}
