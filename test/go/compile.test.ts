import assert from 'node:assert/strict';
import { ONE_CASE_PER_VARIANT } from '../helpers/variant-cases.js';
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
          'TestShutdownLetsInFlightRequestsFinish',
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
