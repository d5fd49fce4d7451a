/**
 * An older version made for a test: this package copied under another version number, with a controlled change
 * to its templates. Updating from it to this package shows that a known template change reaches each of main.go,
 * the Dockerfile and the Makefile, whatever the templates say today: the real 0.1.0 cannot show it for main.go,
 * which this version writes as 0.1.0 did.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDir } from '../../helpers/generate.js';
import { PACKAGE_ROOT } from '../../helpers/paths.js';

export interface OlderVersion {
  readonly version: string;
  /** The package's directory: pass it to update --from. */
  readonly root: string;
  /** The line the older version writes at the top of each changed template's output, which this one does not. */
  readonly lineOf: (template: string) => string;
}

const COMMENT: Readonly<Record<string, string>> = { 'service/main.go': '//' };

/** This package as version `version`, whose `templates` (paths under templates/, without .ejs) begin with one more line. */
export function olderVersion(version: string, templates: readonly string[]): OlderVersion {
  const root = join(freshDir('go-container-older-'), 'package');
  mkdirSync(root);
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(root, 'package.json'), JSON.stringify({ ...manifest, version }, null, 2));
  cpSync(join(PACKAGE_ROOT, 'dist/generators'), join(root, 'dist/generators'), { recursive: true });
  cpSync(join(PACKAGE_ROOT, 'templates'), join(root, 'templates'), { recursive: true });
  symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const lineOf = (template: string): string => `${COMMENT[template] ?? '#'} written by go-container ${version} only`;
  for (const template of templates) {
    const path = join(root, 'templates', `${template}.ejs`);
    writeFileSync(path, `${lineOf(template)}\n${readFileSync(path, 'utf8')}`);
  }
  return { version, root, lineOf };
}
