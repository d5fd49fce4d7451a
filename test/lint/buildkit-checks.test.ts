/**
 * BuildKit's own Dockerfile checks, those `docker build --check` runs, find nothing in any generated Dockerfile.
 * They run engine-free through buildkit-lint (test/lint/buildkit-lint), which calls BuildKit's Dockerfile frontend
 * code: the engine provisioned for the e2e suite (buildx 0.13) predates `--check`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ONE_PROJECT_PER_DOCKERFILE, project } from './support/projects.js';
import { requireTool } from './support/tools.js';

const run = promisify(execFile);

interface BuildkitReport {
  readonly file: string;
  readonly warnings: readonly { readonly rule: string; readonly detail: string; readonly line: number }[];
  readonly error?: string;
}

async function buildkitLint(path: string): Promise<BuildkitReport> {
  const binary = requireTool('buildkit-lint', "it runs BuildKit's Dockerfile checks");
  const { stdout } = await run(binary, [path]);
  return JSON.parse(stdout) as BuildkitReport;
}

describe("BuildKit's Dockerfile checks (docker build --check)", () => {
  it('report a Dockerfile that breaks them, with the rule and line (so a clean result means they ran)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'buildkit-lint-')), 'Dockerfile');
    writeFileSync(path, 'FROM debian:12 as build\nENV A $UNSET\nCMD echo hi\n');
    const report = await buildkitLint(path);
    assert.deepEqual(report.warnings.map(({ rule, line }) => [rule, line]).sort(), [
      ['FromAsCasing', 1],
      ['JSONArgsRecommended', 3],
      ['LegacyKeyValueFormat', 2],
      ['UndefinedVar', 2],
    ]);
  });

  for (const projectCase of ONE_PROJECT_PER_DOCKERFILE) {
    const key = projectCase.dockerfileId;
    it(`find nothing in ${key}`, async () => {
      const report = await buildkitLint(join((await project(projectCase)).dir, 'Dockerfile'));
      assert.equal(report.error, undefined);
      assert.deepEqual(report.warnings, []);
    });
  }
});
