/**
 * GitHub's artifact service as upload-artifact v7 and download-artifact v8 speak to it (Twirp JSON under
 * /twirp/github.actions.results.api.v1.ArtifactService/, blobs through the signed URLs it hands out): act's own
 * artifact server, behind a front that brings one request up to date.
 *
 * Two things in act v0.2.89's server predate the clients of these releases:
 * - the `mime_type` field that upload-artifact v7 (@actions/artifact 6) sends in CreateArtifact: act refuses the
 *   whole request ("proto: unknown field mime_type"). GitHub stores it as the blob's Content-Type, which
 *   download-artifact v8 reads to choose between unzipping and saving the file as it is. The front removes the field
 *   before act parses the request, and answers a download with the Content-Type GitHub would: the one the upload
 *   declared (act's own answer has the type Go sniffs from the bytes).
 * - the signed URLs: act writes the signature's base64 padding as a bare `=` in the query, which the Azure storage
 *   SDK of these releases drops when it rebuilds the URL (so act then refuses the upload: "Error unauthorized").
 *   GitHub's signed URLs (Azure SAS) carry every value percent-encoded; the front re-encodes act's the same way. Everything else passes through untouched; the
 * signed URLs act hands out name the front (act builds them from the request's Host), so blobs pass through it too.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const CREATE_ARTIFACT = '/twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact';
const DOWNLOAD_ARTIFACT = '/twirp/github.actions.results.api.v1.ArtifactService/DownloadArtifact';
/** The answers that carry a signed URL, and its field (protojson's names). */
const SIGNED_URL_FIELDS: Readonly<Record<string, string>> = {
  [CREATE_ARTIFACT]: 'signedUploadUrl',
  '/twirp/github.actions.results.api.v1.ArtifactService/GetSignedArtifactURL': 'signedUrl',
};

/** The URL with every query value percent-encoded, as an Azure SAS URL has them. */
export function percentEncodedQuery(signed: string): string {
  const url = new URL(signed);
  const query = [...url.searchParams].map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  return `${url.origin}${url.pathname}?${query.join('&')}`;
}

export interface ArtifactService {
  /** What the runner's ACTIONS_RUNTIME_URL / ACTIONS_RESULTS_URL point at. */
  readonly url: string;
  /** The `mime_type` each uploaded artifact declared, by name. */
  readonly declaredTypes: ReadonlyMap<string, string>;
  stop(): Promise<void>;
}

const readBody = (message: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });

/** The front of act's artifact server listening on 127.0.0.1:actPort. */
export async function startArtifactService(actPort: number): Promise<ArtifactService> {
  const declaredTypes = new Map<string, string>();
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      const path = (incoming.url ?? '/').split('?')[0];
      let body = await readBody(incoming);
      if (incoming.method === 'POST' && path === CREATE_ARTIFACT) {
        const { mime_type: mimeType, ...known } = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        if (typeof mimeType === 'string' && typeof known['name'] === 'string')
          declaredTypes.set(known['name'], mimeType);
        body = Buffer.from(JSON.stringify(known));
      }
      const artifact = new URL(incoming.url ?? '/', 'http://front').searchParams.get('artifactName');
      const headers = { ...incoming.headers, 'content-length': String(body.length) };
      const upstream = request(
        { host: '127.0.0.1', port: actPort, method: incoming.method, path: incoming.url, headers },
        (answer) => {
          const answerHeaders = { ...answer.headers };
          const declared = artifact ? declaredTypes.get(artifact) : undefined;
          if (path === DOWNLOAD_ARTIFACT && declared) {
            answerHeaders['content-type'] = declared;
          }
          const urlField = SIGNED_URL_FIELDS[path ?? ''];
          if (!urlField || answer.statusCode !== 200) {
            outgoing.writeHead(answer.statusCode ?? 502, answerHeaders);
            answer.pipe(outgoing);
            return;
          }
          void readBody(answer).then((raw) => {
            const json = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
            const signed = json[urlField];
            if (typeof signed === 'string') json[urlField] = percentEncodedQuery(signed);
            const rewritten = Buffer.from(JSON.stringify(json));
            outgoing.writeHead(200, { ...answerHeaders, 'content-length': String(rewritten.length) });
            outgoing.end(rewritten);
          });
        },
      );
      upstream.on('error', (error) => {
        outgoing.writeHead(502).end(String(error));
      });
      upstream.end(body);
    })().catch((error: unknown) => {
      outgoing.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    declaredTypes,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
