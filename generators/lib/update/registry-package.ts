/**
 * A version of this generator fetched from the npm registry with `npm pack` (so the user's npm configuration,
 * registry and proxy apply), once: it is kept in a cache and read from there afterwards, offline.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PACKAGE_NAME } from '../templates-root.js';
import {
  checkedVersion,
  extractTarball,
  keep,
  npmError,
  provideDependencies,
  type GeneratorPackage,
} from './generator-package.js';
import { UpdateError } from './update-error.js';

const execFileAsync = promisify(execFile);

/** Where fetched versions are kept: $GO_CONTAINER_CACHE, else the user's cache directory. */
export function cacheDir(): string {
  const { GO_CONTAINER_CACHE, XDG_CACHE_HOME } = process.env;
  return GO_CONTAINER_CACHE || join(XDG_CACHE_HOME || join(homedir(), '.cache'), 'go-container');
}

/** The version from the npm registry, fetched once and then read from the cache. */
export async function packageFromRegistry(version: string, log: (line: string) => void): Promise<GeneratorPackage> {
  const spec = `${PACKAGE_NAME}@${version}`;
  const root = join(cacheDir(), 'packages', version);
  if (existsSync(join(root, 'package.json'))) {
    checkedVersion(root, `the cached ${spec} (${root})`);
    await provideDependencies(root, log);
    return { version, root, origin: `cached in ${root}`, dispose: keep };
  }
  log(
    `Fetching ${spec} from the npm registry, to render your project as that version did (once: it is kept in ${root})`,
  );
  // Beside its place in the cache, so that it moves there in one rename.
  mkdirSync(dirname(root), { recursive: true });
  const work = mkdtempSync(join(dirname(root), '.fetching-'));
  try {
    let filename: string;
    try {
      const { stdout } = await execFileAsync('npm', ['pack', spec, '--json', '--pack-destination', work], {
        cwd: work,
        timeout: 300_000,
      });
      filename = (JSON.parse(stdout) as [{ filename: string }])[0].filename;
    } catch (error) {
      const reason = npmError(error);
      const unknown = /E404|ETARGET|No matching version|not found/i.test((error as { stderr?: string }).stderr ?? '');
      throw new UpdateError(
        unknown
          ? `go-container ${version} is not on the npm registry (${reason}): is the version in .yo-rc.json right? ` +
              'Pass --from-version with the version that generated the project, or --from with its package'
          : `could not fetch ${spec} from the npm registry (${reason}): offline, pass --from with a tarball or ` +
              'directory of that version',
      );
    }
    const partial = join(work, 'package');
    await extractTarball(join(work, filename), partial, `${spec} from the npm registry`);
    const fetched = checkedVersion(partial, `${spec} from the npm registry`);
    if (fetched !== version) throw new UpdateError(`the npm registry gave version ${fetched} for ${spec}`);
    await provideDependencies(partial, log);
    renameSync(partial, root);
    return { version, root, origin: `fetched from the npm registry, kept in ${root}`, dispose: keep };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
