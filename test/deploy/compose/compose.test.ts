/**
 * The generated compose.yaml run by Docker Compose v2 (2.26.1, trixie's docker-compose) on the shared engine, with
 * the project's own `make up`, `make down` and `make watch`; and the stop timings of compose.yaml and of the
 * Kubernetes Deployment, run against the service's drain with the image Compose built.
 * This engine has no bridge network: writeHostNetworkOverride adds the one file it needs beside the untouched
 * compose.yaml.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SHUTDOWN } from '../../../generators/lib/shutdown.js';
import { exec, execOk, note, tail, type Ran } from '../../e2e/lib/exec.js';
import { inspect, logs, removeContainer, runContainer } from '../../e2e/lib/container.js';
import { scaffold, type Project } from '../../e2e/lib/project.js';
import { freePort, slowEcho, waitFor200 } from '../../helpers/http.js';
import { VARIANT_CASES } from '../../helpers/variant-cases.js';
import {
  exitCodesSince,
  healthz,
  podStop,
  secondsToServeEdit,
  startWatch,
  statusOf,
  writeHostNetworkOverride,
} from '../lib/compose.js';

const testCase = VARIANT_CASES.find((candidate) => candidate.id === 'static-distroless-trixie');
/** One Compose project per test process, so that runs never share containers. */
const PROJECT_NAME = `deploy-compose-${process.pid}`;

describe('compose.yaml run by Docker Compose v2: make up, make down, make watch', function () {
  let project: Project;
  let port: number;
  let env: NodeJS.ProcessEnv;
  const compose = (...args: string[]) => exec('docker', ['compose', ...args], { cwd: project.dir, env });
  const containerId = async (): Promise<string> => (await compose('ps', '--all', '--quiet')).stdout.trim();

  before(async function () {
    this.timeout(120_000);
    assert.ok(testCase);
    project = await scaffold(testCase, { image: `localhost/deploy-compose-${process.pid}` });
    port = await freePort();
    env = { ...process.env, COMPOSE_PROJECT_NAME: PROJECT_NAME };
  });

  after(async function () {
    this.timeout(120_000);
    if (!project) return;
    await compose('down', '--volumes', '--timeout', '2');
    await exec('docker', ['rmi', '--force', `${project.image}:dev`]);
  });

  it('docker compose config finds the file clean: no error, no warning', async function () {
    const ran = await compose('-f', 'compose.yaml', 'config', '--quiet');
    assert.equal(ran.code, 0, ran.output);
    assert.equal(ran.stderr, '', 'Compose printed a warning');
    const config = await compose('-f', 'compose.yaml', 'config', '--format', 'json');
    const service = (JSON.parse(config.stdout) as { services: Record<string, Record<string, unknown>> }).services[
      'demo'
    ];
    assert.ok(service, 'the service is named like the project');
    assert.equal(service['read_only'], true);
    assert.deepEqual(service['cap_drop'], ['ALL']);
    assert.deepEqual(service['security_opt'], ['no-new-privileges:true']);
    assert.equal(service['user'], '65532:65532');
  });

  it('make up builds the image and returns once the container is healthy; /healthz answers', async function () {
    this.timeout(600_000);
    writeHostNetworkOverride(project.dir, 'demo', port);
    const up = await exec('make', ['up'], { cwd: project.dir, env });
    assert.equal(up.code, 0, tail(up.output, 60));
    note(`make up (build + start + healthy): ${(up.ms / 1000).toFixed(1)} s`);
    const id = await containerId();
    assert.notEqual(id, '', 'a container runs');
    assert.equal(await inspect(id, '{{.State.Health.Status}}'), 'healthy', 'healthy when make up returns');
    assert.equal(await healthz(port), '200 {"status":"ok"}');
  });

  it('the container runs hardened: read-only root, no capabilities, no privilege escalation, user 65532, a tmpfs /tmp', async function () {
    const id = await containerId();
    assert.equal(await inspect(id, '{{.HostConfig.ReadonlyRootfs}}'), 'true');
    assert.equal(await inspect(id, '{{json .HostConfig.CapDrop}}'), '["ALL"]');
    assert.equal(await inspect(id, '{{json .HostConfig.SecurityOpt}}'), '["no-new-privileges:true"]');
    assert.equal(await inspect(id, '{{.Config.User}}'), '65532:65532');
    assert.match(await inspect(id, '{{json .HostConfig.Tmpfs}}'), /^\{"\/tmp":"size=64m,mode=1777"\}$/);
    assert.deepEqual(
      JSON.parse(await inspect(id, '{{json .Config.Healthcheck.Test}}')),
      ['CMD', '/usr/local/bin/demo', '-healthcheck'],
      "the image's own probe",
    );
  });

  it(`make down drains the service (/readyz 503, /healthz 200), which exits 0 within compose.yaml's stop_grace_period (${SHUTDOWN.stopGraceSeconds} s), and removes it`, async function () {
    this.timeout(120_000);
    const id = await containerId();
    // Compose gives the container its stop_grace_period; `down` without --timeout waits that long before SIGKILL.
    assert.equal(await inspect(id, '{{.Config.StopTimeout}}'), String(SHUTDOWN.stopGraceSeconds));
    const since = Math.floor(Date.now() / 1000) - 1;
    const down = exec('make', ['down'], { cwd: project.dir, env });
    let finished: Ran | undefined;
    void down.then((ran) => (finished = ran));
    let duringDrain: { readyz: number; healthz: number } | undefined;
    while (!finished && !duringDrain) {
      const readyz = await statusOf(`http://127.0.0.1:${port}/readyz`);
      if (readyz === 503) duringDrain = { readyz, healthz: await statusOf(`http://127.0.0.1:${port}/healthz`) };
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ran = await down;
    assert.equal(ran.code, 0, ran.output);
    note(`make down: ${(ran.ms / 1000).toFixed(1)} s (drain ${SHUTDOWN.drainSeconds} s)`);
    assert.deepEqual(duringDrain, { readyz: 503, healthz: 200 }, 'while make down waits: draining, still serving');
    assert.deepEqual(await exitCodesSince(id, since), [0], 'the exit code (137: killed at stop_grace_period)');
    assert.ok(ran.ms >= SHUTDOWN.drainSeconds * 1000, `make down took ${Math.round(ran.ms)} ms: the drain was cut`);
    assert.ok(ran.ms < SHUTDOWN.stopGraceSeconds * 1000, `make down took ${Math.round(ran.ms)} ms`);
    assert.equal(await containerId(), '', 'no container left');
  });

  it("the pod's stop as the kubelet runs it from deployment.yaml: preStop sleep, then SIGTERM with the pod's SHUTDOWN_DRAIN; an in-flight request is served and the service exits 0 within terminationGracePeriodSeconds", async function () {
    this.timeout(120_000);
    // The Deployment's own numbers (no kubelet runs here: the same image, signals and waits, on this engine).
    const pod = podStop(parse(readFileSync(join(project.dir, 'deploy/kubernetes/base/deployment.yaml'), 'utf8')));
    assert.deepEqual(pod.env, { PORT: '8080', SHUTDOWN_DRAIN: '0s' }, 'the literal environment of the pod');
    const afterSigterm = pod.terminationGracePeriodSeconds - pod.preStopSleepSeconds;
    // Host network here: PORT is a free port, as compose.override.yaml does for Compose.
    const { PORT: _podPort, ...podEnv } = pod.env;
    const container = await runContainer(`${project.image}:dev`, { port: await freePort(), env: podEnv });
    try {
      const base = `http://127.0.0.1:${container.port}`;
      await waitFor200(`${base}/healthz`, 10_000);
      // Deleted: the pod leaves the endpoints while the preStop sleep runs; a request already in flight ends
      // after SIGTERM.
      let stop: Promise<Ran> | undefined;
      const inFlight = slowEcho(container.port, ['in ', 'flight'], pod.preStopSleepSeconds * 1000 + 1000, () => {
        stop = new Promise((resolve) => setTimeout(resolve, pod.preStopSleepSeconds * 1000)).then(() =>
          execOk('docker', ['stop', '--time', String(afterSigterm), container.name]),
        );
      });
      assert.deepEqual(await inFlight, { status: 200, body: 'in flight' }, 'the in-flight request');
      assert.ok(stop, 'docker stop never ran');
      const { ms } = await stop;
      const exitCode = Number(await inspect(container.name, '{{.State.ExitCode}}'));
      note(
        `pod stop: preStop ${pod.preStopSleepSeconds} s, then SIGTERM → exit ${exitCode} after ${Math.round(ms)} ms (grace left ${afterSigterm} s)`,
      );
      assert.equal(exitCode, 0, `exit code (137: killed at the grace period)\n${await logs(container.name)}`);
      assert.ok(ms < afterSigterm * 1000, `stopped ${Math.round(ms)} ms after SIGTERM`);
      const drain = (await logs(container.name))
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg: string; drain?: string })
        .find((entry) => entry.msg === 'draining');
      assert.equal(drain?.drain, '0s', 'no second drain after the preStop sleep');
    } finally {
      await removeContainer(container.name);
    }
  });

  it('make watch rebuilds and serves a one-line edit of main.go', async function () {
    this.timeout(900_000);
    const watch = await startWatch(project.dir, env);
    try {
      await waitFor200(`http://127.0.0.1:${port}/healthz`, 300_000, 'the service started by make watch');
      const seconds = await secondsToServeEdit(project.dir, port, 'ok', 'edited');
      note(`compose watch, one-line edit of main.go → new response: ${seconds.toFixed(2)} s`);
      assert.ok(watch.running(), `make watch stopped by itself after the rebuild:\n${tail(watch.output())}`);
    } finally {
      await watch.stop();
      await execOk('docker', ['compose', 'down', '--timeout', '2'], { cwd: project.dir, env });
    }
  });
});
