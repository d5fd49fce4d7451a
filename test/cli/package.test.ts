import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
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
    for (const path of ['package.json', 'README.md', 'dist/generators/cli.js', 'dist/generators/app/index.js']) {
      assert.ok(paths.includes(path), `missing ${path}`);
    }
    for (const file of FILES)
      assert.ok(paths.includes(`templates/${file.template}.ejs`), `missing template ${file.template}`);
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
