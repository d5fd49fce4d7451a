/**
 * What the project already declares about building its binary, so that the image is built the same way: the link
 * flags (-X of its own version variables), build tags, main package, binary name and CGO_ENABLED, read from an
 * existing Dockerfile's `go build` line, .goreleaser.yaml, .promu.yml (Prometheus' build tool) or the Makefile.
 * Their variables become the image build's: the version (${VERSION}), the commit (${REVISION}) and the build
 * date (${CREATED}); a flag that needs anything else (a branch, a user name) is left out, and said so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { scalarText } from '../scalar-text.js';
import { found, type Finding } from './finding.js';

export interface DeclaredBuild {
  readonly ldflags?: Finding<string>;
  readonly tags?: Finding<readonly string[]>;
  /** `./cmd/x` or `.` */
  readonly main?: Finding<string>;
  readonly binary?: Finding<string>;
  readonly cgo?: Finding<boolean>;
  /** Link flags that could not be carried over, with why. */
  readonly dropped: readonly string[];
}

/** The three values the image build knows, by what a project's own variable for them is usually called. */
function buildVariable(name: string): string | undefined {
  if (/date|time/i.test(name)) return '${CREATED}';
  if (/commit|revision|sha|hash/i.test(name)) return '${REVISION}';
  if (/version|^tag$|^raw_?version$/i.test(name)) return '${VERSION}';
  return undefined;
}

/** The -X values and other flags of an ldflags string, each `-X name=value` kept together. */
function linkFlags(text: string): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const flags: string[] = [];
  for (let at = 0; at < words.length; at++) {
    const word = words[at] ?? '';
    if ((word === '-X' || word === '--X') && at + 1 < words.length) flags.push(`-X ${words[++at] ?? ''}`);
    else flags.push(word);
  }
  return flags;
}

/**
 * Replaces a tool's template variables by the image build's, via `translate` (undefined: cannot be carried over).
 * Returns the flags kept and the ones dropped.
 */
function carryOver(
  ldflags: string,
  translate: (reference: string) => string | undefined,
  pattern: RegExp,
): { kept: string; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const flag of linkFlags(ldflags)) {
    let lost = false;
    const text = flag.replace(pattern, (reference: string, ...groups: unknown[]) => {
      const value = translate(
        groups.find((group): group is string => typeof group === 'string' && group !== '') ?? reference,
      );
      if (value === undefined) lost = true;
      return value ?? '';
    });
    // `lost` is set by the replace callback above.
    // oxlint-disable-next-line typescript/no-unnecessary-condition
    if (lost) dropped.push(flag);
    else kept.push(text);
  }
  return { kept: kept.join(' '), dropped };
}

const lineOf = (text: string, pattern: RegExp): number => {
  const match = pattern.exec(text);
  return match ? text.slice(0, match.index).split('\n').length : 1;
};

const normaliseMain = (path: string): string => {
  const trimmed = path.trim().replace(/\/+$/, '').replace(/^\.\//, '');
  return trimmed === '' || trimmed === '.' ? '.' : `./${trimmed}`;
};

const tagList = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((tag) => tag.replace(/^["']|["']$/g, ''))
    .filter((tag) => /^[A-Za-z0-9_.]+$/.test(tag));

type Partial = { -readonly [K in keyof DeclaredBuild]?: DeclaredBuild[K] } & { dropped: string[] };

// ----- .goreleaser.yaml --------------------------------------------------------------------------------------

const GORELEASER_FILES = ['.goreleaser.yaml', '.goreleaser.yml', 'goreleaser.yaml', 'goreleaser.yml'];

function goreleaserVariable(name: string): string | undefined {
  if (/^(Version|RawVersion|Tag|Summary)$/.test(name)) return '${VERSION}';
  if (/^(Commit|FullCommit|ShortCommit)$/.test(name)) return '${REVISION}';
  if (/^(Date|CommitDate)$/.test(name)) return '${CREATED}';
  return undefined;
}

function fromGoreleaser(root: string, main: string | undefined): Partial | undefined {
  const file = GORELEASER_FILES.find((name) => existsSync(join(root, name)));
  if (!file) return undefined;
  const text = readFileSync(join(root, file), 'utf8');
  let config: { builds?: Record<string, unknown>[] };
  try {
    config = (parse(text) as typeof config | null) ?? {};
  } catch {
    return undefined;
  }
  const builds = (config.builds ?? []).filter((build) => build['skip'] !== true);
  const build =
    builds.find((candidate) => main !== undefined && normaliseMain(scalarText(candidate['main'], '.')) === main) ??
    builds[0];
  if (!build) return undefined;
  const result: Partial = { dropped: [] };
  const at = (key: string): string => `${file}:${lineOf(text, new RegExp(`^\\s*-?\\s*${key}:`, 'm'))}`;
  if (typeof build['main'] === 'string') {
    result.main = found(normaliseMain(build['main']), `${at('main')}: main: ${build['main']}`);
  }
  if (typeof build['binary'] === 'string' && !build['binary'].includes('{{')) {
    result.binary = found(build['binary'], `${at('binary')}: binary: ${build['binary']}`);
  }
  const ldflags = build['ldflags'];
  const ldflagsText = Array.isArray(ldflags)
    ? ldflags.map(String).join(' ')
    : typeof ldflags === 'string'
      ? ldflags
      : '';
  if (ldflagsText !== '') {
    const { kept, dropped } = carryOver(ldflagsText, goreleaserVariable, /\{\{-?\s*\.(\w+)\s*-?\}\}|\{\{[^}]*\}\}/g);
    result.ldflags = found(kept, `${at('ldflags')}: ldflags, with {{.Version}}, {{.Commit}}, {{.Date}} as the image's`);
    result.dropped.push(
      ...dropped.map((flag) => `${file}: ${flag} (a template variable the image build does not have)`),
    );
  }
  const flags = Array.isArray(build['flags']) ? build['flags'].map(String).join(' ') : scalarText(build['flags']);
  const tags = Array.isArray(build['tags'])
    ? build['tags'].map(String)
    : tagList(/-tags[= ]\s*["']?([^"'\s]+)/.exec(flags)?.[1] ?? '');
  if (tags.length > 0)
    result.tags = found(tags, `${at(Array.isArray(build['tags']) ? 'tags' : 'flags')}: tags ${tags.join(',')}`);
  const env = Array.isArray(build['env']) ? build['env'].map(String) : [];
  const cgo = env.find((entry) => entry.startsWith('CGO_ENABLED='));
  if (cgo) result.cgo = found(cgo.endsWith('=1'), `${at('env')}: env ${cgo}`);
  return result;
}

// ----- .promu.yml --------------------------------------------------------------------------------------------

function promuVariable(name: string): string | undefined {
  if (name === 'Version') return '${VERSION}';
  if (name === 'Revision') return '${REVISION}';
  if (name === 'date') return '${CREATED}';
  return undefined;
}

function fromPromu(root: string): Partial | undefined {
  if (!existsSync(join(root, '.promu.yml'))) return undefined;
  const text = readFileSync(join(root, '.promu.yml'), 'utf8');
  let config: {
    go?: { cgo?: boolean };
    build?: { binaries?: { name?: string; path?: string }[]; flags?: string; ldflags?: string };
  };
  try {
    config = (parse(text) as typeof config | null) ?? {};
  } catch {
    return undefined;
  }
  const result: Partial = { dropped: [] };
  const at = (key: string): string => `.promu.yml:${lineOf(text, new RegExp(`^\\s*-?\\s*${key}:`, 'm'))}`;
  const [binary] = config.build?.binaries ?? [];
  if (binary?.path) result.main = found(normaliseMain(binary.path), `${at('path')}: path: ${binary.path}`);
  if (binary?.name) result.binary = found(binary.name, `${at('name')}: name: ${binary.name}`);
  if (config.build?.ldflags) {
    const { kept, dropped } = carryOver(config.build.ldflags, promuVariable, /\{\{\s*\.?(\w+)[^}]*\}\}/g);
    result.ldflags = found(
      kept,
      `${at('ldflags')}: ldflags, with {{.Version}}, {{.Revision}}, {{date}} as the image's`,
    );
    result.dropped.push(
      ...dropped.map((flag) => `.promu.yml: ${flag} (a promu variable the image build does not have)`),
    );
  }
  const tags = tagList(/-tags[= ]\s*["']?([^"'\n]+?)["']?(?:\s+-|$)/.exec(config.build?.flags ?? '')?.[1] ?? '');
  if (tags.length > 0) result.tags = found(tags, `${at('flags')}: flags -tags ${tags.join(',')}`);
  if (typeof config.go?.cgo === 'boolean') result.cgo = found(config.go.cgo, `${at('cgo')}: cgo: ${config.go.cgo}`);
  return result;
}

// ----- Makefile ----------------------------------------------------------------------------------------------

const LDFLAGS_VARIABLES = ['LDFLAGS', 'GO_LDFLAGS', 'GOLDFLAGS', 'LD_FLAGS', 'BUILD_LDFLAGS'];
const TAGS_VARIABLES = ['TAGS', 'GO_TAGS', 'GOTAGS', 'BUILD_TAGS', 'GO_BUILD_TAGS', 'GOBUILDTAGS'];

interface MakeVariable {
  readonly value: string;
  readonly line: number;
}

/** Simple `NAME = value` definitions (`:=`, `?=`, `=`, `+=` appends), continuation lines joined. */
function makeVariables(text: string): Map<string, MakeVariable> {
  const variables = new Map<string, MakeVariable>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const first = index;
    let line = lines[index] ?? '';
    while (line.endsWith('\\') && index + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++index] ?? ''}`;
    const match = /^(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(\+|:|::|\?|!)?=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, name = '', operator, value = ''] = match;
    const previous = variables.get(name);
    if (operator === '?' && previous) continue;
    variables.set(name, {
      value: (operator === '+' && previous ? `${previous.value} ${value}` : value).replace(/\s+#.*$/, '').trim(),
      line: previous && operator === '+' ? previous.line : first + 1,
    });
  }
  return variables;
}

function fromMakefile(root: string): Partial | undefined {
  const name = ['GNUmakefile', 'makefile', 'Makefile'].find((file) => existsSync(join(root, file)));
  if (!name) return undefined;
  const text = readFileSync(join(root, name), 'utf8');
  const variables = makeVariables(text);
  const expand = (reference: string, depth = 0): string | undefined => {
    const named = buildVariable(reference);
    if (named) return named;
    const definition = variables.get(reference)?.value;
    if (definition === undefined || depth > 3 || /\$\((shell|wildcard|call)\b/.test(definition)) return undefined;
    let lost = false;
    const value = definition.replace(/\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]/g, (_, inner: string) => {
      const expanded = expand(inner, depth + 1);
      if (expanded === undefined) lost = true;
      return expanded ?? '';
    });
    // `lost` is set by the replace callback above.
    // oxlint-disable-next-line typescript/no-unnecessary-condition
    return lost ? undefined : value;
  };
  const result: Partial = { dropped: [] };
  const ldflagsName = LDFLAGS_VARIABLES.find((variable) => variables.has(variable));
  const recipe = /^\t.*\bgo build\b.*$/m.exec(text.replace(/\\\n/g, ' '))?.[0] ?? '';
  const inlineLdflags = /-ldflags[= ]\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(recipe);
  const ldflagsSource = ldflagsName
    ? {
        text: variables.get(ldflagsName)?.value ?? '',
        at: `${name}:${variables.get(ldflagsName)?.line ?? 1}: ${ldflagsName}`,
      }
    : inlineLdflags && !/^\$[({]\w+[)}]$/.test(inlineLdflags[1] ?? inlineLdflags[2] ?? inlineLdflags[3] ?? '')
      ? {
          text: inlineLdflags[1] ?? inlineLdflags[2] ?? inlineLdflags[3] ?? '',
          at: `${name}:${lineOf(text, /-ldflags/)}: go build -ldflags`,
        }
      : undefined;
  if (ldflagsSource) {
    const { kept, dropped } = carryOver(ldflagsSource.text, expand, /\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]/g);
    result.ldflags = found(kept, `${ldflagsSource.at}, with its version, commit and date variables as the image's`);
    result.dropped.push(...dropped.map((flag) => `${name}: ${flag} (a make variable the image build does not have)`));
  }
  const tagsName = TAGS_VARIABLES.find((variable) => variables.has(variable));
  const inlineTags = /-tags[= ]\s*(?:"([^"$]*)"|'([^'$]*)'|([^\s$"']+))/.exec(recipe);
  if (tagsName) {
    const tags = tagList(expand(tagsName) ?? '');
    if (tags.length > 0) result.tags = found(tags, `${name}:${variables.get(tagsName)?.line ?? 1}: ${tagsName}`);
  } else if (inlineTags) {
    const tags = tagList(inlineTags[1] ?? inlineTags[2] ?? inlineTags[3] ?? '');
    if (tags.length > 0) result.tags = found(tags, `${name}:${lineOf(text, /-tags/)}: go build -tags`);
  }
  return result;
}

// ----- an existing Dockerfile ----------------------------------------------------------------------------------

function fromDockerfile(root: string): Partial | undefined {
  if (!existsSync(join(root, 'Dockerfile'))) return undefined;
  const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const joined = text.replace(/\\\r?\n/g, ' ');
  const build = /\bgo build\b([^&|;\n]*)/.exec(joined);
  if (!build) return undefined;
  const line = `Dockerfile:${lineOf(text, /\bgo\s+build\b/)}`;
  const args = build[1] ?? '';
  const result: Partial = { dropped: [] };
  const ldflags = /-ldflags[= ]\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(args);
  if (ldflags) {
    const { kept, dropped } = carryOver(
      ldflags[1] ?? ldflags[2] ?? ldflags[3] ?? '',
      (name) => buildVariable(name),
      /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
    );
    result.ldflags = found(kept, `${line}: go build -ldflags`);
    result.dropped.push(
      ...dropped.map((flag) => `Dockerfile: ${flag} (a build argument the image build does not have)`),
    );
  }
  const tags = /-tags[= ]\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(args);
  if (tags) {
    const list = tagList(tags[1] ?? tags[2] ?? tags[3] ?? '');
    if (list.length > 0) result.tags = found(list, `${line}: go build -tags ${list.join(',')}`);
  }
  const cgo = /\bCGO_ENABLED=([01])\b/.exec(joined.slice(Math.max(0, build.index - 300), build.index));
  if (cgo) result.cgo = found(cgo[1] === '1', `${line}: CGO_ENABLED=${cgo[1]}`);
  const target = args
    .replace(/-(?:ldflags|tags|o|gcflags|mod)[= ]\s*(?:"[^"]*"|'[^']*'|\S+)/g, '')
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '' && !word.startsWith('-'))
    .at(-1);
  if (target && /^\.(\/[\w./-]*)?$/.test(target) && !target.includes('...')) {
    result.main = found(normaliseMain(target), `${line}: go build ${target}`);
  }
  return result;
}

/**
 * Each value from the first source that declares it, in this order: the Dockerfile (how the image is built
 * today), .goreleaser.yaml, .promu.yml, the Makefile. `ownDockerfile`: false when the Dockerfile is this
 * generator's own from an earlier run. `main`: the build to read when a file declares several.
 */
export function declaredBuild(root: string, options: { ownDockerfile: boolean; main?: string }): DeclaredBuild {
  const sources = [
    options.ownDockerfile ? undefined : fromDockerfile(root),
    fromGoreleaser(root, options.main),
    fromPromu(root),
    fromMakefile(root),
  ].filter((source): source is Partial => source !== undefined);
  const first = <K extends 'ldflags' | 'tags' | 'main' | 'binary' | 'cgo'>(key: K): DeclaredBuild[K] | undefined =>
    sources.find((source) => source[key] !== undefined)?.[key];
  const ldflagsSource = sources.find((source) => source.ldflags !== undefined);
  const result: Partial = { dropped: ldflagsSource?.dropped ?? [] };
  for (const key of ['ldflags', 'tags', 'main', 'binary', 'cgo'] as const) {
    const value = first(key);
    if (value !== undefined) Object.assign(result, { [key]: value });
  }
  return result;
}
