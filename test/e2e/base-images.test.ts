/**
 * The local stand-ins for golang, distroless and node (test/e2e/setup/build-base-images.sh) must behave like the
 * real images for everything the generated Dockerfiles rely on, on both platforms (node: on the build machine's,
 * linux/amd64): otherwise an e2e build could pass here and fail against the registry. What "real" means is cited
 * in the setup script.
 *
 * Assumes the engine and the images exist (the e2e runner calls the setup scripts first); fails, never skips,
 * when the engine is not reachable.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { NODE_MAJOR } from '../../generators/lib/tool-versions.js';
import {
  ELF_MACHINE,
  dockerOk,
  elfMachine,
  imageConfig,
  imageFiles,
  imagePlatforms,
  requireArm64Emulation,
  requireEngine,
  type ContainerFiles,
  type KeepContent,
} from './lib/docker.js';

const PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;
type Platform = (typeof PLATFORMS)[number];

const RELEASES = [
  { codename: 'trixie', debian: 13 },
  { codename: 'bookworm', debian: 12 },
] as const;

/** The Go version the images were built for: the setup script's default is the machine's Go. */
function expectedGoVersion(): string {
  const version = process.env.E2E_GO_VERSION ?? execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  return version.trim().replace(/^go/, '');
}
const GO_VERSION = expectedGoVersion();
const GO_MINOR = GO_VERSION.split('.').slice(0, 2).join('.');

/** Where each platform's glibc dynamic loader must be (the PT_INTERP of dynamically linked binaries). */
const LOADER: Record<Platform, string> = {
  'linux/amd64': '/lib64/ld-linux-x86-64.so.2',
  'linux/arm64': '/lib/ld-linux-aarch64.so.1',
};

/** Keep /etc files whole (the CA bundle is the biggest, ~200 KB) and the ELF header of every shared object. */
const keepEtcAndElfHeaders: KeepContent = (entry) =>
  entry.path.startsWith('etc/') ? Math.min(entry.size, 4 * 1024 * 1024) : /\.so(\.\d+)*$/.test(entry.path) ? 64 : 0;

function runIn(ref: string, platform: Platform, command: readonly string[]): Promise<string> {
  return dockerOk(['run', '--rm', '--network', 'host', '--platform', platform, ref, ...command]);
}

describe('base image stand-ins (local golang, distroless and node images)', function () {
  this.timeout(600_000);

  before(async function () {
    await requireEngine();
  });

  for (const { codename, debian } of RELEASES) {
    for (const flavor of ['static', 'cc'] as const) {
      const ref = `gcr.io/distroless/${flavor}-debian${debian}:nonroot`;

      describe(ref, function () {
        it('is one tag holding a linux/amd64 and a linux/arm64 image, each of its own architecture', async function () {
          const images = await imagePlatforms(ref);
          assert.deepEqual(images.map((image) => image.platform).sort(), ['linux/amd64', 'linux/arm64']);
          for (const image of images) {
            assert.equal(`${image.config.os}/${image.config.architecture}`, image.platform);
          }
        });

        it('has a :latest sibling that runs as root (uid 0) in /, like distroless', async function () {
          const latest = ref.replace(/:nonroot$/, ':latest');
          for (const platform of PLATFORMS) {
            const { config } = await imageConfig(latest, platform);
            assert.equal(config.User, '0');
            assert.equal(config.WorkingDir, '/');
          }
        });

        for (const platform of PLATFORMS) {
          describe(platform, function () {
            let files: ContainerFiles;
            before(async function () {
              files = await imageFiles(ref, platform, keepEtcAndElfHeaders);
            });

            it('runs as uid 65532 in /home/nonroot with no entrypoint or command, like distroless :nonroot', async function () {
              const { config } = await imageConfig(ref, platform);
              assert.equal(config.User, '65532');
              assert.equal(config.WorkingDir, '/home/nonroot');
              assert.ok(!config.Entrypoint?.length, `entrypoint: ${JSON.stringify(config.Entrypoint)}`);
              assert.ok(!config.Cmd?.length, `cmd: ${JSON.stringify(config.Cmd)}`);
              assert.ok(config.Env?.includes('SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt'));
              assert.ok(config.Env?.includes('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'));
            });

            it('knows root (0), nonroot (65532) and nobody (65534) by name, as users and groups', function () {
              const passwd = files.read('/etc/passwd');
              assert.match(passwd, /^root:x:0:0:root:\/root:\/sbin\/nologin$/m);
              assert.match(passwd, /^nonroot:x:65532:65532:nonroot:\/home\/nonroot:\/sbin\/nologin$/m);
              assert.match(passwd, /^nobody:x:65534:65534:nobody:\/nonexistent:\/sbin\/nologin$/m);
              const group = files.read('/etc/group');
              for (const line of ['root:x:0:', 'nonroot:x:65532:', 'nobody:x:65534:', 'tty:x:5:', 'staff:x:50:']) {
                assert.ok(group.split('\n').includes(line), `/etc/group lacks ${line}`);
              }
              assert.match(files.read('/etc/nsswitch.conf'), /^hosts:\s+files dns$/m);
            });

            it('has nonroot own its home and a world-writable sticky /tmp', function () {
              const home = files.resolve('/home/nonroot');
              assert.equal(home?.type, 'dir');
              assert.equal(home?.uid, 65532);
              assert.equal(home?.gid, 65532);
              const tmp = files.resolve('/tmp');
              assert.equal(tmp?.type, 'dir');
              assert.equal((tmp?.mode ?? 0) & 0o7777, 0o1777);
            });

            it('trusts the Debian CA bundle at SSL_CERT_FILE', function () {
              const bundle = files.read('/etc/ssl/certs/ca-certificates.crt');
              const certificates = bundle.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
              assert.ok(certificates > 100, `only ${certificates} certificates in the bundle`);
            });

            it('has time zones (tzdata) and service names (netbase)', function () {
              assert.ok(files.exists('/usr/share/zoneinfo/UTC'));
              assert.ok(files.exists('/usr/share/zoneinfo/Europe/Berlin'));
              assert.match(files.read('/etc/services'), /^http\s+80\/tcp/m);
              assert.match(files.read('/etc/protocols'), /^tcp\s+6\s+TCP/m);
            });

            it(`says Debian ${debian} (${codename}) in /etc/os-release`, function () {
              assert.match(
                files.read('/etc/os-release'),
                new RegExp(`^VERSION="Debian GNU/Linux ${debian} \\(${codename}\\)"$`, 'm'),
              );
            });

            it('has no shell', function () {
              for (const shell of [
                '/bin/sh',
                '/bin/bash',
                '/usr/bin/sh',
                '/usr/bin/bash',
                '/bin/dash',
                '/bin/busybox',
              ]) {
                assert.ok(!files.exists(shell), `${shell} exists`);
              }
            });

            if (flavor === 'static') {
              it('has no C library: only static binaries run on it', function () {
                assert.deepEqual(
                  files.named('libc.so.6').map((entry) => entry.path),
                  [],
                );
                assert.ok(!files.exists(LOADER[platform]), `${LOADER[platform]} exists`);
              });
            } else {
              it(`has glibc, libssl and the gcc runtime libraries built for ${platform}`, function () {
                for (const library of ['libc.so.6', 'libssl.so.3', 'libstdc++.so.6', 'libgcc_s.so.1', 'libgomp.so.1']) {
                  const found = files.named(library).map((entry) => files.resolve(`/${entry.path}`));
                  assert.ok(found.length > 0, `${library} is missing`);
                  for (const entry of found) {
                    assert.equal(
                      elfMachine(entry?.content ?? Buffer.alloc(0)),
                      ELF_MACHINE[platform],
                      `${entry?.path} is not for ${platform}`,
                    );
                  }
                }
              });

              it('has the dynamic loader where dynamically linked binaries look for it', function () {
                const loader = files.resolve(LOADER[platform]);
                assert.equal(loader?.type, 'file', `${LOADER[platform]} is missing`);
                assert.equal(elfMachine(loader?.content ?? Buffer.alloc(0)), ELF_MACHINE[platform]);
              });
            }
          });
        }
      });
    }
  }

  for (const { codename, debian } of RELEASES) {
    const ref = `golang:${GO_MINOR}-${codename}`;

    describe(ref, function () {
      it(`is the same image as golang:${GO_VERSION}-${codename}${codename === 'trixie' ? ` and golang:${GO_MINOR}` : ''}`, async function () {
        const id = async (tag: string): Promise<string> =>
          (await dockerOk(['image', 'inspect', '--format', '{{.Id}}', tag])).trim();
        const tags = [
          `golang:${GO_VERSION}-${codename}`,
          ...(codename === 'trixie' ? [`golang:${GO_MINOR}`, `golang:${GO_VERSION}`] : []),
        ];
        const expected = await id(ref);
        for (const tag of tags) assert.equal(await id(tag), expected, `${tag} differs from ${ref}`);
      });

      it('is one tag holding a linux/amd64 and a linux/arm64 image, each of its own architecture', async function () {
        const images = await imagePlatforms(ref);
        assert.deepEqual(images.map((image) => image.platform).sort(), ['linux/amd64', 'linux/arm64']);
        for (const image of images) {
          assert.equal(`${image.config.os}/${image.config.architecture}`, image.platform);
        }
      });

      for (const platform of PLATFORMS) {
        describe(platform, function () {
          if (platform === 'linux/arm64') before(requireArm64Emulation);

          it('is configured like the official image: GOTOOLCHAIN=local, GOPATH=/go, WORKDIR /go, Go on PATH', async function () {
            const { config } = await imageConfig(ref, platform);
            assert.ok(config.Env?.includes('GOTOOLCHAIN=local'), `env: ${config.Env?.join(' ')}`);
            assert.ok(config.Env?.includes('GOPATH=/go'));
            assert.ok(config.Env?.includes(`GOLANG_VERSION=${GO_VERSION}`));
            assert.ok(config.Env?.some((variable) => /^PATH=\/go\/bin:\/usr\/local\/go\/bin:/.test(variable)));
            assert.equal(config.WorkingDir, '/go');
          });

          it(`runs go ${GO_VERSION} for ${platform}${platform === 'linux/arm64' ? ' (under QEMU)' : ''}`, async function () {
            const [os, arch] = platform.split('/');
            assert.equal(
              (await runIn(ref, platform, ['go', 'version'])).trim(),
              `go version go${GO_VERSION} ${os}/${arch}`,
            );
            assert.equal(
              (await runIn(ref, platform, ['go', 'env', 'GOTOOLCHAIN', 'GOROOT'])).trim(),
              'local\n/usr/local/go',
            );
          });

          it(`is Debian ${debian} (${codename}) with apt sources that work from a Dockerfile`, async function () {
            const out = await runIn(ref, platform, [
              'sh',
              '-c',
              '. /etc/os-release && echo "$VERSION_CODENAME" && cat /etc/apt/sources.list.d/debian.sources && ls /etc/apt/apt.conf.d',
            ]);
            assert.match(out, new RegExp(`^${codename}$`, 'm'));
            assert.match(out, new RegExp(`^Suites: ${codename} ${codename}-updates$`, 'm'));
            assert.match(out, /^docker-clean$/m);
          });

          it('compiles and runs C with gcc (what cgo needs)', async function () {
            const out = await runIn(ref, platform, [
              'sh',
              '-c',
              'printf "#include <stdio.h>\\nint main(void){puts(\\"c ok\\");return 0;}\\n" | gcc -x c -o /tmp/c-ok - && /tmp/c-ok',
            ]);
            assert.equal(out.trim(), 'c ok');
          });
        });
      }

      it('builds and runs a cgo program on linux/amd64', async function () {
        const program =
          'package main\n\n// int answer(void) { return 42; }\nimport "C"\nimport "fmt"\n\nfunc main() { fmt.Println(C.answer()) }\n';
        const out = await runIn(ref, 'linux/amd64', [
          'sh',
          '-c',
          `mkdir -p /tmp/cgo && cd /tmp/cgo && printf '%s' '${program}' >main.go && go mod init cgo >/dev/null 2>&1 && CGO_ENABLED=1 go build -o cgo . && ./cgo`,
        ]);
        assert.equal(out.trim(), '42');
      });
    });
  }

  describe(`node:${NODE_MAJOR}-slim (the frontend stage's base)`, function () {
    const ref = `node:${NODE_MAJOR}-slim`;
    const node = (...command: string[]): Promise<string> => runIn(ref, 'linux/amd64', command);
    let files: ContainerFiles;
    before(async function () {
      // Keep text files under /etc whole (with usr/lib/os-release: Debian's /etc/os-release links there), the
      // entrypoint script, and the ELF header of node.
      files = await imageFiles(ref, 'linux/amd64', (entry) =>
        entry.path.startsWith('etc/') ||
        entry.path === 'usr/lib/os-release' ||
        entry.path === 'usr/local/bin/docker-entrypoint.sh'
          ? entry.size
          : entry.path === 'usr/local/bin/node'
            ? 64
            : 0,
      );
    });

    it(`is node:${NODE_MAJOR}-bookworm-slim, one linux/amd64 image: the stage runs on the build machine's platform`, async function () {
      const images = await imagePlatforms(ref);
      assert.deepEqual(
        images.map((image) => image.platform),
        ['linux/amd64'],
      );
      const id = async (tag: string): Promise<string> =>
        (await dockerOk(['image', 'inspect', '--format', '{{.Id}}', tag])).trim();
      assert.equal(await id(`node:${NODE_MAJOR}-bookworm-slim`), await id(ref));
    });

    it('is configured like the official image: NODE_VERSION, YARN_VERSION, docker-entrypoint.sh, CMD node, root in /', async function () {
      const { config } = await imageConfig(ref, 'linux/amd64');
      assert.ok(
        config.Env?.some((variable) => new RegExp(`^NODE_VERSION=${NODE_MAJOR}\\.\\d+\\.\\d+$`).test(variable)),
        `env: ${config.Env?.join(' ')}`,
      );
      assert.ok(config.Env?.includes('YARN_VERSION=1.22.22'));
      assert.deepEqual(config.Entrypoint, ['docker-entrypoint.sh']);
      assert.deepEqual(config.Cmd, ['node']);
      assert.ok(!config.User || config.User === '0' || config.User === 'root', `user: ${config.User}`);
      assert.ok(!config.WorkingDir || config.WorkingDir === '/', `workdir: ${config.WorkingDir}`);
    });

    it('runs the official Node release of that version, an amd64 binary in /usr/local/bin', async function () {
      const { config } = await imageConfig(ref, 'linux/amd64');
      const version = config.Env?.find((variable) => variable.startsWith('NODE_VERSION='))?.split('=')[1];
      assert.equal((await node('node', '--version')).trim(), `v${version}`);
      // The entrypoint hands options to node, as docker-node's does.
      assert.equal(
        (await node('-p', 'process.release.name + " " + process.execPath')).trim(),
        'node /usr/local/bin/node',
      );
      assert.equal(
        elfMachine(files.resolve('/usr/local/bin/node')?.content ?? Buffer.alloc(0)),
        ELF_MACHINE['linux/amd64'],
      );
      assert.equal(files.resolve('/usr/local/bin/nodejs')?.path, 'usr/local/bin/node');
    });

    it('has the npm and corepack that release bundles (its CHANGELOG.md says which), and Yarn 1 on PATH', async function () {
      const out = await node(
        'sh',
        '-c',
        'npm --version; corepack --version; yarn --version; ' +
          "sed -n 's/.*deps\\*\\*: upgrade npm to \\([0-9.]*\\) .*/\\1/p' /usr/local/CHANGELOG.md | head -n 1; " +
          "sed -n 's/.*deps\\*\\*: update corepack to \\([0-9.]*\\) .*/\\1/p' /usr/local/CHANGELOG.md | head -n 1",
      );
      const [npm, corepack, yarn, bundledNpm, bundledCorepack] = out.trim().split('\n');
      assert.match(npm ?? '', /^\d+\.\d+\.\d+$/);
      assert.equal(npm, bundledNpm);
      assert.equal(corepack, bundledCorepack);
      assert.equal(yarn, '1.22.22');
    });

    it('installs from a lockfile with npm ci, and runs the build script', async function () {
      const out = await node(
        'sh',
        '-c',
        'mkdir -p /tmp/ui && cd /tmp/ui && ' +
          `printf '%s' '{"name":"ui","version":"1.0.0","scripts":{"build":"node -p process.version >out.txt"}}' >package.json && ` +
          `printf '%s' '{"name":"ui","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"ui","version":"1.0.0"}}}' >package-lock.json && ` +
          'npm ci --no-audit --no-fund >/dev/null && npm run build >/dev/null && cat out.txt',
      );
      assert.match(out.trim(), new RegExp(`^v${NODE_MAJOR}\\.`));
    });

    it('is Debian 12 (bookworm) slim: apt sources that work from a Dockerfile, no documentation but copyright files', async function () {
      assert.match(files.read('/etc/os-release'), /^VERSION_CODENAME=bookworm$/m);
      assert.match(files.read('/etc/apt/sources.list.d/debian.sources'), /^Suites: bookworm bookworm-updates$/m);
      assert.ok(files.exists('/usr/share/doc/dpkg/copyright'));
      assert.ok(!files.exists('/usr/share/doc/dpkg/changelog.Debian.gz'));
      assert.deepEqual(
        files.named('dpkg.1.gz').map((entry) => entry.path),
        [],
      );
    });

    it('knows the node user (1000, home /home/node, bash), as docker-node creates it', function () {
      assert.match(files.read('/etc/passwd'), /^node:x:1000:1000::\/home\/node:\/bin\/bash$/m);
      assert.match(files.read('/etc/group'), /^node:x:1000:$/m);
      assert.equal(files.resolve('/home/node')?.uid, 1000);
    });

    it('has no curl, wget, gnupg or CA bundle: the official image purges what its install used', function () {
      for (const path of ['/usr/bin/curl', '/usr/bin/wget', '/usr/bin/gpg', '/etc/ssl/certs/ca-certificates.crt']) {
        assert.ok(!files.exists(path), `${path} exists`);
      }
    });
  });
});
