/**
 * An existing cgo module, containerised: the notes service of test/fixtures/cgo-sqlite (go-sqlite3, which needs cgo)
 * gets its container files from the go-container bin run in it, then `make docker-build` builds it for linux/amd64
 * and linux/arm64, fetching go-sqlite3 from the Go module proxy during the build, the proxy passed as a user behind
 * a company proxy would pass theirs: --build-arg GOPROXY=..., and the proxy's CA certificate as a secret. Both
 * images then store and list notes in SQLite.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';
import { builtReferences } from './lib/built-images.js';
import { waitFor200 } from '../helpers/http.js';
import { runContainer } from './lib/container.js';
import { imageConfig } from './lib/docker.js';
import { requireEngine } from './lib/engine.js';
import { exec, tail, type Ran } from './lib/exec.js';
import { CA_CERTIFICATES, GOPROXY } from './lib/existing-project.js';
import { E2E_BUILDX_FLAGS, scratchDir } from './lib/project.js';

/**
 * The stand-in golang images exist only for this machine's Go (build-base-images.sh), so the build uses it,
 * as a user who wants a newer builder than go.mod's go line would: make docker-build GO_VERSION=1.26.
 */
const LOCAL_GO = execFileSync('go', ['env', 'GOVERSION'], {
  encoding: 'utf8',
  env: { ...process.env, GOTOOLCHAIN: 'local' },
})
  .trim()
  .replace(/^go/, '');
const IMAGE = 'localhost/e2e-existing-notes';
const PORTS: Readonly<Record<string, number>> = { 'linux/amd64': 18611, 'linux/arm64': 18612 };

describe('an existing module with go-sqlite3, containerised', function () {
  let dir: string;
  let reference: string;
  let build: Ran;

  before(async function () {
    await requireEngine([`golang:${LOCAL_GO}-trixie`, 'gcr.io/distroless/cc-debian13:nonroot']);
    dir = scratchDir('go-container-e2e-existing-notes-');
    cpSync(join(FIXTURES, 'cgo-sqlite'), dir, { recursive: true });
    const generated = await runCli(['--defaults'], dir, { ...process.env, GOPRIVATE: '' });
    assert.equal(generated.code, 0, `${generated.stdout}${generated.stderr}`);
    reference = `${IMAGE}:${process.pid}`;
    builtReferences.add(reference);
    build = await exec(
      'make',
      [
        'docker-build',
        `GO_VERSION=${LOCAL_GO}`,
        `IMAGE=${IMAGE}`,
        `TAG=${process.pid}`,
        `BUILDX_FLAGS=${E2E_BUILDX_FLAGS} --build-arg GOPROXY=${GOPROXY}`,
        ...(CA_CERTIFICATES ? [`EXTRA_CA_CERTS=${CA_CERTIFICATES}`] : []),
      ],
      { cwd: dir },
    );
  });

  it('gets the cgo Dockerfile, and its own files stay as they were', () => {
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /CGO_ENABLED=1/);
    for (const file of ['main.go', 'main_test.go', 'go.mod', 'go.sum']) {
      assert.equal(
        readFileSync(join(dir, file), 'utf8'),
        readFileSync(join(FIXTURES, 'cgo-sqlite', file), 'utf8'),
        `${file} changed`,
      );
    }
  });

  it('builds for linux/amd64 and linux/arm64, downloading go-sqlite3 through the GOPROXY build argument', () => {
    assert.equal(build.code, 0, `make docker-build failed:\n${tail(build.output, 80)}`);
    assert.match(build.output, new RegExp(`--build-arg GOPROXY=${GOPROXY.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(build.output, /go mod download/);
  });

  for (const platform of ['linux/amd64', 'linux/arm64']) {
    it(`runs on ${platform}: SQLite is compiled in, notes are stored and listed`, async () => {
      assert.equal(build.code, 0, 'the image was not built');
      const config = await imageConfig(reference, platform);
      assert.equal(`${config.os}/${config.architecture}`, platform);
      const port = PORTS[platform] ?? 18610;
      await runContainer(reference, { port, platform });
      const base = `http://127.0.0.1:${port}`;
      // arm64 runs under QEMU here: give it time to start.
      await waitFor200(`${base}/healthz`, 60_000, `${platform} /healthz`);
      const health = (await (await fetch(`${base}/healthz`)).json()) as { sqlite?: string };
      assert.match(health.sqlite ?? '', /^3\.[0-9]+\.[0-9]+$/);
      const created = await fetch(`${base}/notes`, { method: 'POST', body: `from ${platform}` });
      assert.equal(created.status, 201);
      const notes = (await (await fetch(`${base}/notes`)).json()) as string[];
      assert.deepEqual(notes, [`from ${platform}`]);
    });
  }
});
