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

  const git = (...args: string[]): string => execFileSync('git', args, { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  const versionAt = (commit: string): string =>
    (JSON.parse(git('show', `${commit}:package.json`)) as { version: string }).version;

  it('is built from the commit released as 0.1.0: package.json says so, and the commit that raised the version follows it', () => {
    const release = firstReleaseCommit();
    const manifest = JSON.parse(git('show', `${release}:package.json`)) as { name: string; version: string };
    assert.deepEqual([manifest.name, manifest.version], ['generator-go-container', '0.1.0']);
    // The commits that changed package.json's version line, newest first: the one after 0.1.0 raised it.
    const [raised] = git('log', '--format=%H', '-G', '"version":', 'HEAD', '--', 'package.json').split('\n');
    assert.notEqual(versionAt(raised!), '0.1.0');
    assert.equal(versionAt(`${raised}^`), '0.1.0');
    git('merge-base', '--is-ancestor', release, raised!);
    // Not an early commit of 0.1.0: the release is the last commit before the 0.2.0 round (see the script), and
    // its templates differ from the first commit's, which an update from the wrong base takes for user edits.
    assert.notEqual(
      git('rev-parse', `${release}:templates`),
      git('rev-parse', `${git('rev-list', '--max-parents=0', 'HEAD').trim()}:templates`),
    );
  });

  it('stores the answers in .yo-rc.json, as every commit did since the first: the release, not that first commit, is the base', () => {
    const release = firstReleaseCommit();
    const [first] = git('log', '--reverse', '--format=%H', '-S', 'config.set', 'HEAD', '--', 'generators').split('\n');
    assert.equal(first, git('rev-list', '--max-parents=0', 'HEAD').trim());
    assert.match(git('grep', '-h', 'config.set', release, '--', 'generators'), /this\.config\.set\(answers\)/);
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
