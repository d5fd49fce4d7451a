/**
 * The image as production runs it: read-only root filesystem, every capability dropped, a port from $PORT.
 * The amd64 image runs natively; the arm64 one under QEMU.
 */
import assert from 'node:assert/strict';
import { freePort, waitFor200 } from '../helpers/http.js';
import { builtImage, E2E_CASES, type BuiltImage } from './lib/built-images.js';
import { DOCKER_STOP_TIMEOUT_SECONDS, SHUTDOWN } from '../../generators/lib/shutdown.js';
import { slowEcho } from '../helpers/http.js';
import {
  hostExecutable,
  inspect,
  logs,
  removeContainer,
  runContainer,
  trackContainer,
  waitHealthy,
} from './lib/container.js';
import { execOk, note, type Ran } from './lib/exec.js';
import { make, RELEASE_VERSION } from './lib/project.js';

/** The bound for the first /healthz 200 after docker run. */
const WITHIN_MS = 2000;

for (const testCase of E2E_CASES) {
  describe(`${testCase.id}: the image, run`, function () {
    let built: BuiltImage;
    const containers: string[] = [];
    before(async function () {
      built = await builtImage(testCase);
    });
    afterEach(async () => {
      for (const name of containers.splice(0)) await removeContainer(name);
    });

    it(`answers /healthz with 200 within ${WITHIN_MS} ms of docker run, read-only with no capabilities`, async () => {
      const container = await runContainer(built.project.reference, { port: await freePort() });
      containers.push(container.name);
      const answeredAt = await waitFor200(`http://127.0.0.1:${container.port}/healthz`, 10_000);
      const ms = answeredAt - container.startedAt;
      note(`first /healthz 200 after ${Math.round(ms)} ms`);
      assert.ok(ms < WITHIN_MS, `first 200 after ${Math.round(ms)} ms`);
      assert.equal(await inspect(container.name, '{{.HostConfig.ReadonlyRootfs}}'), 'true');
      assert.equal(await inspect(container.name, '{{json .HostConfig.CapDrop}}'), '["ALL"]');
      // The version and revision the Makefile passed in reach the binary too.
      const root = (await (await fetch(`http://127.0.0.1:${container.port}/`)).json()) as Record<string, string>;
      assert.deepEqual(root, { service: 'demo', version: RELEASE_VERSION, revision: built.project.revision });
    });

    it("becomes healthy by its own HEALTHCHECK (the binary's -healthcheck probe)", async () => {
      const container = await runContainer(built.project.reference, { port: await freePort() });
      containers.push(container.name);
      // The first probe runs one --interval (10 s) after the start.
      const statuses = await waitHealthy(container.name, 30_000);
      note(`health: ${statuses.join(' → ')} after ${Math.round(performance.now() - container.startedAt)} ms`);
      assert.equal(statuses.at(-1), 'healthy');
      const probes = JSON.parse(await inspect(container.name, '{{json .State.Health.Log}}')) as Array<{
        ExitCode: number;
      }>;
      assert.ok(probes.length > 0 && probes.every((probe) => probe.ExitCode === 0), JSON.stringify(probes));
    });

    it(`on docker stop drains for ${SHUTDOWN.drainSeconds} s (/readyz 503, /healthz and an in-flight request served), then exits 0 within docker stop's ${DOCKER_STOP_TIMEOUT_SECONDS} s`, async () => {
      const container = await runContainer(built.project.reference, { port: await freePort() });
      containers.push(container.name);
      const base = `http://127.0.0.1:${container.port}`;
      await waitFor200(`${base}/healthz`, 10_000);
      assert.equal((await fetch(`${base}/readyz`)).status, 200, 'ready before the stop');

      // A request in flight across most of the drain: its body's second half comes 3 s after docker stop.
      let stop: Promise<Ran> | undefined;
      const inFlight = slowEcho(container.port, ['in ', 'flight'], 3100, () => {
        stop = execOk('docker', ['stop', container.name]);
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const duringDrain = {
        readyz: (await fetch(`${base}/readyz`)).status,
        healthz: (await fetch(`${base}/healthz`)).status,
      };
      assert.deepEqual(duringDrain, { readyz: 503, healthz: 200 }, 'one second into the drain');
      assert.deepEqual(await inFlight, { status: 200, body: 'in flight' }, 'the in-flight request');
      assert.ok(stop, 'docker stop never ran');
      const { ms } = await stop;
      const exitCode = Number(await inspect(container.name, '{{.State.ExitCode}}'));
      note(`docker stop took ${Math.round(ms)} ms (drain ${SHUTDOWN.drainSeconds} s), exit code ${exitCode}`);
      assert.equal(exitCode, 0, `exit code (137: killed at the timeout)\n${await logs(container.name)}`);
      assert.ok(ms >= SHUTDOWN.drainSeconds * 1000, `stopped after ${Math.round(ms)} ms, before the drain was over`);
      assert.ok(ms < DOCKER_STOP_TIMEOUT_SECONDS * 1000, `docker stop took ${Math.round(ms)} ms`);
      const messages = (await logs(container.name))
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
      assert.deepEqual(
        messages.filter((msg) => msg !== 'request'),
        ['listening', 'draining', 'shutting down', 'stopped'],
      );
    });

    it('runs its linux/arm64 image under emulation and answers /healthz with 200', async () => {
      const container = await runContainer(built.project.reference, {
        port: await freePort(),
        platform: 'linux/arm64',
      });
      containers.push(container.name);
      await waitFor200(`http://127.0.0.1:${container.port}/healthz`, 30_000, `the arm64 container`);
      assert.match(await hostExecutable(container.name), /qemu-aarch64/, 'the process is run by QEMU');
    });

    it('starts with make docker-run (hardened flags from the Makefile) and serves /healthz', async () => {
      const port = await freePort();
      const name = `go-container-e2e-make-run-${process.pid}-${testCase.id}`;
      trackContainer(name);
      containers.push(name);
      // The Makefile's DOCKER_RUN_FLAGS publishes the port by default; this engine has no bridge network.
      const ran = await make(built.project, 'docker-run', {
        PORT: String(port),
        DOCKER_RUN_FLAGS: `--network host --detach --name ${name}`,
      });
      assert.equal(ran.code, 0, ran.output);
      assert.match(ran.output, /--read-only --cap-drop ALL --security-opt no-new-privileges/);
      await waitFor200(`http://127.0.0.1:${port}/healthz`, 10_000);
      assert.equal(await inspect(name, '{{.Config.Image}}'), built.project.reference);
      assert.equal(await inspect(name, '{{.Config.User}}'), '65532:65532');
      await execOk('docker', ['stop', name]);
    });
  });
}
