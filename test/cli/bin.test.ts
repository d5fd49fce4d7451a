import { execFileSync, spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { OPTIONS } from '../../generators/lib/options.js';
import { runCli } from '../helpers/cli.js';
import { freshDir, readTree } from '../helpers/generate.js';
import { CLI, PACKAGE_ROOT } from '../helpers/paths.js';

/** Runs the bin in `dir` and closes both its output pipes at the first byte, as `| head -1` does. */
function runReadingOneChunk(args: readonly string[], dir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const closeBoth = (chunk: Buffer): void => {
      output += chunk.toString();
      child.stdout.destroy();
      child.stderr.destroy();
    };
    child.stdout.once('data', closeBoth);
    child.stderr.once('data', closeBoth);
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('the go-container bin, without a terminal', function () {
  this.timeout(120_000);

  it('scaffolds a service with --defaults and prints the equivalent command and the next steps', async () => {
    const dir = join(freshDir(), 'Billing_API');
    await import('node:fs').then(({ mkdirSync }) => mkdirSync(dir));
    const result = await runCli(['--defaults', '--module', 'example.com/billing-api'], dir);
    assert.equal(result.code, 0, result.stderr);
    const tree = readTree(dir);
    assert.ok(
      tree.paths.includes('Dockerfile') && tree.paths.includes('main.go') && tree.paths.includes('.yo-rc.json'),
    );
    assert.match(tree.read('go.mod'), /^module example\.com\/billing-api$/m);
    assert.match(
      result.stderr,
      /^ {2}go-container --name billing-api --module example\.com\/billing-api --go-version 1\.\d+ --tags '' --ldflags '-s -X main\.version=\$\{VERSION\} -X main\.revision=\$\{REVISION\}' --no-cgo --runtime distroless --debian trixie --port 8080 --image ghcr\.io\/[a-z0-9-]+\/billing-api --platforms linux\/amd64,linux\/arm64 --ci github/m,
    );
    for (const step of ['make help', 'make run', 'make docker-build'])
      assert.ok(result.stderr.includes(step), `no ${step}`);
  });

  it('prints a command that reproduces the same files', async () => {
    const first = freshDir();
    const firstRun = await runCli(
      ['--defaults', '--name', 'svc', '--cgo', '--debian', 'bookworm', '--port', '9000'],
      first,
    );
    assert.equal(firstRun.code, 0, firstRun.stderr);
    const printed = /^ {2}go-container (.*)$/m.exec(firstRun.stderr)?.[1];
    assert.ok(printed, 'no equivalent command printed');
    const second = freshDir();
    // The printed line is a shell command: its words are what a shell makes of it (quotes and all).
    const words = execFileSync('bash', ['-c', `printf '%s\\0' ${printed}`], { encoding: 'utf8' })
      .split('\0')
      .slice(0, -1);
    const secondRun = await runCli(words, second);
    assert.equal(secondRun.code, 0, secondRun.stderr);
    assert.deepEqual(readTree(second).files, readTree(first).files);
  });

  it('reuses the answers of .yo-rc.json on a second run, asking nothing and changing nothing', async () => {
    const dir = freshDir();
    assert.equal((await runCli(['--defaults', '--name', 'again', '--runtime', 'scratch'], dir)).code, 0);
    const before = readTree(dir).files;
    const rerun = await runCli([], dir);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.deepEqual(readTree(dir).files, before);
    assert.match(rerun.stderr, /identical Dockerfile/);
    assert.doesNotMatch(rerun.stderr, /\?/, 'a question was printed');
  });

  it('refuses a bad value with exit code 1, one message naming flag, value and rule, and writes nothing', async () => {
    const dir = freshDir();
    const result = await runCli(['--defaults', '--port', '80'], dir);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'go-container: Invalid --port "80": must be an integer from 1024 to 65535 (the service runs as a non-root user)\n',
    );
    assert.deepEqual(readdirSync(dir), []);
  });

  it('warns, and still writes the service, when --go-version is newer than the local go (make test needs it)', async () => {
    // A `go` on the PATH that is go1.25.3, as `go env GOVERSION` prints it.
    const bin = freshDir('go-container-fake-go-');
    writeFileSync(join(bin, 'go'), '#!/bin/sh\n[ "$1 $2" = "env GOVERSION" ] && echo go1.25.3\n', { mode: 0o755 });
    const env = { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` };
    const newer = freshDir();
    const warned = await runCli(['--defaults', '--go-version', '1.26'], newer, env);
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(
      `${warned.stdout}${warned.stderr}`,
      /^Warning: --go-version 1\.26 is newer than the local Go toolchain \(go1\.25\.3\)\. .* with GOTOOLCHAIN=local they fail, .* Install Go 1\.26, or pass --go-version 1\.25\.3 or older\.$/m,
    );
    assert.match(readFileSync(join(newer, 'go.mod'), 'utf8'), /^go 1\.26$/m);
    const same = await runCli(['--defaults', '--go-version', '1.25'], freshDir(), env);
    assert.equal(same.code, 0, same.stderr);
    assert.doesNotMatch(`${same.stdout}${same.stderr}`, /Warning/);
  });

  it('a flag that breaks a stored answer (--cgo on a scratch project) names both and the flags that fix it', async () => {
    const dir = freshDir();
    assert.equal((await runCli(['--defaults', '--runtime', 'scratch'], dir)).code, 0);
    const before = readTree(dir).files;
    const result = await runCli(['--defaults', '--cgo'], dir);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'go-container: Invalid --runtime "scratch" (stored in .yo-rc.json) once --cgo is given: scratch has no C ' +
        'library: a cgo build needs distroless (use --no-cgo for scratch). Change it too: --cgo --runtime distroless\n',
    );
    assert.deepEqual(readTree(dir).files, before);
    assert.equal((await runCli(['--defaults', '--cgo', '--runtime', 'distroless', '--force'], dir)).code, 0);
  });

  for (const [args, message] of [
    [
      ['--defaults', '--port'],
      'go-container: --port needs a value: it must be an integer from 1024 to 65535 (the service runs as a non-root user)',
    ],
    [['--defaults', '--tags'], "go-container: --tags needs a value (--tags '' for none)"],
    [['--defaults', '--cwd'], 'go-container: --cwd needs a value (--cwd <dir>)'],
    [
      ['update', '--platforms'],
      'go-container update: --platforms needs a value: it must be a comma-separated list, without duplicates, of: linux/amd64, linux/arm64, linux/arm/v7',
    ],
    [['update', '--from'], 'go-container update: --from needs a value (--from <tarball|dir>)'],
  ] as const) {
    it(`${args.join(' ')}: one line naming the flag and the rule of its value, exit 1, nothing written`, async () => {
      const dir = freshDir();
      const result = await runCli(args, dir);
      assert.equal(result.code, 1);
      assert.equal(result.stderr, `${message}\n`);
      assert.deepEqual(readdirSync(dir), []);
    });
  }

  it('an existing module: --port without a value gives the rule of an existing module (none allowed)', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'go.mod'), 'module example.com/tool\n\ngo 1.26\n');
    writeFileSync(join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
    const result = await runCli(['--port'], dir);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^go-container: --port needs a value: it must be an integer from 1 to 65535, or none for a program that does not listen/,
    );
  });

  it('output to a closed pipe (| head -1) is dropped: no stack trace, exit 0, every file written', async () => {
    const dir = freshDir();
    const result = await runReadingOneChunk(['--defaults'], dir);
    assert.equal(result.code, 0, result.output);
    assert.doesNotMatch(result.output, /EPIPE|Error/);
    const reference = freshDir();
    assert.equal((await runCli(['--defaults'], reference)).code, 0);
    assert.deepEqual(readTree(dir).paths, readTree(reference).paths);
  });

  it('a refusal into a closed pipe keeps its exit code (1)', async () => {
    const result = await runReadingOneChunk(['--defaults', '--port', '80'], freshDir());
    assert.equal(result.code, 1, result.output);
  });

  it('refuses an invalid answer stored in .yo-rc.json, saying where it came from', async () => {
    const dir = freshDir();
    await import('node:fs').then(({ writeFileSync }) =>
      writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify({ 'generator-go-container': { debian: 'buster' } })),
    );
    const result = await runCli(['--defaults'], dir);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^go-container: Invalid --debian "buster" \(stored in \.yo-rc\.json\): must be one of: trixie, bookworm\n$/,
    );
    assert.deepEqual(readdirSync(dir), ['.yo-rc.json']);
  });

  it('without --defaults and without a terminal, names the missing flags instead of waiting', async () => {
    const dir = freshDir();
    const result = await runCli(['--name', 'api'], dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^go-container: No terminal to ask for --module, --go-version, --cgo, /);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('refuses an unknown flag, suggesting the closest one, and writes nothing', async () => {
    const dir = freshDir();
    const result = await runCli(['--defaults', '--prot', '9000'], dir);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, "go-container: unknown option '--prot' (did you mean --port?)\n");
    assert.deepEqual(readdirSync(dir), []);
  });

  it('--version prints the version of the package', async () => {
    const result = await runCli(['--version'], freshDir());
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `${JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version}\n`);
  });

  it('--help is readable at 80 columns: our options first, with their defaults here, then the run options', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify({ 'generator-go-container': { port: 9000 } }));
    const result = await runCli(['--help'], dir);
    assert.equal(result.code, 0);
    const lines = result.stdout.split('\n');
    assert.deepEqual(
      lines.filter((line) => line.length > 80),
      [],
      'lines wider than 80 columns',
    );
    assert.ok(lines[0]?.startsWith('Usage: go-container'));
    const flagsInOrder = lines.flatMap((line) => /^ {2}(?:-\w, )?(--[a-z-]+)/.exec(line)?.[1] ?? []);
    assert.deepEqual(flagsInOrder, [
      ...OPTIONS.map((spec) => `--${spec.flag}`),
      '--defaults',
      '--ask-answered',
      '--force',
      '--dry-run',
      '--cwd',
      '--version',
      '--help',
    ]);
    const help = result.stdout.replace(/\s+/g, ' ');
    for (const spec of OPTIONS) {
      assert.ok(help.includes(spec.description.replace(/\s+/g, ' ')), `--help lacks the description of --${spec.flag}`);
    }
    assert.match(help, /Here: 9000, stored in \.yo-rc\.json/);
    assert.match(
      help,
      new RegExp(
        `Here: ${basename(dir)
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')}\\.`,
      ),
    );
    for (const hidden of ['--skip-install', '--force-install', '--skip-cache', '--local-config-only', '--bail']) {
      assert.ok(!help.includes(hidden), `--help shows ${hidden}, which does nothing here`);
    }
  });

  it('refuses to scaffold into a non-empty directory that is not a Go module, unless --force', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'README.md'), '# notes\n');
    writeFileSync(join(dir, 'package.json'), '{}\n');
    const refused = await runCli(['--defaults'], dir);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /^go-container: \S+ is not empty and is not a Go module \(no go\.mod\): README\.md, package\.json\. A new service there would replace README\.md .* pass --force to create the service here anyway\.\n$/,
    );
    assert.deepEqual(readdirSync(dir).sort(), ['README.md', 'package.json']);
    const forced = await runCli(['--defaults', '--force'], dir);
    assert.equal(forced.code, 0, forced.stderr);
    assert.ok(existsSync(join(dir, 'main.go')));
    assert.equal(readFileSync(join(dir, 'package.json'), 'utf8'), '{}\n');
    assert.notEqual(readFileSync(join(dir, 'README.md'), 'utf8'), '# notes\n');
  });

  it('says a re-run uses the answers stored in .yo-rc.json', async () => {
    const dir = freshDir();
    assert.equal((await runCli(['--defaults', '--name', 'again'], dir)).code, 0);
    const rerun = await runCli([], dir);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stderr, /^Using the answers in \.yo-rc\.json \(pass a flag to change one/m);
  });

  it('prints "create .yo-rc.json" on a first run, never "force"', async () => {
    const result = await runCli(['--defaults'], freshDir());
    assert.match(result.stderr, /^\s+create \.yo-rc\.json$/m);
    assert.doesNotMatch(result.stderr, /force \.yo-rc\.json/);
  });
});
