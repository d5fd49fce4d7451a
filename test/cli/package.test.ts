import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { FILES } from '../../generators/lib/files.js';
import { PACKAGE_ROOT } from '../helpers/paths.js';

const execFileAsync = promisify(execFile);

/** Every file under `dir` of the package root, as package-relative paths. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(PACKAGE_ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(PACKAGE_ROOT, join(entry.parentPath, entry.name)));
}

describe('the published npm package', function () {
  this.timeout(120_000);

  let paths: string[] = [];
  before(async () => {
    // dist/ is already built by `npm test`; --ignore-scripts keeps npm from rebuilding it.
    const { stdout } = await execFileAsync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: PACKAGE_ROOT,
    });
    const [pack] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
    paths = (pack?.files ?? []).map((file) => file.path);
  });

  it('contains the bin, every generator and every template', () => {
    for (const path of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/generators/go-container.js',
      'dist/generators/app/index.js',
    ]) {
      assert.ok(paths.includes(path), `missing ${path}`);
    }
    for (const file of FILES)
      assert.ok(paths.includes(`templates/${file.template}.ejs`), `missing template ${file.template}`);
  });

  it('carries the license package.json names: the Apache License 2.0, in full', () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { license: string };
    assert.equal(manifest.license, 'Apache-2.0');
    const license = readFileSync(join(PACKAGE_ROOT, 'LICENSE'), 'utf8');
    assert.match(license, /^\s*Apache License\s+Version 2\.0, January 2004/);
    assert.match(license, /END OF TERMS AND CONDITIONS/);
  });

  it('contains exactly the built generators, the templates, README, LICENSE, CHANGELOG and package.json', () => {
    const expected = [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'package.json',
      // The bundler of the bin (generators/build/) runs at build time only.
      ...filesUnder('dist/generators').filter((path) => !path.startsWith('dist/generators/build/')),
      ...filesUnder('templates'),
    ].sort();
    assert.deepEqual([...paths].sort(), expected);
  });

  it('contains only what runs: JavaScript, no tests, no TypeScript sources, no source maps or declarations', () => {
    const built = paths.filter((path) => path.startsWith('dist/'));
    assert.deepEqual(
      built.filter((path) => !path.endsWith('.js')),
      [],
    );
    assert.deepEqual(
      paths.filter((path) => path.endsWith('.ts') || /(^|\/)test\//.test(path)),
      [],
    );
  });
});
