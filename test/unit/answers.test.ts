import assert from 'node:assert/strict';
import {
  AnswerError,
  MissingAnswerError,
  defaultAnswers,
  resolveAnswers,
  answersTakenFromStore,
  type Ask,
  type Question,
  type ResolveInput,
} from '../../generators/lib/answers.js';
import { join } from 'node:path';
import { detect } from '../../generators/lib/detect/index.js';
import { OPTIONS, type DefaultsContext } from '../../generators/lib/options.js';
import { FIXTURES } from '../helpers/paths.js';

const context: DefaultsContext = { dirName: 'My_Service', localGoMinor: '1.25', gitHubUser: 'Octo-Cat' };

function input(overrides: Partial<ResolveInput>): ResolveInput {
  return { flags: {}, stored: {}, useDefaults: false, askAnswered: false, context, ask: undefined, ...overrides };
}

/**
 * An Ask that answers from a table (a list of replies is given one at a time, as a person retrying would) and
 * records every question put, as it was put.
 */
function answering(replies: Record<string, unknown>): { ask: Ask; asked: string[]; questions: Question[] } {
  const asked: string[] = [];
  const questions: Question[] = [];
  const tries = new Map<string, number>();
  return {
    asked,
    questions,
    ask: async (question) => {
      const { spec, defaultValue } = question;
      asked.push(spec.flag);
      questions.push(question);
      if (!(spec.key in replies)) return defaultValue;
      const reply = replies[spec.key];
      if (!Array.isArray(reply) || spec.key === 'platforms') return reply;
      const attempt = tries.get(spec.key) ?? 0;
      tries.set(spec.key, attempt + 1);
      return reply[Math.min(attempt, reply.length - 1)];
    },
  };
}

describe('answer resolution', () => {
  it('derives every default from the directory, the local Go and the GitHub user', () => {
    assert.deepEqual(defaultAnswers(context), {
      main: '.',
      name: 'my-service',
      module: 'github.com/Octo-Cat/my-service',
      goVersion: '1.25',
      tags: [],
      ldflags: '-s -X main.version=${VERSION} -X main.revision=${REVISION}',
      cgo: false,
      runtime: 'distroless',
      debian: 'trixie',
      port: 8080,
      portEnv: '',
      image: 'ghcr.io/octo-cat/my-service',
      platforms: ['linux/amd64', 'linux/arm64'],
      ci: 'github',
      ciLayout: 'single',
      deploy: ['compose', 'kubernetes'],
      defaultBranch: 'main',
      goPrivate: '',
      includeMakefile: false,
    });
  });

  it('falls back to github.com/example and the baked Go version without git or go', () => {
    const answers = defaultAnswers({ dirName: 'svc', localGoMinor: undefined, gitHubUser: undefined });
    assert.equal(answers.module, 'github.com/example/svc');
    assert.equal(answers.image, 'ghcr.io/example/svc');
    assert.match(answers.goVersion, /^1\.[0-9]+$/);
  });

  it('takes the image owner from a github.com module path', async () => {
    const answers = await resolveAnswers(input({ useDefaults: true, flags: { module: 'github.com/Acme/billing' } }));
    assert.equal(answers.image, 'ghcr.io/acme/my-service');
  });

  it('prefers a flag to a stored answer, and a stored answer to the default', async () => {
    const answers = await resolveAnswers(
      input({ useDefaults: true, flags: { port: '9000' }, stored: { port: 7000, debian: 'bookworm' } }),
    );
    assert.equal(answers.port, 9000);
    assert.equal(answers.debian, 'bookworm');
    assert.equal(answers.ci, 'github');
  });

  it('asks only the questions that have no flag and no stored answer', async () => {
    const { ask, asked } = answering({ port: '9090' });
    const answers = await resolveAnswers(input({ ask, flags: { name: 'api', cgo: false }, stored: { ci: 'none' } }));
    assert.deepEqual(asked, ['module', 'go-version', 'runtime', 'debian', 'port', 'image', 'platforms', 'deploy']);
    assert.equal(answers.port, 9090);
  });

  it('does not ask for the final image of a cgo build: it is always distroless/cc', async () => {
    const { ask, asked } = answering({ cgo: true });
    const answers = await resolveAnswers(input({ ask }));
    assert.ok(!asked.includes('runtime'));
    assert.equal(answers.runtime, 'distroless');
  });

  it('refuses a bad flag before asking anything', async () => {
    const { ask, asked } = answering({});
    await assert.rejects(resolveAnswers(input({ ask, flags: { platforms: 'linux/s390x' } })), AnswerError);
    assert.deepEqual(asked, []);
  });

  it('names the flag, the value, the rule, and .yo-rc.json when the bad value was stored there', async () => {
    await assert.rejects(resolveAnswers(input({ useDefaults: true, stored: { port: 80 } })), {
      name: 'AnswerError',
      message:
        'Invalid --port 80 (stored in .yo-rc.json): must be an integer from 1024 to 65535 (the service runs as a non-root user)',
    });
  });

  it('refuses scratch once cgo is chosen at the prompt', async () => {
    const { ask } = answering({ cgo: true });
    await assert.rejects(resolveAnswers(input({ ask, flags: { runtime: 'scratch' } })), {
      message: /^Invalid --runtime "scratch": scratch has no C library/,
    });
  });

  it('refuses linux/arm/v7 together with --cgo', async () => {
    await assert.rejects(
      resolveAnswers(input({ useDefaults: true, flags: { cgo: true, platforms: 'linux/amd64,linux/arm/v7' } })),
      {
        message:
          'Invalid --platforms "linux/amd64,linux/arm/v7": the cgo variant supports only linux/amd64, linux/arm64',
      },
    );
  });

  it('asks again after an invalid answer typed at a prompt, with the rule it broke', async () => {
    const { ask, asked, questions } = answering({ port: ['22', 'eighty', '9090'] });
    const answers = await resolveAnswers(input({ ask }));
    assert.equal(answers.port, 9090);
    assert.deepEqual(
      asked.filter((flag) => flag === 'port'),
      ['port', 'port', 'port'],
    );
    assert.deepEqual(
      questions.filter((question) => question.spec.key === 'port').map((question) => question.refusal),
      [
        undefined,
        '--port: must be an integer from 1024 to 65535 (the service runs as a non-root user)',
        '--port: must be an integer from 1024 to 65535 (the service runs as a non-root user)',
      ],
    );
  });

  it('puts every question with the same check a flag goes through, given the answers so far and the context', async () => {
    const { ask, questions } = answering({ cgo: true });
    await resolveAnswers(input({ ask }));
    const platforms = questions.find((question) => question.spec.key === 'platforms');
    assert.ok(platforms);
    // After cgo, the checkbox offers only what the cgo variant builds, and its check refuses the rest.
    assert.deepEqual(platforms.choices, ['linux/amd64', 'linux/arm64']);
    assert.deepEqual(platforms.check(['linux/arm64']), { ok: true, value: ['linux/arm64'] });
    assert.equal(platforms.check(['linux/arm/v7']).ok, false);
  });

  it("offers an existing module's main packages and accepts only those", async () => {
    const withModule: DefaultsContext = { ...context, detection: detect(join(FIXTURES, 'multi-main')) };
    const { ask, questions } = answering({ main: './cmd/worker' });
    const answers = await resolveAnswers(input({ ask, context: withModule }));
    const main = questions.find((question) => question.spec.key === 'main');
    assert.ok(main, 'the main package was not asked');
    assert.deepEqual(main.choices, ['./cmd/api', './cmd/worker']);
    assert.equal(main.defaultValue, './cmd/api');
    assert.deepEqual(main.check('./cmd/worker'), { ok: true, value: './cmd/worker' });
    assert.equal(main.check('./cmd/other').ok, false);
    assert.equal(answers.main, './cmd/worker');
    assert.equal(answers.name, 'worker');
  });

  it('with --ask-answered, asks the stored questions again, offering the stored answers as defaults', async () => {
    const { ask, asked, questions } = answering({});
    const stored = { ...defaultAnswers(context), port: 9000, debian: 'bookworm' };
    const answers = await resolveAnswers(input({ ask, stored, askAnswered: true }));
    assert.ok(asked.includes('port') && asked.includes('debian'));
    assert.equal(questions.find((question) => question.spec.key === 'port')?.defaultValue, 9000);
    assert.equal(answers.port, 9000);
    assert.equal(answers.debian, 'bookworm');
  });

  it('tells which answers a re-run takes from .yo-rc.json without asking', () => {
    const stored = { port: 9000, debian: 'bookworm' };
    assert.deepEqual(answersTakenFromStore(input({ stored })), ['debian', 'port']);
    assert.deepEqual(answersTakenFromStore(input({ stored, flags: { port: '7000' } })), ['debian']);
    assert.deepEqual(answersTakenFromStore(input({ stored, askAnswered: true })), []);
  });

  it('reports a default that is invalid here, so the user knows to pass the flag', async () => {
    const odd: DefaultsContext = { ...context, gitHubUser: 'has space' };
    await assert.rejects(resolveAnswers(input({ useDefaults: true, context: odd })), {
      message: /^Invalid --module "github.com\/has space\/my-service" \(the default here; pass the flag\)/,
    });
  });

  it('without a terminal, lists every missing answer at once instead of hanging', async () => {
    const missing = resolveAnswers(input({ flags: { name: 'api', cgo: true } }));
    await assert.rejects(missing, MissingAnswerError);
    await assert.rejects(missing, {
      message:
        'No terminal to ask for --module, --go-version, --debian, --port, --image, --platforms, --ci, --deploy: ' +
        'pass them as flags, or --defaults to take the default of every option not given',
    });
  });

  it('needs no terminal when every answer is stored', async () => {
    const stored = Object.fromEntries(Object.entries(defaultAnswers(context)));
    const answers = await resolveAnswers(input({ stored }));
    assert.deepEqual(answers, defaultAnswers(context));
  });

  it('declares each flag once', () => {
    const flags = OPTIONS.map((spec) => spec.flag);
    assert.equal(new Set(flags).size, flags.length);
  });
});
