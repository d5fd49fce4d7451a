/**
 * The generated Makefile's real targets, run for each variant on one generated project per variant: build, vet,
 * test, fmt, lint, run (briefly, probed over HTTP), verify-static and clean. docker-build runs in the e2e suite.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { get } from 'node:http';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { generate } from '../helpers/generate.js';
import { make } from './support/make.js';
import { ONE_PROJECT_PER_VARIANT } from './support/projects.js';
import { INSTALL_LINTERS, requireTool } from './support/tools.js';
import { TOOLS } from '../../generators/lib/tool-versions.js';
import { GIT_STATES, gitIn } from '../helpers/git-states.js';
import { freePort } from '../helpers/http.js';

const execFileAsync = promisify(execFile);

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('timeout', () => request.destroy(new Error('timeout')));
    request.once('error', reject);
  });
}

/** The pinned golangci-lint (TOOLS), first on PATH: make lint uses it as it is, instead of installing it. */
function pathWithPinnedGolangciLint(): string {
  const linter = requireTool('golangci-lint', 'make lint runs it');
  const version = execFileSync(linter, ['version', '--short'], { encoding: 'utf8' }).trim();
  assert.equal(
    `v${version}`,
    TOOLS.golangciLint.version,
    `${linter} is not the pinned golangci-lint: run ${INSTALL_LINTERS}`,
  );
  return `${dirname(linter)}${delimiter}${process.env['PATH'] ?? ''}`;
}

/** A PATH with every command of this machine except C compilers: a machine without gcc. */
function pathWithoutCCompiler(): string {
  const dir = mkdtempSync(join(tmpdir(), 'no-cc-'));
  for (const directory of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!directory || !existsSync(directory)) continue;
    for (const name of readdirSync(directory)) {
      if (/^(cc|gcc|c89|c99|clang|tcc)(-.*)?$|-(gcc|cc)(-[0-9.]+)?$/.test(name)) continue;
      if (!existsSync(join(dir, name))) symlinkSync(join(directory, name), join(dir, name));
    }
  }
  return dir;
}

for (const projectCase of ONE_PROJECT_PER_VARIANT) {
  const cgo = projectCase.variant === 'cgo';

  describe(`make in a generated ${projectCase.variant} service`, function () {
    this.timeout(240_000);
    let dir: string;

    before(async () => {
      dir = (await generate(projectCase.flags)).dir;
    });

    it(`build writes bin/demo with the image's flags (CGO_ENABLED=${cgo ? 1 : 0}, -trimpath, version stamped)`, async () => {
      const result = await make(dir, ['build', 'VERSION=v9.9.9']);
      assert.equal(result.code, 0, result.stderr);
      const { stdout } = await execFileAsync('go', ['version', '-m', join(dir, 'bin/demo')]);
      assert.match(stdout, new RegExp(`build\\s+CGO_ENABLED=${cgo ? 1 : 0}`));
      assert.match(stdout, /build\s+-trimpath=true/);
      const version = await execFileAsync(join(dir, 'bin/demo'), ['-version']);
      assert.match(version.stdout, /v9\.9\.9/);
    });

    it('vet passes', async () => {
      const result = await make(dir, ['vet']);
      assert.equal(result.code, 0, result.stderr);
    });

    it("test runs the service's tests with the race detector, and they pass", async () => {
      const result = await make(dir, ['test']);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /^go test -race \.\/\.\.\.$/m);
      assert.match(result.stdout, /^ok\s/m);
    });

    it('fmt rewrites a badly formatted file in gofmt -s style', async () => {
      const file = join(dir, 'zz_format.go');
      writeFileSync(file, 'package main\nfunc   zzFormat( ) []int { return []int{ 1,2 } }\n');
      try {
        const result = await make(dir, ['fmt']);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(readFileSync(file, 'utf8'), 'package main\n\nfunc zzFormat() []int { return []int{1, 2} }\n');
      } finally {
        rmSync(file, { force: true });
      }
    });

    it(`lint runs golangci-lint ${TOOLS.golangciLint.version} with .golangci.yml: clean on the generated tree`, async () => {
      const env = { ...process.env, PATH: pathWithPinnedGolangciLint() };
      const clean = await make(dir, ['lint'], env);
      assert.equal(clean.code, 0, clean.stdout + clean.stderr);
      assert.match(clean.stdout, /^golangci-lint run \.\/\.\.\.$/m);
      assert.match(clean.stdout, /^0 issues\.$/m);
    });

    it('lint fails on an unformatted file and on os.Exit after a defer (gocritic exitAfterDefer)', async () => {
      const env = { ...process.env, PATH: pathWithPinnedGolangciLint() };
      const file = join(dir, 'zz_lint.go');
      try {
        writeFileSync(file, 'package main\n\nvar _   =   1\n');
        const unformatted = await make(dir, ['lint'], env);
        assert.notEqual(unformatted.code, 0);
        assert.match(unformatted.stdout, /zz_lint\.go:\d+:\d+: File is not properly formatted \(gofmt\)/);
        writeFileSync(
          file,
          'package main\n\nimport "os"\n\nfunc zzExit(stop func()) {\n\tdefer stop()\n\tos.Exit(1)\n}\n\nvar _ = zzExit\n',
        );
        const exitAfterDefer = await make(dir, ['lint'], env);
        assert.notEqual(exitAfterDefer.code, 0);
        assert.match(
          exitAfterDefer.stdout,
          /zz_lint\.go:\d+:\d+: exitAfterDefer: os\.Exit will exit, and `defer stop\(\)` will not run/,
        );
      } finally {
        rmSync(file, { force: true });
      }
    });

    it('lint never runs a golangci-lint of another version: it installs the pinned one into bin/', async () => {
      const fakeBin = mkdtempSync(join(tmpdir(), 'old-golangci-lint-'));
      writeFileSync(join(fakeBin, 'golangci-lint'), '#!/bin/sh\necho 1.64.8\n');
      chmodSync(join(fakeBin, 'golangci-lint'), 0o755);
      const env = { ...process.env, PATH: `${fakeBin}${delimiter}${process.env['PATH'] ?? ''}` };
      const dryRun = await make(dir, ['-n', 'lint'], env);
      assert.equal(dryRun.code, 0, dryRun.stderr);
      const pinned = `${TOOLS.golangciLint.goPackage}@${TOOLS.golangciLint.version}`;
      assert.match(dryRun.stdout, new RegExp(`go install ${pinned.replaceAll('.', '\\.')}$`, 'm'));
      assert.match(
        dryRun.stdout,
        new RegExp(`^bin/golangci-lint-${TOOLS.golangciLint.version.replaceAll('.', '\\.')} run \\./\\.\\.\\.$`, 'm'),
      );
      assert.doesNotMatch(dryRun.stdout, /^golangci-lint run/m);
    });

    it('test falls back from -race, with a one-line note, on a machine without a C compiler', async () => {
      const withoutGcc = await make(dir, ['test'], { ...process.env, PATH: pathWithoutCCompiler() });
      assert.equal(withoutGcc.code, 0, withoutGcc.stdout + withoutGcc.stderr);
      assert.match(
        withoutGcc.stdout,
        /^make test: -race needs cgo and so a C compiler; there is none: testing without the race detector$/m,
      );
      assert.match(withoutGcc.stdout, /^go test \.\/\.\.\.$/m);
      assert.match(withoutGcc.stdout, /^ok\s/m);
    });

    it('run serves /healthz on $(PORT) and stops when asked to', async () => {
      const port = await freePort();
      const child = spawn('make', ['run', `PORT=${port}`], { cwd: dir, detached: true, stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        let status = 0;
        for (let attempt = 0; attempt < 150 && status !== 200; attempt++) {
          status = await httpStatus(`http://127.0.0.1:${port}/healthz`).catch(() => 0);
          if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        assert.equal(status, 200, `no answer on :${port}/healthz`);
      } finally {
        process.kill(-child.pid!, 'SIGTERM');
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        exited,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('make run did not stop within 15 s')), 15_000);
        }),
      ]).finally(() => clearTimeout(timer));
      // make exits at once; the service drains and closes its listener on the same signal, a moment later.
      let stopped = false;
      for (let attempt = 0; attempt < 50 && !stopped; attempt++) {
        stopped = await httpStatus(`http://127.0.0.1:${port}/healthz`).then(
          () => false,
          () => true,
        );
        if (!stopped) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.ok(stopped, 'the service still answers 10 s after SIGTERM');
    });

    if (cgo) {
      it('has no verify-static: a cgo binary links glibc on purpose', async () => {
        const result = await make(dir, ['verify-static']);
        assert.notEqual(result.code, 0);
        assert.match(result.stderr, /No rule to make target 'verify-static'/);
      });
    } else {
      it('verify-static confirms that the Linux binary is statically linked', async () => {
        const result = await make(dir, ['verify-static']);
        assert.equal(result.code, 0, result.stdout + result.stderr);
        assert.match(result.stdout, /bin\/demo-linux is statically linked/);
      });
    }

    it('clean removes the build output', async () => {
      assert.ok(existsSync(join(dir, 'bin')), 'bin/ should exist after the builds above');
      const result = await make(dir, ['clean']);
      assert.equal(result.code, 0, result.stderr);
      assert.ok(!existsSync(join(dir, 'bin')));
    });
  });
}

/**
 * VERSION, REVISION and SOURCE_DATE_EPOCH come from git, and a project is not always a tagged clone: make build, run
 * and docker-build work, with fallbacks, outside git, before the first commit, without tags and in a shallow clone.
 * GOFLAGS is emptied: a -buildvcs=false there (as on some machines) would hide go build's own VCS stamping, which
 * fails before the first commit.
 */
/** The flags of docker buildx build that take a value: anything else but --load and the final context is a stray word. */
const BUILDX_VALUE_FLAGS = new Set([
  '--platform',
  '--build-arg',
  '--tag',
  '--output',
  '--label',
  '--secret',
  '--builder',
]);

describe('make in a project outside git, before its first commit, without tags, or shallow-cloned', function () {
  this.timeout(240_000);

  for (const state of GIT_STATES) {
    describe(state.name, () => {
      let dir: string;
      const env: NodeJS.ProcessEnv = { ...process.env, GOFLAGS: '' };

      before(async () => {
        dir = state.make((await generate(ONE_PROJECT_PER_VARIANT[0]!.flags)).dir);
      });

      it('build works and stamps the version and revision git gives, or dev and unknown', async () => {
        const result = await make(dir, ['build'], env);
        assert.equal(result.code, 0, result.stdout + result.stderr);
        const [, version = '', revision = ''] = (await execFileAsync(join(dir, 'bin/demo'), ['-version'])).stdout.split(
          ' ',
        );
        assert.match(version, state.version);
        assert.match(revision, state.revision);
      });

      it('run serves /healthz', async () => {
        const port = await freePort();
        const child = spawn('make', ['run', `PORT=${port}`], { cwd: dir, env, detached: true, stdio: 'ignore' });
        try {
          let status = 0;
          for (let attempt = 0; attempt < 150 && status !== 200; attempt++) {
            status = await httpStatus(`http://127.0.0.1:${port}/healthz`).catch(() => 0);
            if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
          }
          assert.equal(status, 200);
        } finally {
          process.kill(-child.pid!, 'SIGTERM');
        }
      });

      it('docker-build gives buildx well-formed arguments, with the commit time when there is a commit', async () => {
        const fakeBin = mkdtempSync(join(tmpdir(), 'fake-docker-'));
        const argsFile = join(fakeBin, 'args');
        writeFileSync(
          join(fakeBin, 'docker'),
          `#!/bin/sh\ncase "$1 $2" in "buildx build") shift 2; printf '%s\\n' "$@" > ${argsFile} ;; esac\n`,
        );
        chmodSync(join(fakeBin, 'docker'), 0o755);
        const result = await make(dir, ['docker-build'], {
          ...env,
          PATH: `${fakeBin}${delimiter}${env['PATH'] ?? ''}`,
        });
        assert.equal(result.code, 0, result.stdout + result.stderr);
        const args = readFileSync(argsFile, 'utf8').split('\n').filter(Boolean);
        assert.equal(args.at(-1), '.', 'the build context is the last argument');
        assert.equal(args.at(-2), '--load');
        const strays: string[] = [];
        for (let i = 0; i < args.length - 1; i++) {
          if (BUILDX_VALUE_FLAGS.has(args[i]!)) i++;
          else if (args[i] !== '--load') strays.push(args[i]!);
        }
        assert.deepEqual(strays, [], `stray arguments in: ${args.join(' ')}`);
        const buildArgs = new Map(
          args.flatMap((arg, i) => (args[i - 1] === '--build-arg' ? [arg.split('=', 2) as [string, string]] : [])),
        );
        assert.match(buildArgs.get('VERSION') ?? '', state.version);
        assert.match(buildArgs.get('REVISION') ?? '', state.revision);
        const created = args.find(
          (arg, i) => args[i - 1] === '--label' && arg.startsWith('org.opencontainers.image.created='),
        );
        if (state.committed) {
          const epoch = gitIn(dir, 'log', '-1', '--format=%ct');
          assert.equal(buildArgs.get('SOURCE_DATE_EPOCH'), epoch);
          assert.equal(
            created,
            `org.opencontainers.image.created=${new Date(Number(epoch) * 1000).toISOString().replace('.000Z', 'Z')}`,
          );
        } else {
          assert.equal(buildArgs.get('SOURCE_DATE_EPOCH'), undefined);
          assert.equal(created, undefined, 'no created label without a commit');
        }
      });
    });
  }
});
