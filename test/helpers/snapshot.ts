/**
 * Golden snapshots of generated trees: one text file per case under test/snapshots/, every generated file in
 * path order behind a `==> path <==` header. `UPDATE_SNAPSHOTS=1 npm test` rewrites them; review the diff.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOTS } from './paths.js';

export function renderTree(files: Readonly<Record<string, string>>): string {
  return Object.keys(files)
    .sort()
    .map((path) => `==> ${path} <==\n${files[path]}`)
    .join('\n');
}

export function assertMatchesSnapshot(name: string, files: Readonly<Record<string, string>>): void {
  const path = join(SNAPSHOTS, `${name}.snap`);
  const actual = renderTree(files);
  if (process.env['UPDATE_SNAPSHOTS']) {
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `no snapshot ${path}: run UPDATE_SNAPSHOTS=1 npm test and review it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from ${path} (UPDATE_SNAPSHOTS=1 to accept)`);
}
