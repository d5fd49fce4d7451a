/** Paths of the package under test, built from this file's location (tests run in temporary directories). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../generators/lib/templates-root.js';

export { PACKAGE_ROOT };
export const DIST = join(PACKAGE_ROOT, 'dist');
export const APP_GENERATOR = join(DIST, 'generators/app/index.js');
/** The bin as package.json names it: the bundle of generators/cli.ts (generators/build/bundle.ts). */
export const CLI = join(DIST, 'generators/go-container.js');
export const FIXTURES = join(PACKAGE_ROOT, 'test/fixtures');
export const SNAPSHOTS = join(PACKAGE_ROOT, 'test/snapshots');
/** This package's version, read from package.json as a user's npm reads it: what .yo-rc.json must record. */
export const PACKAGE_VERSION = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
