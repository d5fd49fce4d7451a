/**
 * The package is publishable as it stands: its manifest says where it comes from, what it runs on and that the
 * tests run before a publish; its CHANGELOG has this version's entry; and `npm publish --dry-run`, as the release
 * workflow calls it, succeeds. The dry run never reaches a registry (--offline, and a registry address nothing
 * listens on), so it gives the same answer on every machine.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';
import { PACKAGE_ROOT } from '../helpers/paths.js';
import { packageManifest } from './support.js';

const execFileAsync = promisify(execFile);

describe('publishing the package', function () {
  this.timeout(120_000);
  const manifest = packageManifest();

  it('names its repository, and its bugs and homepage are that repository on GitHub', () => {
    const url = manifest.repository?.url ?? '';
    const repository = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(url)?.[1];
    assert.ok(repository, `repository.url ${JSON.stringify(url)} is not git+https://github.com/<owner>/<name>.git`);
    assert.equal(manifest.repository?.type, 'git');
    assert.equal(manifest.bugs?.url, `${repository}/issues`);
    assert.equal(manifest.homepage, `${repository}#readme`);
  });

  it('says which Node.js releases it runs on, and the one running the tests is one of them', () => {
    const range = manifest.engines?.['node'];
    assert.ok(range, 'package.json has no engines.node');
    assert.ok(semver.satisfies(process.versions.node, range), `${process.versions.node} is not ${range}`);
  });

  it('builds and runs the fast suite before any publish', () => {
    assert.equal(manifest.scripts['prepublishOnly'], 'npm test');
    assert.match(manifest.scripts['test'] ?? '', /(^|&& )npm run build && mocha$/);
  });

  it("has a CHANGELOG entry for package.json's version", () => {
    const changelog = readFileSync(join(PACKAGE_ROOT, 'CHANGELOG.md'), 'utf8');
    const versions = [...changelog.matchAll(/^## (\S+)/gm)].map((match) => match[1]);
    assert.equal(versions[0], manifest.version, 'the newest entry is not the version package.json carries');
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => semver.rcompare(a ?? '', b ?? '')),
      'entries newest first',
    );
  });

  it('npm publish --dry-run --provenance --access public succeeds, offline', async () => {
    const userconfig = join(mkdtempSync(join(tmpdir(), 'publish-')), 'npmrc');
    writeFileSync(userconfig, '');
    // --ignore-scripts: prepublishOnly is `npm test`, which is running this very test.
    const { stdout } = await execFileAsync(
      'npm',
      [
        'publish',
        '--dry-run',
        '--provenance',
        '--access',
        'public',
        '--ignore-scripts',
        '--offline',
        '--json',
        '--registry',
        'http://127.0.0.1:9/',
        '--userconfig',
        userconfig,
      ],
      { cwd: PACKAGE_ROOT },
    );
    const published = JSON.parse(stdout) as Record<string, { id: string }>;
    assert.equal(published[manifest.name]?.id, `${manifest.name}@${manifest.version}`);
  });
});
