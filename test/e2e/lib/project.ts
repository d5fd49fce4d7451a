/**
 * A generated project as a user has it: scaffolded by the go-container bin with no questions, committed and
 * tagged in git (so the Makefile's VERSION and REVISION are real), then built with its own Makefile.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { type VariantCase } from '../../helpers/variant-cases.js';
import { exec, execOk, tail, type Ran } from './exec.js';

/** The tag every scaffolded project gets. */
export const RELEASE_TAG = 'v1.0.0';
/** What make makes of RELEASE_TAG: the image's tag and version, as CI's metadata-action tags a push of it. */
export const RELEASE_VERSION = '1.0.0';

/** Files a careless user keeps in the project, which must never reach the build context or the image. */
export const SECRET_FILES: Readonly<Record<string, string>> = {
  '.env': 'DATABASE_PASSWORD=e2e-secret-do-not-ship\n',
  'server.pem': '-----BEGIN PRIVATE KEY-----\nZTJlLXNlY3JldC1kby1ub3Qtc2hpcA==\n-----END PRIVATE KEY-----\n',
};

export interface Project {
  readonly dir: string;
  readonly testCase: VariantCase;
  /** Image name without tag, as given to the generator. */
  readonly image: string;
  /** `git rev-parse HEAD`: the REVISION the Makefile passes in. */
  readonly revision: string;
  /** The commit's time (`git log -1 --format=%ct`): the Makefile's SOURCE_DATE_EPOCH. */
  readonly sourceDateEpoch: number;
  /** The image reference `make docker-build` loads: IMAGE:TAG, TAG being RELEASE_VERSION. */
  readonly reference: string;
}

/** Directories made by this process, removed by the root hook at the end of the run. */
export const scratchDirs: string[] = [];

export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
}

export function removeScratchDirs(): void {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The command line a user would type for this case (`--no-cgo --runtime scratch ...`). */
export function cliArgs(testCase: VariantCase, overrides: Readonly<Record<string, string | boolean>> = {}): string[] {
  const flags = { ...testCase.flags, ...overrides };
  return [
    '--defaults',
    ...Object.entries(flags).flatMap(([flag, value]) =>
      typeof value === 'boolean' ? [value ? `--${flag}` : `--no-${flag}`] : [`--${flag}`, value],
    ),
  ];
}

const git = (dir: string, ...args: string[]): Promise<Ran> =>
  execOk('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', ...args], { cwd: dir });

export interface ScaffoldOptions {
  /** Image name given to the generator (default localhost/e2e-<case id>). */
  readonly image?: string;
  /** Also put SECRET_FILES into the project (untracked, as .env would be). */
  readonly secrets?: boolean;
}

export async function scaffold(testCase: VariantCase, options: ScaffoldOptions = {}): Promise<Project> {
  const image = options.image ?? `localhost/e2e-${testCase.id}`;
  const dir = scratchDir(`go-container-e2e-${testCase.id}-`);
  const generated = await runCli(cliArgs(testCase, { image }), dir);
  assert.equal(generated.code, 0, `go-container failed:\n${generated.stdout}${generated.stderr}`);
  await git(dir, 'init', '-q');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'Scaffold with go-container');
  await git(dir, 'tag', RELEASE_TAG);
  if (options.secrets) {
    for (const [path, content] of Object.entries(SECRET_FILES)) writeFileSync(join(dir, path), content);
  }
  const revision = (await git(dir, 'rev-parse', 'HEAD')).stdout.trim();
  const sourceDateEpoch = Number((await git(dir, 'log', '-1', '--format=%ct')).stdout.trim());
  return { dir, testCase, image, revision, sourceDateEpoch, reference: `${image}:${RELEASE_VERSION}` };
}

/** A Unix time as the OCI created label writes it: 2026-11-29T21:36:57Z. */
export function ociTime(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** BUILDX_FLAGS for every build here: no bridge network on this engine, and a log the tests can parse. */
export const E2E_BUILDX_FLAGS = '--network=host --progress=plain';

/** `make <target> VAR=value ...` in the project, as a user runs it. */
export function make(project: Project, target: string, variables: Readonly<Record<string, string>> = {}): Promise<Ran> {
  return exec('make', [target, ...Object.entries(variables).map(([name, value]) => `${name}=${value}`)], {
    cwd: project.dir,
  });
}

/** `make docker-build` with E2E_BUILDX_FLAGS unless BUILDX_FLAGS is given. */
export function makeDockerBuild(project: Project, variables: Readonly<Record<string, string>> = {}): Promise<Ran> {
  return make(project, 'docker-build', { BUILDX_FLAGS: E2E_BUILDX_FLAGS, ...variables });
}

export async function makeDockerBuildOk(
  project: Project,
  variables: Readonly<Record<string, string>> = {},
): Promise<Ran> {
  const ran = await makeDockerBuild(project, variables);
  if (ran.code !== 0) throw new Error(`make docker-build failed for ${project.testCase.id}:\n${tail(ran.output, 60)}`);
  return ran;
}
