/**
 * The parts of GitHub (and of vuln.go.dev) that the workflows' actions reach over the network, served on a loopback
 * address under their real names, with the run's CA:
 *
 * - api.github.com  GET /repos/OWNER/REPO (docker/metadata-action reads the repository's name, description, URL and
 *                   license for its labels): the repository as the REST API describes it;
 *                   POST /repos/OWNER/REPO/attestations (actions/attest stores the attestation): kept, 201;
 * - github.com      release downloads (golangci-lint-action fetches golangci-lint's release archive): the files of
 *                   test/ci/setup/install-stand-ins.sh, built from the same release's source;
 * - vuln.go.dev     the Go vulnerability database's v1 protocol (govulncheck): an empty database, so `make vuln`
 *                   really runs govulncheck against a database (and finds nothing to report).
 *
 * - token.actions.githubusercontent.com, fulcio.sigstore.dev, rekor.sigstore.dev: the signing of attestations
 *                   (sigstore-stand-in.ts).
 *
 * Every request is recorded; anything else is a 404, so a test can show what was reached.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GITHUB_FILES } from './settings.js';
import { SIGSTORE_NAMES, type SigstoreStandIn } from './sigstore-stand-in.js';
import { type Certificate } from './tls.js';

export const GITHUB_NAMES = ['github.com', 'api.github.com', 'vuln.go.dev', ...SIGSTORE_NAMES] as const;

export interface Repository {
  readonly owner: string;
  readonly name: string;
  readonly defaultBranch: string;
  readonly description: string;
}

export interface RecordedRequest {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly status: number;
  readonly body: string;
}

export interface GitHubStandIn {
  readonly requests: readonly RecordedRequest[];
  stop(): Promise<void>;
}

function repositoryJson(repository: Repository): object {
  const fullName = `${repository.owner}/${repository.name}`;
  return {
    id: 1,
    name: repository.name,
    full_name: fullName,
    private: false,
    visibility: 'public',
    owner: { login: repository.owner, type: 'Organization' },
    html_url: `https://github.com/${fullName}`,
    description: repository.description,
    default_branch: repository.defaultBranch,
    license: { key: 'apache-2.0', name: 'Apache License 2.0', spdx_id: 'Apache-2.0' },
  };
}

const VULN_DB: Readonly<Record<string, unknown>> = {
  '/index/db.json.gz': { modified: '2026-11-01T00:00:00Z' },
  '/index/modules.json.gz': [],
};

export function startGitHubStandIn(
  address: string,
  certificate: Certificate,
  repository: Repository,
  sigstore: SigstoreStandIn,
): Promise<GitHubStandIn> {
  const requests: RecordedRequest[] = [];
  let attestations = 0;
  const server: Server = createServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const host = (req.headers.host ?? '').replace(/:443$/, '');
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const reply = (status: number, payload?: string | Buffer, type = 'application/json'): void => {
        requests.push({ method: req.method ?? '', host, path, status, body });
        res.writeHead(status, { 'content-type': type });
        res.end(payload);
      };
      const repoPath = `/repos/${repository.owner}/${repository.name}`;
      const signing = sigstore.handle(host, req.method ?? '', req.url ?? '/', req.headers, body);
      if (signing) {
        reply(signing.status, signing.body);
      } else if (host === 'api.github.com' && req.method === 'GET' && path === repoPath) {
        reply(200, JSON.stringify(repositoryJson(repository)));
      } else if (host === 'api.github.com' && req.method === 'POST' && path === `${repoPath}/attestations`) {
        attestations += 1;
        reply(201, JSON.stringify({ id: attestations }));
      } else if (host === 'vuln.go.dev' && path in VULN_DB) {
        reply(200, req.method === 'HEAD' ? undefined : gzipSync(JSON.stringify(VULN_DB[path])), 'application/gzip');
      } else if (host === 'github.com' && req.method === 'GET') {
        const file = normalize(join(GITHUB_FILES, path));
        if (file.startsWith(GITHUB_FILES) && existsSync(file) && statSync(file).isFile()) {
          requests.push({ method: 'GET', host, path, status: 200, body: '' });
          res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(file).size });
          createReadStream(file).pipe(res);
        } else {
          reply(404, JSON.stringify({ message: 'Not Found' }));
        }
      } else {
        reply(404, JSON.stringify({ message: 'Not Found' }));
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(443, address, () =>
      resolve({
        requests,
        stop: () => new Promise((done) => server.close(() => done())),
      }),
    );
  });
}
