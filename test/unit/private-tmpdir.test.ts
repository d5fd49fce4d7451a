import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename } from 'node:path';

describe('the test run keeps its temporary files to itself', () => {
  it('every temporary directory of this run is made under one directory of its own, removed at the end', () => {
    assert.match(basename(tmpdir()), /^go-container-tests-/);
    assert.equal(statSync(tmpdir()).mode & 0o7777, 0o1777, 'writable by the unprivileged user yo runs as, like /tmp');
  });
});
