/**
 * The generated Makefile and the UNMODIFIED Dockerfile with podman 4.3 and buildah 1.28 (bookworm's, the newest that
 * run here): `make docker-build CONTAINER_TOOL=podman` builds linux/amd64 and linux/arm64 into one manifest list,
 * the HEALTHCHECK survives, and `make docker-run CONTAINER_TOOL=podman` runs the amd64 image hardened.
 *
 * Two things come from this VM, not from the project: builds and containers use the host network (no CNI bridge is
 * usable here), and podman asks for more open files and processes than the VM's hard limits allow, so the run gets
 * --ulimit values below them (REFERENCE §10). Both go through the Makefile's own BUILDX_FLAGS and DOCKER_RUN_FLAGS.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { DOCKER_STOP_TIMEOUT_SECONDS, SHUTDOWN } from '../../../generators/lib/shutdown.js';
import { exec, execOk, note, tail } from '../../e2e/lib/exec.js';
import { scaffold, scratchDir, type Project } from '../../e2e/lib/project.js';
import { runCli } from '../../helpers/cli.js';
import { FIXTURES } from '../../helpers/paths.js';
import { freePort, waitFor200 } from '../../helpers/http.js';
import { VARIANT_CASES } from '../../helpers/variant-cases.js';

const testCase = VARIANT_CASES.find((candidate) => candidate.id === 'static-distroless-trixie');
const THIS_VM_RUN_FLAGS = '--network host --ulimit nofile=20000:20000 --ulimit nproc=32768:32768';

const podman = (...args: string[]) => exec('podman', args);
const podmanOk = (...args: string[]) => execOk('podman', args);

interface ManifestList {
  readonly manifests: readonly { readonly digest: string; readonly platform: { os: string; architecture: string } }[];
}

interface ImageData {
  readonly Id: string;
  readonly Architecture: string;
  readonly Os: string;
  readonly Config: { readonly User?: string; readonly Entrypoint?: string[] };
  readonly Healthcheck?: { readonly Test?: string[] };
}

async function imageData(reference: string): Promise<ImageData> {
  const [data] = JSON.parse((await podmanOk('image', 'inspect', reference)).stdout) as ImageData[];
  assert.ok(data, reference);
  return data;
}

describe('podman 4.3 and buildah 1.28: make docker-build and make docker-run with CONTAINER_TOOL=podman', function () {
  let project: Project;
  const made: string[] = [];

  before(async function () {
    this.timeout(120_000);
    assert.ok(testCase);
    const version = (await podmanOk('version', '--format', '{{.Client.Version}}')).stdout.trim();
    assert.match(version, /^4\.3\./, 'bookworm podman, installed by test/deploy/setup/install-podman.sh');
    project = await scaffold(testCase, { image: `localhost/deploy-podman-${process.pid}` });
  });

  after(async function () {
    this.timeout(120_000);
    for (const reference of made) {
      // A manifest list's images have no tag of their own: remove them by digest, then the list.
      const list = await podman('manifest', 'inspect', reference);
      const digests =
        list.code === 0 ? (JSON.parse(list.stdout) as ManifestList).manifests.map((entry) => entry.digest) : [];
      await podman('manifest', 'rm', reference);
      await podman('rmi', '--force', reference, ...digests.map((digest) => `${project.image}@${digest}`));
    }
  });

  it('builds linux/amd64 and linux/arm64 into one manifest list, each image keeping the HEALTHCHECK and user 65532', async function () {
    this.timeout(900_000);
    made.push(project.reference);
    const ran = await exec('make', ['docker-build', 'CONTAINER_TOOL=podman', 'BUILDX_FLAGS=--network=host'], {
      cwd: project.dir,
    });
    assert.equal(ran.code, 0, tail(ran.output, 60));
    note(`make docker-build CONTAINER_TOOL=podman, linux/amd64+arm64: ${(ran.ms / 1000).toFixed(1)} s`);

    const list = JSON.parse((await podmanOk('manifest', 'inspect', project.reference)).stdout) as ManifestList;
    assert.deepEqual(list.manifests.map((entry) => `${entry.platform.os}/${entry.platform.architecture}`).sort(), [
      'linux/amd64',
      'linux/arm64',
    ]);
    for (const entry of list.manifests) {
      const data = await imageData(`${project.image}@${entry.digest}`);
      assert.equal(data.Architecture, entry.platform.architecture);
      assert.equal(data.Config.User, '65532:65532');
      assert.deepEqual(
        data.Healthcheck?.Test,
        ['CMD', '/usr/local/bin/demo', '-healthcheck'],
        `${entry.platform.architecture} image ${data.Id} (${entry.digest})`,
      );
    }
  });

  it('runs the amd64 image with make docker-run: read-only, no capabilities; /healthz answers, podman healthcheck run passes, podman stop drains, then exits 0 before its timeout', async function () {
    this.timeout(300_000);
    const port = await freePort();
    const name = `deploy-podman-run-${process.pid}`;
    const run = spawn(
      'make',
      ['docker-run', 'CONTAINER_TOOL=podman', `PORT=${port}`, `DOCKER_RUN_FLAGS=--name ${name} ${THIS_VM_RUN_FLAGS}`],
      { cwd: project.dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    run.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    run.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => run.once('exit', resolve));
    try {
      await waitFor200(`http://127.0.0.1:${port}/healthz`, 60_000, `the podman container (${output})`);
      const inspected = JSON.parse((await podmanOk('container', 'inspect', name)).stdout) as {
        HostConfig: { ReadonlyRootfs: boolean; CapDrop: string[]; SecurityOpt: string[] };
        Config: { User: string };
        ImageName: string;
      }[];
      const [container] = inspected;
      assert.ok(container);
      assert.equal(container.HostConfig.ReadonlyRootfs, true);
      assert.ok(container.HostConfig.CapDrop.includes('CAP_NET_RAW') && container.HostConfig.CapDrop.length >= 10);
      assert.ok(container.HostConfig.SecurityOpt.includes('no-new-privileges'));
      assert.equal(container.Config.User, '65532:65532');
      const health = await podman('healthcheck', 'run', name);
      assert.equal(health.code, 0, `podman healthcheck run: ${health.output}`);
      const stop = await podmanOk('stop', name);
      note(`podman stop: ${(stop.ms / 1000).toFixed(2)} s (drain ${SHUTDOWN.drainSeconds} s)`);
      assert.equal(await exited, 0, `make docker-run exits with the container's code 0 (137: killed):\n${output}`);
      // podman stop, like docker stop, sends SIGKILL after 10 s: the service drains, then stops, before that.
      assert.ok(stop.ms >= SHUTDOWN.drainSeconds * 1000, `podman stop took ${Math.round(stop.ms)} ms: no drain`);
      assert.ok(stop.ms < DOCKER_STOP_TIMEOUT_SECONDS * 1000, `podman stop took ${Math.round(stop.ms)} ms`);
    } finally {
      if (run.exitCode === null) run.kill('SIGKILL');
      await podman('rm', '--force', name);
    }
  });

  it('the check can fail: built without --format docker (buildah default OCI), the image loses its HEALTHCHECK', async function () {
    this.timeout(600_000);
    const reference = `${project.image}:oci-format`;
    made.push(reference);
    const ran = await exec(
      'podman',
      [
        'build',
        '--network=host',
        '--platform',
        'linux/amd64',
        '--build-arg',
        'BUILDPLATFORM=linux/amd64',
        '--tag',
        reference,
        '.',
      ],
      { cwd: project.dir },
    );
    assert.equal(ran.code, 0, tail(ran.output));
    assert.equal((await imageData(reference)).Healthcheck?.Test, undefined);
  });
});

/** The builder image podman holds (install-podman.sh): golang:<this machine's Go minor>-trixie. */
const LOCAL_GO_MINOR = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' })
  .trim()
  .replace(/^go(\d+\.\d+).*/, '$1');

describe("podman and an existing module's own Makefile: docker.mk's docker-build with CONTAINER_TOOL=podman", function () {
  const image = `localhost/deploy-podman-existing-${process.pid}`;
  const reference = `${image}:podman`;

  after(async function () {
    this.timeout(120_000);
    const list = await podman('manifest', 'inspect', reference);
    const digests =
      list.code === 0 ? (JSON.parse(list.stdout) as ManifestList).manifests.map((entry) => entry.digest) : [];
    await podman('manifest', 'rm', reference);
    await podman('rmi', '--force', reference, ...digests.map((digest) => `${image}@${digest}`));
  });

  it('root-main with --include-makefile: make docker-build builds the image with buildah into a manifest list, not with buildx', async function () {
    this.timeout(600_000);
    const dir = scratchDir('deploy-podman-root-main-');
    cpSync(join(FIXTURES, 'root-main'), dir, { recursive: true });
    const generated = await runCli(['--defaults', '--include-makefile'], dir, { ...process.env, GOPRIVATE: '' });
    assert.equal(generated.code, 0, generated.stdout + generated.stderr);
    const ran = await exec(
      'make',
      [
        'docker-build',
        'CONTAINER_TOOL=podman',
        `CONTAINER_IMAGE=${image}`,
        'CONTAINER_TAG=podman',
        'CONTAINER_PLATFORMS=linux/amd64',
        `CONTAINER_GO_VERSION=${LOCAL_GO_MINOR}`,
        'CONTAINER_BUILDX_FLAGS=--network=host',
      ],
      { cwd: dir },
    );
    assert.equal(ran.code, 0, tail(ran.output, 60));
    assert.doesNotMatch(ran.output, /buildx/);
    note(`make docker-build CONTAINER_TOOL=podman through docker.mk, linux/amd64: ${(ran.ms / 1000).toFixed(1)} s`);
    const list = JSON.parse((await podmanOk('manifest', 'inspect', reference)).stdout) as ManifestList;
    assert.deepEqual(
      list.manifests.map((entry) => `${entry.platform.os}/${entry.platform.architecture}`),
      ['linux/amd64'],
    );
    const data = await imageData(`${image}@${list.manifests[0]!.digest}`);
    assert.equal(data.Config.User, '65532:65532');
    assert.deepEqual(data.Config.Entrypoint, ['/usr/local/bin/greeter']);
  });
});
