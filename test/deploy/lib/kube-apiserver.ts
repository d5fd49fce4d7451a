/**
 * A real kube-apiserver (Kubernetes v1.37.2, with an embedded etcd: test/deploy/kube-apiserver) started for a test
 * file, on free loopback ports, and a small client for its REST API: discovery, create, server-side dry-run with
 * strict field validation. Its answers (status, body, 299 warnings) are the API server's own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../helpers/http.js';
import { requireDeployTool } from './tools.js';

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: { readonly [key: string]: unknown };
  /** The texts of the `Warning: 299 - "..."` headers: admission warnings, deprecations, unknown fields. */
  readonly warnings: readonly string[];
}

interface ApiResource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

export interface KubeApiserver {
  readonly url: string;
  call(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  /** POST the object to its collection; with dryRun, as `kubectl apply --dry-run=server` would (strict fields). */
  create(object: KubeObject, options?: { readonly dryRun?: boolean }): Promise<ApiResponse>;
  /** A kubeconfig whose current context is a system:masters user of this server, for kubectl. */
  writeKubeconfig(path: string): void;
  stop(): Promise<void>;
}

/** The `299 - "text"` warning headers, each as its text. */
function warningsOf(header: string | string[] | undefined): string[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return values.flatMap((value) =>
    [...value.matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)].map((match) => (match[1] ?? '').replace(/\\(.)/g, '$1')),
  );
}

export async function startKubeApiserver(): Promise<KubeApiserver> {
  const binary = requireDeployTool('kube-apiserver-etcd');
  const dir = mkdtempSync(join(tmpdir(), 'go-container-kube-apiserver-'));
  const [port, etcdPort, etcdPeerPort] = [await freePort(), await freePort(), await freePort()];
  const token = randomBytes(24).toString('hex');
  let log = '';
  const child: ChildProcess = spawn(
    binary,
    [
      '-dir',
      dir,
      '-port',
      String(port),
      '-etcd-port',
      String(etcdPort),
      '-etcd-peer-port',
      String(etcdPeerPort),
      '-token',
      token,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));

  const url = `https://127.0.0.1:${port}`;
  const certificate = join(dir, 'certs', 'apiserver.crt');
  let ca: string | undefined;
  const discovered = new Map<string, ApiResource[]>();

  const call = (method: string, path: string, body?: unknown): Promise<ApiResponse> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        `${url}${path}`,
        {
          method,
          ca,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          timeout: 30_000,
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => {
            let parsed: ApiResponse['body'] = {};
            try {
              parsed = JSON.parse(text) as ApiResponse['body'];
            } catch {
              parsed = { text };
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, warnings: warningsOf(res.headers['warning']) });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
      req.on('error', reject);
      req.end(payload);
    });

  const resourceOf = async (apiVersion: string, kind: string): Promise<ApiResource> => {
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    if (!discovered.has(base)) {
      const answer = await call('GET', base);
      if (answer.status !== 200)
        throw new Error(`discovery of ${base}: ${answer.status} ${JSON.stringify(answer.body)}`);
      discovered.set(
        base,
        (answer.body['resources'] as ApiResource[]).filter((resource) => !resource.name.includes('/')),
      );
    }
    const resource = discovered.get(base)?.find((candidate) => candidate.kind === kind);
    if (!resource) throw new Error(`the API server serves no ${kind} in ${apiVersion}`);
    return resource;
  };

  const create = async (object: KubeObject, options: { readonly dryRun?: boolean } = {}): Promise<ApiResponse> => {
    const resource = await resourceOf(object.apiVersion, object.kind);
    const base = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
    const namespace = object.metadata.namespace ?? 'default';
    const collection = resource.namespaced
      ? `${base}/namespaces/${namespace}/${resource.name}`
      : `${base}/${resource.name}`;
    const query = new URLSearchParams({ fieldValidation: 'Strict', ...(options.dryRun ? { dryRun: 'All' } : {}) });
    return call('POST', `${collection}?${query.toString()}`, object);
  };

  const stop = async (): Promise<void> => {
    if (exited === undefined) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = performance.now() + 120_000;
  for (;;) {
    if (exited !== undefined) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`kube-apiserver-etcd exited ${exited} before it was ready:\n${log.slice(-4000)}`);
    }
    if (ca === undefined && existsSync(certificate)) ca = readFileSync(certificate, 'utf8');
    if (ca !== undefined) {
      const ready = await call('GET', '/readyz').catch(() => undefined);
      if (ready?.status === 200) break;
    }
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`kube-apiserver-etcd was not ready within 120 s:\n${log.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const writeKubeconfig = (path: string): void => {
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'test', cluster: { server: url, 'certificate-authority': certificate } }],
      users: [{ name: 'test', user: { token } }],
      contexts: [{ name: 'test', context: { cluster: 'test', user: 'test' } }],
      'current-context': 'test',
    };
    writeFileSync(path, JSON.stringify(config, null, 2), { mode: 0o600 });
  };
  return { url, call, create, writeKubeconfig, stop };
}
