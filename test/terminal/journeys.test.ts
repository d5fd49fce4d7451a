/**
 * The interactive journeys, as a person walks them at an 80-column terminal, with the real `yo` (installed from the
 * packed package, run as an unprivileged user) and with the `go-container` bin: every situation answered with Enter
 * only, then with other values (answering.ts says how), refused values re-asked, Ctrl-C and aborts that leave
 * nothing written, a non-empty directory, re-runs. The last test fails when a row of the options table was never
 * answered here.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OPTIONS, type Answers } from '../../generators/lib/options.js';
import { dockerfileGoBuild } from '../helpers/go-service.js';
import { readTree } from '../helpers/generate.js';
import { FIXTURES } from '../helpers/paths.js';
import { installWithYo } from '../helpers/yo.js';
import { TERMINAL_ROWS, type Situation } from './answering.js';
import { LAUNCHERS, Launch, type Launcher, type Workspace } from './harness/launch.js';
import { CTRL_C, ENTER, answer, listOnScreen, type Reply } from './harness/person.js';
import { type TerminalSession } from './harness/terminal.js';
import { ANSWERED, settleConflicts, uncovered, walk } from './harness/walk.js';

const run = promisify(execFile);

/** How each situation of the table is met: what the directory holds, and the flags given. */
const SITUATIONS: Record<Situation, { readonly fixture?: string; readonly args: readonly string[] }> = {
  'new service': { args: [] },
  'new cgo service': { args: [] },
  'fixture multi-main': { fixture: join(FIXTURES, 'multi-main'), args: [] },
  'fixture root-main': { fixture: join(FIXTURES, 'root-main'), args: [] },
};

function stored(workspace: Workspace): Record<string, unknown> {
  const config = JSON.parse(readFileSync(join(workspace.dir, '.yo-rc.json'), 'utf8')) as Record<string, unknown>;
  return config['generator-go-container'] as Record<string, unknown>;
}

const read = (workspace: Workspace, path: string): string => readFileSync(join(workspace.dir, path), 'utf8');

/**
 * The lines printed after the last question, without blank ones and without what the question itself left on the
 * screen (the entries of a list, its key help, its error line).
 */
function linesAfterLastQuestion(session: TerminalSession): string[] {
  const lines = session.transcript().split('\n');
  const last = lines.findLastIndex((line) => /^[?✔] /.test(line));
  const promptChrome = /^(❯|\s+\S|>)|navigate/;
  return lines.slice(last + 1).filter((line) => line.trim() !== '' && !promptChrome.test(line));
}

/** One line after the question, and nothing Yeoman or Node print when something throws. */
function assertOneLine(session: TerminalSession, message: string): void {
  const transcript = session.transcript();
  assert.doesNotMatch(transcript, /An error occured|^\s+at |Error|Aborting/m, `an error dump:\n${transcript}`);
  assert.deepEqual(linesAfterLastQuestion(session), [message], `expected only "${message}":\n${transcript}`);
}

async function assertExit(session: TerminalSession, code: number): Promise<void> {
  assert.deepEqual(await session.exited, { code, signal: 0 }, session.transcript());
}

/** The equivalent command the run printed. */
function printedCommand(session: TerminalSession): string {
  const transcript = session.transcript();
  const start = transcript.indexOf('The same service, without questions:\n');
  const end = transcript.indexOf('\n\n', start);
  assert.ok(start >= 0, `no equivalent command printed:\n${transcript}`);
  return (transcript.slice(start, end).split('\n')[1] ?? '').trim();
}

/** A person's other answers for every row asked in `situation`. */
function otherReplies(situation: Situation): Partial<Record<keyof Answers, Reply>> {
  return Object.fromEntries(
    TERMINAL_ROWS.filter((row) => row.askedIn === situation).map((row) => [row.key, row.other.reply]),
  );
}

function otherStored(situation: Situation): Record<string, unknown> {
  return Object.fromEntries(
    TERMINAL_ROWS.filter((row) => row.askedIn === situation).map((row) => [row.key, row.other.stored]),
  );
}

/** Journeys with Enter at every question: what is asked, what is stored, and what a person finds in the files. */
const ENTER_ONLY: readonly {
  readonly title: string;
  readonly situation: Situation;
  readonly args?: readonly string[];
  readonly asked: readonly (keyof Answers)[];
  readonly stored: Record<string, unknown>;
  readonly files: (workspace: Workspace) => void;
}[] = [
  {
    title: 'a new service, static on distroless',
    situation: 'new service',
    asked: [
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
      'defaultBranch',
      'deploy',
    ],
    stored: {
      name: 'work',
      module: 'github.com/example/work',
      cgo: false,
      runtime: 'distroless',
      debian: 'trixie',
      port: 8080,
      image: 'ghcr.io/example/work',
      platforms: ['linux/amd64', 'linux/arm64'],
      ci: 'github',
      ciLayout: 'single',
      defaultBranch: 'main',
      deploy: ['compose', 'kubernetes'],
    },
    files: (workspace) => {
      assert.match(read(workspace, 'Dockerfile'), /^FROM gcr\.io\/distroless\/static-debian13:nonroot$/m);
      assert.ok(existsSync(join(workspace.dir, 'compose.yaml')));
      assert.ok(existsSync(join(workspace.dir, 'deploy/kubernetes/base/deployment.yaml')));
      assert.match(read(workspace, 'go.mod'), /^module github\.com\/example\/work$/m);
      assert.ok(existsSync(join(workspace.dir, '.github/workflows/ci.yml')));
    },
  },
  {
    title: 'a new service on scratch (--runtime scratch)',
    situation: 'new service',
    args: ['--runtime', 'scratch'],
    asked: [
      'name',
      'module',
      'goVersion',
      'cgo',
      'debian',
      'port',
      'image',
      'platforms',
      'ci',
      'ciLayout',
      'defaultBranch',
      'deploy',
    ],
    stored: { runtime: 'scratch', platforms: ['linux/amd64', 'linux/arm64'] },
    files: (workspace) => assert.match(read(workspace, 'Dockerfile'), /^FROM scratch$/m),
  },
  {
    title: 'a new cgo service (--cgo): the final image is not asked, arm/v7 is not offered',
    situation: 'new cgo service',
    args: ['--cgo'],
    asked: [
      'name',
      'module',
      'goVersion',
      'debian',
      'port',
      'image',
      'platforms',
      'ci',
      'ciLayout',
      'defaultBranch',
      'deploy',
    ],
    stored: { cgo: true, runtime: 'distroless', platforms: ['linux/amd64', 'linux/arm64'] },
    files: (workspace) => {
      assert.match(read(workspace, 'Dockerfile'), /^FROM gcr\.io\/distroless\/cc-debian13:nonroot AS runtime$/m);
      assert.match(read(workspace, 'Dockerfile'), /CGO_ENABLED=1/);
    },
  },
  {
    title: 'a module with two main packages: the one named like the module',
    situation: 'fixture multi-main',
    asked: [
      'main',
      'name',
      'goVersion',
      'tags',
      'ldflags',
      'cgo',
      'runtime',
      'debian',
      'port',
      'portEnv',
      'image',
      'platforms',
      'ci',
      'ciLayout',
      'defaultBranch',
      'deploy',
      'goPrivate',
    ],
    stored: { main: './cmd/api', name: 'api', port: 8081, goPrivate: '' },
    files: (workspace) => assert.match(read(workspace, 'Dockerfile'), /-o \/out\/usr\/local\/bin\/api \.\/cmd\/api/),
  },
  {
    title: 'a module with its own Makefile: docker.mk, and the Makefile left alone',
    situation: 'fixture root-main',
    asked: [
      'name',
      'goVersion',
      'tags',
      'ldflags',
      'cgo',
      'runtime',
      'debian',
      'port',
      'portEnv',
      'image',
      'platforms',
      'ci',
      'ciLayout',
      'defaultBranch',
      'deploy',
      'goPrivate',
      'includeMakefile',
    ],
    stored: { main: '.', port: 9000, includeMakefile: false, goPrivate: '' },
    files: (workspace) => {
      assert.ok(existsSync(join(workspace.dir, 'docker.mk')));
      assert.doesNotMatch(read(workspace, 'Makefile'), /include docker\.mk/);
    },
  },
];

/** What a person finds after giving the other answers of a situation (stored answers are checked from the table). */
const OTHER_FILES: Record<Situation, (workspace: Workspace) => Promise<void> | void> = {
  'new service': (workspace) => {
    const dockerfile = read(workspace, 'Dockerfile');
    assert.match(dockerfile, /^FROM scratch$/m);
    assert.match(dockerfile, /^ARG GO_VERSION=1\.25$/m);
    assert.match(dockerfile, /golang:\$\{GO_VERSION\}-bookworm/);
    assert.match(dockerfile, /^EXPOSE 9000$/m);
    assert.match(read(workspace, 'go.mod'), /^module example\.com\/payments\/billing$/m);
    assert.match(read(workspace, 'Makefile'), /^PLATFORMS\s+\?= linux\/amd64,linux\/arm\/v7$/m);
    assert.match(read(workspace, 'Makefile'), /registry\.example\.com:5000\/team\/billing/);
    assert.match(read(workspace, '.github/workflows/ci.yml'), /imagetools create/);
    assert.ok(existsSync(join(workspace.dir, 'compose.yaml')));
    assert.ok(!existsSync(join(workspace.dir, 'deploy')), 'kubernetes unticked');
  },
  'new cgo service': (workspace) => {
    assert.match(read(workspace, 'Dockerfile'), /^FROM gcr\.io\/distroless\/cc-debian13:nonroot AS runtime$/m);
    assert.ok(!existsSync(join(workspace.dir, '.github')), 'a workflow was written with --ci none');
  },
  'fixture multi-main': async (workspace) => {
    assert.match(read(workspace, 'Dockerfile'), /-o \/out\/usr\/local\/bin\/worker \.\/cmd\/worker/);
    // The chosen main package builds with the Dockerfile's own go build flags.
    const build = dockerfileGoBuild(read(workspace, 'Dockerfile'));
    await run('go', ['build', ...build.args, '-o', join(workspace.dir, 'bin/worker'), './cmd/worker'], {
      cwd: workspace.dir,
      env: { ...process.env, ...build.env, GOFLAGS: '', GOTOOLCHAIN: 'local' },
    });
    assert.ok(existsSync(join(workspace.dir, 'bin/worker')));
  },
  'fixture root-main': (workspace) => {
    assert.match(read(workspace, 'Makefile'), /^include docker\.mk$/m);
    assert.match(
      read(workspace, 'Dockerfile'),
      /go build -trimpath -buildvcs=false -tags netgo,osusergo \\\n\s+-ldflags "-s -w"/,
    );
    assert.match(read(workspace, 'Dockerfile'), /^ENV GREETER_PORT=9000$/m);
    assert.match(read(workspace, 'Dockerfile'), /^ENV GOPRIVATE=github\.com\/acme\/\*$/m);
  },
};

describe('a person at a terminal (yo as an unprivileged user, and the go-container bin)', function () {
  this.timeout(120_000);

  let launch: Launch;
  before(async function () {
    this.timeout(300_000);
    launch = new Launch(await installWithYo());
  });
  afterEach(() => launch.killAll());

  const start = (launcher: Launcher, situation: Situation, args: readonly string[] = []) => {
    const { fixture, args: situationArgs } = SITUATIONS[situation];
    const workspace = launch.workspace(launcher, fixture ? { fixture } : {});
    return { workspace, session: launch.start(workspace, [...situationArgs, ...args]) };
  };

  for (const launcher of LAUNCHERS) {
    const command = launcher === 'yo' ? 'yo go-container' : 'go-container';
    describe(`with ${command}`, () => {
      for (const journey of ENTER_ONLY) {
        it(`Enter at every question: ${journey.title}`, async () => {
          const { workspace, session } = start(launcher, journey.situation, journey.args);
          const { asked } = await walk(session);
          await assertExit(session, 0);
          assert.deepEqual(asked, journey.asked);
          const answers = stored(workspace);
          for (const [key, value] of Object.entries(journey.stored)) assert.deepEqual(answers[key], value, key);
          journey.files(workspace);
          assert.match(session.transcript(), /^\s+create \.yo-rc\.json$/m);
          assert.doesNotMatch(session.transcript(), /force \.yo-rc\.json/);
          assert.ok(printedCommand(session).startsWith(`${command} `), printedCommand(session));
        });
      }

      for (const situation of Object.keys(SITUATIONS) as Situation[]) {
        const rows = TERMINAL_ROWS.filter((row) => row.askedIn === situation);
        it(`other answers in ${situation}: ${rows.map((row) => row.key).join(', ')}, stored and written`, async () => {
          const { workspace, session } = start(launcher, situation);
          if (situation === 'fixture multi-main') {
            await session.waitFor('? Main package to build into the image');
            const entries = listOnScreen(session, 'Main package to build into the image').map((entry) => entry.name);
            assert.deepEqual(entries, ['./cmd/api', './cmd/worker']);
          }
          const { asked } = await walk(session, { replies: otherReplies(situation) });
          await assertExit(session, 0);
          for (const row of rows) assert.ok(asked.includes(row.key), `${row.key} was not asked`);
          const answers = stored(workspace);
          for (const [key, value] of Object.entries(otherStored(situation))) assert.deepEqual(answers[key], value, key);
          await OTHER_FILES[situation](workspace);
          // The printed command makes the same service without questions.
          for (const row of rows)
            assert.ok(printedCommand(session).includes(`--${OPTIONS.find((spec) => spec.key === row.key)?.flag}`));
        });
      }

      for (const situation of ['new service', 'fixture root-main'] as const) {
        const refusable = TERMINAL_ROWS.filter((row) => row.askedIn === situation && row.refused);
        it(`a refused value at every input of ${situation} is shown with its rule and asked again`, async () => {
          const { workspace, session } = start(launcher, situation);
          await walk(session, {
            refuseFirst: refusable.map((row) => row.key),
            replies: Object.fromEntries(refusable.map((row) => [row.key, row.other.reply])),
          });
          await assertExit(session, 0);
          const answers = stored(workspace);
          for (const row of refusable) assert.deepEqual(answers[row.key], row.other.stored, row.key);
        });
      }

      for (const [where, at] of [
        ['the first question', 'name'],
        ['a question in the middle', 'debian'],
        ['the last question', 'deploy'],
      ] as const) {
        it(`Ctrl-C at ${where} writes nothing, says so in one line and exits 130`, async () => {
          const { workspace, session } = start(launcher, 'new service');
          await walk(session, { ctrlCAt: at });
          await assertExit(session, 130);
          assertOneLine(session, 'Cancelled: nothing was written.');
          assert.deepEqual(readTree(workspace.dir).paths, []);
        });
      }

      describe('conflicts with files already there', () => {
        /** A service made earlier, its README edited since; this run changes the port, so most files differ. */
        async function serviceWithEdits(): Promise<{ workspace: Workspace; before: Record<string, string> }> {
          const { workspace, session } = start(launcher, 'new service', ['--defaults']);
          await assertExit(session, 0);
          appendFileSync(join(workspace.dir, 'README.md'), '\nOur own notes.\n');
          return { workspace, before: readTree(workspace.dir).files };
        }

        it('Ctrl-C at a conflict writes nothing, says so in one line and exits 130', async () => {
          const { workspace, before } = await serviceWithEdits();
          const session = launch.start(workspace, ['--port', '9000']);
          const asked = await settleConflicts(session, { 'README.md': CTRL_C });
          assert.equal(asked.at(-1), 'README.md');
          await assertExit(session, 130);
          assertOneLine(session, 'Cancelled: nothing was written.');
          assert.deepEqual(readTree(workspace.dir).files, before);
        });

        it('x (abort) at a conflict writes nothing, not even the files agreed to before, and exits 1', async () => {
          const { workspace, before } = await serviceWithEdits();
          const session = launch.start(workspace, ['--port', '9000']);
          const asked = await settleConflicts(session, { 'README.md': { kind: 'type', text: 'x' } });
          assert.ok(asked.length > 1 && asked.at(-1) === 'README.md', `asked about ${asked.join(', ')}`);
          await assertExit(session, 1);
          assertOneLine(session, 'Aborted at the conflict on README.md: nothing was written.');
          assert.deepEqual(readTree(workspace.dir).files, before);
        });

        it('each conflict is settled as answered: the edited README kept, the rest overwritten', async () => {
          const { workspace, before } = await serviceWithEdits();
          const session = launch.start(workspace, ['--port', '9000']);
          const asked = await settleConflicts(session, {
            'README.md': { kind: 'type', text: 'n' },
            Dockerfile: { kind: 'type', text: 'a' },
          });
          await assertExit(session, 0);
          assert.ok(!asked.includes('Makefile'), 'asked again after "a" (overwrite this and all others)');
          assert.equal(read(workspace, 'README.md'), before['README.md']);
          assert.match(read(workspace, 'Dockerfile'), /^EXPOSE 9000$/m);
          assert.match(read(workspace, 'Makefile'), /9000/);
          assert.equal(stored(workspace)['port'], 9000);
          // The README keeps the old port: said, since update will not bring the change to it.
          assert.match(
            session.transcript().replace(/\s+/g, ' '),
            /Kept as you chose: README\.md\. \.yo-rc\.json now records --port 9000, which it does not follow: go-container update will take the difference for your own edit/,
          );
        });
      });

      describe('a directory that is not empty and is not a Go module', () => {
        const files = { 'README.md': '# Notes\n', 'package.json': '{ "name": "tools" }\n' };

        it('says so, lists what would be replaced, and writes nothing when the answer is no', async () => {
          const workspace = launch.workspace(launcher, { files });
          const session = launch.start(workspace);
          await session.waitFor('is not empty and is not a Go module (no go.mod): README.md, package.json');
          await session.waitFor('A new service there would replace README.md');
          await answer(session, 'Create a new Go service in this directory?', ENTER);
          await assertExit(session, 1);
          assertOneLine(session, 'Stopped: nothing was written.');
          assert.deepEqual(readTree(workspace.dir).files, files);
        });

        it('scaffolds when the answer is yes, asking before replacing README.md', async () => {
          const workspace = launch.workspace(launcher, { files });
          const session = launch.start(workspace, ['--defaults']);
          await answer(session, 'Create a new Go service in this directory?', { kind: 'confirm', yes: true });
          await answer(session, 'Overwrite README.md?', { kind: 'type', text: 'n' });
          await assertExit(session, 0);
          assert.deepEqual(
            { readme: read(workspace, 'README.md'), packageJson: read(workspace, 'package.json') },
            { readme: files['README.md'], packageJson: files['package.json'] },
          );
          assert.ok(existsSync(join(workspace.dir, 'main.go')));
        });
      });

      describe('re-running in the same directory', () => {
        it('uses the stored answers without asking, and says so', async () => {
          const { workspace, session } = start(launcher, 'new service', ['--defaults', '--port', '9000']);
          await assertExit(session, 0);
          const before = readTree(workspace.dir).files;
          const rerun = launch.start(workspace);
          await assertExit(rerun, 0);
          assert.match(rerun.transcript(), /^Using the answers in \.yo-rc\.json \(pass a flag to change one/m);
          assert.doesNotMatch(rerun.transcript(), /^[?✔] /m, 'a question was asked');
          assert.deepEqual(readTree(workspace.dir).files, before);
        });

        it('--ask-answered asks every question again, offering the stored answers', async () => {
          const { workspace, session } = start(launcher, 'new service', [
            '--defaults',
            '--port',
            '9000',
            '--debian',
            'bookworm',
          ]);
          await assertExit(session, 0);
          const before = readTree(workspace.dir).files;
          const rerun = launch.start(workspace, ['--ask-answered']);
          const { asked } = await walk(rerun);
          await assertExit(rerun, 0);
          assert.ok(asked.includes('port') && asked.includes('debian'));
          // Enter took what was offered: the stored answers.
          assert.match(rerun.transcript(), /^✔ HTTP port 9000$/m);
          assert.match(rerun.transcript(), /^✔ Debian release of the builder and runtime images bookworm$/m);
          assert.deepEqual(readTree(workspace.dir).files, before);
        });
      });
    });
  }
});

describe('the terminal harness itself', function () {
  this.timeout(60_000);

  it('fails a journey whose question never comes, showing the screen', async () => {
    const launch = new Launch('');
    const workspace = launch.workspace('go-container');
    const session = launch.start(workspace, ['--defaults']);
    try {
      await assert.rejects(
        answer(session, 'HTTP port', ENTER),
        /never saw the question "HTTP port" \(the program exited first\)/,
      );
    } finally {
      launch.killAll();
    }
  });

  it('names every row of the options table that no journey answered', () => {
    assert.deepEqual(
      uncovered(new Map()),
      OPTIONS.map((spec) => `${spec.key}: never answered at a terminal`),
    );
  });
});

describe('coverage of the options table at a terminal', () => {
  it('every option has a row in answering.ts, and each was answered with Enter, with another value, and refused', () => {
    assert.deepEqual(
      OPTIONS.map((spec) => spec.key).filter((key) => !TERMINAL_ROWS.some((row) => row.key === key)),
      [],
      'options without a row in test/terminal/answering.ts',
    );
    assert.deepEqual(uncovered(ANSWERED), []);
  });
});
