/**
 * test/lint/setup/install-linters.sh, which the fast suite's root hook runs first: the lint tests run the linters
 * it provisioned into its own cache, at the versions it pins (one place), a run on a ready cache only says so, and
 * a machine that lacks what it needs gets one message naming it, not a half-filled cache called ready.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { TOOLS } from '../../generators/lib/tool-versions.js';
import { INSTALL_LINTERS_SCRIPT, linterBinDir, requireTool } from './support/tools.js';

const script = readFileSync(INSTALL_LINTERS_SCRIPT, 'utf8');

function pinned(variable: string): string {
  const version = new RegExp(`^${variable}=(\\S+)$`, 'm').exec(script)?.[1];
  assert.ok(version, `install-linters.sh does not set ${variable}`);
  return version;
}

function output(tool: string, ...args: string[]): string {
  return execFileSync(requireTool(tool, 'the lint tests run it'), args, { encoding: 'utf8' }).trim();
}

function provision(env: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
  const result = spawnSync('bash', [INSTALL_LINTERS_SCRIPT], { encoding: 'utf8', env });
  return { status: result.status, stderr: result.stderr };
}

/** A PATH with every command of this machine except `go`. */
function pathWithoutGo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'no-go-'));
  for (const directory of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!directory || !existsSync(directory)) continue;
    for (const name of readdirSync(directory)) {
      if (name === 'go' || existsSync(join(dir, name))) continue;
      symlinkSync(join(directory, name), join(dir, name));
    }
  }
  return dir;
}

describe('the linters the fast suite provisions', function () {
  this.timeout(60_000);

  it('are run from the cache install-linters.sh fills, at the versions it pins', () => {
    for (const tool of ['actionlint', 'golangci-lint', 'hadolint', 'zizmor', 'buildkit-lint']) {
      assert.equal(dirname(requireTool(tool, 'the lint tests run it')), linterBinDir(), tool);
    }
    assert.equal(output('actionlint', '-version').split('\n')[0], `v${pinned('ACTIONLINT_VERSION')}`);
    assert.equal(`v${output('golangci-lint', 'version', '--short')}`, TOOLS.golangciLint.version);
    assert.match(output('hadolint', '--version'), new RegExp(` ${pinned('HADOLINT_VERSION')}$`));
    assert.equal(output('zizmor', '--version'), `zizmor ${pinned('ZIZMOR_VERSION')}`);
    assert.match(output('shellcheck', '--version'), /^version: \d+\.\d+\.\d+$/m);
  });

  it('are provisioned once: on a ready cache a run only says it is ready', () => {
    const { status, stderr } = provision(process.env);
    assert.equal(status, 0, stderr);
    assert.match(stderr, /^install-linters: ready in \S+ \(actionlint [^)]+\)\n$/);
  });

  it('go into $GO_CONTAINER_LINTERS, else $XDG_CACHE_HOME/go-container-dev, else ~/.cache/go-container-dev', () => {
    const binDir = (env: NodeJS.ProcessEnv): string =>
      execFileSync('bash', [INSTALL_LINTERS_SCRIPT, '--bin-dir'], { encoding: 'utf8', env }).trim();
    const rest = { ...process.env };
    delete rest['GO_CONTAINER_LINTERS'];
    delete rest['XDG_CACHE_HOME'];
    assert.equal(binDir({ ...rest, HOME: '/home/dev' }), '/home/dev/.cache/go-container-dev/linters/bin');
    assert.equal(binDir({ ...rest, XDG_CACHE_HOME: '/cache' }), '/cache/go-container-dev/linters/bin');
    assert.equal(binDir({ ...rest, GO_CONTAINER_LINTERS: '/linters' }), '/linters/bin');
  });

  it('are not called ready on a machine without go: one message names it, and the next run tries again', () => {
    const cache = mkdtempSync(join(tmpdir(), 'linters-'));
    const env = { ...process.env, GO_CONTAINER_LINTERS: cache, PATH: pathWithoutGo() };
    for (let run = 0; run < 2; run += 1) {
      const { status, stderr } = provision(env);
      assert.equal(status, 1, stderr);
      assert.match(stderr, /install-linters: go is not installed: it is needed to build actionlint/);
      assert.equal(existsSync(join(cache, 'ready')), false);
    }
  });
});
