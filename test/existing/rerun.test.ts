/**
 * Re-running never clobbers: with the same answers every file is "identical", a file the user edited is kept
 * (and said so) unless --force, and the include line is added once. Run through the go-container bin, as a user
 * does, in real directories (no terminal: the runs cannot ask).
 */
import { DEPLOY_FILES } from '../helpers/deploy-files.js';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';
import { freshDir } from '../helpers/generate.js';
import { copyFixture, envWith, hashTree } from './support.js';

/** Runs the bin with --defaults; `stdout` holds everything it printed (Yeoman logs to stderr). */
async function goContainer(dir: string, ...args: string[]): Promise<CliResult> {
  const result = await runCli(['--defaults', ...args], dir, envWith());
  assert.equal(result.code, 0, `go-container ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return { ...result, stdout: `${result.stdout}${result.stderr}` };
}

/** `identical Dockerfile` ... : the conflicter's status of each file the run wrote or would have written. */
function statuses(stdout: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of stdout.matchAll(/^\s*(create|identical|conflict|force|skip)\s+(\S+)$/gm)) {
    found[match[2] ?? ''] = match[1] ?? '';
  }
  return found;
}

/** compose.yaml and deploy/kubernetes, written by default where the module has none of its own. */
const deployFiles = (status: string): Record<string, string> =>
  Object.fromEntries(DEPLOY_FILES.map((path) => [path, status]));

describe('re-running in an existing module', function () {
  this.timeout(120_000);

  it('with the same answers changes nothing: every file is identical, byte for byte', async () => {
    const dir = copyFixture('multi-main');
    const first = await goContainer(dir);
    assert.deepEqual(statuses(first.stdout), {
      '.yo-rc.json': 'create',
      Dockerfile: 'create',
      '.dockerignore': 'create',
      Makefile: 'create',
      '.github/workflows/ci.yml': 'create',
      ...deployFiles('create'),
      '.github/dependabot.yml': 'create',
      '.github/go-caches.Dockerfile': 'create',
    });
    const before = hashTree(dir);
    const second = await goContainer(dir);
    assert.deepEqual(statuses(second.stdout), {
      Dockerfile: 'identical',
      '.dockerignore': 'identical',
      Makefile: 'identical',
      '.github/workflows/ci.yml': 'identical',
      ...deployFiles('identical'),
      '.github/dependabot.yml': 'identical',
      '.github/go-caches.Dockerfile': 'identical',
    });
    assert.deepEqual(hashTree(dir), before);
  });

  it("keeps the docker.mk and container.yml layout next to the user's own Makefile and workflow", async () => {
    const dir = copyFixture('root-main');
    const first = await goContainer(dir);
    assert.match(first.stdout, /Your Makefile is unchanged\. .*\n {2}include docker\.mk$/m);
    assert.match(
      first.stdout,
      /Your workflows are unchanged: the image is built by \.github\/workflows\/container\.yml/,
    );
    const before = hashTree(dir);
    const second = await goContainer(dir);
    assert.deepEqual(statuses(second.stdout), {
      Dockerfile: 'identical',
      '.dockerignore': 'identical',
      'docker.mk': 'identical',
      '.github/workflows/container.yml': 'identical',
      ...deployFiles('identical'),
      '.github/dependabot.yml': 'identical',
      '.github/go-caches.Dockerfile': 'identical',
    });
    assert.deepEqual(hashTree(dir), before);
  });

  it('--include-makefile appends the include line once; later runs leave the Makefile alone', async () => {
    const dir = copyFixture('root-main');
    const original = readFileSync(join(dir, 'Makefile'), 'utf8');
    const first = await goContainer(dir, '--include-makefile');
    assert.equal(statuses(first.stdout)['Makefile'], 'force');
    assert.equal(readFileSync(join(dir, 'Makefile'), 'utf8'), `${original}\ninclude docker.mk\n`);
    assert.match(first.stdout, /Your Makefile includes docker\.mk/);
    const before = hashTree(dir);
    const second = await goContainer(dir, '--include-makefile');
    assert.equal(statuses(second.stdout)['Makefile'], undefined);
    assert.deepEqual(hashTree(dir), before);
  });

  it('keeps a file the user edited, says it is a conflict, and --force overwrites it', async () => {
    const dir = copyFixture('cgo-sqlite');
    await goContainer(dir);
    appendFileSync(join(dir, 'Dockerfile'), '# tuned by hand\n');
    const edited = readFileSync(join(dir, 'Dockerfile'));
    const kept = await goContainer(dir);
    assert.equal(statuses(kept.stdout)['Dockerfile'], 'skip');
    assert.match(kept.stdout, /^conflict Dockerfile: kept as it is .* --force to overwrite it$/m);
    assert.ok(readFileSync(join(dir, 'Dockerfile')).equals(edited), 'the edited Dockerfile was changed');
    assert.equal(statuses(kept.stdout)['Makefile'], 'identical');

    const forced = await goContainer(dir, '--force');
    assert.equal(statuses(forced.stdout)['Dockerfile'], 'force');
    assert.doesNotMatch(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /tuned by hand/);
  });

  it('keeps the dependabot.yml the module already had, and writes none of its own', async () => {
    const dir = copyFixture('multi-main');
    const theirs =
      'version: 2\nupdates:\n  - package-ecosystem: gomod\n    directory: /\n    schedule:\n      interval: daily\n';
    mkdirSync(join(dir, '.github'), { recursive: true });
    writeFileSync(join(dir, '.github/dependabot.yml'), theirs);
    const first = await goContainer(dir);
    assert.equal(statuses(first.stdout)['.github/dependabot.yml'], undefined);
    assert.equal(readFileSync(join(dir, '.github/dependabot.yml'), 'utf8'), theirs);
    const second = await goContainer(dir);
    assert.equal(statuses(second.stdout)['.github/dependabot.yml'], undefined);
    assert.equal(readFileSync(join(dir, '.github/dependabot.yml'), 'utf8'), theirs);
  });

  it('a first run beside the module’s own Dockerfile writes nothing without a terminal, and says how to go on', async () => {
    const dir = copyFixture('newer-go');
    const theirs = 'FROM golang:1.27\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n';
    writeFileSync(join(dir, 'Dockerfile'), theirs);
    const before = hashTree(dir);
    const refused = await runCli(['--defaults'], dir, envWith());
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(
      refused.stderr,
      /^go-container: Dockerfile differs from what this run writes, and there is no terminal to ask whether to overwrite it\. Keeping it while storing the answers of a first run in \.yo-rc\.json would leave it out of step with \.yo-rc\.json, so nothing was written\. To go on: --force overwrites it; running at a terminal asks about each file\.$/m,
    );
    assert.deepEqual(hashTree(dir), before, 'something was written');
    assert.ok(!existsSync(join(dir, '.yo-rc.json')));

    const forced = await goContainer(dir, '--force');
    assert.equal(statuses(forced.stdout)['Dockerfile'], 'force');
  });

  it('a re-run with a changed answer and an edited file writes nothing without a terminal: not even .yo-rc.json', async () => {
    // GIVEN a module containerised with --port 8080, its Dockerfile then edited
    const dir = copyFixture('cgo-sqlite');
    await goContainer(dir, '--port', '8080');
    appendFileSync(join(dir, 'Dockerfile'), '# tuned by hand\n');
    const before = hashTree(dir);
    // WHEN it is run again with --port 9090 and no terminal
    const refused = await runCli(['--defaults', '--port', '9090'], dir, envWith());
    // THEN it stops, names every file it would have kept and the ways out, and leaves every file as it was
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    const message = /^go-container: (.*) differ from what this run writes.*$/m.exec(refused.stderr);
    assert.ok(message, refused.stderr);
    assert.deepEqual(message[1]?.split(', ').sort(), [
      'Dockerfile',
      'Makefile',
      'compose.yaml',
      'deploy/kubernetes/base/deployment.yaml',
    ]);
    assert.match(message[0], /storing the changed answers \(--port 9090\) in \.yo-rc\.json/);
    assert.match(
      message[0],
      /To go on: `go-container update --port 9090` applies the change and merges it into your edits; --force overwrites them; running at a terminal asks about each file\.$/,
    );
    assert.deepEqual(hashTree(dir), before, 'something was written');
    assert.equal(JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-go-container'].port, 8080);
  });

  it('a new service scaffolded here stays a new service on re-runs: all its files identical', async () => {
    const fresh = freshDir('go-container-new-');
    await goContainer(fresh, '--name', 'svc');
    const second = await goContainer(fresh);
    const seen = statuses(second.stdout);
    assert.equal(seen['main.go'], 'identical');
    assert.equal(seen['Dockerfile'], 'identical');
    assert.ok(
      Object.values(seen).every((status) => status === 'identical'),
      JSON.stringify(seen),
    );
  });
});

describe('--dry-run', function () {
  this.timeout(120_000);

  /** Runs the bin; its statuses (stderr) and its diff (stdout) apart. */
  async function dryRun(dir: string, ...args: string[]): Promise<CliResult> {
    const result = await runCli(['--defaults', '--dry-run', ...args], dir, envWith());
    assert.equal(result.code, 0, `${result.stdout}${result.stderr}`);
    return result;
  }

  it('of a new service: one create line per file, no file’s content, nothing written', async () => {
    const dir = freshDir('go-container-dry-');
    const result = await dryRun(dir, '--name', 'svc');
    assert.deepEqual(readdirSync(dir), []);
    assert.equal(result.stdout, '', 'file contents were printed');
    const real = freshDir('go-container-real-');
    const written = await goContainer(real, '--name', 'svc');
    assert.deepEqual(statuses(result.stderr), statuses(written.stdout));
    assert.ok(Object.values(statuses(result.stderr)).every((status) => status === 'create'));
    assert.doesNotMatch(result.stderr, /removed|added/, 'a colour legend');
  });

  it('of a re-run with one changed flag: a line per file, and a unified diff that git apply turns into what --force writes', async () => {
    // GIVEN a service committed to git
    const dir = freshDir('go-container-dry-');
    await goContainer(dir, '--name', 'svc');
    const git = (...args: string[]): string =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
        cwd: dir,
        encoding: 'utf8',
      });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'generated');
    const worktree = (): Record<string, string> =>
      Object.fromEntries(Object.entries(hashTree(dir)).filter(([path]) => !path.startsWith('.git/')));
    const before = worktree();
    // WHEN --port 9090 is tried with --dry-run
    const result = await dryRun(dir, '--port', '9090');
    // THEN nothing is written; each file has one line; only the files that change are in the diff
    assert.deepEqual(worktree(), before);
    const seen = statuses(result.stderr);
    assert.equal(seen['.yo-rc.json'], 'force');
    assert.equal(seen['main.go'], 'conflict');
    assert.equal(seen['go.mod'], 'identical');
    assert.doesNotMatch(result.stderr, /removed|added|^[+-] /m, 'file contents or a legend on the status lines');
    const diffed = [...result.stdout.matchAll(/^diff --git a\/(\S+) b\//gm)].map((match) => match[1]).sort();
    const changing = Object.entries(seen)
      .filter(([, status]) => status === 'conflict' || status === 'force')
      .map(([path]) => path)
      .sort();
    assert.deepEqual(diffed, changing);
    // AND it says what the same run would do without a terminal: stop, naming the files and the ways on
    assert.match(
      result.stderr,
      /^Note: main\.go, .* differ from what this run writes, .* so without --dry-run nothing would be written\. To go on: `go-container update --port 9090` applies the change/m,
    );
    assert.doesNotMatch((await dryRun(dir, '--port', '9090', '--force')).stderr, /^Note: /m);
    assert.ok(
      result.stdout.split('\n').every((line) => line === '' || /^(diff --git |--- |\+\+\+ |@@ |[ +-])/.test(line)),
      'stdout is a unified diff and nothing else',
    );
    writeFileSync(join(dir, '..', 'change.patch'), result.stdout);
    git('apply', join(dir, '..', 'change.patch'));
    const applied = worktree();
    git('checkout', '-q', '.');
    await goContainer(dir, '--port', '9090', '--force');
    assert.deepEqual(worktree(), applied);
  });
});
