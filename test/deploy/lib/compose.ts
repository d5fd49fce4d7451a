/**
 * A generated project under Docker Compose, for the compose tests and the bench: the one file this engine needs
 * beside compose.yaml, `make watch` as a background session, and the time from a one-line edit of main.go to the
 * first response that shows it.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execOk, tail } from '../../e2e/lib/exec.js';

/**
 * This engine has no bridge network (dockerd --bridge=none, REFERENCE §6): compose.override.yaml, which Compose merges
 * by itself, puts the service on the host network on a free port. The one difference from a developer's machine.
 */
export function writeHostNetworkOverride(dir: string, service: string, port: number): void {
  writeFileSync(
    join(dir, 'compose.override.yaml'),
    [
      '# This engine has no bridge network: host networking, on a free port (written by the deploy tests).',
      'services:',
      `  ${service}:`,
      '    network_mode: host',
      '    ports: !reset []',
      '    build:',
      '      network: host',
      '    environment:',
      `      PORT: "${port}"`,
      '',
    ].join('\n'),
  );
}

export async function healthz(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
  return `${response.status} ${(await response.text()).trim()}`;
}

export interface WatchSession {
  output(): string;
  /** Whether `make watch` still runs (it must, until stopped). */
  running(): boolean;
  /** Ctrl-C, as a developer stops `make watch`; SIGKILL if it lingers. */
  stop(): Promise<void>;
}

/** `make watch` in dir, in its own process group, until stopped. Resolves once Compose says it is watching. */
export async function startWatch(dir: string, env: NodeJS.ProcessEnv, timeoutMs = 600_000): Promise<WatchSession> {
  const child = spawn('make', ['watch'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const session: WatchSession = {
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.pid === undefined || child.exitCode !== null) return;
      const group = -child.pid;
      const signal = (name: NodeJS.Signals): void => {
        try {
          process.kill(group, name);
        } catch {
          // The group is gone already: make exited between the check and the signal.
        }
      };
      const exited = new Promise((resolve) => child.once('exit', resolve));
      signal('SIGINT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      if (child.exitCode === null) signal('SIGKILL');
    },
  };
  const deadline = performance.now() + timeoutMs;
  while (!/Watch enabled/i.test(output)) {
    if (child.exitCode !== null || performance.now() > deadline) {
      await session.stop();
      throw new Error(`make watch did not start watching:\n${tail(output)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return session;
}

/**
 * Makes /healthz answer `status` instead of `from` (its first `"status": "..."` line) with a one-line edit of
 * main.go, and measures the seconds from the edit to the first /healthz response that carries it.
 */
export async function secondsToServeEdit(
  dir: string,
  port: number,
  from: string,
  status: string,
  timeoutMs = 300_000,
): Promise<number> {
  const mainGo = join(dir, 'main.go');
  const before = readFileSync(mainGo, 'utf8');
  const after = before.replace(`{"status": "${from}"}`, `{"status": "${status}"}`);
  if (after === before) throw new Error(`no {"status": "${from}"} in main.go`);
  const edited = performance.now();
  writeFileSync(mainGo, after);
  for (;;) {
    const body = await healthz(port).catch(() => 'not answering');
    if (body === `200 {"status":"${status}"}`) return (performance.now() - edited) / 1000;
    if (performance.now() - edited > timeoutMs) throw new Error(`the edit was not served within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The HTTP status of a GET, or 0 when nothing answers within a second. */
export async function statusOf(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/**
 * The exit codes of container `id` since `since` (Unix seconds), from the engine's `die` events: they outlive the
 * container, which `docker compose down` removes, and need no watcher started before the stop.
 */
export async function exitCodesSince(id: string, since: number): Promise<number[]> {
  const events = await execOk('docker', [
    'events',
    '--since',
    String(since),
    '--until',
    String(Math.ceil(Date.now() / 1000) + 1),
    '--filter',
    `container=${id}`,
    '--filter',
    'event=die',
    '--format',
    '{{index .Actor.Attributes "exitCode"}}',
  ]);
  return events.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(Number);
}

/** What the kubelet does when the generated Deployment's pod is deleted, read from the manifest. */
export interface PodStop {
  readonly preStopSleepSeconds: number;
  readonly terminationGracePeriodSeconds: number;
  /** The container's literal environment (`value`, not `valueFrom`). */
  readonly env: Readonly<Record<string, string>>;
}

interface DeploymentDocument {
  spec: {
    template: {
      spec: {
        terminationGracePeriodSeconds?: number;
        containers: {
          env?: { name: string; value?: string }[];
          lifecycle?: { preStop?: { sleep?: { seconds: number } } };
        }[];
      };
    };
  };
}

export function podStop(deployment: unknown): PodStop {
  const pod = (deployment as DeploymentDocument).spec.template.spec;
  const [container] = pod.containers;
  if (!container) throw new Error('the Deployment has no container');
  return {
    preStopSleepSeconds: container.lifecycle?.preStop?.sleep?.seconds ?? 0,
    // Kubernetes' default when the field is left out.
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds ?? 30,
    env: Object.fromEntries(
      (container.env ?? [])
        .filter((variable): variable is { name: string; value: string } => variable.value !== undefined)
        .map((variable) => [variable.name, variable.value]),
    ),
  };
}
