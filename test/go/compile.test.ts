import assert from 'node:assert/strict';
import { ONE_CASE_PER_VARIANT } from '../helpers/variant-cases.js';
import { generate } from '../helpers/generate.js';
import { buildService, run, TEST_REVISION, TEST_VERSION } from '../helpers/go-service.js';

const GO_ENV = { ...process.env, GOFLAGS: '' };

describe('generated Go code, compiled and tested by the real Go toolchain', function () {
  this.timeout(240_000);

  for (const testCase of ONE_CASE_PER_VARIANT) {
    describe(testCase.variant, () => {
      it('is gofmt-clean and passes go vet', async () => {
        const { generated } = await buildService(testCase);
        const { stdout: unformatted } = await run('gofmt', ['-s', '-l', '.'], { cwd: generated.dir });
        assert.equal(unformatted, '', `not gofmt -s clean: ${unformatted}`);
        await run('go', ['vet', './...'], { cwd: generated.dir, env: GO_ENV });
      });

      it('passes its own tests, with the race detector', async () => {
        const { generated } = await buildService(testCase);
        const { stdout } = await run('go', ['test', '-race', '-count=1', '-v', './...'], {
          cwd: generated.dir,
          env: GO_ENV,
        });
        for (const test of [
          'TestHealthzAnswersOK',
          'TestReadyzFailsOnceDraining',
          'TestShutdownDrainsThenLetsInFlightRequestsFinish',
          'TestShutdownDrainIsADurationFromTheEnvironment',
          'TestProbeSucceedsOnlyAgainstAHealthyServer',
        ]) {
          assert.match(stdout, new RegExp(`--- PASS: ${test} `));
        }
        assert.doesNotMatch(stdout, /--- FAIL/);
      });

      it('builds with the go build flags of its Dockerfile', async () => {
        const { build } = await buildService(testCase);
        assert.equal(build.env['CGO_ENABLED'], testCase.cgo ? '1' : '0');
        for (const flag of ['-trimpath', '-buildvcs=false', '-ldflags'])
          assert.ok(build.args.includes(flag), `no ${flag}`);
      });

      it('is stripped of its symbol table and DWARF by -s alone', async () => {
        const { binary, build } = await buildService(testCase);
        assert.ok(!build.args.some((arg) => /(^| )-w( |$)/.test(arg)), build.args.join(' '));
        const { stdout: sections } = await run('readelf', ['--sections', '--wide', binary]);
        assert.doesNotMatch(sections, /\.(symtab|debug_info|zdebug_info)\b/);
      });

      it('carries the version and revision injected with -ldflags -X', async () => {
        const { binary } = await buildService(testCase);
        const { stdout } = await run(binary, ['-version']);
        assert.match(stdout, new RegExp(`^demo ${TEST_VERSION} ${TEST_REVISION} go1\\.`));
      });

      if (testCase.cgo) {
        it('is dynamically linked against glibc', async () => {
          const { binary } = await buildService(testCase);
          const { stdout: kind } = await run('file', ['-b', binary]);
          assert.match(kind, /dynamically linked/);
          assert.match(kind, /interpreter \/lib64\/ld-linux-x86-64\.so\.2/);
          const { stdout: dynamic } = await run('readelf', ['--dynamic', binary]);
          assert.match(dynamic, /\(NEEDED\)\s+Shared library: \[libc\.so\.6\]/);
          const { stdout: info } = await run('go', ['version', '-m', binary]);
          assert.match(info, /\bCGO_ENABLED=1\b/);
        });
      } else {
        it('is a static binary: no dynamic loader, no shared library, built without cgo', async () => {
          const { binary } = await buildService(testCase);
          const { stdout: kind } = await run('file', ['-b', binary]);
          assert.match(kind, /statically linked/);
          const { stdout: headers } = await run('readelf', ['--program-headers', binary]);
          assert.doesNotMatch(headers, /INTERP/);
          const { stdout: info } = await run('go', ['version', '-m', binary]);
          assert.match(info, /\bCGO_ENABLED=0\b/);
        });
      }

      if (testCase.variant === 'static-scratch') {
        it('embeds the time zone database, which scratch lacks', async () => {
          const { binary } = await buildService(testCase);
          const { stdout: info } = await run('go', ['version', '-m', binary]);
          assert.match(info, /-tags=timetzdata/);
        });
      }
    });
  }
});

/**
 * The code follows go.mod's go line: the newest standard-library API where the go line has it (errors.AsType,
 * slog.DiscardHandler, t.Context), and none of it below. go vet's stdversion check fails on any symbol newer than the
 * go line, so vet passing at each end proves the code builds with that release's golang image.
 */
describe('generated Go code at the oldest and newest go lines accepted', function () {
  this.timeout(240_000);
  const staticCase = ONE_CASE_PER_VARIANT.find((testCase) => testCase.variant === 'static-distroless')!;

  for (const goVersion of ['1.22', '1.23', '1.24', '1.26']) {
    it(`go ${goVersion}: gofmt-clean, go vet (stdversion included) and its tests pass`, async () => {
      const generated = await generate({ ...staticCase.flags, 'go-version': goVersion });
      assert.match(generated.read('go.mod'), new RegExp(`^go ${goVersion.replace('.', '\\.')}$`, 'm'));
      const { stdout: unformatted } = await run('gofmt', ['-s', '-l', '.'], { cwd: generated.dir });
      assert.equal(unformatted, '');
      await run('go', ['vet', './...'], { cwd: generated.dir, env: GO_ENV });
      await run('go', ['test', '-count=1', './...'], { cwd: generated.dir, env: GO_ENV });
      const main = generated.read('main.go');
      assert.equal(main.includes('errors.AsType['), goVersion === '1.26', 'errors.AsType only from go 1.26');
      assert.equal(/\(t\.Context\(\)/.test(generated.read('main_test.go')), goVersion >= '1.24', 't.Context');
    });
  }
});
