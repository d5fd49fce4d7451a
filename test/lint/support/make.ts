/** Runs make in a generated project and returns its exit code and output, failing or not. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface MakeResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function make(
  dir: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<MakeResult> {
  try {
    const { stdout, stderr } = await execFileAsync('make', [...args], { cwd: dir, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof code === 'number' ? code : -1, stdout: stdout ?? '', stderr: stderr ?? '' };
  }
}
