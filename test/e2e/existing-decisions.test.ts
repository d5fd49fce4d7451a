/**
 * Existing modules, containerised as they are: for each decision detection makes per binary, the image is built by
 * the make files the generator wrote (both platforms, the Makefile's default) and run as production runs it
 * (read-only root, no capabilities), to show the decision was the right one. One build per fixture, shared by its
 * assertions.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_MAJOR } from '../../generators/lib/tool-versions.js';
import { removeContainer, trackContainer } from './lib/container.js';
import { imageConfig, imageFiles } from './lib/docker.js';
import { requireEngine } from './lib/engine.js';
import { exec, execOk } from './lib/exec.js';
import { assertBuilt, containerise, httpIn, runIsolated, type ExistingProject } from './lib/existing-project.js';
import { PLATFORMS } from './lib/built-images.js';
import { RELEASE_VERSION } from './lib/project.js';

const BUILDER = 'golang:1.26-trixie';
const STATIC = 'gcr.io/distroless/static-debian13:nonroot';

describe('existing modules, containerised as they are: the images work', function () {
  before(async function () {
    await requireEngine([BUILDER, STATIC]);
  });

  describe('pure-beside-cgo: a pure-Go server beside a cgo test command (go-sqlite3 in go.mod)', function () {
    let project: ExistingProject;
    before(async function () {
      project = await containerise('pure-beside-cgo');
    });

    it('gets a static image (CGO_ENABLED=0 on distroless/static), built for both platforms', function () {
      assertBuilt(project);
      const dockerfile = readFileSync(join(project.dir, 'Dockerfile'), 'utf8');
      assert.match(dockerfile, /CGO_ENABLED=0 /);
      assert.match(dockerfile, new RegExp(`^FROM ${STATIC.replaceAll('.', '\\.')}$`, 'm'));
      assert.match(dockerfile, /-o \/out\/usr\/local\/bin\/links \.\/cmd\/links/);
    });

    for (const platform of PLATFORMS) {
      it(`runs on ${platform} with no C library: stores a link and redirects to it`, async function () {
        assertBuilt(project);
        const name = await runIsolated(project.reference, { platform });
        try {
          assert.equal(await httpIn(name, 8080, '/healthz'), 'memory');
          const code = await httpIn(name, 8080, '/links', { method: 'POST' });
          assert.match(code, /\S/);
        } finally {
          await removeContainer(name);
        }
      });
    }
  });

  describe('env-port: the port comes from the app’s own variable, WHOAREYOU_PORT_NUMBER (default 80)', function () {
    let project: ExistingProject;
    before(async function () {
      project = await containerise('env-port');
    });

    it('sets that variable (not PORT) to an unprivileged port, and exposes it', async function () {
      assertBuilt(project);
      const { config } = await imageConfig(project.reference, 'linux/amd64');
      assert.ok(config.Env?.includes('WHOAREYOU_PORT_NUMBER=8080'), `env: ${config.Env?.join(' ')}`);
      assert.ok(!config.Env?.some((variable) => variable.startsWith('PORT=')), `env: ${config.Env?.join(' ')}`);
      assert.deepEqual(Object.keys(config.ExposedPorts ?? {}), ['8080/tcp']);
    });

    it('listens there as the non-root user, with no setting given at run time', async function () {
      assertBuilt(project);
      const name = await runIsolated(project.reference);
      try {
        assert.match(await httpIn(name, 8080, '/'), /^Hostname: /);
        assert.equal(
          await execOk('docker', ['inspect', '--format', '{{.Config.User}}', name]).then((r) => r.stdout.trim()),
          '65532:65532',
        );
      } finally {
        await removeContainer(name);
      }
    });
  });

  describe('frontend: //go:embed of files npm builds, absent from the clone', function () {
    let project: ExistingProject;
    before(async function () {
      await requireEngine([`node:${NODE_MAJOR}-slim`]);
      project = await containerise('frontend');
    });

    it(`builds the UI in a node:${NODE_MAJOR}-slim stage (npm ci from the lockfile), once for both platforms`, function () {
      assertBuilt(project);
      assert.match(project.build.output, /npm ci/);
      // One frontend stage run, on the build machine's platform, whatever the number of target platforms: one build
      // step (BuildKit's #N, whose header the plain progress repeats when its output resumes).
      const steps = new Set(
        Array.from(project.build.output.matchAll(/^(#\d+) \[[^\]]*\] RUN npm run build\s*$/gm), (m) => m[1]),
      );
      assert.equal(steps.size, 1, `npm run build ran in ${steps.size} steps`);
    });

    for (const platform of PLATFORMS) {
      it(`serves the built UI embedded in the binary on ${platform}`, async function () {
        assertBuilt(project);
        const name = await runIsolated(project.reference, { platform });
        try {
          const page = await httpIn(name, 8080, '/');
          assert.match(page, new RegExp(`<!-- built by node v${NODE_MAJOR}\\.`));
          assert.match(page, /<script>/);
        } finally {
          await removeContainer(name);
        }
      });
    }
  });

  describe('config-data: a config file read from a relative path, a data directory created at start', function () {
    let project: ExistingProject;
    /** The named volume make docker-run mounts at /app/data. */
    let volume: string | undefined;
    before(async function () {
      project = await containerise('config-data');
      volume = /--volume (\S+):\/app\/data /.exec(readFileSync(join(project.dir, 'Makefile'), 'utf8'))?.[1];
      if (volume) await exec('docker', ['volume', 'rm', '--force', volume]);
    });
    after(async function () {
      if (volume) await exec('docker', ['volume', 'rm', '--force', volume]);
    });

    it('has the default config in the working directory, and the data directory owned by the app’s user', async function () {
      assertBuilt(project);
      const { config } = await imageConfig(project.reference, 'linux/amd64');
      assert.equal(config.WorkingDir, '/app');
      assert.deepEqual(Object.keys(config.Volumes ?? {}), ['/app/data']);
      const files = await imageFiles(project.reference, 'linux/amd64', (entry) =>
        entry.path === 'app/probe.yml' ? entry.size : 0,
      );
      assert.equal(files.read('/app/probe.yml'), readFileSync(join(project.dir, 'probe.yml'), 'utf8'));
      const app = files.resolve('/app');
      assert.deepEqual([app?.uid, (app?.mode ?? 0) & 0o7777], [0, 0o755], '/app is not root-owned 0755');
      const data = files.resolve('/app/data');
      assert.deepEqual([data?.type, data?.uid, data?.gid], ['dir', 65532, 65532]);
    });

    it('reads its config and writes under data/ with a read-only root (the VOLUME)', async function () {
      assertBuilt(project);
      const name = await runIsolated(project.reference);
      try {
        assert.equal(await httpIn(name, 9115, '/'), 'hello from probe.yml\n');
        assert.equal(await httpIn(name, 9115, '/checks?target=a', { method: 'POST' }), '1 checks recorded\n');
      } finally {
        await removeContainer(name);
      }
    });

    it('keeps what it wrote across runs in the named volume make docker-run mounts', async function () {
      assertBuilt(project);
      assert.ok(volume, 'make docker-run mounts no volume at /app/data');
      const [image, tag] = project.reference.split(':') as [string, string];
      for (const expected of ['1 checks recorded\n', '2 checks recorded\n']) {
        const name = `go-container-e2e-existing-${process.pid}-docker-run`;
        trackContainer(name);
        // make docker-run as the user runs it, detached, in a network of its own (nothing published here).
        const run = await exec(
          'make',
          ['docker-run', `IMAGE=${image}`, `TAG=${tag}`, `DOCKER_RUN_FLAGS=--detach --name ${name} --network none`],
          { cwd: project.dir },
        );
        assert.equal(run.code, 0, run.output);
        try {
          assert.equal(await httpIn(name, 9115, '/checks?target=b', { method: 'POST' }), expected);
        } finally {
          await removeContainer(name);
        }
      }
    });
  });

  describe('makefile-collision: docker.mk included into a Makefile that sets GO_VERSION, VERSION and IMAGE', function () {
    let project: ExistingProject;
    before(async function () {
      project = await containerise('makefile-collision', { flags: ['--include-makefile'], dockerMk: true });
    });

    it('make docker-build works through the include, with the builder Go of docker.mk, not `go version`', function () {
      assertBuilt(project);
      assert.match(project.build.output, /--build-arg GO_VERSION=1\.26 /);
      assert.doesNotMatch(project.build.output, /GO_VERSION=go version|stamp-legacy/);
    });

    it('stamps the version, revision and mode the Makefile declares into the binary', async function () {
      assertBuilt(project);
      const name = await runIsolated(project.reference);
      try {
        // make's version of the tagged commit, built before the generated files are committed: `-dirty`.
        assert.equal(await httpIn(name, 9100, '/version'), `${RELEASE_VERSION}-dirty ${project.revision} prod\n`);
      } finally {
        await removeContainer(name);
      }
    });
  });
});
