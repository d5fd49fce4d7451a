/**
 * hadolint itself, as the generated CI runs it (every rule, failing at "info"), finds nothing in any generated
 * Dockerfile; and it agrees with dockerfile-rules.ts on every snippet that rule module is tested with, so that the
 * engine-free checks of `npm test` mean what hadolint means. hadolint comes from test/lint/setup/install-linters.sh.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lintDockerfile, type RuleCode } from './support/dockerfile-rules.js';
import { ONE_PROJECT_PER_DOCKERFILE, project } from './support/projects.js';
import { PRAGMA_SNIPPETS, RULE_SNIPPETS } from './support/rule-snippets.js';
import { requireTool } from './support/tools.js';

const run = promisify(execFile);

interface HadolintResult {
  readonly exitCode: number;
  /** `Dockerfile:3 DL3008 warning: ...` lines, without the path. */
  readonly findings: readonly string[];
}

async function hadolint(path: string): Promise<HadolintResult> {
  const binary = requireTool('hadolint', 'it lints the generated Dockerfiles as the generated CI does');
  const parse = (output: string): string[] =>
    output
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(line.indexOf(':') + 1));
  try {
    const { stdout } = await run(binary, ['--no-color', '--failure-threshold', 'info', path]);
    return { exitCode: 0, findings: parse(stdout) };
  } catch (error) {
    const { code, stdout } = error as { code?: number; stdout?: string };
    return { exitCode: typeof code === 'number' ? code : -1, findings: parse(stdout ?? '') };
  }
}

async function hadolintText(dockerfile: string): Promise<HadolintResult> {
  const path = join(mkdtempSync(join(tmpdir(), 'hadolint-')), 'Dockerfile');
  writeFileSync(path, dockerfile);
  return hadolint(path);
}

const reports = (result: HadolintResult, code: string): boolean =>
  result.findings.some((finding) => finding.split(' ')[1] === code);

describe('hadolint on the generated Dockerfiles', () => {
  for (const projectCase of ONE_PROJECT_PER_DOCKERFILE) {
    const key = projectCase.dockerfileId;
    it(`finds nothing in ${key}, at any severity`, async () => {
      const result = await hadolint(join((await project(projectCase)).dir, 'Dockerfile'));
      assert.deepEqual(result, { exitCode: 0, findings: [] });
    });
  }
});

describe('hadolint agrees with the engine-free rule checks', () => {
  for (const [code, snippets] of Object.entries(RULE_SNIPPETS) as [RuleCode, (typeof RULE_SNIPPETS)[RuleCode]][]) {
    for (const [kind, list] of [
      ['bad', snippets.bad],
      ['good', snippets.good],
    ] as const) {
      list.forEach((dockerfile, index) => {
        it(`${code}: ${kind} snippet ${index + 1} is ${kind === 'bad' ? 'reported' : 'accepted'} by hadolint too`, async () => {
          const result = await hadolintText(dockerfile);
          assert.equal(reports(result, code), kind === 'bad', `hadolint said:\n${result.findings.join('\n')}`);
          const ours = lintDockerfile(dockerfile).some((finding) => finding.rule === code);
          assert.equal(ours, kind === 'bad');
        });
      });
    }
  }

  for (const snippet of PRAGMA_SNIPPETS) {
    it(`${snippet.ignored ? 'honours' : 'does not take'} ${snippet.what}, like the rule checks`, async () => {
      const result = await hadolintText(snippet.dockerfile);
      assert.equal(reports(result, 'DL3008'), !snippet.ignored, result.findings.join('\n'));
    });
  }
});
