import assert from 'node:assert/strict';
import {
  AnswerError,
  MissingAnswerError,
  defaultAnswers,
  resolveAnswers,
  type Ask,
  type ResolveInput,
} from '../../generators/lib/answers.js';
import { OPTIONS, type DefaultsContext } from '../../generators/lib/options.js';

const context: DefaultsContext = { dirName: 'My_Service', localGoMinor: '1.25', gitHubUser: 'Octo-Cat' };

function input(overrides: Partial<ResolveInput>): ResolveInput {
  return { flags: {}, stored: {}, useDefaults: false, context, ask: undefined, ...overrides };
}

/** An Ask that answers from a table and records which questions were asked. */
function answering(replies: Record<string, unknown>): { ask: Ask; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    ask: async (spec, defaultValue) => {
      asked.push(spec.flag);
      return spec.key in replies ? replies[spec.key] : defaultValue;
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
      ldflags: '-s -w -X main.version=${VERSION} -X main.revision=${REVISION}',
      cgo: false,
      runtime: 'distroless',
      debian: 'trixie',
      port: 8080,
      portEnv: '',
      image: 'ghcr.io/octo-cat/my-service',
      platforms: ['linux/amd64', 'linux/arm64'],
      ci: 'github',
      ciLayout: 'single',
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
    assert.deepEqual(asked, ['module', 'go-version', 'runtime', 'debian', 'port', 'image', 'platforms']);
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

  it('refuses an invalid answer typed at a prompt', async () => {
    const { ask } = answering({ port: '22' });
    await assert.rejects(resolveAnswers(input({ ask })), { message: /^Invalid --port "22"/ });
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
        'No terminal to ask for --module, --go-version, --debian, --port, --image, --platforms, --ci: ' +
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
