/**
 * The two changes to the machine that the push path needs, made for the length of one act run and undone after it,
 * even when the run fails or the test process is interrupted:
 *
 * - /etc/hosts: one line naming the registry stand-in ghcr.io. `docker login` (docker/login-action) does not log in
 *   itself: the docker CLI asks dockerd (POST /auth), and dockerd resolves names in its own mount namespace, the
 *   machine's. The buildx builder container (host network) gets its /etc/hosts from dockerd as well, and pushes to
 *   ghcr.io from there. Nothing else is added to the machine's /etc/hosts: the names only the act process tree needs
 *   (github.com, api.github.com, ...) are given to it alone, in a mount namespace (act.ts).
 * - /etc/docker/certs.d/ghcr.io/ca.crt: the run's CA, which dockerd trusts for ghcr.io from then on (read at each
 *   connection, no restart).
 *
 * Both carry a marker with this process's id; a marker whose process is gone (a killed run) is removed too.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const HOSTS = '/etc/hosts';
const MARKER = '# go-container-ci act run, pid';
const CERTS_D = '/etc/docker/certs.d';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** /etc/hosts without our lines (this process's, and those of runs that no longer exist). */
function hostsWithout(predicate: (pid: number) => boolean): string {
  return readFileSync(HOSTS, 'utf8')
    .split('\n')
    .filter((line) => {
      const match = new RegExp(`${MARKER} ([0-9]+)$`).exec(line);
      return !match || !predicate(Number(match[1]));
    })
    .join('\n');
}

export interface MachineOverrides {
  restore(): void;
}

export function overrideMachine(registryAddress: string, caPem: string, hosts: readonly string[]): MachineOverrides {
  const pid = process.pid;
  const certDirs = hosts.map((host) => `${CERTS_D}/${host}`);
  // The directories this run creates, deepest first, removed again when left empty.
  const created = [CERTS_D, dirname(CERTS_D)].filter((dir) => !existsSync(dir));
  const restore = (): void => {
    writeFileSync(
      HOSTS,
      hostsWithout((owner) => owner === pid || !alive(owner)),
    );
    for (const dir of certDirs) {
      if (
        existsSync(`${dir}/go-container-ci.pid`) &&
        readFileSync(`${dir}/go-container-ci.pid`, 'utf8') === String(pid)
      ) {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    for (const dir of created) {
      if (existsSync(dir) && readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
    }
  };
  // A run killed before its restore left lines behind: drop them first.
  writeFileSync(
    HOSTS,
    hostsWithout((owner) => !alive(owner)),
  );
  for (const dir of certDirs) {
    if (existsSync(dir) && !existsSync(`${dir}/go-container-ci.pid`)) {
      throw new Error(`${dir} exists and is not ours: refusing to change dockerd's trust for it`);
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/ca.crt`, caPem);
    writeFileSync(`${dir}/go-container-ci.pid`, String(pid));
  }
  const body = readFileSync(HOSTS, 'utf8');
  writeFileSync(
    HOSTS,
    `${body.endsWith('\n') ? body : `${body}\n`}${registryAddress} ${hosts.join(' ')} ${MARKER} ${pid}\n`,
  );
  const onExit = (): void => restore();
  process.once('exit', onExit);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      restore();
      process.exit(130);
    });
  }
  return {
    restore() {
      process.removeListener('exit', onExit);
      restore();
    },
  };
}
