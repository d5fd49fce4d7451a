import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDir } from '../helpers/generate.js';
import { CLI } from '../helpers/paths.js';

const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

/** The bin on a real pseudo-terminal (util-linux `script`), typed into like a user would. */
function onTerminal(args: readonly string[], cwd: string) {
  const command = [process.execPath, CLI, ...args].map((word) => `'${word}'`).join(' ');
  const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    exited,
    screen: () => stripAnsi(screen),
    type: (keys: string) => child.stdin.write(keys),
    async waitFor(text: string): Promise<void> {
      for (let waited = 0; waited < 20_000; waited += 50) {
        if (stripAnsi(screen).includes(text)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill('SIGKILL');
      throw new Error(`"${text}" never appeared on the terminal:\n${stripAnsi(screen)}`);
    },
  };
}

describe('the go-container bin on a terminal', function () {
  this.timeout(60_000);

  it('asks only what is not given, and asks again with the rule after a bad answer', async () => {
    const dir = freshDir();
    const terminal = onTerminal(
      [
        '--name',
        'demo',
        '--module',
        'example.com/demo',
        '--go-version',
        '1.26',
        '--no-cgo',
        '--runtime',
        'scratch',
        '--debian',
        'trixie',
        '--image',
        'ghcr.io/acme/demo',
        '--platforms',
        'linux/amd64',
        '--ci',
        'none',
      ],
      dir,
    );
    const erase = '\u007f'.repeat(8);
    await terminal.waitFor('HTTP port (8080)');
    terminal.type(`${erase}80\r`);
    await terminal.waitFor('--port: must be an integer from 1024 to 65535');
    terminal.type(`${erase}9090\r`);
    assert.equal(await terminal.exited, 0, terminal.screen());
    const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-go-container'];
    assert.equal(stored.port, 9090);
    assert.doesNotMatch(
      terminal.screen(),
      /Service name|Go module path|Debian release/,
      'asked a question whose flag was given',
    );
  });
});
