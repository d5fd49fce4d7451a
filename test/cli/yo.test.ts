import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freshDir, readTree } from '../helpers/generate.js';
import { PACKAGE_ROOT } from '../helpers/paths.js';

const execFileAsync = promisify(execFile);
const YO = join(PACKAGE_ROOT, 'node_modules/yo/lib/cli.js');
const NOBODY = 65534;

/**
 * Runs the real `yo`, which refuses to run as root: as root, it runs as `nobody`. The package is found the way
 * `npm link` or a local install exposes it: as node_modules/generator-go-container above the working directory.
 */
async function yo(args: readonly string[]): Promise<{ stdout: string; stderr: string; work: string }> {
  const root = freshDir('yo-');
  chmodSync(root, 0o755);
  const work = join(root, 'work');
  const home = join(root, 'home');
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(PACKAGE_ROOT, join(root, 'node_modules/generator-go-container'));
  mkdirSync(work);
  mkdirSync(home);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chownSync(work, NOBODY, NOBODY);
    chownSync(home, NOBODY, NOBODY);
  }
  const env = ['env', `HOME=${home}`, 'NO_UPDATE_NOTIFIER=1', `PATH=${process.env['PATH'] ?? ''}`];
  const command = [...env, process.execPath, YO, ...args, '--no-insight'];
  const [file, ...rest] = asRoot ? ['runuser', '-u', 'nobody', '--', ...command] : command;
  const { stdout, stderr } = await execFileAsync(file ?? 'env', rest, { cwd: work, timeout: 60_000 });
  return { stdout, stderr, work };
}

describe('yo go-container, through the real yo as an unprivileged user', function () {
  this.timeout(120_000);

  it('is listed by yo --generators', async () => {
    const { stdout } = await yo(['--generators']);
    assert.match(stdout, /^\s+go-container$/m);
  });

  it('scaffolds the same files as the go-container bin', async () => {
    const { stderr, work } = await yo(['go-container', '--defaults', '--name', 'demo', '--go-version', '1.26']);
    const tree = readTree(work);
    assert.ok(tree.paths.includes('Dockerfile') && tree.paths.includes('main.go'), tree.paths.join(', '));
    assert.match(tree.read('go.mod'), /^module github\.com\/[a-z0-9-]+\/demo$/m);
    assert.match(stderr, /^ {2}yo go-container --name demo /m);
  });

  it('--help lists the options with their defaults', async () => {
    const { stdout } = await yo(['go-container', '--help']);
    for (const flag of [
      '--name',
      '--module',
      '--go-version',
      '--cgo',
      '--runtime',
      '--debian',
      '--port',
      '--image',
      '--platforms',
      '--ci',
      '--defaults',
    ]) {
      assert.ok(stdout.includes(flag), `yo go-container --help lacks ${flag}`);
    }
  });
});
