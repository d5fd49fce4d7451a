/** Runs a command and collects what it printed, in order, without throwing on a non-zero exit. */
import { spawn } from 'node:child_process';

export interface Ran {
  readonly command: string;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as they arrived (make and buildx write to both). */
  readonly output: string;
  readonly ms: number;
}

export interface ExecOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. */
  readonly input?: string | Buffer;
  /** Kill the command after this long (default 20 minutes). */
  readonly timeoutMs?: number;
}

export function exec(command: string, args: readonly string[], options: ExecOptions = {}): Promise<Ran> {
  const line = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20 * 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${line}: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ command: line, code, stdout, stderr, output, ms: performance.now() - started });
    });
    if (child.stdin) {
      // A command may exit before reading all of its input; that is its own business, not an error here.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/** The last lines of a command's output, for assertion messages. */
export function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Like exec, but throws (with the command's last output lines) unless it exits 0. */
export async function execOk(command: string, args: readonly string[], options: ExecOptions = {}): Promise<Ran> {
  const ran = await exec(command, args, options);
  if (ran.code !== 0) throw new Error(`${ran.command} exited ${ran.code}:\n${tail(ran.output)}`);
  return ran;
}

/** A measured figure, printed under the running test (the spec reporter indents tests by four spaces). */
export function note(text: string): void {
  console.log(`        · ${text}`);
}
