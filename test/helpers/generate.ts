/** Runs the generator in a temporary directory with yeoman-test and reads back what it wrote to disk. */
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import helpers from 'yeoman-test';
import { APP_GENERATOR } from './paths.js';

export interface Generated {
  readonly dir: string;
  /** Every file written, relative to dir, with `/` separators, sorted. */
  readonly paths: readonly string[];
  read(path: string): string;
  /** Every file's content, by path. */
  readonly files: Readonly<Record<string, string>>;
}

export function listFiles(dir: string): string[] {
  const paths: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else paths.push(relative(dir, full).split('\\').join('/'));
    }
  };
  walk(dir);
  return paths.sort();
}

export function readTree(dir: string): Generated {
  const paths = listFiles(dir);
  const files = Object.fromEntries(paths.map((path) => [path, readFileSync(join(dir, path), 'utf8')]));
  return { dir, paths, files, read: (path) => readFileSync(join(dir, path), 'utf8') };
}

/** Flags exactly as a user types them (`'go-version': '1.26'`), plus `defaults: true` unless told otherwise. */
export type Flags = Record<string, string | boolean>;

/** Every flag fixed, so that the output does not depend on the machine (local Go, git config, directory). */
export const FIXED_FLAGS: Flags = {
  name: 'demo',
  module: 'github.com/acme/demo',
  'go-version': '1.26',
  debian: 'trixie',
  port: '8080',
  image: 'ghcr.io/acme/demo',
  platforms: 'linux/amd64,linux/arm64',
  ci: 'github',
  'default-branch': 'main',
};

/**
 * A fresh directory of our own: yeoman-test deletes its temporary directory at the next run, and tests share
 * generated projects across `it`s.
 */
export function freshDir(prefix = 'go-container-', parent = tmpdir()): string {
  return mkdtempSync(join(parent, prefix));
}

export async function generate(flags: Flags, generator = APP_GENERATOR, dir = freshDir()): Promise<Generated> {
  await helpers
    .run(generator)
    .inDir(dir)
    .withOptions({ defaults: true, ...flags } as never);
  return readTree(dir);
}
