import assert from 'node:assert/strict';
import { C_LIBRARIES, cLibraryOf, devPackagesFor, GLIBC_LINK_NAMES } from '../../generators/lib/c-libraries.js';

describe('the C library table', () => {
  it('finds a library by its pkg-config module or its -l name', () => {
    assert.equal(cLibraryOf({ kind: 'pkg-config', name: 'zlib' })?.devPackage?.trixie, 'zlib1g-dev');
    assert.equal(cLibraryOf({ kind: 'link', name: 'z' })?.devPackage?.bookworm, 'zlib1g-dev');
    assert.equal(cLibraryOf({ kind: 'link', name: 'zlib' }), undefined, '-lzlib is not zlib');
    assert.equal(cLibraryOf({ kind: 'pkg-config', name: 'no-such-library' }), undefined);
  });

  it('installs one -dev package per library, in a stable order, and nothing for glibc or the C++ runtime', () => {
    const references = [
      { kind: 'link', name: 'z', file: 'a.go' },
      { kind: 'pkg-config', name: 'zlib', file: 'b.go' },
      { kind: 'link', name: 'm', file: 'a.go' },
      { kind: 'link', name: 'stdc++', file: 'a.go' },
      { kind: 'pkg-config', name: 'sqlite3', file: 'c.go' },
      { kind: 'link', name: 'unknown-lib', file: 'c.go' },
    ] as const;
    assert.deepEqual(devPackagesFor(references, 'trixie'), ['libsqlite3-dev', 'zlib1g-dev']);
  });

  it('names each pkg-config module and -l name once, and never a part of glibc', () => {
    const pkgConfig = C_LIBRARIES.flatMap((row) => row.pkgConfig);
    const linkNames = C_LIBRARIES.flatMap((row) => row.linkNames);
    assert.equal(new Set(pkgConfig).size, pkgConfig.length);
    assert.equal(new Set(linkNames).size, linkNames.length);
    assert.deepEqual(
      linkNames.filter((name) => GLIBC_LINK_NAMES.has(name)),
      [],
    );
  });

  it('gives every -dev package as Debian names them: lowercase, ending in -dev', () => {
    for (const row of C_LIBRARIES) {
      for (const name of Object.values(row.devPackage ?? {})) assert.match(name, /^[a-z0-9][a-z0-9.+-]*-dev$/);
    }
  });
});
