/**
 * The git states a project is in before it is a tagged clone, each with what the generated Makefile derives from it:
 * VERSION (X.Y.Z on a vX.Y.Z tag, else sha-<commit>, as CI tags), REVISION (the commit) and whether SOURCE_DATE_EPOCH (the commit's time) is known.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GitState {
  readonly name: string;
  /** Puts the freshly generated project in dir into this state; returns its directory (a clone for a clone). */
  readonly make: (dir: string) => string;
  /** What the VERSION and REVISION make derives look like. */
  readonly version: RegExp;
  readonly revision: RegExp;
  /** Whether the commit's time (SOURCE_DATE_EPOCH) is known. */
  readonly committed: boolean;
}

export const gitIn = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();

export const GIT_STATES: readonly GitState[] = [
  { name: 'not a git repository', make: (dir) => dir, version: /^dev$/, revision: /^unknown$/, committed: false },
  {
    name: 'git init with no commit',
    make: (dir) => {
      gitIn(dir, 'init', '-q');
      return dir;
    },
    version: /^dev$/,
    revision: /^unknown$/,
    committed: false,
  },
  {
    name: 'commits but no tag',
    make: (dir) => {
      gitIn(dir, 'init', '-q');
      gitIn(dir, 'add', '-A');
      gitIn(dir, 'commit', '-q', '-m', 'first');
      return dir;
    },
    version: /^sha-[0-9a-f]{7}$/,
    revision: /^[0-9a-f]{40}$/,
    committed: true,
  },
  {
    name: 'a shallow clone whose tag is out of reach',
    make: (dir) => {
      gitIn(dir, 'init', '-q');
      gitIn(dir, 'add', '-A');
      gitIn(dir, 'commit', '-q', '-m', 'first');
      gitIn(dir, 'tag', 'v0.1.0');
      gitIn(dir, 'commit', '-q', '--allow-empty', '-m', 'second');
      const clone = mkdtempSync(join(tmpdir(), 'shallow-'));
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${dir}`, clone]);
      return clone;
    },
    version: /^sha-[0-9a-f]{7}$/,
    revision: /^[0-9a-f]{40}$/,
    committed: true,
  },
];
