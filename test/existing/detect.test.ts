/**
 * Detection reads an existing module's files, and only its files: each fixture is a realistic module, and each
 * finding comes with the evidence the generator prints.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  constraintHolds,
  detect,
  DetectionError,
  matchesPrefixPattern,
  parseGoMod,
  readGoPrivate,
  type DetectEnvironment,
  type Detection,
} from '../../generators/lib/detect/index.js';
import { freshDir } from '../helpers/generate.js';
import { fixtureDir, type FixtureName } from './support.js';

const NO_GOPRIVATE: DetectEnvironment = { goPrivate: () => undefined };
const detectFixture = (name: FixtureName, environment = NO_GOPRIVATE): Detection =>
  detect(fixtureDir(name), environment);

/** A module written file by file into a fresh directory. */
function module(files: Record<string, string>): string {
  const dir = freshDir('go-container-detect-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const MAIN = 'package main\n\nfunc main() {}\n';

describe('detection on the fixture modules', () => {
  it('root-main: module, go line, the root main, the -addr default port, its own Makefile and workflow', () => {
    const found = detectFixture('root-main');
    assert.equal(found.module.value, 'github.com/acme/greeter');
    assert.deepEqual(found.goVersion, { value: '1.24.3', because: 'go.mod: go 1.24.3' });
    assert.deepEqual(found.mains, ['.']);
    assert.equal(found.main.value, '.');
    assert.deepEqual(found.ports['.'], { value: 9000, because: 'main.go has ":9000"' });
    assert.equal(found.cgo.value, false);
    assert.equal(found.vendor.value, false);
    assert.deepEqual(found.embeds.value, []);
    assert.equal(found.makefile.value, 'docker.mk');
    assert.match(found.makefile.because, /own Makefile/);
    assert.equal(found.workflow.value, 'container.yml');
    assert.match(found.workflow.because, /test\.yml/);
  });

  it('multi-main: both cmd/ mains, the one named like the module by default, a port per main', () => {
    const found = detectFixture('multi-main');
    assert.deepEqual(found.mains, ['./cmd/api', './cmd/worker']);
    assert.equal(found.main.value, './cmd/api');
    assert.match(found.main.because, /builds "api", like the module/);
    assert.deepEqual(found.ports['./cmd/api'], { value: 8081, because: 'cmd/api/main.go reads PORT, default 8081' });
    assert.equal(found.ports['./cmd/worker']?.value, 9090);
    assert.deepEqual(found.topLevelPackageDirs, ['api', 'cmd', 'internal']);
    assert.equal(found.makefile.value, 'Makefile');
    assert.equal(found.workflow.value, 'ci.yml');
  });

  it('cgo-import-c: cgo because a non-test file imports "C", and its #cgo LDFLAGS noted', () => {
    const found = detectFixture('cgo-import-c');
    assert.deepEqual(found.cgo, { value: true, because: 'adler.go imports "C"' });
    assert.deepEqual(found.cNeeds, ['adler.go: -lm is part of glibc: nothing to add']);
    assert.equal(found.ports['.']?.value, 8088);
  });

  it('cgo-sqlite: cgo from go.mod alone (github.com/mattn/go-sqlite3), nothing downloaded', () => {
    const found = detectFixture('cgo-sqlite');
    assert.deepEqual(found.cgo, { value: true, because: 'go.mod requires github.com/mattn/go-sqlite3' });
    assert.deepEqual(found.cNeeds, [
      'github.com/mattn/go-sqlite3 compiles SQLite into the binary: no runtime library to add',
    ]);
    assert.deepEqual(found.ports['.'], { value: 8080, because: 'main.go reads PORT, default 8080' });
  });

  it('embeds: every //go:embed pattern as a path from the module root', () => {
    const found = detectFixture('embeds');
    assert.deepEqual(found.embeds.value, ['README.md', 'certs/internal-ca.pem', 'web/static', 'web/templates/*.html']);
    assert.match(found.embeds.because, /main\.go embeds certs\/internal-ca\.pem/);
    assert.equal(found.cgo.value, false);
  });

  it('vendored: vendor/ is detected from vendor/modules.txt', () => {
    const found = detectFixture('vendored');
    assert.deepEqual(found.vendor, { value: true, because: 'vendor/modules.txt lists the vendored modules' });
    // The vendored package's own code is not the module's: no main, port or cgo is read from it.
    assert.deepEqual(found.mains, ['.']);
  });

  it('newer-go: a go line newer than the local toolchain is still the Go version', () => {
    const found = detectFixture('newer-go');
    assert.deepEqual(found.goVersion, { value: '1.27.1', because: 'go.mod: go 1.27.1' });
    assert.equal(found.ports['.']?.value, 8080);
  });
});

describe('detection rules', () => {
  it('a toolchain line wins over the go line, as in the Makefile', () => {
    const dir = module({ 'go.mod': 'module example.com/a\n\ngo 1.23\n\ntoolchain go1.24.2\n', 'main.go': MAIN });
    assert.deepEqual(detect(dir, NO_GOPRIVATE).goVersion, { value: '1.24.2', because: 'go.mod: toolchain go1.24.2' });
  });

  it('import "C" only in files a Linux build never compiles does not call for cgo', () => {
    const cgoFile = 'package main\n\n// #include <stdio.h>\nimport "C"\n';
    const dir = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n',
      'main.go': MAIN,
      'term_darwin.go': cgoFile,
      'fast_cgo.go': `//go:build cgo\n\n${cgoFile}`,
      'tools/gen.go': `//go:build ignore\n\n${cgoFile}`,
      'c_test.go': cgoFile,
      'testdata/x.go': cgoFile,
      // another module, inside this one's directory
      'plugins/go.mod': 'module example.com/plugins\n',
      'plugins/p.go': cgoFile,
    });
    assert.equal(detect(dir, NO_GOPRIVATE).cgo.value, false);
  });

  it('a known cgo module needed only indirectly still calls for cgo', () => {
    const dir = module({
      'go.mod':
        'module example.com/a\n\ngo 1.24\n\nrequire (\n\tgorm.io/driver/sqlite v1.5.7\n' +
        '\tgithub.com/mattn/go-sqlite3 v1.14.22 // indirect\n)\n',
      'main.go': MAIN,
    });
    assert.deepEqual(detect(dir, NO_GOPRIVATE).cgo, {
      value: true,
      because: 'go.mod requires github.com/mattn/go-sqlite3 (indirect)',
    });
  });

  it('a #cgo pkg-config line names the development package the builder needs', () => {
    const dir = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n',
      'main.go': MAIN,
      'crypto/sodium.go': 'package crypto\n\n// #cgo pkg-config: libsodium\n// #include <sodium.h>\nimport "C"\n',
    });
    const found = detect(dir, NO_GOPRIVATE);
    assert.equal(found.cgo.value, true);
    assert.equal(found.cNeeds.length, 1);
    assert.match(found.cNeeds[0] ?? '', /^crypto\/sodium\.go: pkg-config libsodium: install the -dev package/);
  });

  it('several mains, none named like the module: ./cmd/* first, alphabetically', () => {
    const dir = module({
      'go.mod': 'module example.com/shop\n\ngo 1.24\n',
      'tools/seed/main.go': MAIN,
      'cmd/web/main.go': MAIN,
      'cmd/cron/main.go': MAIN,
    });
    const found = detect(dir, NO_GOPRIVATE);
    assert.deepEqual(found.mains, ['./cmd/cron', './cmd/web', './tools/seed']);
    assert.equal(found.main.value, './cmd/cron');
    assert.match(found.main.because, /none named like the module \("shop"\)/);
  });

  it('a module without a main package has no main to build', () => {
    const dir = module({ 'go.mod': 'module example.com/lib/v2\n\ngo 1.24\n', 'lib.go': 'package lib\n' });
    const found = detect(dir, NO_GOPRIVATE);
    assert.deepEqual(found.mains, []);
    assert.equal(found.main.value, undefined);
  });

  it('no port when it is not obvious: two listen addresses, or a port below 1024', () => {
    const two = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n',
      'main.go': 'package main\n\nvar public, admin = ":8080", ":8443"\n\nfunc main() {}\n',
    });
    assert.equal(detect(two, NO_GOPRIVATE).ports['.']?.value, undefined);
    assert.match(detect(two, NO_GOPRIVATE).ports['.']?.because ?? '', /several candidate ports/);
    const low = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n',
      'main.go': 'package main\n\nconst addr = ":80"\n\nfunc main() {}\n',
    });
    assert.equal(detect(low, NO_GOPRIVATE).ports['.']?.value, undefined);
    assert.match(detect(low, NO_GOPRIVATE).ports['.']?.because ?? '', /non-root/);
  });

  it('a commented-out listen address is not a port', () => {
    const dir = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n',
      'main.go': 'package main\n\n// Old: http.ListenAndServe(":3000", nil)\nconst addr = ":8090"\n\nfunc main() {}\n',
    });
    assert.equal(detect(dir, NO_GOPRIVATE).ports['.']?.value, 8090);
  });

  it('GOPRIVATE counts only through the patterns that match a requirement of go.mod', () => {
    const dir = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n\nrequire github.com/acme/auth v0.3.1\n',
      'main.go': MAIN,
    });
    const setting = (value: string): DetectEnvironment => ({
      goPrivate: () => ({ value, source: 'GOPRIVATE in the environment' }),
    });
    assert.deepEqual(detect(dir, setting('*.corp.example.com,github.com/acme/*')).goPrivate, {
      value: 'github.com/acme/*',
      because: 'GOPRIVATE in the environment: github.com/acme/* matches github.com/acme/auth',
    });
    assert.equal(detect(dir, setting('gitlab.example.com')).goPrivate.value, '');
  });

  it("the Makefile and workflow an earlier run wrote are its own; a user's are not", () => {
    const config = JSON.stringify({ 'generator-go-container': { main: '.' } });
    const files = { 'go.mod': 'module example.com/a\n\ngo 1.24\n', 'main.go': MAIN, Makefile: 'all:\n' };
    assert.equal(detect(module(files), NO_GOPRIVATE).makefile.value, 'docker.mk');
    assert.equal(detect(module({ ...files, '.yo-rc.json': config }), NO_GOPRIVATE).makefile.value, 'Makefile');
    const withDockerMk = module({ ...files, '.yo-rc.json': config, 'docker.mk': '' });
    assert.equal(detect(withDockerMk, NO_GOPRIVATE).makefile.value, 'docker.mk');
  });

  it('a directory without go.mod, or a go.mod without a module line, is refused', () => {
    assert.throws(() => detect(module({ 'main.go': MAIN }), NO_GOPRIVATE), DetectionError);
    assert.throws(() => detect(module({ 'go.mod': 'go 1.24\n' }), NO_GOPRIVATE), /has no module line/);
  });
});

describe('detection runs nothing of the module', () => {
  /** A fake `go` first on PATH that records how it was called. */
  function fakeGo(): { env: NodeJS.ProcessEnv; calls: () => string[] } {
    const bin = freshDir('go-container-fake-go-');
    const log = join(bin, 'calls.log');
    writeFileSync(join(bin, 'go'), `#!/bin/sh\necho "$PWD|$*" >> '${log}'\necho 'example.com/private/*'\n`);
    chmodSync(join(bin, 'go'), 0o755);
    writeFileSync(log, '');
    return {
      env: { PATH: `${bin}:${process.env['PATH'] ?? ''}` },
      calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
    };
  }

  it('GOPRIVATE from the environment wins: go is not run at all', () => {
    const go = fakeGo();
    assert.deepEqual(readGoPrivate({ ...go.env, GOPRIVATE: 'github.com/acme/*' }), {
      value: 'github.com/acme/*',
      source: 'GOPRIVATE in the environment',
    });
    assert.deepEqual(go.calls(), []);
  });

  it('otherwise only `go env GOPRIVATE` runs, outside the module', () => {
    const go = fakeGo();
    assert.deepEqual(readGoPrivate(go.env), { value: 'example.com/private/*', source: 'GOPRIVATE of `go env`' });
    assert.deepEqual(go.calls(), [`${tmpdir()}|env GOPRIVATE`]);
  });
});

describe('detection helpers', () => {
  it('parses go.mod requirement blocks and their // indirect marks', () => {
    const parsed = parseGoMod(
      'module "example.com/a" // quoted\n\ngo 1.24.1\n\nrequire (\n\texample.com/b v1.0.0\n' +
        '\texample.com/c v0.1.0 // indirect\n)\n\nrequire example.com/d v2.0.0+incompatible\n',
    );
    assert.equal(parsed.module, 'example.com/a');
    assert.equal(parsed.go, '1.24.1');
    assert.deepEqual(
      parsed.requires.map((requirement) => [requirement.path, requirement.indirect]),
      [
        ['example.com/b', false],
        ['example.com/c', true],
        ['example.com/d', false],
      ],
    );
  });

  it('evaluates //go:build expressions for linux', () => {
    assert.equal(constraintHolds('linux && (amd64 || arm64)', 'arm64'), true);
    assert.equal(constraintHolds('!linux', 'amd64'), false);
    assert.equal(constraintHolds('darwin || windows', 'amd64'), false);
    assert.equal(constraintHolds('go1.22 && !cgo', 'amd64'), true);
  });

  it('matches GOPRIVATE patterns against path prefixes, as go does', () => {
    assert.equal(matchesPrefixPattern('github.com/acme', 'github.com/acme/auth/v2'), true);
    assert.equal(matchesPrefixPattern('*.corp.example.com', 'git.corp.example.com/team/lib'), true);
    assert.equal(matchesPrefixPattern('github.com/acme/*', 'github.com/acme'), false);
    assert.equal(matchesPrefixPattern('github.com/acm?', 'github.com/acme/x'), true);
    assert.equal(matchesPrefixPattern('github.com/acme', 'github.com/acmecorp/x'), false);
  });
});
