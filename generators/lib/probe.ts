/**
 * Reads, offline and once, what the defaults depend on: the directory's name, the local Go toolchain, the
 * GitHub user configured in git and, in an existing module, what its files say (detect/). A missing tool is not an
 * error; its default falls back.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { detect, scaffoldedAsNewService } from './detect/index.js';
import { localGoVersion } from './go-toolchain.js';
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

/** origin/HEAD (what a clone's remote calls its default branch), else the branch `git init` would create. */
function gitDefaultBranch(destinationRoot: string): string | undefined {
  const remoteHead = output('git', ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], destinationRoot);
  if (remoteHead?.startsWith('origin/')) return remoteHead.slice('origin/'.length);
  return output('git', ['config', '--get', 'init.defaultBranch'], destinationRoot);
}

export function probeDefaults(destinationRoot: string): DefaultsContext {
  const goVersion = localGoVersion();
  return {
    dirName: basename(destinationRoot),
    localGoMinor: goVersion === undefined ? undefined : goMinorOf(goVersion),
    localGoVersion: goVersion,
    gitHubUser: output('git', ['config', '--get', 'github.user'], destinationRoot),
    gitDefaultBranch: gitDefaultBranch(destinationRoot),
    // An existing module is a go.mod this generator did not write as part of a new service.
    ...(existsSync(join(destinationRoot, 'go.mod')) && !scaffoldedAsNewService(destinationRoot)
      ? { detection: detect(destinationRoot) }
      : {}),
  };
}
