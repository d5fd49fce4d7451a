/**
 * Containers for an existing module: run in each fixture module, `yo go-container` (or :docker) writes only the
 * container files, built from what it detected, and leaves every file of the user byte for byte as it was.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintDockerfile } from '../lint/support/dockerfile-rules.js';
import { freshDir, generate } from '../helpers/generate.js';
import { KUBERNETES_FILES } from '../helpers/deploy-files.js';
import { copyFixture, DOCKER_GENERATOR, FIXTURE_NAMES, fixtureDir, generateInFixture, hashTree } from './support.js';

/** Every file that was there before is still there, unchanged, except those listed. */
function assertUserFilesUntouched(
  generated: { before: Record<string, string>; dir: string },
  after: Record<string, string>,
): void {
  for (const [path, hash] of Object.entries(generated.before)) {
    assert.equal(after[path], hash, `${path} was changed`);
  }
}

/** The instructions of a Dockerfile, without comments (so that a comment cannot satisfy an assertion). */
const instructions = (dockerfile: string): string =>
  dockerfile
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');

describe('containers for an existing module', function () {
  this.timeout(120_000);

  for (const name of FIXTURE_NAMES) {
    it(`${name}: writes only container files, and none of the module's own files changes`, async () => {
      const generated = await generateInFixture(name);
      assertUserFilesUntouched(generated, hashTree(generated.dir));
      const written = generated.paths.filter((path) => !(path in generated.before));
      const expected = [
        '.dockerignore',
        '.github/dependabot.yml',
        '.github/go-caches.Dockerfile',
        '.yo-rc.json',
        'Dockerfile',
      ];
      expected.push(['root-main', 'makefile-collision'].includes(name) ? 'docker.mk' : 'Makefile');
      expected.push(name === 'root-main' ? '.github/workflows/container.yml' : '.github/workflows/ci.yml');
      // A worker (no port) gets no Service.
      expected.push(
        'compose.yaml',
        ...KUBERNETES_FILES.filter((path) => name !== 'worker' || !path.endsWith('/service.yaml')),
      );
      assert.deepEqual(written.sort(), expected.sort());
      assert.deepEqual(lintDockerfile(generated.read('Dockerfile')), [], 'the Dockerfile breaks a hadolint rule');
    });
  }

  it("root-main: the builder has go.mod's Go, the image listens on the detected port, no foreign HEALTHCHECK", async () => {
    const generated = await generateInFixture('root-main');
    const dockerfile = generated.read('Dockerfile');
    // go 1.24.3 is older than the oldest supported release, which builds it.
    assert.match(dockerfile, /^ARG GO_VERSION=1\.26$/m);
    assert.match(dockerfile, /-o \/out\/usr\/local\/bin\/greeter \.( \\)?$/m);
    assert.match(dockerfile, /^EXPOSE 9000$/m);
    // It reads its address from -addr, whose default is :9000: no PORT it would ignore.
    assert.doesNotMatch(instructions(dockerfile), /^ENV /m);
    assert.doesNotMatch(instructions(dockerfile), /^CMD /m);
    // The module's binary has no -healthcheck probe: an instruction calling it would mark the container unhealthy.
    assert.doesNotMatch(instructions(dockerfile), /HEALTHCHECK/);
    assert.match(instructions(dockerfile), /CGO_ENABLED=0/);
    const config = JSON.parse(generated.read('.yo-rc.json'))['generator-go-container'];
    assert.equal(config.name, 'greeter');
    assert.equal(config.module, 'github.com/acme/greeter');
    assert.equal(config.main, '.');
  });

  it("root-main: the container targets go to docker.mk, which keeps the Makefile's default goal", async () => {
    const generated = await generateInFixture('root-main');
    const dockerMk = generated.read('docker.mk');
    assert.match(dockerMk, /^DOCKER_MK_DEFAULT_GOAL := \$\(\.DEFAULT_GOAL\)$/m);
    assert.match(dockerMk, /^\.DEFAULT_GOAL := \$\(DOCKER_MK_DEFAULT_GOAL\)$/m);
    for (const target of ['go-version', 'docker-builder', 'docker-build', 'docker-push', 'docker-run']) {
      assert.match(dockerMk, new RegExp(`^${target}:`, 'm'), `docker.mk has no ${target} target`);
    }
    // Targets a module's own Makefile is likely to have are not redefined.
    for (const target of ['help', 'build', 'test', 'run', 'clean']) {
      assert.doesNotMatch(dockerMk, new RegExp(`^${target}:`, 'm'), `docker.mk redefines ${target}`);
    }
    assert.doesNotMatch(generated.read('Makefile'), /docker\.mk/);
  });

  it("docker.mk has the Makefile's container targets, recipe for recipe", async () => {
    const withOwnMakefile = await generateInFixture('root-main');
    const dir = copyFixture('root-main');
    // The same module without its own Makefile gets the whole Makefile.
    rmSync(join(dir, 'Makefile'));
    const withoutMakefile = await generateInFixture('root-main', {}, { dir });
    const recipes = (makefile: string): Map<string, string> => {
      const found = new Map<string, string>();
      // docker.mk's variables are the Makefile's, namespaced: CONTAINER_IMAGE for IMAGE.
      // Podman's branches (CONTAINER_TOOL=podman) included: docker.mk's targets take podman's path as the Makefile's do.
      const plain = makefile
        .replaceAll('CONTAINER_RUN_FLAGS', 'DOCKER_RUN_FLAGS')
        .replaceAll('CONTAINER_BUILD_ARGS', 'DOCKER_BUILD_ARGS')
        .replaceAll('CONTAINER_', '')
        .replaceAll('$(CONTAINER_TOOL) run', 'docker run')
        .replaceAll('TOOL) run', 'docker run');
      for (const block of plain.split(/\n(?=[a-z][a-z-]*:)/)) {
        const target = /^([a-z][a-z-]*):/.exec(block)?.[1];
        const recipe = block.split('\n\n')[0] ?? '';
        if (target?.startsWith('docker-') || target === 'go-version' || target === 'image-version')
          found.set(target, recipe.trimEnd());
      }
      return found;
    };
    const fromMakefile = recipes(withoutMakefile.read('Makefile'));
    assert.equal(fromMakefile.size, 6);
    assert.deepEqual(recipes(withOwnMakefile.read('docker.mk')), fromMakefile);
  });

  it("root-main: with --include-makefile the include line is appended to the user's Makefile, nothing else", async () => {
    const generated = await generateInFixture('root-main', { 'include-makefile': true });
    const original = readFileSync(join(fixtureDir('root-main'), 'Makefile'), 'utf8');
    assert.equal(generated.read('Makefile'), `${original}\ninclude docker.mk\n`);
  });

  it('root-main: make with CONTAINER_TOOL=podman builds and pushes through podman (buildah), never buildx, as the generated Makefile does', async () => {
    const generated = await generateInFixture('root-main', { 'include-makefile': true });
    const dryRun = (...args: string[]): string =>
      execFileSync('make', ['-n', ...args], {
        cwd: generated.dir,
        encoding: 'utf8',
        env: { ...process.env, GOFLAGS: '' },
      });
    for (const tool of ['podman', '/usr/bin/podman']) {
      const build = dryRun('docker-build', `CONTAINER_TOOL=${tool}`, 'CONTAINER_TAG=t');
      assert.match(build, new RegExp(`^${tool} manifest rm ghcr\\.io/\\S+:t `, 'm'), build);
      assert.match(
        build,
        new RegExp(`\\t?${tool} build .*--platform linux/amd64,linux/arm64 --format docker `, 'm'),
        build,
      );
      assert.match(build, / --manifest ghcr\.io\/\S+:t \.$/m, build);
      const push = dryRun('docker-push', `CONTAINER_TOOL=${tool}`, 'CONTAINER_TAG=t');
      assert.match(push, /^echo 'docker-builder: podman builds every platform/m, push);
      assert.match(
        push,
        new RegExp(`^${tool} manifest push --all ghcr\\.io/\\S+:t docker://ghcr\\.io/\\S+:t$`, 'm'),
        push,
      );
      for (const ran of [build, push]) assert.doesNotMatch(ran, /buildx/, ran);
    }
    // The same dry run with docker, the default, takes buildx's path: the assertions above can fail.
    assert.match(dryRun('docker-build', 'CONTAINER_TAG=t'), /^docker buildx build .* --load \.$/m);
    assert.doesNotMatch(dryRun('docker-build', 'CONTAINER_TAG=t'), /--manifest|podman/);
  });

  it('multi-main: builds ./cmd/api, named like the module, and keeps the api/ package in the build context', async () => {
    const generated = await generateInFixture('multi-main', {}, { generator: DOCKER_GENERATOR });
    assert.match(generated.read('Dockerfile'), /-o \/out\/usr\/local\/bin\/api \.\/cmd\/api( |$)/m);
    assert.match(generated.read('Dockerfile'), /^EXPOSE 8081$/m);
    assert.match(generated.read('Makefile'), /go build .* -o bin\/\$\(BINARY\) \.\/cmd\/api$/m);
    const ignored = generated.read('.dockerignore').split('\n');
    assert.ok(ignored.includes('bin'));
    assert.ok(!ignored.includes('api'), '.dockerignore leaves out api/, a package of the module');
  });

  it('multi-main: --main ./cmd/worker builds the worker, named and exposed after it', async () => {
    const generated = await generateInFixture('multi-main', { main: './cmd/worker' });
    assert.match(generated.read('Dockerfile'), /-o \/out\/usr\/local\/bin\/worker \.\/cmd\/worker( |$)/m);
    assert.match(generated.read('Dockerfile'), /^EXPOSE 9090$/m);
  });

  it("multi-main: a --main that is not one of the module's main packages is refused, nothing written", async () => {
    const dir = copyFixture('multi-main');
    await assert.rejects(
      generateInFixture('multi-main', { main: './internal/jobs' }, { dir }),
      /Invalid --main "\.\/internal\/jobs": must be a main package of this module: \.\/cmd\/api, \.\/cmd\/worker/,
    );
    assert.ok(!existsSync(join(dir, 'Dockerfile')));
  });

  it('cgo-import-c: the cgo variant on distroless/cc, with what the C code needs noted', async () => {
    const dockerfile = (await generateInFixture('cgo-import-c')).read('Dockerfile');
    assert.match(instructions(dockerfile), /CGO_ENABLED=1/);
    assert.match(dockerfile, /^FROM gcr\.io\/distroless\/cc-debian13:nonroot AS runtime$/m);
    assert.match(dockerfile, /^# +adler\.go: -lm is part of glibc: nothing to add$/m);
  });

  it('cgo-zlib: the cgo variant installs zlib1g-dev for each target architecture, on either Debian release', async () => {
    for (const debian of ['trixie', 'bookworm']) {
      const dockerfile = (await generateInFixture('cgo-zlib', { debian })).read('Dockerfile');
      assert.match(dockerfile, /^ARG C_DEV_PACKAGES="zlib1g-dev"$/m, debian);
      assert.match(dockerfile, /^# +zlib\.go: pkg-config zlib: zlib1g-dev \(in C_DEV_PACKAGES\)$/m, debian);
      for (const arch of ['amd64', 'arm64']) {
        assert.match(dockerfile, new RegExp(`set -- "\\$@" "\\$package:${arch}"`), `${debian} ${arch}`);
      }
    }
  });

  it('cgo-sqlite: the cgo variant, noting that go-sqlite3 needs no runtime library', async () => {
    const dockerfile = (await generateInFixture('cgo-sqlite')).read('Dockerfile');
    assert.match(instructions(dockerfile), /CGO_ENABLED=1/);
    assert.match(dockerfile, /^# +github\.com\/mattn\/go-sqlite3 compiles SQLite into the binary/m);
    assert.match(dockerfile, /^FROM cc-\$\{TARGETARCH\} AS build$/m);
  });

  it('embeds: every //go:embed path is kept in the build context, after every exclusion', async () => {
    const lines = (await generateInFixture('embeds')).read('.dockerignore').split('\n');
    const keeps = ['!README.md', '!certs/internal-ca.pem', '!web/static', '!web/templates/*.html'];
    for (const keep of keeps) assert.ok(lines.includes(keep), `.dockerignore lacks ${keep}`);
    const lastExclusion = lines.findLastIndex((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'));
    const firstKeep = lines.findIndex((line) => line.startsWith('!'));
    assert.ok(firstKeep > lastExclusion, 'a re-include comes before an exclusion, which would win over it');
    // The embedded CA certificate is a .pem file, which the secrets patterns exclude.
    assert.ok(lines.includes('**/*.pem'));
  });

  it('vendored: builds with -mod=vendor and downloads nothing', async () => {
    const dockerfile = instructions((await generateInFixture('vendored')).read('Dockerfile'));
    assert.match(dockerfile, /go build -trimpath -buildvcs=false -mod=vendor/);
    assert.doesNotMatch(dockerfile, /go mod download/);
    assert.doesNotMatch(dockerfile, /COPY go\.mod/);
  });

  it("newer-go: the builder image has the go line's Go, however old the local toolchain", async () => {
    const generated = await generateInFixture('newer-go');
    assert.match(generated.read('Dockerfile'), /^ARG GO_VERSION=1\.27\.1$/m);
  });

  it("behind a company proxy: a GOPROXY build argument (Go's default when unset) and an optional CA secret", async () => {
    const generated = await generateInFixture('cgo-sqlite');
    const dockerfile = generated.read('Dockerfile');
    const lines = dockerfile.split('\n');
    const argAt = lines.indexOf('ARG GOPROXY');
    const downloadAt = lines.findIndex((line) => line.trim().endsWith(' go mod download'));
    assert.ok(argAt > 0 && argAt < downloadAt, 'ARG GOPROXY (without a default) comes before go mod download');
    assert.match(
      dockerfile,
      /--mount=type=secret,id=ca-certificates,target=\/run\/extra-ca-certificates\/ca\.pem \\\n {4}SSL_CERT_DIR=\/etc\/ssl\/certs:\/run\/extra-ca-certificates go mod download$/m,
    );
    assert.match(
      generated.read('Makefile'),
      /^DOCKER_BUILD_ARGS \+= --secret id=ca-certificates,src=\$\(EXTRA_CA_CERTS\)$/m,
    );
    // go build downloads again when the module cache mount was emptied: it gets the same proxy and certificate.
    const buildStep = dockerfile.slice(dockerfile.indexOf('once per target platform'));
    assert.match(buildStep, /^ARG GOPROXY$/m);
    assert.match(
      buildStep,
      /--mount=type=secret,id=ca-certificates,.*\n(?: {4}.*\n)* && SSL_CERT_DIR=\/etc\/ssl\/certs:\/run\/extra-ca-certificates CGO_ENABLED=1 /,
    );
  });

  it('private modules: git credentials come from a BuildKit secret, never a build argument', async () => {
    const dir = copyFixture('multi-main');
    writeFileSync(
      join(dir, 'go.mod'),
      'module github.com/acme/api\n\ngo 1.25.0\n\nrequire github.com/acme/auth v0.3.1\n',
    );
    const generated = await generateInFixture('multi-main', {}, { dir, goPrivate: 'github.com/acme/*,*.corp.example' });
    const dockerfile = generated.read('Dockerfile');
    assert.match(dockerfile, /^ENV GOPRIVATE=github\.com\/acme\/\*$/m);
    assert.match(
      dockerfile,
      /--mount=type=secret,id=netrc,target=\/root\/\.netrc \\\n {4}SSL_CERT_DIR=\S+ go mod download$/m,
    );
    assert.doesNotMatch(instructions(dockerfile), /^ARG .*(NETRC|TOKEN|PASSWORD|CREDENTIAL)/im);
    const makefile = generated.read('Makefile');
    assert.match(
      makefile,
      /^ifneq \(\$\(wildcard \$\(NETRC\)\),\)\nDOCKER_BUILD_ARGS \+= --secret id=netrc,src=\$\(NETRC\)\nendif$/m,
    );
    assert.deepEqual(
      JSON.parse(generated.read('.yo-rc.json'))['generator-go-container'].goPrivate,
      'github.com/acme/*',
    );
    assert.deepEqual(lintDockerfile(dockerfile), []);
  });

  it('private modules that are vendored need no credentials', async () => {
    const dockerfile = (await generateInFixture('vendored', {}, { goPrivate: 'github.com/acme' })).read('Dockerfile');
    assert.doesNotMatch(dockerfile, /secret/);
  });

  it('flags override what was detected, and go through the same rules', async () => {
    const generated = await generateInFixture('cgo-sqlite', {
      port: '9999',
      'go-version': '1.26',
      runtime: 'distroless',
    });
    const dockerfile = generated.read('Dockerfile');
    assert.match(dockerfile, /^EXPOSE 9999$/m);
    assert.match(dockerfile, /^ARG GO_VERSION=1\.26$/m);
    await assert.rejects(generateInFixture('cgo-sqlite', { port: '0' }), /Invalid --port "0"/);
    await assert.rejects(
      generateInFixture('cgo-sqlite', { 'go-version': '1.23' }),
      /Invalid --go-version "1\.23": must not be older than go\.mod's go line/,
    );
    await assert.rejects(generateInFixture('cgo-sqlite', { ldflags: '-X main.v=$(id)' }), /Invalid --ldflags/);
    await assert.rejects(generateInFixture('cgo-sqlite', { tags: 'a;b' }), /Invalid --tags "a;b"/);
    await assert.rejects(generateInFixture('cgo-sqlite', { runtime: 'scratch' }), /scratch has no C library/);
  });
});

describe('decisions for the projects people have, written into the files', function () {
  this.timeout(120_000);

  it('pure-beside-cgo: the server is static although go.mod requires go-sqlite3; --tags sqlite makes it cgo', async () => {
    const dockerfile = instructions((await generateInFixture('pure-beside-cgo')).read('Dockerfile'));
    assert.match(dockerfile, /CGO_ENABLED=0/);
    assert.match(dockerfile, /^FROM gcr\.io\/distroless\/static-debian13:nonroot$/m);
    const tagged = instructions((await generateInFixture('pure-beside-cgo', { tags: 'sqlite' })).read('Dockerfile'));
    assert.match(tagged, /CGO_ENABLED=1/);
    assert.match(tagged, /go build -trimpath -buildvcs=false -tags sqlite /);
  });

  it('env-port: WHOAREYOU_PORT_NUMBER is set to 8080 (its default, 80, moved), not PORT', async () => {
    const generated = await generateInFixture('env-port');
    const dockerfile = instructions(generated.read('Dockerfile'));
    assert.match(dockerfile, /^ENV WHOAREYOU_PORT_NUMBER=8080$/m);
    assert.match(dockerfile, /^EXPOSE 8080$/m);
    assert.doesNotMatch(dockerfile, /PORT=8080\b(?<!NUMBER=8080)|^ENV PORT/m);
    assert.match(generated.read('Makefile'), /-e WHOAREYOU_PORT_NUMBER=\$\(PORT\) /);
  });

  it('worker: no EXPOSE, no port variable, no smoke test; its goreleaser tags, ldflags and CGO_ENABLED=0', async () => {
    const generated = await generateInFixture('worker');
    const dockerfile = instructions(generated.read('Dockerfile'));
    assert.doesNotMatch(dockerfile, /EXPOSE|^ENV |HEALTHCHECK/m);
    assert.match(dockerfile, /-tags netgo,osusergo /);
    assert.match(dockerfile, /-ldflags "-s -w -X main\.version=\$\{VERSION\} -X main\.builtBy=goreleaser"/);
    assert.match(dockerfile, /-o \/out\/usr\/local\/bin\/spool-reaper \./);
    assert.match(dockerfile, /CGO_ENABLED=0/);
    assert.doesNotMatch(generated.read('Makefile'), /PORT|-p \$/);
    const workflow = generated.read('.github/workflows/ci.yml');
    assert.doesNotMatch(workflow, /Smoke test|--publish/);
    const config = JSON.parse(generated.read('.yo-rc.json'))['generator-go-container'];
    assert.equal(config.port, 'none');
  });

  it('frontend: a node stage builds web/ui, mounted where //go:embed reads it; node_modules stays out', async () => {
    const generated = await generateInFixture('frontend');
    const dockerfile = generated.read('Dockerfile');
    assert.match(dockerfile, /^FROM --platform=\$BUILDPLATFORM node:24-slim AS frontend$/m);
    assert.match(dockerfile, /^COPY web\/ui\/package\.json web\/ui\/package-lock\.json \.\/$/m);
    assert.match(dockerfile, /^RUN --mount=type=cache,target=\/root\/\.npm npm ci$/m);
    assert.match(
      dockerfile,
      /--mount=type=bind,from=frontend,source=\/src\/web\/ui\/build,target=\/src\/web\/ui\/build/,
    );
    // The engine makes that mount point (absent from the clone) only in a writable source mount.
    assert.match(dockerfile, /^ {4}--mount=type=bind,target=\/src,rw \\$/m);
    assert.ok(generated.read('.dockerignore').split('\n').includes('**/node_modules'));
    assert.deepEqual(lintDockerfile(dockerfile), []);
  });

  it('config-data: probe.yml copied into /app, data/ a volume for the user, git reported, the flag keeps 9115', async () => {
    const generated = await generateInFixture('config-data');
    const dockerfile = generated.read('Dockerfile');
    assert.match(dockerfile, /^WORKDIR \/app$/m);
    // Made in the build stage, so root owns it: WORKDIR would make it for the image's user.
    assert.match(dockerfile, /^RUN mkdir -p \/out\/app$/m);
    assert.match(dockerfile, /^COPY probe\.yml probe\.yml$/m);
    assert.match(dockerfile, /^COPY --from=build --chown=65532:65532 \/volumes\/app\/data \/app\/data$/m);
    assert.match(dockerfile, /^VOLUME \["\/app\/data"\]$/m);
    assert.match(dockerfile, /^# Not handled: main\.go:49 runs git: /m);
    assert.match(dockerfile, /^EXPOSE 9115$/m);
    assert.match(generated.read('Makefile'), /--volume probe-app-data:\/app\/data /);
  });

  it('a port moved through a flag: CMD passes it, and make docker-run too', async () => {
    const generated = await generateInFixture('config-data', { port: '9200' });
    assert.match(generated.read('Dockerfile'), /^CMD \["--web\.listen-address=:9200"\]$/m);
    assert.match(generated.read('Makefile'), /\$\(IMAGE\):\$\(TAG\) --web\.listen-address=:\$\(PORT\)$/m);
  });

  it('makefile-collision: go 1.21 with --defaults builds with the oldest supported Go; its Makefile LDFLAGS carried over', async () => {
    const generated = await generateInFixture('makefile-collision');
    const dockerfile = generated.read('Dockerfile');
    assert.match(dockerfile, /^ARG GO_VERSION=1\.26$/m);
    assert.match(
      dockerfile,
      /-ldflags "-s -w -X main\.Version=\$\{VERSION\} -X main\.Revision=\$\{REVISION\} -X main\.Mode=prod"/,
    );
    assert.match(generated.read('docker.mk'), /^CONTAINER_GO_VERSION +\?= \$\(shell sed .* awk -F\. -v floor=1\.26 /m);
  });
});

describe('existing-module options in a new service', function () {
  this.timeout(60_000);

  it('are refused as flags: --main means nothing without a go.mod', async () => {
    await assert.rejects(generate({ main: './cmd/api' }), /--main .*applies only to an existing Go module/);
  });

  it('are neither stored nor written: a new service is what it always was', async () => {
    const generated = await generate({});
    const config = JSON.parse(generated.read('.yo-rc.json'))['generator-go-container'];
    for (const key of ['main', 'goPrivate', 'includeMakefile']) assert.ok(!(key in config), `${key} was stored`);
    assert.match(generated.read('Dockerfile'), /^HEALTHCHECK /m);
    assert.ok(generated.paths.includes('main.go'));
  });

  it('go-container:docker refuses a directory without go.mod, and writes nothing', async () => {
    const dir = freshDir();
    await assert.rejects(
      generate({}, DOCKER_GENERATOR, dir),
      /no go\.mod in .*: run this in the root of an existing Go module/,
    );
    assert.deepEqual(readdirSync(dir), []);
  });
});
