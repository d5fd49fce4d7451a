/** Locates the package's top-level templates/ folder, from the sources or from the compiled dist/ tree. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = 'generator-go-container';

function findPackageRoot(start: string): string {
  for (let directory = start; ; directory = dirname(directory)) {
    const manifest = join(directory, 'package.json');
    const name = existsSync(manifest)
      ? (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name
      : undefined;
    if (name === PACKAGE_NAME) return directory;
    if (dirname(directory) === directory) throw new Error(`cannot find the ${PACKAGE_NAME} package above ${start}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
export const TEMPLATES_ROOT = join(PACKAGE_ROOT, 'templates');
/** The built app and update generators: what yo registers, and what the bin registers their classes as. */
export const APP_GENERATOR_PATH = join(PACKAGE_ROOT, 'dist/generators/app/index.js');
export const UPDATE_GENERATOR_PATH = join(PACKAGE_ROOT, 'dist/generators/update/index.js');
