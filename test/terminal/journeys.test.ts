/**
 * The interactive journeys, as a person walks them at an 80-column terminal, with the real `yo` (as an
 * unprivileged user) and with the `go-container` bin: every question answered with Enter, then with other values,
 * refused values re-asked, a module with two main packages, Ctrl-C and aborts that must leave nothing written.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OPTIONS, type Answers } from '../../generators/lib/options.js';
import { dockerfileGoBuild } from '../helpers/go-service.js';
import { readTree } from '../helpers/generate.js';
import { FIXTURES } from '../helpers/paths.js';
import { installWithYo } from '../helpers/yo.js';
import { TERMINAL_ROWS, type Situation, type TerminalRow } from './answering.js';
import { LAUNCHERS, Launch, type Launcher, type Workspace } from './harness/launch.js';
import { listOnScreen } from './harness/person.js';
import { type TerminalSession } from './harness/terminal.js';
import { ANSWERED, walk } from './harness/walk.js';

const run = promisify(execFile);

/** How each situation of the table is set up: the workspace's contents and the flags given. */
const SITUATIONS: Record<Situation, { fixture?: string; args: readonly string[] }> = {
  'new service': { args: [] },
  'new cgo service': { args: [] },
  'fixture multi-main': { fixture: join(FIXTURES, 'multi-main'), args: [] },
  'fixture root-main': { fixture: join(FIXTURES, 'root-main'), args: [] },
};

const rowsIn = (...situations: Situation[]): TerminalRow[] =>
  TERMINAL_ROWS.filter((row) => situations.includes(row.askedIn));

function stored(workspace: Workspace): Record<string, unknown> {
  const config = JSON.parse(readFileSync(join(workspace.dir, '.yo-rc.json'), 'utf8')) as Record<string, unknown>;
  return config['generator-go-container'] as Record<string, unknown>;
}

/** The lines the program printed after the last question was drawn, without blank ones. */
function linesAfterLastQuestion(session: TerminalSession): string[] {
  const lines = session.transcript().split('\n');
  const last = lines.findLastIndex((line) => /^[?✔] /.test(line));
  return lines.slice(last + 1).filter((line) => line.trim() !== '');
}

/** A one-line message after the question, and nothing Yeoman prints when a task throws. */
function assertOneLine(session: TerminalSession, message: string): void {
  const transcript = session.transcript();
  assert.doesNotMatch(transcript, /An error occured|^\s+at |Error /m, `a stack trace or an error dump:\n${transcript}`);
  const after = linesAfterLastQuestion(session).filter((line) => !line.startsWith('>'));
  assert.deepEqual(after, [message], `expected only "${message}" after the question:\n${transcript}`);
}

describe('a person at a terminal (yo as an unprivileged user, and the go-container bin)', function () {
  this.timeout(120_000);

  let launch: Launch;
  before(async function () {
    this.timeout(240_000);
    launch = new Launch(await installWithYo());
  });
  afterEach(() => launch.killAll());

  for (const launcher of LAUNCHERS) {
    describe(`with ${launcher === 'yo' ? 'yo go-container' : 'go-container'}`, () => {
      it('scaffolds a new service with Enter at every question, storing the defaults', async () => {
        const workspace = launch.workspace(launcher);
        const session = launch.start(workspace);
        const { asked } = await walk(session);
        assert.deepEqual(await session.exited, { code: 0, signal: 0 }, session.transcript());
        assert.deepEqual(asked, [
          'name',
          'module',
          'goVersion',
          'cgo',
          'runtime',
          'debian',
          'port',
          'image',
          'platforms',
          'ci',
          'ciLayout',
        ]);
        assert.deepEqual(stored(workspace), {
          name: 'work',
          module: 'github.com/example/work',
          goVersion: stored(workspace)['goVersion'],
          cgo: false,
          runtime: 'distroless',
          debian: 'trixie',
          port: 8080,
          image: 'ghcr.io/example/work',
          platforms: ['linux/amd64', 'linux/arm64'],
          ci: 'github',
          ciLayout: 'single',
        });
        for (const file of ['main.go', 'go.mod', 'Dockerfile', 'Makefile', '.github/workflows/ci.yml']) {
          assert.ok(existsSync(join(workspace.dir, file)), `no ${file}`);
        }
      });

      it('in a module with two main packages, lists both and builds the one chosen', async () => {
        const workspace = launch.workspace(launcher, { fixture: join(FIXTURES, 'multi-main') });
        const session = launch.start(workspace);
        await session.waitFor('? Main package to build into the image');
        assert.deepEqual(
          listOnScreen(session, 'Main package to build into the image').map((entry) => entry.name),
          ['./cmd/api', './cmd/worker'],
        );
        const { asked } = await walk(session, { replies: { main: { kind: 'pick', entry: './cmd/worker' } } });
        assert.deepEqual(await session.exited, { code: 0, signal: 0 }, session.transcript());
        assert.equal(asked[0], 'main');
        assert.equal(stored(workspace)['main'], './cmd/worker');
        assert.match(readFileSync(join(workspace.dir, 'Dockerfile'), 'utf8'), /go build .* \.\/cmd\/worker$/m);
        const build = dockerfileGoBuild(readFileSync(join(workspace.dir, 'Dockerfile'), 'utf8'));
        await run('go', ['build', ...build.args, '-o', join(workspace.dir, 'bin/worker'), './cmd/worker'], {
          cwd: workspace.dir,
          env: { ...process.env, ...build.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' },
        });
        assert.ok(existsSync(join(workspace.dir, 'bin/worker')));
      });

      it('Ctrl-C at the first question writes nothing, says so in one line and exits 130', async () => {
        const workspace = launch.workspace(launcher);
        const session = launch.start(workspace);
        await walk(session, { ctrlCAt: 'name' });
        assert.equal((await session.exited).code, 130, session.transcript());
        assertOneLine(session, 'Cancelled: nothing was written.');
        assert.deepEqual(readTree(workspace.dir).paths, []);
      });
    });
  }
});
