/** HTTP helpers shared by the tests that run a generated service, as a binary or as a container. */
import { request } from 'node:http';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Polls url until it answers 200; resolves with performance.now() at that answer. */
export async function waitFor200(url: string, timeoutMs: number, describe = url): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(500) });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${describe} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface SlowResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * POSTs to /echo, sending the body in two parts `pauseMs` apart: the request is in flight all that time.
 * onFirstSent runs once the first part has been written.
 */
export function slowEcho(
  port: number,
  parts: readonly [string, string],
  pauseMs: number,
  onFirstSent: () => void,
): Promise<SlowResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/echo', headers: { 'Content-Type': 'text/plain' } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.write(parts[0], () => {
      onFirstSent();
      setTimeout(() => req.end(parts[1]), pauseMs);
    });
  });
}
