/** The warning for a go line newer than the local Go toolchain: when it is given, and what it says. */
import assert from 'node:assert/strict';
import { newerThanLocalToolchainWarning } from '../../generators/lib/go-toolchain.js';

describe('a --go-version newer than the local Go toolchain', () => {
  for (const [goVersion, local] of [
    ['1.27', '1.26.8'],
    ['1.26.9', '1.26.8'],
    ['1.27.0', '1.26.8'],
  ] as const) {
    it(`--go-version ${goVersion} with local go${local}: warns, naming the flag, both versions and the way out`, () => {
      const warning = newerThanLocalToolchainWarning(goVersion, local);
      assert.ok(warning, 'no warning');
      assert.match(
        warning,
        new RegExp(`^Warning: --go-version ${goVersion} is newer than the local Go toolchain \\(go${local}\\)\\.`),
      );
      assert.match(warning, /with GOTOOLCHAIN=local they fail/);
      assert.match(warning, new RegExp(`The image needs no local Go \\(it builds with golang:${goVersion}\\)`));
      assert.match(warning, new RegExp(`Install Go ${goVersion}, or pass --go-version ${local} or older\\.$`));
    });
  }

  for (const [goVersion, local] of [
    ['1.26', '1.26.8'],
    ['1.26.8', '1.26.8'],
    ['1.25.3', '1.26.8'],
    ['1.26', '1.26'],
  ] as const) {
    it(`--go-version ${goVersion} with local go${local}: no warning`, () => {
      assert.equal(newerThanLocalToolchainWarning(goVersion, local), undefined);
    });
  }

  it('no local Go (none on the PATH): no warning, the image needs none', () => {
    assert.equal(newerThanLocalToolchainWarning('1.30', undefined), undefined);
  });
});
