/**
 * Golden snapshots, one per output file: test/snapshots/<path>.snap (`/` written `__`) holds every distinct content
 * of that file across the snapshot cases, each behind a `==> case, case... <==` header naming the cases that write
 * it. A file no case changes is kept once; one that varies, once per variation. `UPDATE_SNAPSHOTS=1 npm test`
 * rewrites them; review the diff.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOTS } from './paths.js';

const SUFFIX = '.snap';

/** test/snapshots/.github__workflows__ci.yml.snap for .github/workflows/ci.yml. */
export const snapshotFileOf = (path: string): string => join(SNAPSHOTS, `${path.replaceAll('/', '__')}${SUFFIX}`);

/** The output paths the snapshot files on disk cover. */
export function snapshottedPaths(): string[] {
  if (!existsSync(SNAPSHOTS)) return [];
  return readdirSync(SNAPSHOTS)
    .filter((name) => name.endsWith(SUFFIX))
    .map((name) => name.slice(0, -SUFFIX.length).replaceAll('__', '/'))
    .sort();
}

/**
 * The snapshot of one output file: its contents by case, in case order, grouped so that each distinct content
 * appears once, headed by every case that writes it.
 */
export function renderFileSnapshot(contents: ReadonlyMap<string, string>): string {
  const cases = new Map<string, string[]>();
  for (const [caseId, content] of contents) cases.set(content, [...(cases.get(content) ?? []), caseId]);
  return [...cases].map(([content, ids]) => `==> ${ids.join(', ')} <==\n${content}`).join('\n');
}

export function assertMatchesFileSnapshot(path: string, contents: ReadonlyMap<string, string>): void {
  const file = snapshotFileOf(path);
  const actual = renderFileSnapshot(contents);
  if (process.env['UPDATE_SNAPSHOTS']) {
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `no snapshot ${file}: run UPDATE_SNAPSHOTS=1 npm test and review it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `${path} differs from ${file} (UPDATE_SNAPSHOTS=1 to accept)`);
}

/** The files the generator can write that no snapshot covers: each must be written by a case and have its file. */
export function uncoveredFiles(
  writable: readonly string[],
  written: ReadonlySet<string>,
  snapshotted: readonly string[],
): string[] {
  return writable.filter((path) => !written.has(path) || !snapshotted.includes(path));
}
