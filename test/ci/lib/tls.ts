/**
 * A certificate authority made for one test run, and server certificates it signs for the names the stand-ins
 * answer to (ghcr.io, api.github.com, ...). Whoever must reach a stand-in is told to trust this CA and nothing else
 * changes: the names are real, TLS is real, only the machine behind the name is not GitHub's.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Certificate {
  readonly cert: string;
  readonly key: string;
  readonly certPath: string;
  readonly keyPath: string;
}

export interface Authority {
  readonly caPath: string;
  readonly caPem: string;
  issue(name: string, hosts: readonly string[]): Certificate;
}

const openssl = (dir: string, ...args: string[]): void => {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
};

export function makeAuthority(dir: string): Authority {
  openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=go-container act stand-in CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  const caPath = join(dir, 'ca.pem');
  return {
    caPath,
    caPem: readFileSync(caPath, 'utf8'),
    issue(name, hosts) {
      const extensions = join(dir, `${name}.ext`);
      writeFileSync(
        extensions,
        `subjectAltName=${hosts.map((host) => (/^[0-9.]+$/.test(host) ? `IP:${host}` : `DNS:${host}`)).join(',')}\n` +
          'extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
      );
      openssl(
        dir,
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        `/CN=${hosts[0]}`,
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
      );
      openssl(
        dir,
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        extensions,
        '-out',
        `${name}.pem`,
      );
      const certPath = join(dir, `${name}.pem`);
      const keyPath = join(dir, `${name}.key`);
      return { certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
    },
  };
}
