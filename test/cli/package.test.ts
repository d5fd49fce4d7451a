import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FILES } from '../../generators/lib/files.js';
import { PACKAGE_ROOT } from '../helpers/paths.js';

const execFileAsync = promisify(execFile);

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

  it('contains only what runs: no tests, no TypeScript sources, no build or CI configuration', () => {
    const stray = paths.filter(
      (path) =>
        !(
          path === 'package.json' ||
          path === 'README.md' ||
          path === 'LICENSE' ||
          path.startsWith('dist/generators/') ||
          path.startsWith('templates/')
        ),
    );
    assert.deepEqual(stray, []);
    assert.deepEqual(
      paths.filter((path) => path.endsWith('.ts') || path.includes('/test/')),
      [],
    );
  });
});
