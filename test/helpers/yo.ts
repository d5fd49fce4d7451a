/**
 * The real `yo`, as a user installs it: this package as `npm pack` publishes it, and yo, installed by npm into a
 * fresh prefix (from npm's cache when it has them), readable by everyone wherever this checkout lives. yo refuses
 * to run as root, so as root it runs as the unprivileged user `nobody`, in directories that user owns.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freshDir } from './generate.js';
import { PACKAGE_ROOT } from './paths.js';

const execFileAsync = promisify(execFile);
const NOBODY = 65534;
export const AS_ROOT = process.getuid?.() === 0;

export async function installWithYo(): Promise<string> {
  const prefix = freshDir('yo-install-');
  chmodSync(prefix, 0o755);
  const packed = await execFileAsync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', prefix], {
    cwd: PACKAGE_ROOT,
  });
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const install = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', '--no-save'];
  await execFileAsync('npm', [...install, join(prefix, filename), `yo@${manifest.devDependencies['yo']}`], {
    cwd: prefix,
    timeout: 180_000,
  });
  return prefix;
}

/** Hands a directory tree to `nobody` (when we are root), so that yo, run as that user, may write in it. */
export function giveToYoUser(path: string): void {
  if (!AS_ROOT) return;
  chownSync(path, NOBODY, NOBODY);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) giveToYoUser(join(path, entry));
}

export interface YoWorkspace {
  /** The directory yo runs in: below the install, where yo finds the package in node_modules. */
  readonly work: string;
  /** A home of its own: no git config, no yo state from other runs. */
  readonly home: string;
}

/**
 * `work` and `home` directories in a new directory under `parent`, with `files` (or a copy of `fixture`) in
 * `work`: one run's workspace, for yo or the bin.
 */
export function workspaceUnder(
  parent: string,
  files: Readonly<Record<string, string>> = {},
  fixture?: string,
): YoWorkspace {
  const root = freshDir('run-', parent);
  chmodSync(root, 0o755);
  const work = join(root, 'work');
  const home = join(root, 'home');
  if (fixture) cpSync(fixture, work, { recursive: true });
  mkdirSync(work, { recursive: true });
  mkdirSync(home);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(work, path)), { recursive: true });
    writeFileSync(join(work, path), content);
  }
  return { work, home };
}

/** A new workspace below the install for one run of yo, owned by the user yo runs as. */
export function yoWorkspace(prefix: string, files: Record<string, string> = {}, fixture?: string): YoWorkspace {
  const workspace = workspaceUnder(prefix, files, fixture);
  giveToYoUser(workspace.work);
  giveToYoUser(workspace.home);
  return workspace;
}
/** The command line that runs yo with `args` as a user would, as `nobody` when we are root. */
export function yoCommand(prefix: string, home: string, args: readonly string[]): [string, ...string[]] {
  const env = [
    'env',
    `HOME=${home}`,
    'NO_UPDATE_NOTIFIER=1',
    `PATH=${process.env['PATH'] ?? ''}`,
    'TERM=xterm-256color',
  ];
  const command = [...env, process.execPath, join(prefix, 'node_modules/yo/lib/cli.js'), ...args, '--no-insight'];
  return AS_ROOT ? ['runuser', '-u', 'nobody', '--', ...command] : (command as [string, ...string[]]);
}
