/** Fixture modules copied to temporary directories, and hashes to prove the user's own files were not touched. */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers from 'yeoman-test';
import { freshDir, listFiles, readTree, type Flags, type Generated } from '../helpers/generate.js';
import { APP_GENERATOR, DIST, FIXTURES } from '../helpers/paths.js';

export const DOCKER_GENERATOR = join(DIST, 'generators/docker/index.js');

export const FIXTURE_NAMES = [
  'root-main',
  'multi-main',
  'cgo-import-c',
  'cgo-zlib',
  'cgo-sqlite',
  'embeds',
  'vendored',
  'newer-go',
  'pure-beside-cgo',
  'env-port',
  'worker',
  'frontend',
  'config-data',
  'makefile-collision',
] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export const fixtureDir = (name: FixtureName): string => join(FIXTURES, name);

/** A copy of the fixture in a fresh temporary directory, which the test may change. */
export function copyFixture(name: FixtureName): string {
  const dir = freshDir(`go-container-${name}-`);
  cpSync(fixtureDir(name), dir, { recursive: true });
  return dir;
}

/** sha256 of every file under dir, by slash-separated relative path. */
export function hashTree(dir: string): Record<string, string> {
  return Object.fromEntries(
    listFiles(dir).map((path) => [
      path,
      createHash('sha256')
        .update(readFileSync(join(dir, path)))
        .digest('hex'),
    ]),
  );
}

/** The files the generator writes into an existing module, whatever else is there. */
export const CONTAINER_FILES = ['Dockerfile', '.dockerignore', '.yo-rc.json'];

/**
 * Runs a generator (app by default) in a copy of the fixture, with --defaults and GOPRIVATE as given ('' = unset
 * for go, so that the machine's own setting cannot change the result).
 */
export async function generateInFixture(
  name: FixtureName,
  flags: Flags = {},
  options: { generator?: string; goPrivate?: string; dir?: string } = {},
): Promise<Generated & { before: Record<string, string> }> {
  const dir = options.dir ?? copyFixture(name);
  const before = hashTree(dir);
  const saved = process.env['GOPRIVATE'];
  process.env['GOPRIVATE'] = options.goPrivate ?? '';
  try {
    await helpers
      .run(options.generator ?? APP_GENERATOR)
      // cd, not inDir: inDir empties the directory first.
      .cd(dir)
      .withOptions({ defaults: true, ...flags } as never);
  } finally {
    if (saved === undefined) delete process.env['GOPRIVATE'];
    else process.env['GOPRIVATE'] = saved;
  }
  return { ...readTree(dir), before };
}

/** The environment for a child process, with GOPRIVATE fixed. */
export function envWith(goPrivate = ''): NodeJS.ProcessEnv {
  return { ...process.env, GOPRIVATE: goPrivate };
}
