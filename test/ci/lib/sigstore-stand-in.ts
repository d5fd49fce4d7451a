/**
 * The signing services an attestation needs, stood in: GitHub's OIDC token service (the runner's token request
 * URL, and the issuer's OpenID configuration and keys), Sigstore's Fulcio (a short-lived certificate for the
 * workflow's identity) and Rekor (the transparency log entry). actions/attest runs unchanged against them: it gets a
 * token whose claims describe the run, verifies it with the issuer's keys, has its ephemeral key certified, logs the
 * signed envelope, and pushes the bundle to the registry. The certificates and log are this run's own, so the
 * bundle verifies against this run's roots, not Sigstore's.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SIGSTORE_NAMES = [
  'token.actions.githubusercontent.com',
  'fulcio.sigstore.dev',
  'rekor.sigstore.dev',
] as const;
export const ISSUER = 'https://token.actions.githubusercontent.com';
/** ACTIONS_ID_TOKEN_REQUEST_URL: what a runner gives a job with `id-token: write`. */
export const TOKEN_REQUEST_URL = `${ISSUER}/_stand-in/token?api-version=2.0`;

/** What the token's claims say about the run; set before each act run. */
export interface RunIdentity {
  readonly repository: string;
  readonly ref: string;
  readonly sha: string;
  readonly eventName: string;
  readonly workflowPath: string;
}

export interface Reply {
  readonly status: number;
  readonly body: string;
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

export class SigstoreStandIn {
  private readonly oidcKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly logKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  private readonly dir: string;
  private logIndex = 0;
  identity: RunIdentity | undefined;
  /** The signed envelopes Rekor logged, in order. */
  readonly logged: object[] = [];

  constructor(parent: string) {
    this.dir = mkdtempSync(join(parent, 'sigstore-'));
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-days', '2'].concat([
        '-subj',
        '/O=sigstore.dev/CN=sigstore (act stand-in)',
        '-keyout',
        'fulcio.key',
        '-out',
        'fulcio.pem',
      ]),
      { cwd: this.dir, stdio: 'ignore' },
    );
  }

  private jwt(audience: string): string {
    const identity = this.identity;
    if (!identity) throw new Error('no run identity set');
    const now = Math.floor(Date.now() / 1000);
    const workflowRef = `${identity.repository}/${identity.workflowPath}@${identity.ref}`;
    const claims = {
      iss: ISSUER,
      aud: audience,
      sub: `repo:${identity.repository}:ref:${identity.ref}`,
      iat: now,
      nbf: now - 5,
      exp: now + 600,
      ref: identity.ref,
      sha: identity.sha,
      repository: identity.repository,
      repository_owner: identity.repository.split('/')[0],
      repository_id: '1',
      repository_owner_id: '2',
      event_name: identity.eventName,
      workflow_ref: workflowRef,
      job_workflow_ref: workflowRef,
      runner_environment: 'github-hosted',
      run_id: '1',
      run_attempt: '1',
    };
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'stand-in' }));
    const payload = base64url(JSON.stringify(claims));
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(this.oidcKey.privateKey);
    return `${header}.${payload}.${base64url(signature)}`;
  }

  private certificateFor(publicKeyPem: string): string[] {
    const identity = this.identity!;
    const dir = mkdtempSync(join(this.dir, 'cert-'));
    writeFileSync(join(dir, 'key.pub'), publicKeyPem);
    const uri = `https://github.com/${identity.repository}/${identity.workflowPath}@${identity.ref}`;
    writeFileSync(
      join(dir, 'ext'),
      `subjectAltName=critical,URI:${uri}\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n` +
        `1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:${ISSUER}\n` +
        `1.3.6.1.4.1.57264.1.12=ASN1:UTF8String:https://github.com/${identity.repository}\n` +
        `1.3.6.1.4.1.57264.1.13=ASN1:UTF8String:${identity.sha}\n`,
    );
    execFileSync(
      'openssl',
      ['x509', '-new', '-force_pubkey', 'key.pub', '-subj', '/', '-CA', join(this.dir, 'fulcio.pem')].concat([
        '-CAkey',
        join(this.dir, 'fulcio.key'),
        '-days',
        '1',
        '-extfile',
        'ext',
        '-out',
        'leaf.pem',
      ]),
      { cwd: dir, stdio: 'ignore' },
    );
    return [readFileSync(join(dir, 'leaf.pem'), 'utf8'), readFileSync(join(this.dir, 'fulcio.pem'), 'utf8')];
  }

  private logEntry(proposed: { apiVersion: string; kind: string; spec: object }): object {
    this.logged.push(proposed);
    const body = Buffer.from(
      JSON.stringify({ apiVersion: proposed.apiVersion, kind: proposed.kind, spec: proposed.spec }),
    );
    const logIndex = this.logIndex++;
    const integratedTime = Math.floor(Date.now() / 1000);
    const logPublicKey = this.logKey.publicKey.export({ type: 'spki', format: 'der' });
    const logID = createHash('sha256').update(logPublicKey).digest('hex');
    const sign = (data: string | Buffer): string =>
      createSign('SHA256').update(data).sign(this.logKey.privateKey).toString('base64');
    const leafHash = createHash('sha256')
      .update(Buffer.concat([Buffer.from([0]), body]))
      .digest('hex');
    const root = Buffer.from(leafHash, 'hex').toString('base64');
    const checkpointNote = `rekor.sigstore.dev - 1\n${logIndex + 1}\n${root}\n`;
    return {
      [randomUUID().replaceAll('-', '')]: {
        body: body.toString('base64'),
        integratedTime,
        logID,
        logIndex,
        verification: {
          signedEntryTimestamp: sign(
            JSON.stringify({ body: body.toString('base64'), integratedTime, logID, logIndex }),
          ),
          inclusionProof: {
            logIndex,
            treeSize: logIndex + 1,
            rootHash: leafHash,
            hashes: [],
            checkpoint: `${checkpointNote}\n— rekor.sigstore.dev ${sign(checkpointNote)}\n`,
          },
        },
      },
    };
  }

  /** Answers a request for one of SIGSTORE_NAMES; undefined when it is not one of theirs. */
  handle(host: string, method: string, url: string, headers: Record<string, unknown>, body: string): Reply | undefined {
    const path = url.split('?')[0];
    const json = (status: number, value: unknown): Reply => ({ status, body: JSON.stringify(value) });
    if (host === 'token.actions.githubusercontent.com') {
      if (path === '/.well-known/openid-configuration') {
        return json(200, {
          issuer: ISSUER,
          jwks_uri: `${ISSUER}/.well-known/jwks`,
          id_token_signing_alg_values_supported: ['RS256'],
        });
      }
      if (path === '/.well-known/jwks') {
        const jwk = this.oidcKey.publicKey.export({ format: 'jwk' });
        return json(200, { keys: [{ ...jwk, kid: 'stand-in', alg: 'RS256', use: 'sig' }] });
      }
      if (path === '/_stand-in/token' && method === 'GET') {
        if (headers['authorization'] !== `Bearer ${TOKEN_REQUEST_TOKEN}`) return json(401, { message: 'bad token' });
        const audience = new URL(url, ISSUER).searchParams.get('audience') ?? ISSUER;
        return json(200, { value: this.jwt(audience) });
      }
    }
    if (host === 'fulcio.sigstore.dev' && method === 'POST' && path === '/api/v2/signingCert') {
      const request = JSON.parse(body) as { publicKeyRequest: { publicKey: { content: string } } };
      return json(201, {
        signedCertificateEmbeddedSct: {
          chain: { certificates: this.certificateFor(request.publicKeyRequest.publicKey.content) },
        },
      });
    }
    if (host === 'rekor.sigstore.dev' && method === 'POST' && path === '/api/v1/log/entries') {
      return json(201, this.logEntry(JSON.parse(body) as { apiVersion: string; kind: string; spec: object }));
    }
    return undefined;
  }
}

/** ACTIONS_ID_TOKEN_REQUEST_TOKEN: the bearer token the runner gives the job for its token requests. */
export const TOKEN_REQUEST_TOKEN = `stand-in-${randomUUID()}`;
