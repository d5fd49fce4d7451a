/**
 * Runs an image as production would (read-only root, no capabilities, host network on this engine) and watches
 * it: first 200 of /healthz, Docker's health status, the executable that runs it.
 */
import { exec, execOk, tail } from './exec.js';

/** Containers started by this process, removed by the root hook at the end of the run. */
const started = new Set<string>();

export interface RunOptions {
  readonly port: number;
  /** `linux/arm64` to run the arm64 image of a multi-platform tag (under QEMU on this host). */
  readonly platform?: string;
  /** More environment variables (PORT is set from port). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface Container {
  readonly name: string;
  readonly port: number;
  /** When `docker run` was started (performance.now()), to time the first answer from. */
  readonly startedAt: number;
}

let counter = 0;

/** `docker run -d --read-only --cap-drop ALL --network host -e PORT=<port> image`; not --rm, so the exit code stays. */
export async function runContainer(reference: string, options: RunOptions): Promise<Container> {
  counter += 1;
  const name = `go-container-e2e-${process.pid}-${counter}`;
  const startedAt = performance.now();
  started.add(name);
  await execOk('docker', [
    'run',
    '--detach',
    '--name',
    name,
    '--read-only',
    '--cap-drop',
    'ALL',
    '--network',
    'host',
    '--env',
    `PORT=${options.port}`,
    ...Object.entries(options.env ?? {}).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
    ...(options.platform ? ['--platform', options.platform] : []),
    reference,
  ]);
  return { name, port: options.port, startedAt };
}

/** Forget a container started some other way (make docker-run), so that cleanup removes it too. */
export function trackContainer(name: string): void {
  started.add(name);
}

export async function removeContainer(name: string): Promise<void> {
  await exec('docker', ['rm', '--force', '--volumes', name]);
  started.delete(name);
}

export async function removeStartedContainers(): Promise<void> {
  for (const name of [...started]) await removeContainer(name);
}

/** One field of `docker inspect` (a Go template such as `{{.State.ExitCode}}`). */
export async function inspect(name: string, template: string): Promise<string> {
  return (await execOk('docker', ['inspect', '--format', template, name])).stdout.trim();
}

export async function logs(name: string): Promise<string> {
  return (await exec('docker', ['logs', name])).output;
}

/** Polls Docker's health status until it reads `healthy`; resolves with the statuses seen, in order. */
export async function waitHealthy(name: string, timeoutMs: number): Promise<string[]> {
  const deadline = performance.now() + timeoutMs;
  const seen: string[] = [];
  for (;;) {
    const status = await inspect(name, '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}');
    if (seen.at(-1) !== status) seen.push(status);
    if (status === 'healthy') return seen;
    if (status === 'none' || status === 'unhealthy' || performance.now() > deadline) {
      const health = await inspect(name, '{{json .State.Health}}');
      throw new Error(
        `${name} is not healthy (statuses seen: ${seen.join(' → ')}): ${health}\n${tail(await logs(name))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The executable of the container's main process as the host sees it (qemu-aarch64-static under emulation). */
export async function hostExecutable(name: string): Promise<string> {
  const pid = await inspect(name, '{{.State.Pid}}');
  return (await execOk('readlink', [`/proc/${pid}/exe`])).stdout.trim();
}
