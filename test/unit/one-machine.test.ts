/**
 * The act harness's one change to a workflow (test/ci/lib/one-machine.ts): the legs of a matrix run one after the
 * other, because every job of an act run shares this one machine. Checked on the generated native layout, and shown
 * to refuse a copy that would change more than that.
 */
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { oneLegAtATime } from '../ci/lib/one-machine.js';
import { FIXED_FLAGS, generate } from '../helpers/generate.js';

interface Jobs {
  jobs: Record<string, { strategy?: Record<string, unknown> }>;
}

describe('the act harness runs the legs of a matrix one at a time (one-machine.ts)', () => {
  let native: string;
  before(async () => {
    const project = await generate({ ...FIXED_FLAGS, cgo: true, 'ci-layout': 'native' });
    native = project.read('.github/workflows/ci.yml');
  });

  it('adds max-parallel: 1 to the native layout image job, and nothing else', () => {
    const copy = oneLegAtATime(native);
    const before = parse(native) as Jobs;
    const after = parse(copy) as Jobs;
    assert.equal(after.jobs['image']?.strategy?.['max-parallel'], 1);
    assert.equal(before.jobs['image']?.strategy?.['max-parallel'], undefined);
    const copyLines = copy.split('\n');
    const added = copyLines.findIndex((line) => line.trim() === 'max-parallel: 1');
    assert.deepEqual(copyLines.toSpliced(added, 1), native.split('\n'), 'the copy is the generated text plus one line');
  });

  it('leaves a workflow without a matrix as it is', () => {
    const single =
      'name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make test\n';
    assert.equal(oneLegAtATime(single), single);
  });

  it('refuses a workflow that already limits its legs (the copy would not be the generated file plus one key)', () => {
    const limited = native.replace(/^( +)strategy:\n/m, '$1strategy:\n$1  max-parallel: 2\n');
    assert.throws(() => oneLegAtATime(limited), /Map keys must be unique|changed more than/);
  });
});
