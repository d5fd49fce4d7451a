/**
 * One `go env NAME`, read without side effects: outside any module (a go.mod there could ask for a toolchain this
 * machine does not have), never downloading a toolchain (GOTOOLCHAIN=local), GOFLAGS cleared, in 5 s at most.
 */
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';

/** The value `go env` prints for name, trimmed; undefined without `go` on the PATH or when it fails. */
export function goEnv(name: string, environment: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    return execFileSync('go', ['env', name], {
      cwd: tmpdir(),
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...environment, GOTOOLCHAIN: 'local', GOFLAGS: '' },
    }).trim();
  } catch {
    return undefined;
  }
}
