/**
 * Finds the linters that test/lint/setup/install-linters.sh provisions (the fast suite's root hook runs it first):
 * in its cache, then on PATH, then in `$(go env GOPATH)/bin` (where test/deploy/setup/ installs its tools). A
 * missing one fails the test that needs it with the command that installs it: these tests never skip.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PACKAGE_ROOT } from '../../helpers/paths.js';

export const INSTALL_LINTERS = 'bash test/lint/setup/install-linters.sh';
export const INSTALL_LINTERS_SCRIPT = join(PACKAGE_ROOT, 'test/lint/setup/install-linters.sh');

let linterCache: string | undefined;

/** The directory install-linters.sh provisions the linters into (its cache; it alone knows where). */
export function linterBinDir(): string {
  linterCache ??= execFileSync('bash', [INSTALL_LINTERS_SCRIPT, '--bin-dir'], { encoding: 'utf8' }).trim();
  return linterCache;
}

function goBin(): string | undefined {
  try {
    const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim().split(delimiter)[0];
    return gopath ? join(gopath, 'bin') : undefined;
  } catch {
    return undefined;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path of `name` in the linters' cache, in PATH or in `$(go env GOPATH)/bin`, or undefined. */
export function findTool(name: string): string | undefined {
  const directories = [linterBinDir(), ...(process.env['PATH'] ?? '').split(delimiter), goBin()].filter(
    (directory): directory is string => Boolean(directory),
  );
  return directories.map((directory) => join(directory, name)).find(isExecutable);
}

/** The path of `name`, or an error that says how to install it. */
export function requireTool(name: string, why: string): string {
  const path = findTool(name);
  if (!path) {
    throw new Error(`${name} is not installed (${why}): run \`${INSTALL_LINTERS}\` from the repository root`);
  }
  return path;
}
