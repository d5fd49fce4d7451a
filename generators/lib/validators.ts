/**
 * Pure validators, one per answer. Each takes the raw value (from a flag, a prompt or .yo-rc.json) and returns
 * the normalised value or the rule it broke. They know nothing about Yeoman, so they are tested on their own.
 */
import { DEPLOY_TARGETS, type DeployTarget } from './deploy-context.js';
import {
  CI_LAYOUTS,
  DEBIAN_RELEASES,
  PLATFORMS,
  RUNTIMES,
  type CiLayout,
  type DebianRelease,
  type Platform,
  type Runtime,
  type Variant,
} from './variants.js';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rule: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const broken = (rule: string): Checked<never> => ({ ok: false, rule });

/** Lowest minor release of Go we generate for: older ones lack ServeMux patterns and are out of support. */
export const MIN_GO_MINOR = 22;

export const RULES = {
  main:
    "must be a package directory of the module: '.' (the root) or './' and its path, such as ./cmd/api " +
    "(no '..', no directory go ignores: testdata, vendor, or a name starting with '.' or '_')",
  name: 'must be a lowercase DNS label: [a-z0-9]([a-z0-9-]*[a-z0-9])?, at most 63 characters',
  module:
    "must be a Go module path: no scheme, no spaces, no empty elements, only letters, digits and '-._~+' " +
    "(as 'go mod init' accepts), and no leading dot or dash in its first element",
  goVersion: `must be 1.N or 1.N.P with N >= ${MIN_GO_MINOR} (for example 1.26 or 1.26.3)`,
  existingGoVersion: 'must be a Go release, 1.N or 1.N.P (for example 1.26 or 1.26.3)',
  cgo: 'must be true or false',
  runtime: `must be one of: ${RUNTIMES.join(', ')}`,
  debian: `must be one of: ${DEBIAN_RELEASES.join(', ')}`,
  port: 'must be an integer from 1024 to 65535 (the service runs as a non-root user)',
  existingPort: 'must be an integer from 1 to 65535, or none for a program that does not listen (a worker, a command)',
  portEnv: "must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*), or '' when the app reads its port from none",
  tags: 'must be build tags separated by commas, each made of letters, digits, _ and . (for example sqlite,netgo)',
  ldflags:
    'must be go link flags separated by spaces (-s -w -X importpath.name=value ...), of letters, digits and ' +
    "._/=:,+@%'- only, with ${VERSION}, ${REVISION} and ${CREATED} as the only variables, and balanced single quotes",
  image:
    'must be a lowercase image name without tag or digest: [registry[:port]/]path, each path component ' +
    '[a-z0-9]+ joined by ., _, __ or -, at most 255 characters (the Makefile adds the tag)',
  platforms: `must be a comma-separated list, without duplicates, of: ${PLATFORMS.join(', ')}`,
  ci: 'must be one of: github, none',
  ciLayout:
    `must be one of: ${CI_LAYOUTS.join(', ')} (single: every platform cross-compiled on one runner; native: ` +
    'one job per platform on a runner of that architecture, merged into one multi-platform image)',
  deploy: `must be none, or a comma-separated list, without duplicates, of: ${DEPLOY_TARGETS.join(', ')}`,
  defaultBranch:
    "must be a git branch name of letters, digits and '._/-', not starting with '-', '.' or '/', without '..' or " +
    "'//', not ending with '/', '.' or '.lock' (for example main, master, develop, release/v2)",
  goPrivate:
    'must be comma-separated module path patterns as GOPRIVATE takes them (for example ' +
    "github.com/acme/*,*.corp.example.com), or '' for none",
} as const;

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function checkName(raw: unknown): Checked<string> {
  if (typeof raw !== 'string' || raw.length > 63 || !DNS_LABEL.test(raw)) return broken(RULES.name);
  return ok(raw);
}

/** Turns any directory name into a valid service name ("My_Service.v2" becomes "my-service-v2"). */
export function toServiceName(dirName: string): string {
  const name = dirName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return name || 'service';
}

// Go's rules, from golang.org/x/mod/module (CheckImportPath, as used by 'go mod init').
const WINDOWS_RESERVED = new Set([
  'con',
  'prn',
  'aux',
  'nul',
  'com0',
  'com1',
  'com2',
  'com3',
  'com4',
  'com5',
  'com6',
  'com7',
  'com8',
  'com9',
  'lpt0',
  'lpt1',
  'lpt2',
  'lpt3',
  'lpt4',
  'lpt5',
  'lpt6',
  'lpt7',
  'lpt8',
  'lpt9',
]);
const MODULE_PATH_CHARS = /^[A-Za-z0-9._~+-]+$/;

function modulePathElementOk(element: string): boolean {
  if (element === '' || /^\.+$/.test(element) || element.endsWith('.')) return false;
  if (!MODULE_PATH_CHARS.test(element)) return false;
  const short = element.split('.')[0] ?? '';
  if (WINDOWS_RESERVED.has(short.toLowerCase())) return false;
  // Windows short names such as "PROGRA~1".
  return !/~[0-9]+$/.test(short);
}

export function checkModule(raw: unknown): Checked<string> {
  if (typeof raw !== 'string' || raw === '' || raw.length > 500) return broken(RULES.module);
  const elements = raw.split('/');
  const first = elements[0] ?? '';
  if (first.startsWith('.') || first.startsWith('-')) return broken(RULES.module);
  if (!elements.every(modulePathElementOk)) return broken(RULES.module);
  // Major version suffixes: /v0 and /v1 are not allowed; /vN only for N >= 2 (gopkg.in has its own form).
  const last = elements.at(-1) ?? '';
  if (elements.length > 1 && /^v[01]$/.test(last) && first !== 'gopkg.in') {
    return broken(`${RULES.module}; a major version suffix must be /v2 or later`);
  }
  return ok(raw);
}

const GO_VERSION = /^1\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?$/;

/** [minor, patch] of a valid Go version. */
const goRelease = (version: string): [number, number] => {
  const [, minor = '0', patch = '0'] = /^1\.(\d+)(?:\.(\d+))?/.exec(version) ?? [];
  return [Number(minor), Number(patch)];
};

/**
 * A new service: 1.N with N >= MIN_GO_MINOR. An existing module (`goLine`: its go.mod's go line, a minimum): any
 * release from that go line on, since a current toolchain builds every older go line.
 */
export function checkGoVersion(raw: unknown, existing?: { goLine: string | undefined }): Checked<string> {
  if (typeof raw !== 'string') return broken(existing ? RULES.existingGoVersion : RULES.goVersion);
  const match = GO_VERSION.exec(raw);
  if (!existing) return !match || Number(match[1]) < MIN_GO_MINOR ? broken(RULES.goVersion) : ok(raw);
  if (!match) return broken(RULES.existingGoVersion);
  if (existing.goLine !== undefined) {
    const [minor, patch] = goRelease(raw);
    const [lineMinor, linePatch] = goRelease(existing.goLine);
    if (minor < lineMinor || (minor === lineMinor && patch < linePatch && /^1\.\d+\.\d+$/.test(raw))) {
      return broken(
        `must not be older than go.mod's go line (go ${existing.goLine}): the build would refuse the module`,
      );
    }
  }
  return ok(raw);
}

/** `go1.26.8` (what `go env GOVERSION` prints) → `1.26`; anything else (devel builds, too old) → undefined. */
export function goMinorOf(goVersion: string): string | undefined {
  const match = /^(?:go)?1\.([0-9]+)/.exec(goVersion.trim());
  if (!match || Number(match[1]) < MIN_GO_MINOR) return undefined;
  return `1.${Number(match[1])}`;
}

export function checkBoolean(raw: unknown): Checked<boolean> {
  if (typeof raw === 'boolean') return ok(raw);
  if (raw === 'true' || raw === 'false') return ok(raw === 'true');
  return broken(RULES.cgo);
}

function checkEnum<T extends string>(values: readonly T[], rule: string, raw: unknown): Checked<T> {
  return (values as readonly unknown[]).includes(raw) ? ok(raw as T) : broken(rule);
}

export function checkRuntime(raw: unknown, cgo: boolean): Checked<Runtime> {
  const checked = checkEnum(RUNTIMES, RULES.runtime, raw);
  if (checked.ok && cgo && checked.value === 'scratch') {
    return broken('scratch has no C library: a cgo build needs distroless (use --no-cgo for scratch)');
  }
  return checked;
}

export function checkDebian(raw: unknown): Checked<DebianRelease> {
  return checkEnum(DEBIAN_RELEASES, RULES.debian, raw);
}

/** The port the service listens on. An existing module may keep its own below 1024, or have none (`none`). */
export function checkPort(raw: unknown, existingModule = false): Checked<number | 'none'> {
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (existingModule && text === 'none') return ok('none');
  const rule = existingModule ? RULES.existingPort : RULES.port;
  if (typeof text !== 'string' || !/^[0-9]{1,5}$/.test(text)) return broken(rule);
  const port = Number(text);
  return port >= (existingModule ? 1 : 1024) && port <= 65535 ? ok(port) : broken(rule);
}

export function checkPortEnv(raw: unknown): Checked<string> {
  if (typeof raw !== 'string') return broken(RULES.portEnv);
  const name = raw.trim();
  return name === '' || /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? ok(name) : broken(RULES.portEnv);
}

/** Build tags, normalised to a list without blanks or duplicates (a comma or space list, or an array). */
export function checkTags(raw: unknown): Checked<string[]> {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : undefined;
  if (!items || !items.every((item) => typeof item === 'string')) return broken(RULES.tags);
  const tags = items.map((tag) => tag.trim()).filter((tag) => tag !== '');
  if (!tags.every((tag) => /^[A-Za-z0-9_.]+$/.test(tag))) return broken(RULES.tags);
  return ok([...new Set(tags)]);
}

const LDFLAGS_VARIABLE = /\$\{(?:VERSION|REVISION|CREATED)\}/g;

/**
 * Link flags as `go build -ldflags` takes them, written inside double quotes in the Dockerfile and in a make
 * variable: so no double quote, backslash, backquote or `$` other than the three build values.
 */
export function checkLdflags(raw: unknown): Checked<string> {
  if (typeof raw !== 'string') return broken(RULES.ldflags);
  const flags = raw.trim().replace(/\s+/g, ' ');
  const plain = flags.replace(LDFLAGS_VARIABLE, 'x');
  if (!/^[A-Za-z0-9._/=:,+@%' -]*$/.test(plain)) return broken(RULES.ldflags);
  if ((plain.match(/'/g) ?? []).length % 2 !== 0) return broken(RULES.ldflags);
  if (flags !== '' && !flags.startsWith('-')) return broken(RULES.ldflags);
  return ok(flags);
}

const DOMAIN_COMPONENT = '(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])';
const DOMAIN = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** An image name as Docker's reference grammar defines it, restricted to lowercase, with no tag or digest. */
export function checkImage(raw: unknown): Checked<string> {
  if (typeof raw !== 'string' || raw === '' || raw.length > 255) return broken(RULES.image);
  const components = raw.split('/');
  const first = components[0] ?? '';
  const hasRegistry = components.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const path = hasRegistry ? components.slice(1) : components;
  if (hasRegistry && !DOMAIN.test(first)) return broken(RULES.image);
  if (!path.every((component) => PATH_COMPONENT.test(component))) return broken(RULES.image);
  return ok(raw);
}

export function checkPlatforms(raw: unknown, variant: Pick<Variant, 'name' | 'platforms'>): Checked<Platform[]> {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
  if (!items) return broken(RULES.platforms);
  const platforms = items.map((item) => (typeof item === 'string' ? item.trim() : ''));
  if (platforms.length === 0 || new Set(platforms).size !== platforms.length) return broken(RULES.platforms);
  if (!platforms.every((platform) => (PLATFORMS as readonly string[]).includes(platform))) {
    return broken(RULES.platforms);
  }
  const unsupported = platforms.filter((platform) => !(variant.platforms as readonly string[]).includes(platform));
  if (unsupported.length > 0) {
    return broken(`the ${variant.name} variant supports only ${variant.platforms.join(', ')}`);
  }
  return ok(platforms as Platform[]);
}

export function checkCi(raw: unknown): Checked<'github' | 'none'> {
  return checkEnum(['github', 'none'] as const, RULES.ci, raw);
}

export function checkCiLayout(raw: unknown): Checked<CiLayout> {
  return checkEnum(CI_LAYOUTS, RULES.ciLayout, raw);
}

/** Where the service is deployed: `compose,kubernetes`, a list from a checkbox, or `none` (an empty list). */
export function checkDeploy(raw: unknown): Checked<DeployTarget[]> {
  if (raw === 'none') return ok([]);
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
  if (!items) return broken(RULES.deploy);
  const targets = items.map((item) => (typeof item === 'string' ? item.trim() : ''));
  if (new Set(targets).size !== targets.length) return broken(RULES.deploy);
  if (!targets.every((target) => (DEPLOY_TARGETS as readonly string[]).includes(target))) return broken(RULES.deploy);
  return ok(DEPLOY_TARGETS.filter((target) => targets.includes(target)));
}

const PACKAGE_DIR_ELEMENT = /^[A-Za-z0-9][A-Za-z0-9._~+-]*$/;

/**
 * The main package to build, normalised to `.` or `./dir/sub` (`cmd/api/` becomes `./cmd/api`). When the module's
 * main packages are known (an existing module), it must be one of them.
 */
export function checkMain(raw: unknown, mains?: readonly string[]): Checked<string> {
  if (typeof raw !== 'string') return broken(RULES.main);
  const path = raw.trim().replace(/\/+$/, '').replace(/^\.\//, '');
  if (path === '') return broken(RULES.main);
  const elements = path === '.' ? [] : path.split('/');
  const elementOk = (element: string): boolean =>
    PACKAGE_DIR_ELEMENT.test(element) && element !== 'testdata' && element !== 'vendor';
  if (!elements.every(elementOk)) return broken(RULES.main);
  const main = path === '.' ? '.' : `./${path}`;
  if (mains !== undefined && !mains.includes(main)) {
    return broken(
      mains.length === 0
        ? 'the module has no main package (package main, outside vendor/ and testdata/): there is nothing to build'
        : `must be a main package of this module: ${mains.join(', ')}`,
    );
  }
  return ok(main);
}

const MODULE_PATTERN = /^[A-Za-z0-9._~+*?[\]^!-]+(?:\/[A-Za-z0-9._~+*?[\]^!-]+)*$/;

/** GOPRIVATE-style patterns, normalised to a comma-separated list without blanks ('' for none). */
export function checkGoPrivate(raw: unknown): Checked<string> {
  if (typeof raw !== 'string') return broken(RULES.goPrivate);
  const patterns = raw
    .split(',')
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '');
  if (!patterns.every((pattern) => MODULE_PATTERN.test(pattern))) return broken(RULES.goPrivate);
  return ok(patterns.join(','));
}

const BRANCH_NAME = /^[A-Za-z0-9_][A-Za-z0-9._/-]*$/;

/**
 * A branch name as `git check-ref-format --branch` accepts it, narrowed to the characters that a workflow's
 * `branches:` filter takes literally (no glob characters such as * ? + [ !).
 */
export function checkBranch(raw: unknown): Checked<string> {
  if (typeof raw !== 'string') return broken(RULES.defaultBranch);
  const name = raw.trim();
  const breaksGitRules =
    name.length > 255 ||
    name.includes('..') ||
    name.includes('//') ||
    name.includes('/.') ||
    /(\/|\.|\.lock)$/.test(name);
  if (!BRANCH_NAME.test(name) || breaksGitRules) return broken(RULES.defaultBranch);
  return ok(name);
}
