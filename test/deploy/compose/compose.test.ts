/**
 * The generated compose.yaml run by Docker Compose v2 (2.26.1, trixie's docker-compose) on the shared engine, with
 * the project's own `make up`, `make down` and `make watch`.
 * This engine has no bridge network: writeHostNetworkOverride adds the one file it needs beside the untouched
 * compose.yaml.
 */
import assert from 'node:assert/strict';
import { exec, execOk, note, tail } from '../../e2e/lib/exec.js';
import { inspect } from '../../e2e/lib/container.js';
import { scaffold, type Project } from '../../e2e/lib/project.js';
import { freePort, waitFor200 } from '../../helpers/http.js';
import { VARIANT_CASES } from '../../helpers/variant-cases.js';
import { healthz, secondsToServeEdit, startWatch, writeHostNetworkOverride } from '../lib/compose.js';

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

  it('make down stops and removes it, exit 0', async function () {
    this.timeout(120_000);
    const down = await exec('make', ['down'], { cwd: project.dir, env });
    assert.equal(down.code, 0, down.output);
    note(`make down: ${(down.ms / 1000).toFixed(1)} s`);
    assert.equal(await containerId(), '', 'no container left');
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
