import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freshDir } from '../helpers/generate.js';
import { PACKAGE_ROOT } from '../helpers/paths.js';
import { startNpmRegistry, type NpmRegistry } from './support/npm-registry.js';
import {
  commitAll,
  firstReleaseCommit,
  firstReleaseTarball,
  generateWith,
  installed,
  projectDir,
  projectFiles,
  update,
  updateEnv,
} from './support/project.js';

const execFileAsync = promisify(execFile);

describe('0.1.0, the version the update tests upgrade from', function () {
  this.timeout(900_000);

  let tarball = '';
  before(async () => {
    tarball = await firstReleaseTarball();
  });

  it('is built from the first commit whose generator stores its answers in .yo-rc.json, whose package.json says 0.1.0', () => {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: PACKAGE_ROOT, encoding: 'utf8' });
    const first = git('log', '--reverse', '--format=%H', '-S', 'config.set', '--', 'generators').split('\n')[0];
    assert.equal(firstReleaseCommit(), first);
    const manifest = JSON.parse(git('show', `${first}:package.json`)) as { name: string; version: string };
    assert.deepEqual([manifest.name, manifest.version], ['generator-go-container', '0.1.0']);
  });

  it('is that commit packed by npm: its bin generates a service and stores the answers, without a version', async () => {
    const old = await installed(tarball);
    assert.equal(old.version, '0.1.0');
    const dir = projectDir('svc');
    await generateWith(old, ['--defaults', '--name', 'svc'], dir);
    const files = Object.keys(projectFiles(dir));
    for (const path of ['main.go', 'Dockerfile', 'Makefile', '.yo-rc.json']) assert.ok(files.includes(path), path);
    const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-go-container'];
    assert.equal(stored.name, 'svc');
    assert.equal(stored.generatorVersion, undefined);
  });
});

describe('the stand-in npm registry (0.1.0 was never published)', function () {
  this.timeout(900_000);

  let tarball = '';
  let registry: NpmRegistry;
  before(async () => {
    tarball = await firstReleaseTarball();
    registry = await startNpmRegistry([tarball]);
  });
  after(() => registry?.close());

  const npmPack = (spec: string) => {
    const destination = freshDir('npm-pack-');
    return execFileAsync(
      'npm',
      [
        'pack',
        spec,
        '--json',
        '--pack-destination',
        destination,
        '--registry',
        registry.url,
        '--cache',
        freshDir('npm-cache-'),
      ],
      { cwd: destination },
    ).then(({ stdout }) => join(destination, (JSON.parse(stdout) as [{ filename: string }])[0].filename));
  };

  it('gives npm the very tarball built from history', async () => {
    const fetched = await npmPack('generator-go-container@0.1.0');
    assert.ok(readFileSync(fetched).equals(readFileSync(tarball)));
  });

  it('answers an unknown version and an unknown package as the registry does: ETARGET, E404', async () => {
    await assert.rejects(npmPack('generator-go-container@0.1.5'), /ETARGET|No matching version/);
    await assert.rejects(npmPack('no-such-package-here@1.0.0'), /E404/);
  });

  it('serves update, which fetches the recorded version once, says so, and then works from its cache offline', async () => {
    const old = await installed(tarball);
    const dir = projectDir('svc');
    await generateWith(old, ['--defaults', '--name', 'svc'], dir);
    commitAll(dir);
    const env = updateEnv({ npm_config_registry: registry.url });
    const served = registry.tarballsServed();

    const first = await update(dir, ['--dry-run'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /Fetching generator-go-container@0\.1\.0 from the npm registry/);
    assert.equal(registry.tarballsServed(), served + 1);
    assert.deepEqual(readdirSync(join(env['GO_CONTAINER_CACHE']!, 'packages')), ['0.1.0']);

    // No registry at all now: the cache is enough.
    const second = await update(dir, [], { ...env, npm_config_registry: 'http://127.0.0.1:9/' });
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stderr, /Fetching/);
    assert.match(second.stderr, /cached in /);
    assert.equal(registry.tarballsServed(), served + 1);
  });

  it('is not needed with --from: the package of the recorded version, as a tarball or a directory', async () => {
    const old = await installed(tarball);
    for (const from of [tarball, old.root]) {
      const dir = projectDir('svc');
      await generateWith(old, ['--defaults', '--name', 'svc'], dir);
      commitAll(dir);
      const result = await update(dir, ['--from', from], updateEnv());
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, new RegExp(`its package: from ${from.replaceAll('.', '\\.')}$`, 'm'));
    }
  });
});
