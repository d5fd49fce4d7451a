/**
 * Reads the module's Go files as text, without compiling or running anything: which packages are `main`, which
 * files use cgo and what their `#cgo` lines ask for, the `//go:embed` patterns and the listening-port literals.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { inLinuxBuild } from './build-constraints.js';

/** Only what a Linux build of the module compiles: see build-constraints.ts. */
export interface GoFile {
  /** Slash-separated path from the module root. */
  readonly path: string;
  /** Slash-separated directory from the module root ('' for the root). */
  readonly dir: string;
  readonly packageName: string | undefined;
  readonly imports: readonly string[];
  readonly importsC: boolean;
  /** `#cgo [GOOS] pkg-config: ...` names. */
  readonly pkgConfig: readonly string[];
  /** `-lname` libraries of `#cgo [GOOS] LDFLAGS: ...` lines. */
  readonly libraries: readonly string[];
  /** `//go:embed` patterns as written, relative to `dir`. */
  readonly embeds: readonly string[];
  /** Ports in `":8080"` or `"0.0.0.0:8080"` string literals. */
  readonly listenPorts: readonly number[];
  /** The default of a `PORT` environment variable, when the file reads one and its default is a literal. */
  readonly portDefault: number | undefined;
}

export interface ModuleFiles {
  readonly goFiles: readonly GoFile[];
  /** Top-level names (files or directories) under which a Go package of the module lives. */
  readonly topLevelPackageDirs: readonly string[];
}

/** Directories `go` ignores, plus vendor/ (not the module's own code) and node_modules/. */
function skippedDir(name: string): boolean {
  return (
    name.startsWith('.') || name.startsWith('_') || name === 'testdata' || name === 'vendor' || name === 'node_modules'
  );
}

const MAX_FILES = 20000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export function scanModule(root: string): ModuleFiles {
  const goFiles: GoFile[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (goFiles.length >= MAX_FILES) return;
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        // A directory with its own go.mod is another module, outside this one's packages.
        if (!skippedDir(entry.name) && !existsSync(join(root, path, 'go.mod'))) walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.go') && statSync(join(root, path)).size <= MAX_FILE_BYTES) {
        const source = readFileSync(join(root, path), 'utf8');
        if (inLinuxBuild(entry.name, source)) goFiles.push(readGoFile(path, dir, source));
      }
    }
  };
  walk('');
  const topLevel = new Set(goFiles.filter((file) => file.dir !== '').map((file) => file.dir.split('/')[0] ?? ''));
  return { goFiles, topLevelPackageDirs: [...topLevel].sort() };
}

/** The Go source with comments blanked out (string literals kept), so that code patterns skip commented-out code. */
function withoutComments(source: string): string {
  return source.replace(/"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match) =>
    match.startsWith('//') || match.startsWith('/*') ? match.replace(/[^\n]/g, ' ') : match,
  );
}

const IMPORT_SPEC = /^\s*(?:[A-Za-z_.][A-Za-z0-9_]*\s+)?"([^"]+)"/;

function importsOf(code: string): string[] {
  const imports: string[] = [];
  for (const match of code.matchAll(/^import\s*(?:\(([\s\S]*?)\)|((?:[A-Za-z_.][A-Za-z0-9_]*\s+)?"[^"]+"))/gm)) {
    const specs = match[1] !== undefined ? match[1].split(/[\n;]/) : [match[2] ?? ''];
    for (const spec of specs) {
      const path = IMPORT_SPEC.exec(spec)?.[1];
      if (path) imports.push(path);
    }
  }
  return imports;
}

/** `#cgo [GOOS/GOARCH constraints] NAME: values` lines of the cgo preamble that apply to Linux. */
function cgoDirectives(source: string, name: 'pkg-config' | 'LDFLAGS'): string[] {
  const values: string[] = [];
  for (const match of source.matchAll(/^\s*(?:\/\/)?\s*#cgo\s+([^:\n]*?)\s*\b(pkg-config|LDFLAGS):\s*(.*)$/gm)) {
    const [, constraint = '', directive, rest = ''] = match;
    if (directive !== name) continue;
    const targets = constraint.split(/\s+/).filter(Boolean);
    if (
      targets.length > 0 &&
      !targets.some((target) => /(^|,)(linux|unix|amd64|arm64)(,|$)/.test(target) && !target.startsWith('!'))
    ) {
      continue;
    }
    values.push(...rest.split(/\s+/).filter((value) => /^[A-Za-z0-9._+=-]+$/.test(value)));
  }
  return values;
}

/** The patterns of one `//go:embed` line: space-separated, each possibly "quoted" or `quoted`. */
export function embedPatterns(line: string): string[] {
  return (line.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g) ?? []).map((token) =>
    token.startsWith('"') ? (JSON.parse(token) as string) : token.startsWith('`') ? token.slice(1, -1) : token,
  );
}

const PORT_ENV = /\b(?:Getenv|LookupEnv)\(\s*"PORT"\s*\)/;
const PORT_ENV_WITH_DEFAULT = /\b(?:Getenv|LookupEnv)\(\s*"PORT"\s*\)\s*,\s*"(\d{1,5})"/;
/** `port := "8080"`, `defaultPort = 8080`, `httpPort = ":8080"`; not `dbPort`, which is another service's. */
const PORT_ASSIGNMENT =
  /\b(?:[Dd]efault|HTTP|[Hh]ttp|[Ll]isten|[Ss]erver|[Dd]efaultHTTP)?_?(?:Port|port|PORT)\s*(?::=|=)\s*"?:?(\d{1,5})"?(?![\d.])/;

function readGoFile(path: string, dir: string, source: string): GoFile {
  const code = withoutComments(source);
  const imports = importsOf(code);
  const importsC = imports.includes('C');
  const listenPorts = [...code.matchAll(/"(?:0\.0\.0\.0)?:(\d{1,5})"/g)].map((match) => Number(match[1]));
  let portDefault: number | undefined;
  if (PORT_ENV.test(code)) {
    const literal = PORT_ENV_WITH_DEFAULT.exec(code) ?? PORT_ASSIGNMENT.exec(code);
    portDefault = literal ? Number(literal[1]) : undefined;
  }
  return {
    path,
    dir,
    packageName: /^package\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(code)?.[1],
    imports,
    importsC,
    pkgConfig: importsC ? cgoDirectives(source, 'pkg-config') : [],
    libraries: importsC
      ? cgoDirectives(source, 'LDFLAGS')
          .filter((flag) => flag.startsWith('-l'))
          .map((flag) => flag.slice(2))
      : [],
    embeds: [...source.matchAll(/^\s*\/\/go:embed\s+(.+)$/gm)].flatMap((match) => embedPatterns(match[1] ?? '')),
    listenPorts,
    portDefault,
  };
}

/** The path of an embed pattern from the module root, without the `all:` prefix. */
export function embedPath(file: Pick<GoFile, 'dir'>, pattern: string): string {
  const relative = pattern.replace(/^all:/, '');
  return file.dir === '' ? relative : posix.join(file.dir, relative);
}
