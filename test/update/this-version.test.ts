import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import helpers from 'yeoman-test';
import { DIST, PACKAGE_VERSION } from '../helpers/paths.js';
import { USER_LABEL, dockerfileLabelAnchor, insertAt, threeEdits } from './support/edits.js';
import { olderVersion } from './support/older-version.js';
import {
  freshGeneration,
  generatedProject,
  git,
  installed,
  projectFiles,
  storedAnswers,
  update,
  writeProject,
  commitAll,
} from './support/project.js';

const ARGS = ['--defaults', '--module', 'github.com/acme/api', '--go-version', '1.26'];

function withoutAnswers(files: Record<string, string>): Record<string, string> {
  const { ['.yo-rc.json']: _answers, ...rest } = files;
  return rest;
}

describe('go-container update, from this version or an older one made for the test', function () {
  this.timeout(300_000);

  it('changes an answer offline: only what the answer changes, with the user’s edits kept', async () => {
    const dir = await generatedProject('api', ARGS);
    const base = projectFiles(dir);
    const platforms = 'linux/amd64,linux/arm64,linux/arm/v7';
    const theirs = await freshGeneration('api', [...ARGS, '--platforms', platforms]);
    const label = dockerfileLabelAnchor(base['Dockerfile']!, theirs['Dockerfile']!);
    writeProject(dir, 'Dockerfile', insertAt(base['Dockerfile']!, label, USER_LABEL));
    commitAll(dir, 'My label');

    // updateEnv's registry is a closed port: this version renders the base itself.
    const result = await update(dir, ['--platforms', platforms]);

    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^ {2}go-container 0\.2\.0: recorded in \.yo-rc\.json; its package: this package$/m);
    assert.deepEqual(withoutAnswers(projectFiles(dir)), {
      ...withoutAnswers(theirs),
      Dockerfile: insertAt(theirs['Dockerfile']!, label, USER_LABEL),
    });
    assert.deepEqual(storedAnswers(dir)['platforms'], platforms.split(','));
  });

  it('removes a file no longer written for the new answers if the user never changed it (--ci none)', async () => {
    const dir = await generatedProject('api', ARGS);
    const theirs = await freshGeneration('api', [...ARGS, '--ci', 'none']);

    const result = await update(dir, ['--ci', 'none']);

    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^ {2}remove +\.github\/workflows\/ci\.yml /m);
    assert.deepEqual(withoutAnswers(projectFiles(dir)), withoutAnswers(theirs));
    assert.equal(existsSync(join(dir, '.github')), false, 'the emptied .github directory is left');
  });

  it('writes nothing, .yo-rc.json included, when the project already is what this version makes of its answers', async () => {
    const dir = await generatedProject('api', ARGS);
    writeProject(dir, 'main.go', `${projectFiles(dir)['main.go']}\n// mine\n`);
    commitAll(dir, 'My comment');

    const result = await update(dir, []);

    assert.equal(result.code, 0, result.stderr);
    assert.equal(git(dir, 'status', '--porcelain'), '');
    assert.match(result.stderr, /^ {2}keep +main\.go /m);
    assert.match(result.stderr, /Nothing to change/);
  });

  it('brings a known template change to main.go, the Dockerfile and the Makefile, each edited by the user', async () => {
    const templates = ['service/main.go', 'container/Dockerfile', 'container/Makefile'];
    const older = olderVersion('0.1.2', templates);
    const dir = await generatedProject('api', ARGS, await installed(older.root));
    const base = projectFiles(dir);
    const theirs = await freshGeneration('api', ARGS);
    for (const path of ['main.go', 'Dockerfile', 'Makefile']) {
      assert.ok(base[path]!.startsWith(`${older.lineOf(templates.find((t) => t.endsWith(path))!)}\n`), path);
    }
    const edit = threeEdits(base, theirs);
    for (const [path, content] of Object.entries(edit(base))) writeProject(dir, path, content);
    commitAll(dir, 'My edits');

    const result = await update(dir, ['--from', older.root]);

    assert.equal(result.code, 0, result.stderr);
    for (const path of ['main.go', 'Dockerfile', 'Makefile'])
      assert.match(result.stderr, new RegExp(`^ {2}merge +${path} `, 'm'));
    assert.deepEqual(withoutAnswers(projectFiles(dir)), {
      ...withoutAnswers(theirs),
      ...edit(theirs),
    });
    assert.equal(storedAnswers(dir)['generatorVersion'], PACKAGE_VERSION);
  });

  it('runs as yo go-container:update, taking yo’s options (--allow-dirty, --dry-run) as the bin does', async () => {
    const dir = await generatedProject('api', ARGS);
    writeProject(dir, 'notes.txt', 'uncommitted\n');
    const before = projectFiles(dir);
    const output: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string) => (output.push(String(chunk)), true);
    try {
      await helpers
        .run(join(DIST, 'generators/update/index.js'))
        .cd(dir)
        .withOptions({ 'dry-run': true, 'allow-dirty': true, cgo: true } as never);
    } finally {
      process.stdout.write = write;
    }
    assert.deepEqual(projectFiles(dir), before);
    assert.match(output.join(''), /^diff --git a\/Dockerfile b\/Dockerfile$/m);

    await helpers
      .run(join(DIST, 'generators/update/index.js'))
      .cd(dir)
      .withOptions({ 'allow-dirty': true, cgo: true } as never);
    assert.equal(storedAnswers(dir)['cgo'], true);
    assert.equal(process.exitCode ?? 0, 0);
  });
});
