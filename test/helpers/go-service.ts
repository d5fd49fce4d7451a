/**
 * Builds a generated service the way its Dockerfile does (same environment, same go build flags, read from the
 * Dockerfile itself) and runs it. Memoised per variant so the compile and run tests share one build.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generate, type Generated } from './generate.js';
import { type VariantCase } from './variant-cases.js';

export const run = promisify(execFile);

export const TEST_VERSION = 'v1.2.3-test';
export const TEST_REVISION = '0123456789abcdef';

export interface DockerfileGoBuild {
  readonly env: Readonly<Record<string, string>>;
  /** Arguments of `go build` up to (not including) -o. */
  readonly args: readonly string[];
}

/** Splits a shell word list, honouring double quotes (enough for the generated go build line). */
function shellWords(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

/** The `go build` of the Dockerfile's build stage, with its CGO_ENABLED and the build args filled in. */
export function dockerfileGoBuild(dockerfile: string): DockerfileGoBuild {
  const joined = dockerfile.replace(/\\\n/g, ' ');
  const run = joined.split('\n').find((line) => line.startsWith('RUN ') && line.includes('go build'));
  if (!run) throw new Error('the Dockerfile has no RUN with go build');
  const cgo = /CGO_ENABLED=([01])/.exec(run)?.[1];
  const command = /go build (.*?) -o /.exec(run)?.[1];
  if (!cgo || !command) throw new Error(`cannot read the go build line: ${run}`);
  const filled = command.replaceAll('${VERSION}', TEST_VERSION).replaceAll('${REVISION}', TEST_REVISION);
  return { env: { CGO_ENABLED: cgo }, args: shellWords(filled) };
}

export interface BuiltService {
  readonly generated: Generated;
  readonly binary: string;
  readonly build: DockerfileGoBuild;
}

const builds = new Map<string, Promise<BuiltService>>();

export function buildService(testCase: VariantCase): Promise<BuiltService> {
  let built = builds.get(testCase.id);
  if (!built) {
    built = (async () => {
      const generated = await generate(testCase.flags);
      const build = dockerfileGoBuild(generated.read('Dockerfile'));
      const binary = join(generated.dir, 'bin', 'demo');
      await run('go', ['build', ...build.args, '-o', binary, '.'], {
        cwd: generated.dir,
        env: { ...process.env, ...build.env, GOFLAGS: '', GOOS: 'linux', GOARCH: 'amd64' },
      });
      return { generated, binary, build };
    })();
    builds.set(testCase.id, built);
  }
  return built;
}

export interface RunningService {
  readonly process: ChildProcess;
  readonly port: number;
  /** Everything the service wrote to stdout so far. */
  stdout(): string;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  readonly exited: Promise<number | string>;
}

export async function startService(
  binary: string,
  port: number,
  env: Readonly<Record<string, string>> = {},
): Promise<RunningService> {
  const child = spawn(binary, [], {
    env: { PATH: process.env['PATH'] ?? '', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.on('error', (error) => (output += `spawn failed: ${error.message}\n`));
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { process: child, port, stdout: () => output, exited };
}
