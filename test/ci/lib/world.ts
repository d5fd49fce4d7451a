/**
 * Everything a first push reaches, stood in on this machine for one test suite: the registry that plays ghcr.io,
 * the base images' mirror, the parts of GitHub the actions call, act's cache and artifact servers, the runner's
 * tool cache, and the names that lead to them. `start` sets it up, `stop` takes all of it down and restores the
 * machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHubStandIn, GITHUB_NAMES, type GitHubStandIn, type Repository } from './github-stand-in.js';
import { freeLoopbackAddresses, freePort } from './loopback.js';
import { overrideMachine, type MachineOverrides } from './machine-overrides.js';
import { mirroredImage, seedMirror, startRegistry, type Registry } from './registry.js';
import { CI_CACHE, NODE24_BIN } from './settings.js';
import { SigstoreStandIn, TOKEN_REQUEST_TOKEN, TOKEN_REQUEST_URL } from './sigstore-stand-in.js';
import { makeAuthority, type Authority, type Certificate } from './tls.js';

export const ACTOR = 'acme-bot';
export const REPOSITORY: Repository = {
  owner: 'acme',
  name: 'ci-demo',
  defaultBranch: 'master',
  description: 'a service scaffolded by generator-go-container, run by its first push',
};
export const REGISTRY_HOST = 'ghcr.io';

export interface World {
  readonly dir: string;
  readonly authority: Authority;
  readonly ghcrAddress: string;
  readonly token: string;
  readonly hostsFile: string;
  readonly actionCache: string;
  readonly cacheServer: { readonly path: string; readonly port: number };
  env(home: string): NodeJS.ProcessEnv;
  github(): GitHubStandIn;
  readonly sigstore: SigstoreStandIn;
  /** A fresh, empty ghcr.io for one case. */
  freshRegistry(): Promise<Registry>;
  /** The ghcr.io of the previous case, as a repository's second push finds it (a fresh one if there is none). */
  keptRegistry(): Promise<Registry>;
  stop(): Promise<void>;
}

/** The base images the generated Dockerfiles of the act cases name (the machine's Go, trixie). */
function baseImages(): string[] {
  const goMinor = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' })
    .trim()
    .replace(/^go(1\.[0-9]+).*/, '$1');
  return [
    `golang:${goMinor}-trixie`,
    'gcr.io/distroless/static-debian13:nonroot',
    'gcr.io/distroless/cc-debian13:nonroot',
    // BuildKit's SBOM generator for `sbom: true`, pulled like a base image.
    'docker/buildkit-syft-scanner:stable-1',
  ];
}

/** Go's own distribution, where setup-go looks before downloading: `<tool cache>/go/<version>/x64`. */
function seedToolCache(actionCache: string): void {
  const goRoot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  const version = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim().replace(/^go/, '');
  const dir = join(actionCache, 'tool_cache', 'go', version);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'x64'))) symlinkSync(goRoot, join(dir, 'x64'));
  writeFileSync(join(dir, 'x64.complete'), '');
}

export async function startWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'ci-world-'));
  const [ghcrAddress = '', githubAddress = '', mirrorAddress = ''] = await freeLoopbackAddresses(3);
  const authority = makeAuthority(dir);
  const ghcrCertificate: Certificate = authority.issue('ghcr', [REGISTRY_HOST, ghcrAddress]);
  const githubCertificate = authority.issue('github', [...GITHUB_NAMES, githubAddress]);
  const mirrorCertificate = authority.issue('mirror', [mirrorAddress]);
  // Go programs (docker, buildx, govulncheck) read SSL_CERT_FILE instead of the system bundle: both, then.
  const bundle = join(dir, 'ca-bundle.pem');
  writeFileSync(bundle, readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8') + authority.caPem);

  const storage = await seedMirror(
    baseImages().map(mirroredImage),
    mirrorCertificate,
    authority.caPem,
    mirrorAddress,
    bundle,
  );
  const mirror = await startRegistry({
    address: mirrorAddress,
    certificate: mirrorCertificate,
    caPem: authority.caPem,
    storage,
    readOnly: true,
  });
  const token = `ghs_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const sigstore = new SigstoreStandIn(dir);
  const github = await startGitHubStandIn(githubAddress, githubCertificate, REPOSITORY, sigstore);

  // What a runner's administrator would configure: the builder's registry mirrors and the CAs it trusts. The mirror
  // serves TLS; `http = false` says so, since BuildKit assumes plain HTTP on port 80 for a loopback address otherwise.
  const buildxConfig = join(dir, 'buildx');
  mkdirSync(buildxConfig, { recursive: true });
  writeFileSync(
    join(buildxConfig, 'buildkitd.default.toml'),
    `[registry."docker.io"]\n  mirrors = ["${mirrorAddress}"]\n` +
      `[registry."gcr.io"]\n  mirrors = ["${mirrorAddress}"]\n` +
      `[registry."${mirrorAddress}"]\n  http = false\n  ca = ["${authority.caPath}"]\n` +
      `[registry."${REGISTRY_HOST}"]\n  ca = ["${authority.caPath}"]\n`,
  );
  const hostsFile = join(dir, 'hosts');
  writeFileSync(
    hostsFile,
    `${readFileSync('/etc/hosts', 'utf8').trimEnd()}\n${ghcrAddress} ${REGISTRY_HOST}\n${githubAddress} ${GITHUB_NAMES.join(' ')}\n`,
  );

  const actionCache = join(CI_CACHE, 'act');
  mkdirSync(actionCache, { recursive: true });
  seedToolCache(actionCache);
  const cacheServer = { path: join(dir, 'actcache'), port: await freePort() };
  const machine: MachineOverrides = overrideMachine(ghcrAddress, authority.caPem, [REGISTRY_HOST]);
  let registry: Registry | undefined;
  const freshRegistry = async (): Promise<Registry> => {
    await registry?.stop();
    registry = await startRegistry({
      address: ghcrAddress,
      certificate: ghcrCertificate,
      caPem: authority.caPem,
      storage: mkdtempSync(join(dir, 'ghcr-')),
      users: { [ACTOR]: token },
    });
    return registry;
  };

  return {
    dir,
    authority,
    ghcrAddress,
    token,
    hostsFile,
    actionCache,
    cacheServer,
    env: (home) => ({
      PATH: `${NODE24_BIN}:${join(execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim(), 'bin')}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      HOME: home,
      LANG: 'C.UTF-8',
      // Shared with the machine: Go's caches are content-addressed (a runner starts cold, which only costs time).
      GOMODCACHE: execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim(),
      GOCACHE: execFileSync('go', ['env', 'GOCACHE'], { encoding: 'utf8' }).trim(),
      NODE_EXTRA_CA_CERTS: authority.caPath,
      SSL_CERT_FILE: bundle,
      BUILDX_CONFIG: buildxConfig,
      // What the runner gives a job that may request an OIDC token (id-token: write).
      ACTIONS_ID_TOKEN_REQUEST_URL: TOKEN_REQUEST_URL,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: TOKEN_REQUEST_TOKEN,
    }),
    github: () => github,
    sigstore,
    freshRegistry,
    async keptRegistry() {
      return registry ?? (await freshRegistry());
    },
    async stop() {
      machine.restore();
      await registry?.stop();
      await mirror.stop();
      await github.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
