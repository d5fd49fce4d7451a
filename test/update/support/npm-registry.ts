/**
 * A stand-in for the npm registry, on 127.0.0.1: go-container 0.1.0 was never published, so the tests serve the
 * tarball built from this repository's history the way the registry serves a package. It answers the two
 * requests `npm pack <name>@<version>` makes: the package document (every version's manifest, with its tarball's
 * URL and integrity) and the tarball; anything else is a 404, as on the registry. Its faithfulness is tested in
 * first-release.test.ts: npm fetches the same bytes, and names an unknown version or package as it does there.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { execFileSync } from 'node:child_process';

export interface NpmRegistry {
  /** `http://127.0.0.1:PORT/`, for npm_config_registry. */
  readonly url: string;
  /** How many tarballs it served. */
  readonly tarballsServed: () => number;
  close(): Promise<void>;
}

interface Published {
  readonly manifest: Record<string, unknown> & { name: string; version: string };
  readonly tarball: Buffer;
}

function publish(tarballPath: string): Published {
  const tarball = readFileSync(tarballPath);
  // The manifest as the registry keeps it: the package.json inside the tarball.
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarballPath, 'package/package.json'], { encoding: 'utf8' }),
  ) as Published['manifest'];
  return { manifest, tarball };
}

export async function startNpmRegistry(tarballs: readonly string[]): Promise<NpmRegistry> {
  const packages = tarballs.map(publish);
  let served = 0;
  let base = '';
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname).slice(1);
    const tarball = packages.find(
      ({ manifest }) => path === `${manifest.name}/-/${manifest.name.split('/').at(-1)}-${manifest.version}.tgz`,
    );
    if (tarball) {
      served += 1;
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(tarball.tarball);
      return;
    }
    const versions = packages.filter(({ manifest }) => manifest.name === path);
    if (versions.length === 0) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'Not found' }));
      return;
    }
    const document = {
      name: path,
      'dist-tags': { latest: versions.at(-1)!.manifest.version },
      versions: Object.fromEntries(
        versions.map(({ manifest, tarball }) => [
          manifest.version,
          {
            ...manifest,
            dist: {
              tarball: `${base}${path}/-/${path.split('/').at(-1)}-${manifest.version}.tgz`,
              shasum: createHash('sha1').update(tarball).digest('hex'),
              integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
            },
          },
        ]),
      ),
    };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the registry stand-in has no port');
  base = `http://127.0.0.1:${address.port}/`;
  return {
    url: base,
    tarballsServed: () => served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
