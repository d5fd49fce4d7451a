/**
 * A version of this generator, as an installed package that `render` can run: this one, or one given with
 * `--from <tarball|directory>` (registry-package.ts fetches one from the npm registry). A package from elsewhere
 * runs with this package's own dependencies when they satisfy its ranges (no network), else with its own,
 * installed by npm.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import semver from 'semver';
import * as tar from 'tar';
import { PACKAGE_NAME, PACKAGE_ROOT } from '../templates-root.js';
import { UpdateError } from './update-error.js';
import { GENERATOR_VERSION } from './version.js';

const execFileAsync = promisify(execFile);

/** Where the app generator is in a built package: what `yo go-container` runs. */
const APP_GENERATOR = 'dist/generators/app/index.js';

export interface GeneratorPackage {
  readonly version: string;
  /** The package's directory (package.json, dist/, templates/). */
  readonly root: string;
  /** How it was obtained, for the report: "this package", "fetched from the npm registry", ... */
  readonly origin: string;
  /** Removes what was unpacked for this run only. */
  readonly dispose: () => void;
}

export const keep = (): void => undefined;

export function appGeneratorOf(pkg: GeneratorPackage): string {
  return join(pkg.root, APP_GENERATOR);
}

interface Manifest {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly dependencies?: Record<string, string>;
}

function readManifest(root: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Refuses anything that is not a built generator-go-container package; returns its version. */
export function checkedVersion(root: string, what: string): string {
  const manifest = readManifest(root);
  if (manifest?.name !== PACKAGE_NAME) {
    const found =
      manifest === undefined ? 'it has no package.json' : `its package.json names ${JSON.stringify(manifest.name)}`;
    throw new UpdateError(`${what} is not a ${PACKAGE_NAME} package: ${found}`);
  }
  if (typeof manifest.version !== 'string' || !existsSync(join(root, APP_GENERATOR))) {
    throw new UpdateError(`${what} is not a built ${PACKAGE_NAME} package: it has no ${APP_GENERATOR}`);
  }
  return manifest.version;
}

export function thisPackage(): GeneratorPackage {
  return { version: GENERATOR_VERSION, root: PACKAGE_ROOT, origin: 'this package', dispose: keep };
}

/** The directory of a package this one depends on, with its version; undefined when it cannot be found. */
function installedDependency(name: string): { dir: string; version: string } | undefined {
  let entry: string;
  try {
    entry = fileURLToPath(import.meta.resolve(name));
  } catch {
    return undefined;
  }
  for (let dir = dirname(entry); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = readManifest(dir);
    if (manifest?.name === name && typeof manifest.version === 'string') return { dir, version: manifest.version };
  }
  return undefined;
}

/**
 * Gives the package at `root` (a directory of our own) its dependencies: links to this package's where they
 * satisfy its ranges, else its own from npm.
 */
export async function provideDependencies(root: string, log: (line: string) => void): Promise<void> {
  const wanted = Object.entries(readManifest(root)?.dependencies ?? {});
  const modules = join(root, 'node_modules');
  if (wanted.every(([name]) => existsSync(join(modules, name, 'package.json')))) return;
  rmSync(modules, { recursive: true, force: true });
  const ours = wanted.map(([name, range]) => ({ name, range, installed: installedDependency(name) }));
  const linkable = ours.flatMap(({ name, range, installed }) =>
    installed && semver.satisfies(installed.version, range) ? [{ name, dir: installed.dir }] : [],
  );
  if (linkable.length === ours.length) {
    for (const { name, dir } of linkable) {
      mkdirSync(dirname(join(modules, name)), { recursive: true });
      symlinkSync(dir, join(modules, name), 'dir');
    }
    return;
  }
  log(`  installing its dependencies with npm (${wanted.map(([name, range]) => `${name}@${range}`).join(', ')})`);
  try {
    await execFileAsync(
      'npm',
      ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline'],
      { cwd: root, timeout: 600_000 },
    );
  } catch (error) {
    throw new UpdateError(`could not install the dependencies of ${root} with npm: ${npmError(error)}`);
  }
}

export async function extractTarball(tarball: string, into: string, what: string): Promise<void> {
  mkdirSync(into, { recursive: true });
  try {
    // npm's tarballs hold the package under package/.
    await tar.x({ file: tarball, cwd: into, strip: 1, strict: true });
  } catch (error) {
    throw new UpdateError(
      `${what} is not an npm package tarball (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** `--from <tarball|directory>`: a package of the version that generated the project, without the network. */
export async function packageFromPath(path: string, log: (line: string) => void): Promise<GeneratorPackage> {
  const source = resolve(path);
  const what = `--from ${path}`;
  if (!existsSync(source)) throw new UpdateError(`${what}: no such file or directory`);
  if (statSync(source).isDirectory()) {
    const version = checkedVersion(source, what);
    // A built checkout or an installed package: with its own node_modules it runs where it is.
    if (existsSync(join(source, 'node_modules')))
      return { version, root: source, origin: `from ${path}`, dispose: keep };
  }
  const work = mkdtempSync(join(tmpdir(), 'go-container-from-'));
  const root = join(work, 'package');
  const dispose = (): void => rmSync(work, { recursive: true, force: true });
  try {
    if (statSync(source).isDirectory()) {
      for (const part of ['package.json', 'dist', 'templates']) {
        if (existsSync(join(source, part))) cpSync(join(source, part), join(root, part), { recursive: true });
      }
    } else {
      await extractTarball(source, root, what);
    }
    const version = checkedVersion(root, what);
    await provideDependencies(root, log);
    return { version, root, origin: `from ${path}`, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** npm's own words for why it failed: its first error lines. */
export function npmError(error: unknown): string {
  const { stderr, message } = error as { stderr?: string; message?: string };
  const lines = (stderr ?? message ?? String(error))
    .split('\n')
    .map((line) => line.replace(/^npm (error|ERR!) ?/, '').trim())
    .filter((line) => line !== '' && !/^(code |A complete log|\/)/.test(line));
  return lines.slice(0, 2).join(' ') || 'npm failed';
}
