/** What the release tests read: this package's manifest and its release workflow. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../helpers/paths.js';

export const RELEASE_WORKFLOW = '.github/workflows/release.yml';

export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly homepage?: string;
  readonly repository?: { readonly type: string; readonly url: string };
  readonly bugs?: { readonly url: string };
  readonly engines?: Readonly<Record<string, string>>;
  readonly files?: readonly string[];
  readonly scripts: Readonly<Record<string, string>>;
}

/** package.json, read afresh (not through the generator's own reading of it). */
export function packageManifest(): Manifest {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as Manifest;
}
