import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OPTIONS } from '../../generators/lib/options.js';
import { updateHelp } from '../../generators/update/help.js';
import { freshDir, readTree } from '../helpers/generate.js';
import { PACKAGE_ROOT } from '../helpers/paths.js';
import { giveToYoUser, installWithYo, yoCommand, yoWorkspace } from '../helpers/yo.js';
import { firstReleaseTarball, generateWith, installed } from '../update/support/project.js';

const execFileAsync = promisify(execFile);

/** Runs the real yo with `args` in a new directory below the install; `files` are written there first. */
async function yo(prefix: string, args: readonly string[], files: Record<string, string> = {}) {
  const { work, home } = yoWorkspace(prefix, files);
  const [file, ...rest] = yoCommand(prefix, home, args);
  const { stdout, stderr } = await execFileAsync(file, rest, { cwd: work, timeout: 60_000 });
  return { stdout, stderr, work };
}

/** The bin's file, as package.json declares it. */
const manifestBin = (): string =>
  (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin[
    'go-container'
  ] ?? assert.fail('package.json declares no go-container bin');

describe('yo go-container, with the packed package installed beside the real yo, run as an unprivileged user', function () {
  this.timeout(240_000);

  let prefix = '';
  before(async () => {
    prefix = await installWithYo();
  });

  it('installs only what runs', () => {
    const installed = readdirSync(join(prefix, 'node_modules/generator-go-container')).sort();
    assert.deepEqual(installed, ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json', 'templates']);
  });

  it('is listed by yo --generators, with its docker sub-generator', async () => {
    const { stdout } = await yo(prefix, ['--generators']);
    assert.match(stdout, /^\s+go-container$/m);
    assert.match(stdout, /^\s+docker$/m);
  });

  it('scaffolds a new service and prints the equivalent yo command', async () => {
    const { stderr, work } = await yo(prefix, ['go-container', '--defaults', '--name', 'demo', '--go-version', '1.26']);
    const tree = readTree(work);
    for (const path of ['Dockerfile', 'Makefile', 'main.go', 'main_test.go', 'go.mod', '.yo-rc.json']) {
      assert.ok(tree.paths.includes(path), `no ${path} in ${tree.paths.join(', ')}`);
    }
    assert.match(tree.read('go.mod'), /^module github\.com\/[a-z0-9-]+\/demo$/m);
    assert.match(stderr, /^ {2}yo go-container --name demo /m);
  });

  it('adds only the container files to an existing module with yo go-container:docker', async () => {
    const files = {
      'go.mod': 'module example.com/tool\n\ngo 1.26\n',
      'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":9000", nil) }\n',
    };
    const { stderr, work } = await yo(prefix, ['go-container:docker', '--defaults'], files);
    const tree = readTree(work);
    assert.equal(tree.read('main.go'), files['main.go']);
    assert.equal(tree.read('go.mod'), files['go.mod']);
    assert.ok(!tree.paths.includes('main_test.go'));
    assert.match(tree.read('Dockerfile'), /^EXPOSE 9000$/m);
    assert.match(stderr, /^ {2}yo go-container:docker --main \. --name tool /m);
  });

  it('--help is the help of the bin, readable at 80 columns, with the yo command and without the bin-only options', async () => {
    const { stdout } = await yo(prefix, ['go-container', '--help']);
    const lines = stdout.trimEnd().split('\n');
    assert.deepEqual(
      lines.filter((line) => line.length > 80),
      [],
    );
    assert.equal(lines[0], 'Usage: yo go-container [options]');
    const flags = lines.flatMap((line) => /^ {2}(?:-\w, )?(--[a-z-]+)/.exec(line)?.[1] ?? []);
    assert.deepEqual(flags, [
      ...OPTIONS.map((spec) => `--${spec.flag}`),
      '--defaults',
      '--ask-answered',
      '--force',
      '--dry-run',
      '--help',
    ]);
    assert.match(stdout.replace(/\s+/g, ' '), /Here: ghcr\.io\/example\/work\./);
    assert.doesNotMatch(stdout, /--skip-install|--skip-cache|--force-install/);
  });

  it('refuses an unknown flag with the message of the bin, in one line, and writes nothing', async () => {
    const { work, home } = yoWorkspace(prefix);
    const [file, ...rest] = yoCommand(prefix, home, ['go-container', '--defaults', '--prot', '9000']);
    const failed = await execFileAsync(file, rest, { cwd: work, timeout: 60_000 }).then(
      () => assert.fail('yo accepted --prot'),
      (error: unknown) => error as { code: number; stderr: string },
    );
    assert.equal(failed.code, 1);
    assert.equal(failed.stderr, "go-container: unknown option '--prot' (did you mean --port?)\n");
    assert.deepEqual(readdirSync(work), []);
  });

  it('runs yo go-container:update with update’s own flags (--dry-run --from) in a project 0.1.0 generated', async () => {
    const release = await firstReleaseTarball();
    const { work, home } = yoWorkspace(prefix);
    await generateWith(await installed(release), ['--defaults', '--name', 'shop', '--runtime', 'scratch'], work);
    // The package of 0.1.0 where the user yo runs as can read it.
    const from = join(home, 'generator-go-container-0.1.0.tgz');
    copyFileSync(release, from);
    giveToYoUser(work);
    giveToYoUser(home);
    const before = readTree(work).files;
    const [file, ...rest] = yoCommand(prefix, home, ['go-container:update', '--dry-run', '--from', from]);

    const { stdout, stderr } = await execFileAsync(file, rest, { cwd: work, timeout: 120_000 });

    assert.match(stderr, /^Would update .* from go-container 0\.1\.0 to 0\.2\.0, with your stored answers$/m);
    assert.match(stderr, /--dry-run: nothing written\./);
    assert.match(stdout, /^diff --git a\/Makefile b\/Makefile$/m);
    assert.deepEqual(readTree(work).files, before);
  });

  it('the installed bundled bin, its dependencies beside it, runs go-container update as yo does', async () => {
    const release = await firstReleaseTarball();
    const work = join(freshDir('bin-update-'), 'shop');
    mkdirSync(work);
    await generateWith(await installed(release), ['--defaults', '--name', 'shop', '--runtime', 'scratch'], work);
    const before = readTree(work).files;
    const bin = join(prefix, 'node_modules/generator-go-container', manifestBin());

    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, 'update', '--dry-run', '--from', release], {
      cwd: work,
      timeout: 120_000,
    });

    assert.match(stderr, /^Would update .* from go-container 0\.1\.0 to 0\.2\.0, with your stored answers$/m);
    assert.match(stdout, /^diff --git a\/Makefile b\/Makefile$/m);
    assert.deepEqual(readTree(work).files, before);
  });

  it('yo go-container:update --help is the help of go-container update, with the yo command', async () => {
    const { stdout } = await yo(prefix, ['go-container:update', '--help']);
    assert.equal(stdout.trimEnd(), updateHelp('yo go-container:update').trimEnd());
  });

  it('the bin fetched by npx -p prints the npx command to make the same service again', async () => {
    const tarball = readdirSync(prefix).find((name) => name.endsWith('.tgz'));
    assert.ok(tarball, 'no packed package');
    const dir = freshDir('npx-run-');
    const { stderr } = await execFileAsync(
      'npx',
      ['--yes', '--prefer-offline', '-p', join(prefix, tarball), 'go-container', '--defaults', '--name', 'fetched'],
      { cwd: dir, timeout: 180_000 },
    );
    assert.match(stderr, /^ {2}npx -p generator-go-container go-container --name fetched /m);
    assert.ok(readdirSync(dir).includes('Dockerfile'));
  });
});
