/**
 * Reads, offline and once, what the defaults depend on: the directory's name, the local Go toolchain and the
 * GitHub user configured in git. A missing tool is not an error; its default falls back.
 */
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import { type DefaultsContext } from './options.js';
import { goMinorOf } from './validators.js';

function output(command: string, args: readonly string[], cwd: string): string | undefined {
  try {
    const text = execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
      // Never let `go` download a toolchain just to print its version.
      env: { ...process.env, GOTOOLCHAIN: 'local' },
    }).trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}

export function probeDefaults(destinationRoot: string): DefaultsContext {
  // Outside the destination: a go.mod there could ask for a newer toolchain than the local one.
  const goVersion = output('go', ['env', 'GOVERSION'], tmpdir());
  return {
    dirName: basename(destinationRoot),
    localGoMinor: goVersion === undefined ? undefined : goMinorOf(goVersion),
    gitHubUser: output('git', ['config', '--get', 'github.user'], destinationRoot),
  };
}
