import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { OPTIONS } from '../../generators/lib/options.js';
import { UPDATE_OPTIONS } from '../../generators/update/generator.js';
import { updateHelp } from '../../generators/update/help.js';
import { runCli } from '../helpers/cli.js';
import { freshDir } from '../helpers/generate.js';
import { CLI, PACKAGE_ROOT } from '../helpers/paths.js';
import { firstReleaseTarball, generatedProject, git, installed, projectFiles, updateEnv } from './support/project.js';

describe('go-container update, the command', function () {
  this.timeout(60_000);

  it('is listed by go-container --help', async () => {
    const result = await runCli(['--help'], freshDir());
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^ {2}update \[options\] +Bring the project up to this version of\s+go-container/m);
  });

  it('--help, at 80 columns: its own flags, then every option of the generator as an answer to change', async () => {
    const result = await runCli(['update', '--help'], freshDir());
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.deepEqual(
      lines.filter((line) => line.length > 80),
      [],
    );
    assert.equal(lines[0], 'Usage: go-container update [options]');
    const flags = lines.flatMap((line) => /^ {2}(?:-\w, )?(--[a-z-]+)/.exec(line)?.[1] ?? []);
    assert.deepEqual(flags, [
      ...UPDATE_OPTIONS.map((option) => `--${option.flag}`),
      '--help',
      ...OPTIONS.map((spec) => `--${spec.flag}`),
    ]);
    assert.match(lines.join(' '), /--from <tarball\|dir> +A tarball/);
    assert.match(
      result.stdout.replace(/\s+/g, ' '),
      /Answers to change \(each is the answer stored in \.yo-rc\.json unless given/,
    );
    assert.match(result.stdout, /^ {2}--cgo, --no-cgo +/m);
    assert.equal(result.stdout, updateHelp('go-container update'));
  });

  it('is documented in README, with each of its own options', () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    assert.match(readme, /^## Update a generated project$/m);
    for (const option of UPDATE_OPTIONS) assert.match(readme, new RegExp(`^\\| \`--${option.flag}\` \\|`, 'm'));
  });

  it('refuses an option of neither the generator nor update', async () => {
    const result = await runCli(['update', '--cgoo'], freshDir());
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /unknown option '--cgoo'/);
  });
});

describe('go-container update, stopped by Ctrl-C', function () {
  this.timeout(300_000);

  it('while it fetches the recorded version: one line, exit code 130, nothing written', async () => {
    const dir = await generatedProject('svc', ['--defaults'], await installed(await firstReleaseTarball()));
    const before = projectFiles(dir);
    // A registry that accepts the request and never answers: update waits there until Ctrl-C.
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as AddressInfo;
    try {
      // Its own process group, as at a terminal, where Ctrl-C reaches update and the npm it started.
      const child = spawn(process.execPath, [CLI, 'update'], {
        cwd: dir,
        env: updateEnv({ npm_config_registry: `http://127.0.0.1:${port}/` }),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let pressed = false;
      child.stdout.resume();
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (pressed || !/^Fetching generator-go-container@0\.1\.0/m.test(stderr)) return;
        pressed = true;
        process.kill(-child.pid!, 'SIGINT');
      });
      const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];

      assert.deepEqual([code, signal], [130, null], stderr);
      assert.equal(stderr.trimEnd().split('\n').at(-1), 'Cancelled: nothing was written.');
      assert.deepEqual(projectFiles(dir), before);
      assert.equal(git(dir, 'status', '--porcelain'), '');
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });
});
