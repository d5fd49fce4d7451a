import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, PACKAGE_VERSION } from '../helpers/paths.js';
import { USER_LABEL, dockerfileLabelAnchor, insertAt } from './support/edits.js';
import {
  commitAll,
  firstReleaseTarball,
  generateWith,
  installed,
  projectDir,
  projectFiles,
  readProject,
  storedAnswers,
  update,
  writeProject,
} from './support/project.js';
import { runCli } from '../helpers/cli.js';

/** root-main: its own main.go, tests, Makefile, workflow, README and .gitignore; container files go beside them. */
function moduleCopy(): { dir: string; own: Record<string, string> } {
  const dir = projectDir('root-main');
  cpSync(join(FIXTURES, 'root-main'), dir, { recursive: true });
  return { dir, own: projectFiles(dir) };
}

const ARGS = ['--defaults', '--port', '9000'];

describe('go-container update, in an existing module', function () {
  this.timeout(300_000);

  // 0.1.0 as released: it containerised existing modules already, and its container files differ from this
  // version's, so the template's changes have somewhere to arrive.
  let release = '';
  before(async () => {
    release = await firstReleaseTarball();
  });

  /**
   * The module with containers added by `generate`, committed; and what this version adds to a fresh copy from
   * `args` (a function of the generated module: an older version stored answers this one would not default to).
   */
  async function containerised(
    generate: (dir: string) => Promise<void>,
    args: readonly string[] | ((dir: string) => readonly string[]) = ARGS,
  ) {
    const { dir, own } = moduleCopy();
    await generate(dir);
    commitAll(dir);
    const fresh = moduleCopy();
    const result = await runCli(typeof args === 'function' ? args(dir) : args, fresh.dir);
    assert.equal(result.code, 0, result.stderr);
    return { dir, own, base: projectFiles(dir), theirs: projectFiles(fresh.dir) };
  }

  it('never touches the module’s own files, merges the template’s changes into the user’s Dockerfile and replaces the container files the user left, from 0.1.0', async () => {
    const pkg = await installed(release);
    // 0.1.0 built with go.mod's go line (1.24.3); this version with at least the oldest supported Go: the stored
    // answer stays, as it does for update.
    const { dir, own, base, theirs } = await containerised(
      (dir) => generateWith(pkg, ARGS, dir),
      (dir) => [...ARGS, '--go-version', String(storedAnswers(dir)['goVersion'])],
    );
    assert.equal(storedAnswers(dir)['generatorVersion'], undefined);
    for (const path of ['Dockerfile', 'docker.mk'])
      assert.notEqual(base[path], theirs[path], `0.1.0's ${path} is this version's`);
    // docker.mk is the user's to leave alone here: 0.2.0 rewrote it (CONTAINER_ variables, deploy targets), so a
    // target added anywhere in it meets a template change, a conflict (that case: upgrade.test.ts).
    const label = dockerfileLabelAnchor(base['Dockerfile']!, theirs['Dockerfile']!);
    writeProject(dir, 'Dockerfile', insertAt(base['Dockerfile']!, label, USER_LABEL));
    commitAll(dir, 'My label');

    const result = await update(dir, ['--from', release]);

    assert.equal(result.code, 0, result.stderr);
    const after = projectFiles(dir);
    for (const [path, content] of Object.entries(own)) assert.equal(after[path], content, `${path} was touched`);
    assert.equal(after['Dockerfile'], insertAt(theirs['Dockerfile']!, label, USER_LABEL));
    assert.equal(after['docker.mk'], theirs['docker.mk']);
    assert.equal(after['.dockerignore'], theirs['.dockerignore']);
    assert.equal(after['.github/workflows/container.yml'], theirs['.github/workflows/container.yml']);
    assert.deepEqual(Object.keys(after).sort(), Object.keys(theirs).sort());
    assert.equal(storedAnswers(dir)['generatorVersion'], PACKAGE_VERSION);
    assert.doesNotMatch(result.stderr, /main\.go|main_test\.go|README\.md|test\.yml/);
  });

  it('update --cgo --include-makefile changes the container files and only appends the include line to the user’s Makefile', async () => {
    const { dir, own, theirs } = await containerised(
      async (dir) => {
        const result = await runCli(ARGS, dir);
        assert.equal(result.code, 0, result.stderr);
      },
      [...ARGS, '--cgo', '--include-makefile'],
    );

    const result = await update(dir, ['--cgo', '--include-makefile']);

    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^ {2}append +Makefile /m);
    const after = projectFiles(dir);
    assert.equal(after['Makefile'], `${own['Makefile']}\ninclude docker.mk\n`);
    for (const [path, content] of Object.entries(own)) {
      if (path !== 'Makefile') assert.equal(after[path], content, `${path} was touched`);
    }
    const { ['.yo-rc.json']: _answers, ...containerFiles } = theirs;
    for (const [path, content] of Object.entries(containerFiles)) assert.equal(after[path], content, path);
    assert.match(readProject(dir, 'Dockerfile'), /distroless\/cc-debian/);
    assert.equal(storedAnswers(dir)['cgo'], true);
  });
});
