/**
 * This repository's own release workflow (.github/workflows/release.yml), parsed: a `v*` tag runs the fast suite,
 * then publishes with provenance from a job that alone holds the id-token; it refuses a tag that is not
 * package.json's version; every action is pinned to the commit of generators/lib/actions.ts (which test/ci checks
 * against the releases' LOCK.tsv). actionlint and zizmor check it in test/lint/.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ACTIONS, type PinnedAction } from '../../generators/lib/actions.js';
import { PACKAGE_ROOT } from '../helpers/paths.js';
import { RELEASE_WORKFLOW, packageManifest } from './support.js';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, string | number | boolean>>;
  readonly env?: Readonly<Record<string, string>>;
}

interface Job {
  readonly needs?: string | readonly string[];
  readonly environment?: string;
  readonly 'timeout-minutes'?: number;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
}

interface Workflow {
  readonly on: { readonly push: { readonly tags: readonly string[]; readonly branches?: unknown } };
  readonly permissions: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

const workflowText = readFileSync(join(PACKAGE_ROOT, RELEASE_WORKFLOW), 'utf8');
const workflow = parse(workflowText) as Workflow;
const jobs = workflow.jobs;

function job(name: string): Job {
  const found = jobs[name];
  assert.ok(found, `release.yml has no ${name} job`);
  return found;
}

function tagCheck(jobName: string): string {
  const step = job(jobName).steps.find((candidate) => candidate.name === "The tag is package.json's version");
  assert.ok(step?.run, `the ${jobName} job does not check the tag`);
  return step.run;
}

/** Runs a step's script as the runner would (bash -e), in the repository, with GITHUB_REF_NAME set to `tag`. */
function runScript(script: string, tag: string): { status: number | null; output: string } {
  const result = spawnSync('bash', ['-e', '-c', script], {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_REF_NAME: tag },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the release workflow of this repository', () => {
  it('runs for version tags only', () => {
    assert.deepEqual(workflow.on, { push: { tags: ['v*'] } });
  });

  it('publishes only after the fast suite passed on the tagged commit', () => {
    const runs = job('test').steps.flatMap((step) => (step.run ? [step.run] : []));
    assert.ok(runs.includes('npm test'), `the test job runs ${JSON.stringify(runs)}`);
    const checkout = job('test').steps.find((step) => step.uses?.startsWith('actions/checkout@'));
    assert.equal(checkout?.with?.['fetch-depth'], 0, 'the update tests build 0.1.0 from the history');
    assert.deepEqual(job('publish').needs, 'test');
  });

  it('publishes to npm with provenance, public, without re-running scripts of the package', () => {
    const publish = job('publish').steps.find((step) => step.run?.includes('npm publish'));
    assert.match(publish?.run ?? '', /npm publish --provenance --access public --ignore-scripts$/m);
    const install = job('publish').steps.find((step) => step.run?.startsWith('npm ci'));
    assert.match(install?.run ?? '', /--ignore-scripts/, 'no dependency install script runs beside the id-token');
  });

  it('grants nothing by default, and the id-token only to the job that publishes', () => {
    assert.deepEqual(workflow.permissions, {});
    assert.deepEqual(job('test').permissions, { contents: 'read' });
    assert.deepEqual(job('publish').permissions, { contents: 'read', 'id-token': 'write' });
    assert.equal(job('publish').environment, 'npm', 'the token and the publish are behind the npm environment');
    for (const [name, each] of Object.entries(jobs)) assert.ok(each['timeout-minutes'], `${name} has no timeout`);
  });

  it('pins every action to the commit of its release, as the generated workflows do', () => {
    const pinned = new Map<string, PinnedAction>(Object.values(ACTIONS).map((action) => [action.repository, action]));
    const uses = [...workflowText.matchAll(/uses: (\S+)@(\S+) # (\S+)/g)];
    assert.equal(uses.length, (workflowText.match(/uses:/g) ?? []).length, 'a uses: line without a pin and a comment');
    assert.ok(uses.length > 0);
    for (const [, repository, commit, version] of uses) {
      const action = pinned.get(repository ?? '');
      assert.ok(action, `${repository} is not in generators/lib/actions.ts`);
      assert.deepEqual({ commit, version }, { commit: action.commit, version: action.version });
    }
  });

  for (const jobName of ['test', 'publish']) {
    it(`stops the ${jobName} job when the tag is not package.json's version`, () => {
      const script = tagCheck(jobName);
      const { version } = packageManifest();
      assert.deepEqual(runScript(script, `v${version}`), { status: 0, output: '' });
      const wrong = runScript(script, 'v9.9.9');
      assert.equal(wrong.status, 1);
      assert.equal(wrong.output, `::error::tag v9.9.9 is not package.json's version v${version}\n`);
    });
  }
});
