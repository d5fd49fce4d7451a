/**
 * A fixture module containerised as a user would do it: copied, committed and tagged in git, the go-container bin
 * run in it with no questions, then `make docker-build` with the make files it wrote (its own Makefile, or the
 * user's Makefile including docker.mk). And its images run with nothing published on the host: each container
 * has a network of its own (--network none), which the test enters with nsenter, so the app is reached on the
 * port its image says, whatever else listens on this machine.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { FIXTURES } from '../../helpers/paths.js';
import { builtReferences } from './built-images.js';
import { inspect, logs, trackContainer } from './container.js';
import { exec, execOk, tail, type Ran } from './exec.js';
import { E2E_BUILDX_FLAGS, RELEASE_TAG, scratchDir } from './project.js';

/** The proxy the user's own go uses: Go's default (https://proxy.golang.org,direct) unless they set another. */
export const GOPROXY = execFileSync('go', ['env', 'GOPROXY'], { encoding: 'utf8' }).trim();
/**
 * A proxy that re-signs TLS (as company proxies do, and as this machine's network does) needs its CA certificate in
 * the build: the user passes it as a BuildKit secret. Here it is the bundle the host trusts.
 */
export const CA_CERTIFICATES = process.env['SSL_CERT_FILE'];

export interface ExistingProject {
  readonly dir: string;
  /** What the go-container bin printed (the detection report). */
  readonly report: string;
  readonly reference: string;
  readonly revision: string;
  readonly build: Ran;
}

const git = (dir: string, ...args: string[]): Promise<Ran> =>
  execOk('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', ...args], { cwd: dir });

/**
 * Copies the fixture, commits and tags it, runs `go-container --defaults <flags>`, and builds with
 * `make docker-build` (the Makefile's default platforms, linux/amd64 and linux/arm64). `docker.mk` (the user has a
 * Makefile) takes CONTAINER_-prefixed variables, the generated Makefile plain ones.
 */
export async function containerise(
  fixture: string,
  options: { readonly flags?: readonly string[]; readonly dockerMk?: boolean } = {},
): Promise<ExistingProject> {
  const dir = scratchDir(`go-container-e2e-${fixture}-`);
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  await git(dir, 'init', '-q');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'The module as it is');
  await git(dir, 'tag', RELEASE_TAG);
  const generated = await runCli(['--defaults', ...(options.flags ?? [])], dir, { ...process.env, GOPRIVATE: '' });
  assert.equal(generated.code, 0, `go-container failed:\n${generated.stdout}${generated.stderr}`);
  const revision = (await git(dir, 'rev-parse', 'HEAD')).stdout.trim();
  const image = `localhost/e2e-existing-${fixture}`;
  const tag = String(process.pid);
  const reference = `${image}:${tag}`;
  builtReferences.add(reference);
  const prefix = options.dockerMk ? 'CONTAINER_' : '';
  const variables: Record<string, string> = {
    [`${prefix}IMAGE`]: image,
    [`${prefix}TAG`]: tag,
    [`${prefix}BUILDX_FLAGS`]: `${E2E_BUILDX_FLAGS} --build-arg GOPROXY=${GOPROXY}`,
    ...(CA_CERTIFICATES ? { [`${prefix}EXTRA_CA_CERTS`]: CA_CERTIFICATES } : {}),
  };
  const build = await exec(
    'make',
    ['docker-build', ...Object.entries(variables).map(([name, value]) => `${name}=${value}`)],
    { cwd: dir },
  );
  return { dir, report: generated.stdout, reference, revision, build };
}

export function assertBuilt(project: ExistingProject): void {
  assert.equal(project.build.code, 0, `make docker-build failed:\n${tail(project.build.output, 80)}`);
}

let counter = 0;

/**
 * `docker run --detach --read-only --cap-drop ALL --network none [args] reference`, as production runs it but with
 * a network of its own; resolves with the container's name.
 */
export async function runIsolated(
  reference: string,
  options: { readonly platform?: string; readonly dockerArgs?: readonly string[] } = {},
): Promise<string> {
  counter += 1;
  const name = `go-container-e2e-existing-${process.pid}-${counter}`;
  trackContainer(name);
  await execOk('docker', [
    'run',
    '--detach',
    '--name',
    name,
    '--read-only',
    '--cap-drop',
    'ALL',
    '--network',
    'none',
    ...(options.platform ? ['--platform', options.platform] : []),
    ...(options.dockerArgs ?? []),
    reference,
  ]);
  return name;
}

/**
 * An HTTP request to 127.0.0.1:port inside the container's own network, retried until it succeeds (the app may be
 * starting, under QEMU for arm64) or timeoutMs passes; resolves with the body.
 */
export async function httpIn(
  name: string,
  port: number,
  path: string,
  options: { readonly method?: string; readonly timeoutMs?: number } = {},
): Promise<string> {
  const deadline = performance.now() + (options.timeoutMs ?? 30_000);
  let last: Ran | undefined;
  for (;;) {
    const pid = await inspect(name, '{{.State.Pid}}');
    if (pid !== '0') {
      last = await exec('nsenter', [
        '--target',
        pid,
        '--net',
        'curl',
        '--silent',
        '--show-error',
        '--fail-with-body',
        '--max-time',
        '5',
        '--request',
        options.method ?? 'GET',
        `http://127.0.0.1:${port}${path}`,
      ]);
      if (last.code === 0) return last.stdout;
    }
    if (performance.now() > deadline) {
      throw new Error(
        `${name} did not answer ${options.method ?? 'GET'} :${port}${path}: ${last?.output ?? 'not running'}\n` +
          tail(await logs(name)),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
