/**
 * Where the act harness finds what test/ci/setup/install-stand-ins.sh installed, and the shared actions directory.
 * Nothing here is guessed: a missing piece fails the suite with the command that installs it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const INSTALL = 'bash test/ci/setup/install-stand-ins.sh';

/** The cache of act, the registry, node 24, the built action dist/ and the release archives. */
export const CI_CACHE = process.env['CI_ACT_CACHE'] ?? '/var/cache/go-container-ci';
export const BIN = join(CI_CACHE, 'bin');
export const NODE24_BIN = join(CI_CACHE, 'node24/node_modules/.bin');
export const ACTION_DISTS = join(CI_CACHE, 'action-dists');
/** Files served as github.com serves them (release downloads), by path. */
export const GITHUB_FILES = join(CI_CACHE, 'github');

/** The GitHub Actions the workflows use, at their release commits (LOCK.tsv): set by .ci/run, or by hand. */
export function sharedActionsDir(): string {
  const dir = process.env['SHARED_ACTIONS_DIR'];
  if (!dir) {
    throw new Error(
      'SHARED_ACTIONS_DIR is not set: point it at the directory that holds the actions and LOCK.tsv (.ci/run sets it)',
    );
  }
  if (!existsSync(join(dir, 'LOCK.tsv'))) throw new Error(`SHARED_ACTIONS_DIR=${dir} has no LOCK.tsv`);
  return dir;
}

export function tool(name: string): string {
  const path = join(BIN, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`${INSTALL}\``);
  return path;
}
