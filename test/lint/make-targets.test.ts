/**
 * The generated Makefile's real targets, run for each variant on one generated project per variant: build, vet,
 * test, fmt, lint, run (briefly, probed over HTTP), verify-static and clean. docker-build runs in the e2e suite.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { generate } from '../helpers/generate.js';
import { make, type MakeResult } from './support/make.js';
import { ONE_PROJECT_PER_VARIANT } from './support/projects.js';
import { findTool } from './support/tools.js';
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

/** PATH without golangci-lint, so that `make lint` takes its go vet + gofmt path on every machine. */
function pathWithoutGolangciLint(): string {
  const linter = findTool('golangci-lint');
  const path = process.env['PATH'] ?? '';
  if (!linter) return path;
  return path
    .split(delimiter)
    .filter((directory) => !existsSync(join(directory, 'golangci-lint')))
    .join(delimiter);
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

    it('lint passes on the generated tree and fails on an unformatted file (without golangci-lint: vet + gofmt)', async () => {
      const env = { ...process.env, PATH: pathWithoutGolangciLint() };
      const clean = await make(dir, ['lint'], env);
      assert.equal(clean.code, 0, clean.stdout + clean.stderr);
      const file = join(dir, 'zz_lint.go');
      writeFileSync(file, 'package main\nfunc   zzLint( ) {}\n');
      try {
        const dirty = await make(dir, ['lint'], env);
        assert.notEqual(dirty.code, 0);
        assert.match(dirty.stdout, /not formatted \(run make fmt\):\nzz_lint\.go/);
      } finally {
        rmSync(file, { force: true });
      }
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
