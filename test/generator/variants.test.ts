import { DEPLOY_FILES } from '../helpers/deploy-files.js';
import assert from 'node:assert/strict';
import { generate, FIXED_FLAGS, type Generated } from '../helpers/generate.js';
import { VARIANT_CASES } from '../helpers/variant-cases.js';

const SERVICE_FILES = [
  '.dockerignore',
  '.github/dependabot.yml',
  '.github/go-caches.Dockerfile',
  '.github/workflows/ci.yml',
  '.gitignore',
  '.golangci.yml',
  '.yo-rc.json',
  'Dockerfile',
  'Makefile',
  'README.md',
  ...DEPLOY_FILES,
  'go.mod',
  'main.go',
  'main_test.go',
];

/** The FROM lines of a Dockerfile, in order. */
const fromLines = (dockerfile: string): string[] => dockerfile.split('\n').filter((line) => line.startsWith('FROM '));

describe('generated service, for every variant and Debian release', () => {
  for (const testCase of VARIANT_CASES) {
    describe(testCase.id, () => {
      let generated: Generated;
      before(async () => {
        generated = await generate(testCase.flags);
      });

      it('writes exactly the service files', () => {
        assert.deepEqual(generated.paths, SERVICE_FILES);
      });

      it('leaves no template syntax or missing value in any file', () => {
        for (const [path, content] of Object.entries(generated.files)) {
          for (const leftover of ['<%', '%>', 'undefined', '[object Object]', 'NaN']) {
            assert.ok(!content.includes(leftover), `${path} contains ${leftover}`);
          }
        }
      });

      it('builds on the golang image and runs on the image of the same Debian release', () => {
        const froms = fromLines(generated.read('Dockerfile'));
        const builder = `FROM --platform=$BUILDPLATFORM ${testCase.builderImage} AS `;
        assert.ok(
          froms.some((from) => from.startsWith(builder)),
          `no stage ${builder}...:\n${froms.join('\n')}`,
        );
        // The final stage: the runtime image itself, or the stage that names it (cgo reads its libraries).
        const final = froms.at(-1)?.replace(/^FROM /, '');
        const runtime = froms.find((from) => from.endsWith(` AS ${final}`))?.replace(/^FROM (\S+) AS .*$/, '$1');
        assert.equal(runtime ?? final, testCase.runtimeImage);
        const otherRelease = testCase.debian === 'trixie' ? ['bookworm', 'debian12'] : ['trixie', 'debian13'];
        for (const other of otherRelease) {
          assert.ok(!generated.read('Dockerfile').includes(other), `Dockerfile mentions ${other}`);
        }
      });

      it('keeps the Dockerfile GO_VERSION default equal to the go line of go.mod', () => {
        assert.match(generated.read('go.mod'), /^go 1\.26$/m);
        assert.match(generated.read('Dockerfile'), /^ARG GO_VERSION=1\.26$/m);
      });

      it('contains what its variant needs and nothing of the others', () => {
        const dockerfile = generated.read('Dockerfile');
        const makefile = generated.read('Makefile');
        const has = (text: string, needle: string | RegExp): boolean =>
          typeof needle === 'string' ? text.includes(needle) : needle.test(text);
        const expectations: Array<[string, string, string | RegExp, boolean]> = [
          ['Dockerfile', dockerfile, `CGO_ENABLED=${testCase.cgo ? 1 : 0} `, true],
          ['Dockerfile', dockerfile, `CGO_ENABLED=${testCase.cgo ? 0 : 1} `, false],
          ['Dockerfile', dockerfile, 'FROM cc-${TARGETARCH} AS build', testCase.cgo],
          ['Dockerfile', dockerfile, 'gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross', testCase.cgo],
          ['Dockerfile', dockerfile, 'gcc-x86-64-linux-gnu g++-x86-64-linux-gnu libc6-dev-amd64-cross', testCase.cgo],
          ['Dockerfile', dockerfile, 'apt-get', testCase.cgo],
          ['Dockerfile', dockerfile, '*INTERP*', !testCase.cgo],
          ['Dockerfile', dockerfile, '> /out/etc/passwd', testCase.variant === 'static-scratch'],
          ['Dockerfile', dockerfile, '-tags timetzdata', testCase.variant === 'static-scratch'],
          ['Dockerfile', dockerfile, 'gcr.io/distroless/', testCase.variant !== 'static-scratch'],
          ['Makefile', makefile, /^verify-static:/m, !testCase.cgo],
          ['Makefile', makefile, `CGO_ENABLED=${testCase.cgo ? 1 : 0} go build`, true],
        ];
        for (const [file, text, needle, expected] of expectations) {
          assert.equal(has(text, needle), expected, `${file} ${expected ? 'lacks' : 'has'} ${needle}`);
        }
      });

      it('runs the image as 65532:65532 with exec-form ENTRYPOINT and HEALTHCHECK', () => {
        const dockerfile = generated.read('Dockerfile');
        assert.match(dockerfile, /^USER 65532:65532$/m);
        assert.match(dockerfile, /^ENTRYPOINT \["\/usr\/local\/bin\/demo"\]$/m);
        assert.match(dockerfile, /^ {2}CMD \["\/usr\/local\/bin\/demo", "-healthcheck"\]$/m);
        assert.match(dockerfile, /^EXPOSE 8080$/m);
      });

      it('stores every answer in .yo-rc.json', () => {
        const stored = JSON.parse(generated.read('.yo-rc.json'))['generator-go-container'];
        assert.equal(stored.cgo, testCase.cgo);
        assert.equal(stored.debian, testCase.debian);
        assert.equal(stored.runtime, testCase.variant === 'static-scratch' ? 'scratch' : 'distroless');
      });
    });
  }

  it('writes no workflow with --ci none', async () => {
    const generated = await generate({ ...FIXED_FLAGS, ci: 'none' });
    assert.deepEqual(
      generated.paths,
      SERVICE_FILES.filter((path) => !path.startsWith('.github/')),
    );
    assert.ok(!generated.read('README.md').includes('## CI'));
  });

  it('uses the port everywhere it appears', async () => {
    const generated = await generate({ ...FIXED_FLAGS, port: '9443' });
    assert.match(generated.read('main.go'), /defaultPort = "9443"/);
    assert.match(generated.read('Dockerfile'), /^EXPOSE 9443$/m);
    assert.match(generated.read('Makefile'), /^PORT +\?= 9443$/m);
    assert.ok(!/8080/.test(generated.read('Dockerfile') + generated.read('Makefile') + generated.read('main.go')));
  });

  it('builds linux/arm/v7 for a static binary when asked', async () => {
    const generated = await generate({ ...FIXED_FLAGS, platforms: 'linux/amd64,linux/arm/v7' });
    assert.match(generated.read('Makefile'), /^PLATFORMS +\?= linux\/amd64,linux\/arm\/v7$/m);
    assert.match(generated.read('Dockerfile'), /arm\) export GOARM="\$\{TARGETVARIANT#v\}" ;;/);
  });
});
