/**
 * Golden snapshots of every file the generator writes, one snapshot per output file (test/helpers/snapshot.ts),
 * taken across the snapshot cases (test/helpers/snapshot-cases.ts); and the check that those cases leave no file
 * the generator can write without a snapshot.
 */
import assert from 'node:assert/strict';
import { FILES } from '../../generators/lib/files.js';
import { DOCKER_GENERATOR, generateInFixture, hashTree } from '../existing/support.js';
import { generate } from '../helpers/generate.js';
import { SNAPSHOT_CASES, type SnapshotCase } from '../helpers/snapshot-cases.js';
import {
  assertMatchesFileSnapshot,
  renderFileSnapshot,
  snapshotFileOf,
  snapshottedPaths,
  uncoveredFiles,
} from '../helpers/snapshot.js';

/** Every file the generator can write: the file list's destinations (an existing module's own Makefile among them). */
const WRITABLE = [...new Set(FILES.map((file) => file.destination))].sort();

/** The files a case's run wrote: new or changed, but not .yo-rc.json (it records the package version). */
async function writtenBy(snapshotCase: SnapshotCase): Promise<Record<string, string>> {
  if (snapshotCase.fixture === undefined) {
    const { ['.yo-rc.json']: _stored, ...files } = (await generate(snapshotCase.flags)).files;
    return files;
  }
  const options = snapshotCase.containerOnly ? { generator: DOCKER_GENERATOR } : {};
  const generated = await generateInFixture(snapshotCase.fixture, snapshotCase.flags, options);
  const after = hashTree(generated.dir);
  return Object.fromEntries(
    Object.entries(generated.files).filter(
      ([path]) => path !== '.yo-rc.json' && after[path] !== generated.before[path],
    ),
  );
}

describe('golden snapshots: every file the generator writes, one snapshot per file', function () {
  /** Output path → case id → content, in case order. */
  const outputs = new Map<string, Map<string, string>>();

  before(async function () {
    this.timeout(300_000);
    for (const snapshotCase of SNAPSHOT_CASES) {
      for (const [path, content] of Object.entries(await writtenBy(snapshotCase))) {
        outputs.set(path, (outputs.get(path) ?? new Map<string, string>()).set(snapshotCase.id, content));
      }
    }
  });

  for (const path of WRITABLE) {
    it(`${path} matches ${snapshotFileOf(path).replace(/^.*\/test\//, 'test/')}`, () => {
      const contents = outputs.get(path);
      assert.ok(contents, `no snapshot case writes ${path}`);
      assertMatchesFileSnapshot(path, contents);
    });
  }

  it('covers every file the generator can write, and holds no snapshot of a file it does not write', () => {
    const written = new Set(outputs.keys());
    assert.deepEqual(uncoveredFiles(WRITABLE, written, snapshottedPaths()), []);
    assert.deepEqual(
      snapshottedPaths().filter((path) => !written.has(path) || !WRITABLE.includes(path)),
      [],
      'a snapshot of no file the generator writes (a stale one: remove it)',
    );
  });

  it('keeps a file no case changes once, headed by every case', () => {
    const gitignore = outputs.get('.gitignore');
    assert.ok(gitignore && gitignore.size > 1);
    assert.equal(renderFileSnapshot(gitignore).match(/^==> /gm)?.length, 1);
  });
});

describe('the snapshot coverage check', () => {
  it('goes red for a writable file no case writes, and for one written but never snapshotted', () => {
    assert.deepEqual(uncoveredFiles(['a', 'b', 'c'], new Set(['a', 'b']), ['a', 'b']), ['c']);
    assert.deepEqual(uncoveredFiles(['a', 'b'], new Set(['a', 'b']), ['a']), ['b']);
    assert.deepEqual(uncoveredFiles(['a'], new Set(['a']), ['a']), []);
  });

  it('groups the cases that write the same content under one header, in case order', () => {
    const contents = new Map([
      ['one', 'x\n'],
      ['two', 'y\n'],
      ['three', 'x\n'],
    ]);
    assert.equal(renderFileSnapshot(contents), '==> one, three <==\nx\n\n==> two <==\ny\n');
  });
});
