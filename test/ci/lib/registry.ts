/**
 * Registries made with distribution (the code behind Docker Hub's own registry), on loopback addresses:
 *
 * - the stand-in for ghcr.io: TLS with a certificate for ghcr.io, htpasswd authentication (GHCR refuses anonymous
 *   pushes, so a push without a working login step fails here too), its storage new for every run;
 * - the base images' mirror: the stand-in golang and distroless images (test/e2e/setup/build-base-images.sh), which a
 *   BuildKit container cannot take from dockerd's image store, served read-only to the builder as the mirror of
 *   docker.io and gcr.io; its storage is kept between runs and seeded once per set of image ids.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../../e2e/lib/exec.js';
import { CI_CACHE, tool } from './settings.js';
import { type Certificate } from './tls.js';

export interface Registry {
  readonly address: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  readonly address: string;
  readonly certificate: Certificate;
  /** The CA that signed the certificate, which the readiness check trusts. */
  readonly caPem: string;
  readonly storage: string;
  /** user → password; anonymous access when absent. */
  readonly users?: Readonly<Record<string, string>>;
  readonly readOnly?: boolean;
}

function bcrypt(password: string): string {
  // Debian's python3 crypt module hashes with libcrypt's bcrypt, the format htpasswd files use. At bcrypt's lowest
  // cost (4; the default, 12, takes about a quarter of a second): the registry checks the password on every request,
  // where GHCR exchanges it once for a bearer token, so the default cost made each push take seconds that GHCR does
  // not spend.
  return execFileSync(
    'python3',
    [
      '-W',
      'ignore',
      '-c',
      'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))',
      password,
    ],
    { encoding: 'utf8' },
  ).trim();
}

/** GET https://ADDRESS/v2/... with the run's CA; resolves with the status, headers and body. */
export function registryGet(
  address: string,
  ca: string,
  path: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: address, port: 443, path, method: 'GET', ca, headers, servername: undefined },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export async function startRegistry(options: RegistryOptions): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'ci-registry-'));
  mkdirSync(options.storage, { recursive: true });
  const auth = options.users
    ? (writeFileSync(
        join(dir, 'htpasswd'),
        Object.entries(options.users)
          .map(([user, password]) => `${user}:${bcrypt(password)}\n`)
          .join(''),
      ),
      `auth:\n  htpasswd:\n    realm: stand-in\n    path: ${join(dir, 'htpasswd')}\n`)
    : '';
  writeFileSync(
    join(dir, 'config.yml'),
    'version: 0.1\n' +
      'log:\n  level: warn\n  formatter: text\n  accesslog:\n    disabled: true\n' +
      `storage:\n  filesystem:\n    rootdirectory: ${options.storage}\n  delete:\n    enabled: true\n` +
      (options.readOnly ? '  maintenance:\n    readonly:\n      enabled: true\n' : '') +
      `http:\n  addr: ${options.address}:443\n  secret: ${Math.random().toString(36).slice(2)}\n` +
      `  tls:\n    certificate: ${options.certificate.certPath}\n    key: ${options.certificate.keyPath}\n` +
      auth,
  );
  let log = '';
  const child: ChildProcess = spawn(tool('registry'), ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', OTEL_TRACES_EXPORTER: 'none' },
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Never outlive the test process, whatever ends it.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const deadline = Date.now() + 20_000;
  let lastError = '';
  for (;;) {
    try {
      const { status } = await registryGet(options.address, options.caPem, '/v2/');
      if (status === 200 || status === 401) break;
      lastError = `GET /v2/: ${status}`;
    } catch (error) {
      lastError = String(error);
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the registry on ${options.address} did not start (${lastError}):\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    address: options.address,
    log: () => log,
    async stop() {
      process.removeListener('exit', killOnExit);
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The stand-in base images the generated Dockerfiles use (build-base-images.sh), as the mirror will hold them. */
export interface MirroredImage {
  /** Name in dockerd's image store: golang:1.26-trixie, gcr.io/distroless/cc-debian13:nonroot. */
  readonly local: string;
  /** Repository and tag under the mirror: library/golang:1.26-trixie, distroless/cc-debian13:nonroot. */
  readonly mirrored: string;
}

export function mirroredImage(local: string): MirroredImage {
  const gcr = /^gcr\.io\/(.*)$/.exec(local);
  return { local, mirrored: gcr ? gcr[1]! : local.includes('/') ? local : `library/${local}` };
}

/** The mirror's storage, holding these images (pushed with crane from `docker save`), seeded once per set of ids. */
export async function seedMirror(
  images: readonly MirroredImage[],
  certificate: Certificate,
  caPem: string,
  address: string,
  bundle: string,
): Promise<string> {
  const ids = images.map((image) =>
    execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', image.local], { encoding: 'utf8' }).trim(),
  );
  const storage = join(CI_CACHE, 'base-images-registry');
  const stamp = join(storage, 'seeded-ids');
  const expected = images.map((image, index) => `${image.local} ${ids[index]}`).join('\n');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === expected) return storage;
  rmSync(storage, { recursive: true, force: true });
  const registry = await startRegistry({ address, certificate, caPem, storage });
  try {
    for (const image of images) {
      const layout = mkdtempSync(join(tmpdir(), 'ci-save-'));
      execFileSync('sh', ['-c', `docker save "$1" | tar -x -C "$2"`, 'save', image.local, layout]);
      // The layout holds one entry, the image (or the index of its platforms): crane pushes it as it is. Not
      // execFileSync: this process must keep reading the registry's log while crane talks to it.
      const pushed = await exec(tool('crane'), ['push', layout, `${address}/${image.mirrored}`], {
        env: { ...process.env, SSL_CERT_FILE: bundle },
      });
      if (pushed.code !== 0) throw new Error(`${pushed.command} failed:\n${pushed.output}`);
      rmSync(layout, { recursive: true, force: true });
    }
  } finally {
    await registry.stop();
  }
  writeFileSync(stamp, expected);
  return storage;
}
