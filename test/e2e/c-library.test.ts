/**
 * A module that links a system C library, containerised as it is: test/fixtures/cgo-zlib (`#cgo pkg-config: zlib`).
 * The build installs zlib1g-dev for each target architecture (Debian multiarch) and finds it with that
 * architecture's pkg-config; the image gets the shared libz the binary needs where the runtime lacks it
 * (distroless/cc-debian12), and nothing where it has it (cc-debian13). On bookworm both platforms are built with the
 * kernel's arm64 emulation switched off, so no step ran arm64 code; then each image runs (arm64 under QEMU) and
 * compresses with zlib. And every -dev package of the generator's C library table exists, for amd64 and arm64, in
 * both Debian releases.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { C_LIBRARIES } from '../../generators/lib/c-libraries.js';
import { DEBIAN_RELEASES } from '../../generators/lib/variants.js';
import { runCli } from '../helpers/cli.js';
import { freePort, waitFor200 } from '../helpers/http.js';
import { FIXTURES } from '../helpers/paths.js';
import { builtReferences, PLATFORMS } from './lib/built-images.js';
import { removeContainer, runContainer } from './lib/container.js';
import { elfFacts } from './lib/elf.js';
import { withoutArm64Emulation } from './lib/emulation.js';
import { requireEngine } from './lib/engine.js';
import { exec, execOk, note, tail, type Ran } from './lib/exec.js';
import { extractFromLayer, listLayer, saveImage, type SavedImage } from './lib/oci.js';
import { E2E_BUILDX_FLAGS, scratchDir } from './lib/project.js';

/** The stand-in golang images exist for this machine's Go only: the build uses it (make docker-build GO_VERSION=). */
const LOCAL_GO = execFileSync('go', ['env', 'GOVERSION'], {
  encoding: 'utf8',
  env: { ...process.env, GOTOOLCHAIN: 'local' },
})
  .trim()
  .replace(/^go/, '');

const TRIPLET: Readonly<Record<string, string>> = {
  'linux/amd64': 'x86_64-linux-gnu',
  'linux/arm64': 'aarch64-linux-gnu',
};
const MACHINE: Readonly<Record<string, string>> = { 'linux/amd64': 'X86-64', 'linux/arm64': 'AArch64' };

const RELEASES = [
  { release: 'bookworm', runtime: 'gcr.io/distroless/cc-debian12:nonroot', runtimeHasZlib: false },
  { release: 'trixie', runtime: 'gcr.io/distroless/cc-debian13:nonroot', runtimeHasZlib: true },
] as const;

for (const { release, runtime, runtimeHasZlib } of RELEASES) {
  describe(`cgo-zlib on ${release}: a module linking the system zlib, containerised`, function () {
    let dir: string;
    let reference: string;
    let build: Ran;
    let image: SavedImage;
    let base: SavedImage;
    const emulationOff = release === 'bookworm';

    before(async function () {
      await requireEngine([`golang:${LOCAL_GO}-${release}`, runtime]);
      dir = scratchDir(`go-container-e2e-zlib-${release}-`);
      cpSync(join(FIXTURES, 'cgo-zlib'), dir, { recursive: true });
      const generated = await runCli(['--defaults', '--debian', release], dir, { ...process.env, GOPRIVATE: '' });
      assert.equal(generated.code, 0, `${generated.stdout}${generated.stderr}`);
      reference = `localhost/e2e-zlib-${release}:${process.pid}`;
      builtReferences.add(reference);
      const make = (): Promise<Ran> =>
        exec(
          'make',
          [
            'docker-build',
            `GO_VERSION=${LOCAL_GO}`,
            `IMAGE=${reference.split(':')[0]}`,
            `TAG=${process.pid}`,
            // Every step afresh: the tests read apt's output, which a step taken from the cache (an earlier run
            // on this engine) does not print; and where emulation is off, nothing comes from a build made while it
            // was on.
            `BUILDX_FLAGS=${E2E_BUILDX_FLAGS} --no-cache`,
          ],
          { cwd: dir },
        );
      build = emulationOff ? await withoutArm64Emulation(make) : await make();
      assert.equal(build.code, 0, `make docker-build failed:\n${tail(build.output, 80)}`);
      image = await saveImage(reference, scratchDir(`go-container-e2e-zlib-${release}-image-`));
      base = await saveImage(runtime, scratchDir(`go-container-e2e-zlib-${release}-base-`));
    });

    it('installs zlib1g-dev for each target architecture, before the module files', () => {
      const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
      assert.match(dockerfile, /^ARG C_DEV_PACKAGES="zlib1g-dev"$/m);
      for (const arch of ['amd64', 'arm64']) {
        assert.match(build.output, new RegExp(`Setting up zlib1g-dev:${arch}`), `zlib1g-dev:${arch} installed now`);
      }
    });

    it(`gives the image libz.so.1 ${runtimeHasZlib ? `from ${runtime} itself, copying nothing` : `copied in, as ${runtime} lacks it`}`, async () => {
      for (const platform of PLATFORMS) {
        const own = image.platform(platform).layers.slice(base.platform(platform).layers.length);
        const entries = (await Promise.all(own.map(listLayer))).flat();
        const libz = `usr/lib/${TRIPLET[platform]}/libz.so.1`;
        const copied = entries.filter((entry) => entry.path.startsWith('usr/lib/'));
        if (runtimeHasZlib) {
          assert.deepEqual(copied, [], `${platform}: copied what ${runtime} has`);
          continue;
        }
        assert.deepEqual(
          copied.filter((entry) => entry.type === '-').map((entry) => entry.path),
          [libz],
          platform,
        );
        for (const layer of own) {
          if (!(await listLayer(layer)).some((entry) => entry.path === libz)) continue;
          const extracted = await extractFromLayer(layer, libz, scratchDir('go-container-e2e-zlib-libz-'));
          const { machine } = await elfFacts(extracted);
          assert.ok(machine.includes(MACHINE[platform]!), `${platform}: libz.so.1 is for ${machine}`);
        }
      }
    });

    if (emulationOff) {
      it('built the arm64 image on the amd64 build platform, with arm64 emulation switched off', () => {
        assert.match(build.output, /\[linux\/amd64->arm64 build \d+\/\d+\] RUN .*go build/);
      });
    }

    for (const platform of PLATFORMS) {
      it(`runs on ${platform}${platform === 'linux/arm64' ? ' (under QEMU)' : ''} and compresses with the system zlib`, async () => {
        const port = await freePort();
        const container = await runContainer(reference, { port, platform });
        try {
          const url = `http://127.0.0.1:${port}`;
          await waitFor200(`${url}/healthz`, 60_000, `${platform} /healthz`);
          const health = (await (await fetch(`${url}/healthz`)).json()) as { zlib?: string };
          note(`${platform}: zlib ${health.zlib}`);
          assert.match(health.zlib ?? '', /^1\.\d+/);
          assert.equal(await (await fetch(`${url}/crc32`, { method: 'POST', body: 'hello' })).text(), '3610a686\n');
          const text = 'packer '.repeat(100);
          const compressed = Buffer.from(
            await (await fetch(`${url}/compress`, { method: 'POST', body: text })).arrayBuffer(),
          );
          assert.ok(compressed.length < text.length / 5, `${compressed.length} bytes`);
          assert.equal(inflateSync(compressed).toString('utf8'), text);
        } finally {
          await removeContainer(container.name);
        }
      });
    }
  });
}

describe("the C library table's -dev packages", function () {
  for (const release of DEBIAN_RELEASES) {
    it(`all exist in Debian ${release}, for amd64 and arm64`, async () => {
      const image = `golang:${LOCAL_GO}-${release}`;
      await requireEngine([image]);
      const packages = [...new Set(C_LIBRARIES.flatMap((row) => (row.devPackage ? [row.devPackage[release]] : [])))];
      // One apt-cache call for all of them: each call rebuilds apt's cache, which the golang image does not keep.
      const script =
        'dpkg --add-architecture arm64 && apt-get update -qq && ' +
        'apt-cache show --no-all-versions "$@" 2>/dev/null | sed -n -e "s/^Package: //p" -e "s/^Architecture: //p"';
      const wanted = packages.flatMap((name) => [`${name}:amd64`, `${name}:arm64`]);
      const ran = await execOk('docker', [
        'run',
        '--rm',
        '--network',
        'host',
        image,
        'sh',
        '-c',
        script,
        'check',
        ...wanted,
      ]);
      const lines = ran.stdout.trim().split('\n');
      const found = new Set<string>();
      for (let i = 0; i + 1 < lines.length; i += 2) found.add(`${lines[i]}:${lines[i + 1]}`);
      const missing = wanted.filter((name) => !found.has(name) && !found.has(name.replace(/:(amd64|arm64)$/, ':all')));
      assert.deepEqual(missing, [], `not in Debian ${release}`);
    });
  }
});
