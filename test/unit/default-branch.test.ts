/**
 * The workflow runs for pushes to the repository's real default branch, whatever its name: read from origin/HEAD,
 * else from git's init.defaultBranch, else asked (main with --defaults). 7 of 9 real repositories measured use
 * master or develop, where a workflow for main never runs.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { OPTIONS } from '../../generators/lib/options.js';
import { probeDefaults } from '../../generators/lib/probe.js';
import { checkBranch } from '../../generators/lib/validators.js';
import { FIXED_FLAGS, generate } from '../helpers/generate.js';

/** A git repository whose global configuration is a file of our own (the machine's is never read). */
function repository(globalConfig: string): { dir: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'default-branch-'));
  const config = join(dir, '..', `${dir.split('/').at(-1)}.gitconfig`);
  writeFileSync(config, globalConfig);
  const env = { ...process.env, GIT_CONFIG_GLOBAL: config, GIT_CONFIG_NOSYSTEM: '1' };
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
  return { dir, git };
}

function probedBranch(dir: string, globalConfig: string): string | undefined {
  const saved = { global: process.env['GIT_CONFIG_GLOBAL'], nosystem: process.env['GIT_CONFIG_NOSYSTEM'] };
  const config = join(mkdtempSync(join(tmpdir(), 'gitconfig-')), 'config');
  writeFileSync(config, globalConfig);
  process.env['GIT_CONFIG_GLOBAL'] = config;
  process.env['GIT_CONFIG_NOSYSTEM'] = '1';
  try {
    return probeDefaults(dir).gitDefaultBranch;
  } finally {
    for (const [key, value] of [
      ['GIT_CONFIG_GLOBAL', saved.global],
      ['GIT_CONFIG_NOSYSTEM', saved.nosystem],
    ] as const) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  }
}

const defaultBranchOption = OPTIONS.find((spec) => spec.key === 'defaultBranch')!;

describe('the default branch the workflow runs for', () => {
  it('is the one origin/HEAD names in a clone, even when git would name a new branch otherwise', () => {
    const { dir, git } = repository('[init]\n\tdefaultBranch = trunk\n');
    git('init', '--quiet', '--initial-branch', 'develop');
    git('-c', 'user.name=ci', '-c', 'user.email=ci@example.com', 'commit', '--quiet', '--allow-empty', '-m', 'first');
    git('update-ref', 'refs/remotes/origin/master', 'HEAD');
    git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/master');
    assert.equal(probedBranch(dir, '[init]\n\tdefaultBranch = trunk\n'), 'master');
  });

  it("is git's init.defaultBranch where there is no clone", () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-repository-'));
    assert.equal(probedBranch(dir, '[init]\n\tdefaultBranch = trunk\n'), 'trunk');
  });

  it('is asked when git knows neither, with main as the default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-repository-'));
    const context = { dirName: 'svc', localGoMinor: undefined, gitHubUser: undefined };
    assert.equal(probedBranch(dir, ''), undefined);
    assert.equal(defaultBranchOption.asked?.({ ci: 'github' }, context), true);
    assert.equal(defaultBranchOption.default(context, {}), 'main');
    assert.equal(defaultBranchOption.asked?.({ ci: 'github' }, { ...context, gitDefaultBranch: 'master' }), false);
    assert.equal(defaultBranchOption.asked?.({ ci: 'none' }, context), false);
  });

  it('triggers the workflow and names it in the README', async () => {
    const generated = await generate({ ...FIXED_FLAGS, 'default-branch': 'develop' });
    const workflow = parse(generated.read('.github/workflows/ci.yml')) as { on: { push: unknown } };
    assert.deepEqual(workflow.on.push, { branches: ['develop'], tags: ['v*'] });
    assert.match(generated.read('README.md'), /pushes\s+to `develop`/);
  });

  it('accepts the branch names git accepts that a branches: filter reads literally', () => {
    for (const name of ['main', 'master', 'develop', 'release/v2', 'team_a/feature-1.x']) {
      assert.deepEqual(checkBranch(name), { ok: true, value: name });
    }
    for (const name of [
      '',
      '-x',
      '/main',
      'main/',
      'a..b',
      'a//b',
      'main.lock',
      'main.',
      'feat/*',
      'a b',
      '.hidden',
      'x/.y',
    ]) {
      assert.equal(checkBranch(name).ok, false, JSON.stringify(name));
    }
  });
});
