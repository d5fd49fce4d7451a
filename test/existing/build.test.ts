/**
 * The fixtures are real modules (they build offline with the local Go), and the make files written into them work
 * with make: the Makefile builds the detected main package, and docker.mk adds its targets to the user's Makefile
 * without taking over its default goal.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixtureDir, generateInFixture, type FixtureName } from './support.js';

const run = promisify(execFile);
/** Offline: no module proxy, no toolchain download. */
const OFFLINE = { ...process.env, GOPROXY: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '' };

async function sh(command: string, args: readonly string[], cwd: string): Promise<string> {
  const { stdout, stderr } = await run(command, args, { cwd, env: OFFLINE, timeout: 120_000 });
  return `${stdout}${stderr}`;
}

// cgo-sqlite needs go-sqlite3 from the module proxy, and newer-go a newer Go than this machine's: the e2e suite
// builds the first in an image; detection needs neither.
// cgo-zlib needs the host's zlib1g-dev and pkg-config (.ci/run installs them).
const BUILDABLE_OFFLINE: readonly FixtureName[] = [
  'root-main',
  'multi-main',
  'cgo-import-c',
  'cgo-zlib',
  'embeds',
  'vendored',
];

describe('the fixture modules', function () {
  this.timeout(180_000);

  for (const name of BUILDABLE_OFFLINE) {
    it(`${name} builds with go build, offline`, async () => {
      await sh('go', ['build', '-o', '/dev/null', './...'], fixtureDir(name));
    });
  }

  it('cgo-import-c does not build without cgo, so a static image could not have it', async () => {
    const env = { ...OFFLINE, CGO_ENABLED: '0' };
    await assert.rejects(
      run('go', ['build', '-o', '/dev/null', '.'], { cwd: fixtureDir('cgo-import-c'), env }),
      /undefined: adler32/,
    );
  });
});

describe('the make files written into a module', function () {
  this.timeout(180_000);

  it('the Makefile builds the detected main package, ./cmd/api', async () => {
    const generated = await generateInFixture('multi-main');
    await sh('make', ['build'], generated.dir);
    const version = await sh('go', ['version', '-m', join(generated.dir, 'bin/api')], generated.dir);
    assert.match(version, /\tpath\tgithub\.com\/acme\/api\/cmd\/api\n/);
  });

  for (const placement of ['appended', 'first line'] as const) {
    it(`docker.mk included (${placement}) adds the container targets and keeps the Makefile's default goal`, async () => {
      const generated = await generateInFixture('root-main');
      const makefile = readFileSync(join(generated.dir, 'Makefile'), 'utf8');
      writeFileSync(
        join(generated.dir, 'Makefile'),
        placement === 'appended' ? `${makefile}\ninclude docker.mk\n` : `include docker.mk\n\n${makefile}`,
      );
      // `make` alone still runs the user's first target, all: test and build.
      assert.match(await sh('make', ['-n'], generated.dir), /^go test \.\/\.\.\.\ngo build -o greeter \.$/m);
      // go 1.24.3 is older than the oldest supported release: that one builds it.
      assert.equal((await sh('make', ['-s', 'go-version'], generated.dir)).trim(), '1.26');
      assert.match(
        await sh('make', ['-n', 'docker-build'], generated.dir),
        /^docker buildx build +--platform linux\/amd64,linux\/arm64 --build-arg GO_VERSION=1\.26 .* --tag ghcr\.io\/acme\/greeter:\S+ --load \.$/m,
      );
    });
  }

  it('docker.mk works on its own too (make -f docker.mk), before the include line is added', async () => {
    const generated = await generateInFixture('root-main');
    assert.equal((await sh('make', ['-s', '-f', 'docker.mk', 'go-version'], generated.dir)).trim(), '1.26');
  });

  it('docker.mk included into a Makefile that sets GO_VERSION, VERSION and IMAGE builds with its own values', async () => {
    // makefile-collision's Makefile sets GO_VERSION ?= $(shell $(GO) version), as Prometheus' Makefile.common does.
    const generated = await generateInFixture('makefile-collision', { 'include-makefile': true });
    assert.equal((await sh('make', ['-s', 'go-version'], generated.dir)).trim(), '1.26');
    const build = await sh('make', ['-n', 'docker-build'], generated.dir);
    assert.match(build, /--build-arg GO_VERSION=1\.26 /);
    assert.doesNotMatch(build, /go version go1|stamp-legacy/);
    // Still overridable, under its own names.
    const overridden = await sh(
      'make',
      ['-n', 'docker-build', 'CONTAINER_GO_VERSION=1.27', 'CONTAINER_IMAGE=localhost/x', 'CONTAINER_TAG=t'],
      generated.dir,
    );
    assert.match(overridden, /--build-arg GO_VERSION=1\.27 .*--tag localhost\/x:t --load/);
    // The module's own targets still use its own variables.
    assert.match(await sh('make', ['-n', 'build'], generated.dir), /-X main\.Version=2\.4\.1 .*-X main\.Mode=prod/);
  });

  it('an explicit --go-version wins over go.mod in docker.mk: make and CI do not re-read go.mod', async () => {
    const generated = await generateInFixture('makefile-collision', { 'go-version': '1.22' });
    assert.equal((await sh('make', ['-s', '-f', 'docker.mk', 'go-version'], generated.dir)).trim(), '1.22');
    assert.match(generated.read('Dockerfile'), /^ARG GO_VERSION=1\.22$/m);
  });
});
