/**
 * actionlint, with shellcheck for the `run:` scripts, finds nothing in the generated workflow of any variant or CI
 * layout, nor in this repository's release workflow. Both tools come from test/lint/setup/install-linters.sh;
 * without them these tests fail and say so.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../helpers/paths.js';
import { RELEASE_WORKFLOW } from '../release/support.js';
import { PROJECT_CASES, project } from './support/projects.js';
import { requireTool } from './support/tools.js';

const run = promisify(execFile);

interface Findings {
  readonly exitCode: number;
  readonly output: string;
}

async function actionlint(workflow: string): Promise<Findings> {
  const actionlintPath = requireTool('actionlint', 'it lints the generated GitHub Actions workflow');
  const shellcheckPath = requireTool('shellcheck', 'actionlint runs it on the run: scripts of the workflow');
  try {
    const { stdout, stderr } = await run(actionlintPath, ['-no-color', `-shellcheck=${shellcheckPath}`, workflow]);
    return { exitCode: 0, output: stdout + stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: typeof code === 'number' ? code : -1, output: `${stdout ?? ''}${stderr ?? ''}` };
  }
}

describe('actionlint on the generated workflow', () => {
  it('reports a run: script that shellcheck rejects (so a clean result means the scripts were checked)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'actionlint-'));
    const workflow = join(dir, 'bad.yml');
    writeFileSync(
      workflow,
      'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo $unquoted\n',
    );
    const findings = await actionlint(workflow);
    assert.equal(findings.exitCode, 1, findings.output);
    assert.match(findings.output, /SC2086/);
  });

  it("finds nothing in this repository's release workflow", async () => {
    const findings = await actionlint(join(PACKAGE_ROOT, RELEASE_WORKFLOW));
    assert.deepEqual(findings, { exitCode: 0, output: '' });
  });

  for (const projectCase of PROJECT_CASES) {
    it(`finds nothing in the ${projectCase.id} workflow`, async () => {
      const generated = await project(projectCase);
      const findings = await actionlint(join(generated.dir, projectCase.workflowPath));
      assert.deepEqual(findings, { exitCode: 0, output: '' });
    });
  }
});
