/**
 * What is inside the image `make docker-build` produces, read from `docker save` (the OCI index, each platform's
 * config and layers), not from the Dockerfile's text.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { builderImage, builtImage, E2E_CASES, extractionDir, PLATFORMS, type BuiltImage } from './lib/built-images.js';
import { compareGlibc, elfFacts, glibcDefined, newestGlibc } from './lib/elf.js';
import { execOk } from './lib/exec.js';
import { extractFromLayer, listLayer, type LayerEntry, type PlatformImage } from './lib/oci.js';
import { ociTime, RELEASE_VERSION, scratchDir, SECRET_FILES } from './lib/project.js';

const BINARY = 'usr/local/bin/demo';

/** What `file` and readelf call each architecture, and the glibc dynamic loader a cgo binary asks for. */
const ARCH = {
  'linux/amd64': { file: 'x86-64', machine: 'Advanced Micro Devices X86-64', loader: '/lib64/ld-linux-x86-64.so.2' },
  'linux/arm64': { file: 'ARM aarch64', machine: 'AArch64', loader: '/lib/ld-linux-aarch64.so.1' },
} as const;

/** What the scratch variant adds beside the binary: what distroless/static would have given it. */
const SCRATCH_FILES = [
  'etc/ssl/certs/ca-certificates.crt',
  'etc/passwd',
  'etc/group',
  'etc/nsswitch.conf',
  'home/nonroot',
  'tmp',
];

/** Every directory above a path: usr/local/bin/demo → usr, usr/local, usr/local/bin. */
const parents = (path: string): string[] =>
  path
    .split('/')
    .slice(0, -1)
    .map((_, index, parts) => parts.slice(0, index + 1).join('/'));

const SHELLS = /^(usr\/)?s?bin\/(sh|bash|dash|ash|zsh|busybox)$/;

async function allEntries(image: PlatformImage): Promise<LayerEntry[]> {
  return (await Promise.all(image.layers.map(listLayer))).flat();
}

/** The layers the image adds on top of its base: all of them for scratch. */
function ownLayers(built: BuiltImage, platform: string): PlatformImage['layers'] {
  const image = built.image.platform(platform);
  if (!built.base) return image.layers;
  const base = built.base.platform(platform);
  return image.layers.slice(base.layers.length);
}

/** The text of a file in one of the layers given (the last that holds it). */
async function readLayerFile(layers: PlatformImage['layers'], path: string): Promise<string | undefined> {
  let text: string | undefined;
  for (const layer of layers) {
    if ((await listLayer(layer)).some((entry) => entry.path === path)) {
      text = readFileSync(await extractFromLayer(layer, path, scratchDir('go-container-e2e-layer-file-')), 'utf8');
    }
  }
  return text;
}

async function extractBinary(built: BuiltImage, platform: string): Promise<string> {
  const dir = extractionDir(built.project.testCase, platform);
  for (const layer of ownLayers(built, platform)) {
    if ((await listLayer(layer)).some((entry) => entry.path === BINARY)) return extractFromLayer(layer, BINARY, dir);
  }
  throw new Error(`no layer of the ${platform} image holds /${BINARY}`);
}

for (const testCase of E2E_CASES) {
  describe(`${testCase.id}: the image make docker-build loads`, function () {
    let built: BuiltImage;
    before(async function () {
      built = await builtImage(testCase);
    });

    it('is one tag holding a linux/amd64 and a linux/arm64 image, each configured for its architecture', () => {
      assert.deepEqual(built.image.platforms.map((image) => image.platform).sort(), [...PLATFORMS]);
      for (const platform of PLATFORMS) {
        const { config } = built.image.platform(platform);
        assert.equal(`${config.os}/${config.architecture}`, platform);
      }
    });

    it("runs as 65532:65532 with an exec-form entrypoint and HEALTHCHECK, labelled with the git tag, commit and commit's time", () => {
      for (const platform of PLATFORMS) {
        const { config } = built.image.platform(platform).config;
        assert.equal(config.User, '65532:65532', platform);
        assert.deepEqual(config.Entrypoint, [`/${BINARY}`], `${platform}: entrypoint`);
        assert.ok(
          !config.Cmd?.length,
          `${platform}: no CMD to be taken for a shell command: ${JSON.stringify(config.Cmd)}`,
        );
        assert.deepEqual(config.Healthcheck?.Test, ['CMD', `/${BINARY}`, '-healthcheck'], `${platform}: HEALTHCHECK`);
        assert.deepEqual(Object.keys(config.ExposedPorts ?? {}), ['8080/tcp'], `${platform}: EXPOSE`);
        const labels = config.Labels ?? {};
        assert.equal(labels['org.opencontainers.image.version'], RELEASE_VERSION, `${platform}: version label`);
        assert.equal(
          labels['org.opencontainers.image.revision'],
          built.project.revision,
          `${platform}: revision label`,
        );
        const commitTime = ociTime(built.project.sourceDateEpoch);
        assert.equal(labels['org.opencontainers.image.created'], commitTime, `${platform}: created label`);
        assert.equal(built.image.platform(platform).config.created, commitTime, `${platform}: config created`);
        assert.equal(labels['org.opencontainers.image.base.name'], testCase.runtimeImage);
      }
    });

    const contents =
      testCase.runtimeImage === 'scratch'
        ? "holds nothing but the binary, the CA bundle, /etc/passwd, /etc/group, /etc/nsswitch.conf, nonroot's home and a world-writable /tmp"
        : `holds ${testCase.runtimeImage}'s layers unchanged plus a layer with nothing but the binary`;
    it(contents, async () => {
      const allowed = new Set([BINARY, ...(built.base ? [] : SCRATCH_FILES)]);
      for (const path of [...allowed]) for (const parent of parents(path)) allowed.add(parent);
      for (const platform of PLATFORMS) {
        const image = built.image.platform(platform);
        if (built.base) {
          const baseDiffIds = built.base.platform(platform).config.rootfs.diff_ids;
          assert.deepEqual(
            image.config.rootfs.diff_ids.slice(0, baseDiffIds.length),
            baseDiffIds,
            `${platform}: the base layers are not ${testCase.runtimeImage}'s`,
          );
        }
        const own = ownLayers(built, platform);
        assert.ok(own.length >= 1, `${platform}: no layer of its own`);
        const entries = (await Promise.all(own.map(listLayer))).flat();
        const unexpected = entries.filter((entry) => !allowed.has(entry.path)).map((entry) => entry.path);
        assert.deepEqual(
          unexpected,
          [],
          `${platform}: files beyond the binary${built.base ? '' : ' and scratch basics'}`,
        );
        const binary = entries.find((entry) => entry.path === BINARY);
        assert.ok(binary?.type === '-' && binary.mode === '-rwxr-xr-x', `${platform}: /${BINARY} ${binary?.mode}`);
        if (!built.base) {
          const tmp = entries.find((entry) => entry.path === 'tmp');
          assert.equal(tmp?.mode, 'drwxrwxrwt', `${platform}: /tmp`);
          const passwd = entries.find((entry) => entry.path === 'etc/passwd');
          assert.ok(passwd && passwd.uid === 0 && passwd.mode === '-rw-r--r--', `${platform}: /etc/passwd`);
          // What the passwd line of nonroot promises, as distroless has it.
          const home = entries.find((entry) => entry.path === 'home/nonroot');
          assert.ok(
            home && home.uid === 65532 && home.gid === 65532 && home.mode === 'drwx------',
            `${platform}: /home/nonroot ${JSON.stringify(home)}`,
          );
          assert.equal(image.config.config.WorkingDir, '/home/nonroot', `${platform}: WORKDIR`);
          assert.match((await readLayerFile(own, 'etc/nsswitch.conf')) ?? '', /^hosts: files dns$/m, platform);
        }
      }
    });

    it('has no shell, and none of the .env, *.pem or .git lying in the project', async () => {
      for (const platform of PLATFORMS) {
        const paths = (await allEntries(built.image.platform(platform))).map((entry) => entry.path);
        assert.deepEqual(
          paths.filter((path) => SHELLS.test(path)),
          [],
          `${platform}: a shell`,
        );
        const secrets = paths.filter((path) => {
          const name = path.split('/').at(-1) ?? '';
          return name in SECRET_FILES || name.endsWith('.pem') || path.split('/').includes('.git');
        });
        // distroless/static's CA bundle is a .crt, and Debian keeps no .pem in it; anything matching is ours.
        assert.deepEqual(secrets, [], `${platform}: project secrets in the image`);
      }
    });

    if (!testCase.cgo) {
      it('carries a static binary of the right architecture for each platform', async () => {
        for (const platform of PLATFORMS) {
          const facts = await elfFacts(await extractBinary(built, platform));
          assert.match(facts.file, /statically linked/, `${platform}: ${facts.file}`);
          assert.ok(facts.file.includes(ARCH[platform].file), `${platform}: ${facts.file}`);
          assert.equal(facts.machine, ARCH[platform].machine);
          assert.equal(facts.interpreter, undefined, `${platform}: asks for a dynamic loader`);
          assert.deepEqual(facts.needed, [], `${platform}: needs shared libraries`);
        }
      });
    } else {
      it("carries, for each platform, a binary linked against the glibc of the builder's Debian release, which the runtime has", async () => {
        const base = built.base;
        assert.ok(base, 'the cgo variant has a distroless/cc base');
        // The glibc the builder links against (the cross libc6-dev packages come from the same release).
        const builder = builderImage(testCase);
        const getconf = await execOk('docker', [
          'run',
          '--rm',
          '--network',
          'host',
          builder,
          'getconf',
          'GNU_LIBC_VERSION',
        ]);
        const builderGlibc = `GLIBC_${getconf.stdout.trim().replace(/^glibc /, '')}`;
        for (const platform of PLATFORMS) {
          const facts = await elfFacts(await extractBinary(built, platform));
          assert.match(facts.file, /dynamically linked/, `${platform}: ${facts.file}`);
          assert.ok(facts.file.includes(ARCH[platform].file), `${platform}: ${facts.file}`);
          assert.equal(facts.machine, ARCH[platform].machine);
          assert.equal(facts.interpreter, ARCH[platform].loader, `${platform}: dynamic loader`);
          assert.ok(facts.needed.includes('libc.so.6'), `${platform}: NEEDED ${facts.needed.join(', ')}`);

          // The runtime's own C library, taken out of the distroless/cc layers of this platform.
          const baseImage = base.platform(platform);
          let libc: string | undefined;
          for (const layer of baseImage.layers) {
            const entry = (await listLayer(layer)).find((e) => e.type === '-' && /(^|\/)libc\.so\.6$/.test(e.path));
            if (entry) libc = await extractFromLayer(layer, entry.path, extractionDir(testCase, `${platform}-libc`));
          }
          assert.ok(libc, `${platform}: no libc.so.6 in ${testCase.runtimeImage}`);
          const runtimeGlibc = newestGlibc(await glibcDefined(libc));
          const required = newestGlibc(facts.glibcRequired);
          assert.ok(runtimeGlibc && required, `${platform}: glibc versions ${runtimeGlibc} / ${required}`);
          assert.equal(runtimeGlibc, builderGlibc, `${platform}: ${testCase.runtimeImage} vs the builder ${builder}`);
          assert.ok(
            compareGlibc(required, runtimeGlibc) <= 0,
            `${platform}: the binary needs ${required}, ${testCase.runtimeImage} has ${runtimeGlibc}`,
          );
        }
      });
    }
  });
}
