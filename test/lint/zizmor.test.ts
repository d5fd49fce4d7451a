/**
 * zizmor, the GitHub Actions security linter, at its default persona and offline, finds nothing in any generated
 * workflow (both CI layouts, every variant, existing modules, private modules) or in the generated
 * .github/dependabot.yml, nor (at its pedantic persona) in this repository's release workflow. zizmor comes from
 * test/lint/setup/install-linters.sh; without it these tests fail and say so.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../helpers/paths.js';
import { RELEASE_WORKFLOW } from '../release/support.js';
import { PROJECT_CASES, project } from './support/projects.js';
import { requireTool } from './support/tools.js';

const run = promisify(execFile);

interface Finding {
  readonly ident: string;
  readonly desc: string;
}

/** zizmor's findings (its JSON output); zizmor exits non-zero exactly when there are some. */
async function zizmor(files: readonly string[], persona = 'regular'): Promise<readonly Finding[]> {
  const zizmorPath = requireTool('zizmor', 'it audits the generated workflows for security findings');
  try {
    const { stdout } = await run(zizmorPath, ['--offline', '--persona', persona, '--format', 'json', ...files]);
    return JSON.parse(stdout) as Finding[];
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof code === 'number' && code >= 10 && stdout) return JSON.parse(stdout) as Finding[];
    throw new Error(`zizmor failed (exit ${code}): ${stderr ?? ''}`);
  }
}

describe('zizmor on the generated workflows', () => {
  it('reports an action pinned by a movable tag (so an empty result means the audits ran)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zizmor-'));
    const workflow = join(dir, 'unpinned.yml');
    writeFileSync(
      workflow,
      'name: unpinned\non: push\npermissions: {}\njobs:\n  build:\n    name: build\n    runs-on: ubuntu-24.04\n' +
        '    steps:\n      - uses: actions/checkout@v6\n        with:\n          persist-credentials: false\n',
    );
    const findings = await zizmor([workflow]);
    assert.deepEqual(
      findings.map((finding) => finding.ident),
      ['unpinned-uses'],
    );
  });

  it("finds nothing in this repository's release workflow, even at the pedantic persona", async () => {
    const findings = await zizmor([join(PACKAGE_ROOT, RELEASE_WORKFLOW)], 'pedantic');
    assert.deepEqual(
      findings.map((finding) => `${finding.ident}: ${finding.desc}`),
      [],
    );
  });

  for (const projectCase of PROJECT_CASES) {
    it(`finds nothing in the ${projectCase.id} workflow and its dependabot.yml`, async () => {
      const generated = await project(projectCase);
      const files = [join(generated.dir, projectCase.workflowPath)];
      const dependabot = join(generated.dir, '.github/dependabot.yml');
      if (existsSync(dependabot)) files.push(dependabot);
      const findings = await zizmor(files);
      assert.deepEqual(
        findings.map((finding) => `${finding.ident}: ${finding.desc}`),
        [],
      );
    });
  }
});
