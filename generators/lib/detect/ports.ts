/**
 * Where a main package listens, from the literals in its own files and in the module's packages it reaches:
 * a flag default first, then an environment variable's default, a configuration default, the address of a
 * listening call, and last any other ":port" string. Helper listeners (ACME's http-01 side, redirects to HTTPS)
 * are not the service. The result says how the port is set, so that the image can set it the app's own way.
 */
import { found, type Finding } from './finding.js';
import { type GoFile, type PortHint } from './go-source.js';

/** How the app is told its port: an environment variable or a command-line flag, holding a port or an address. */
export interface PortSetting {
  readonly kind: 'env' | 'flag';
  readonly name: string;
  readonly form: 'port' | 'address';
  /** Where it was found, file:line. */
  readonly at: string;
}

export interface PortFinding extends Finding<number | undefined> {
  /** Whether the program serves at all: a listening call, or a port literal in one of the forms above. */
  readonly serves: boolean;
  readonly setting: PortSetting | undefined;
  /** A host in the default address that only the container itself can reach (127.0.0.1, localhost). */
  readonly loopbackHost: string | undefined;
}

const KIND_ORDER: readonly PortHint['kind'][] = ['flag', 'env', 'config', 'listen', 'literal'];
const KIND_WORDS: Readonly<Record<PortHint['kind'], string>> = {
  flag: 'flag default',
  env: 'environment default',
  config: 'configuration default',
  listen: 'listening call',
  literal: '":port" literal',
};
/** Names of listeners beside the service's own: among several candidates, these step aside. */
const SIDE_LISTENER = /metric|admin|debug|pprof|health|grpc|internal|prom/i;

interface Located {
  readonly hint: PortHint;
  readonly file: GoFile;
}

const at = (located: Located): string => `${located.file.path}:${located.hint.line}`;

function describe(located: Located): string {
  const { hint } = located;
  const value = hint.form === 'address' ? `"${hint.host ?? ''}:${hint.port}"` : String(hint.port);
  if (hint.kind === 'flag') return `${at(located)}: flag -${hint.name ?? ''} defaults to ${value}`;
  if (hint.kind === 'env' || (hint.kind === 'config' && hint.name)) {
    return `${at(located)}: $${hint.name ?? ''} defaults to ${value}`;
  }
  return `${at(located)}: ${KIND_WORDS[hint.kind]} ${value}`;
}

function settingOf(located: Located): PortSetting | undefined {
  const { hint } = located;
  if (hint.kind === 'flag' && hint.envName)
    return { kind: 'env', name: hint.envName, form: hint.form, at: at(located) };
  if (hint.kind === 'flag' && hint.name) return { kind: 'flag', name: hint.name, form: hint.form, at: at(located) };
  if ((hint.kind === 'env' || hint.kind === 'config') && hint.name) {
    return { kind: 'env', name: hint.name, form: hint.form, at: at(located) };
  }
  return undefined;
}

const LOOPBACK = /^(127\.[0-9.]+|localhost|\[::1\])$/;

function chosen(located: Located, because: string): PortFinding {
  const setting = settingOf(located);
  const host = located.hint.host;
  return {
    ...found(
      located.hint.port,
      because,
      setting
        ? `--port N (the image sets ${setting.kind === 'env' ? `$${setting.name}` : `-${setting.name}`} to it)`
        : '--port N, or --port none',
    ),
    serves: true,
    setting,
    loopbackHost: host !== undefined && LOOPBACK.test(host) ? host : undefined,
  };
}

/** `own`: the main package's files; `reached`: the module's other packages it imports (in import order). */
export function detectPort(own: readonly GoFile[], reached: readonly GoFile[]): PortFinding {
  const helpers: Located[] = [];
  for (const files of [own, reached]) {
    const located = files.flatMap((file) => file.portHints.map((hint) => ({ hint, file })));
    helpers.push(...located.filter((candidate) => candidate.hint.helper));
    const candidates = located.filter((candidate) => !candidate.hint.helper);
    for (const kind of KIND_ORDER) {
      const ofKind = candidates.filter((candidate) => candidate.hint.kind === kind);
      if (ofKind.length === 0) continue;
      let ports = [...new Set(ofKind.map((candidate) => candidate.hint.port))];
      let pool = ofKind;
      if (ports.length > 1) {
        const main = ofKind.filter((candidate) => !SIDE_LISTENER.test(candidate.hint.name ?? ''));
        const mainPorts = [...new Set(main.map((candidate) => candidate.hint.port))];
        if (mainPorts.length === 1) [pool, ports] = [main, mainPorts];
      }
      if (ports.length > 1) {
        return {
          ...found(
            undefined,
            `several ${KIND_WORDS[kind]}s (${pool.map(describe).join('; ')}): none is obviously the service's`,
            '--port N',
          ),
          serves: true,
          setting: undefined,
          loopbackHost: undefined,
        };
      }
      const first = pool.find((candidate) => settingOf(candidate) !== undefined) ?? pool[0];
      if (!first) continue;
      const skipped =
        helpers.length > 0
          ? `; ${helpers.map((helper) => `${at(helper)} is a helper listener (ACME or redirect), not the service`).join('; ')}`
          : '';
      const result = chosen(first, `${describe(first)}${skipped}`);
      // `addr := ":8080"; if p := os.Getenv("PORT"); p != "" {...}`: the variable read beside the default sets it.
      const read = result.setting ? undefined : first.file.listenEnvReads[0];
      if (!read) return result;
      const setting: PortSetting = {
        kind: 'env',
        name: read.name,
        form: /ADDR/.test(read.name) ? 'address' : 'port',
        at: `${first.file.path}:${read.line}`,
      };
      return {
        ...result,
        because: `${result.because}; ${setting.at} reads $${read.name}`,
        setting,
        change: `--port N (the image sets $${read.name} to it)`,
      };
    }
  }
  const envRead = [...own, ...reached].flatMap((file) =>
    file.listenEnvReads.map((read) => ({ read, at: `${file.path}:${read.line}` })),
  )[0];
  const serving = [...own, ...reached].flatMap((file) => file.serves.map((line) => `${file.path}:${line}`));
  if (envRead) {
    return {
      ...found(undefined, `${envRead.at}: reads $${envRead.read.name}, without a default`, '--port N'),
      serves: true,
      setting: {
        kind: 'env',
        name: envRead.read.name,
        form: /ADDR/.test(envRead.read.name) ? 'address' : 'port',
        at: envRead.at,
      },
      loopbackHost: undefined,
    };
  }
  if (serving.length > 0) {
    return {
      ...found(undefined, `${serving[0] ?? ''} starts a server, but no literal says on which port`, '--port N'),
      serves: true,
      setting: undefined,
      loopbackHost: undefined,
    };
  }
  return {
    ...found(
      undefined,
      'no listening call, port flag, port variable or ":port" literal in the packages it compiles: a worker or a command',
      '--port N if it does listen',
    ),
    serves: false,
    setting: undefined,
    loopbackHost: undefined,
  };
}

/** The port the image uses instead of one below 1024, which a non-root process can bind only where allowed. */
export function unprivilegedPort(port: number): number {
  if (port === 80) return 8080;
  if (port === 443) return 8443;
  return port + 8000;
}
