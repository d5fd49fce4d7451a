/**
 * Addresses for the stand-ins. A stand-in answers to a real name (ghcr.io) on the port that name implies (443), so
 * it needs an address whose port 443 is free: one of the 127.0.0.0/8 loopback addresses, picked at random in
 * 127.22.0.0/16 and checked by binding it, so that runs (and other users of the machine) never collide.
 */
import { createServer } from 'node:net';

function bindable(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, address, () => server.close(() => resolve(true)));
  });
}

/** `count` addresses 127.22.X.1..count whose port 443 is free. */
export async function freeLoopbackAddresses(count: number): Promise<string[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const block = `127.22.${1 + Math.floor(Math.random() * 254)}`;
    const addresses = Array.from({ length: count }, (_, index) => `${block}.${index + 1}`);
    const free = await Promise.all(addresses.map((address) => bindable(address, 443)));
    if (free.every(Boolean)) return addresses;
  }
  throw new Error('no free block of loopback addresses with port 443 in 127.22.0.0/16');
}

/** A free TCP port on 127.0.0.1 (for act's cache and artifact servers). */
export function freePort(): Promise<number> {
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
