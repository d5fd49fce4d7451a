/**
 * Reads Go files as text, without compiling or running anything: the package clause, the //go:build line, the
 * imports, what the cgo preamble asks for, the `//go:embed` patterns, and the literal clues to what the program
 * does at run time (where it listens, which version variables it has, which files and programs it uses). Every
 * clue carries its line, so that a decision can show its evidence as file:line.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { buildExpression, inLinuxBuildByName } from './build-constraints.js';

export interface Import {
  readonly path: string;
  readonly line: number;
}

export interface EmbedDirective {
  /** As written, relative to the file's directory (`all:` prefix included). */
  readonly pattern: string;
  readonly line: number;
}

/**
 * A literal that says where the program listens:
 * - flag: the default of a command-line flag named like a port or an address (`flag.Int("port", 9000, ...)`);
 * - env: the default of an environment variable named like one (`getEnv("WHOAMI_PORT_NUMBER", "80")`);
 * - config: a configuration default (`Port: 8080` in a literal, `envDefault:"8080"`, `viper.SetDefault`);
 * - listen: the address given to a listening call (`http.ListenAndServe(":8080", ...)`, `http.Server{Addr: ...}`);
 * - literal: any other `":8080"` string.
 */
export interface PortHint {
  readonly kind: 'flag' | 'env' | 'config' | 'listen' | 'literal';
  readonly port: number;
  /** The flag (flag), or environment variable (env, and config read from one), that sets it. */
  readonly name?: string;
  /** An environment variable that sets the flag too (urfave/cli's EnvVars). */
  readonly envName?: string;
  /** What the value is: a bare port (`8080`) or an address (`:8080`, `0.0.0.0:8080`). */
  readonly form: 'port' | 'address';
  /** The host part of an address default, when it has one (`127.0.0.1`). */
  readonly host?: string;
  /** A helper listener, not the service: the HTTP side of ACME (autocert) or an HTTP-to-HTTPS redirect. */
  readonly helper: boolean;
  readonly line: number;
}

export interface NamedLiteral {
  readonly name: string;
  readonly line: number;
}

export interface PathUse {
  /**
   * mkdir: a directory created at run time (`os.MkdirAll("data", ...)`); dir-flag: the default of a flag named
   * like a directory or path; exec: a program run (`exec.Command("git", ...)`); file: a string that looks like a
   * relative path to a configuration file or a script.
   */
  readonly kind: 'mkdir' | 'dir-flag' | 'exec' | 'file';
  readonly path: string;
  readonly line: number;
}

/** A Go file that a Linux build can compile (for some build tags: see `constraint`). */
export interface GoFile {
  /** Slash-separated path from the scanned root (the module root, or a dependency's directory). */
  readonly path: string;
  /** Slash-separated directory from the scanned root ('' for the root). */
  readonly dir: string;
  readonly packageName: string | undefined;
  /** The //go:build expression, undefined when there is none. */
  readonly constraint: string | undefined;
  readonly imports: readonly Import[];
  readonly importsC: boolean;
  /** `#cgo [GOOS] pkg-config: ...` names. */
  readonly pkgConfig: readonly string[];
  /** `-lname` libraries of `#cgo [GOOS] LDFLAGS: ...` lines. */
  readonly libraries: readonly string[];
  readonly embeds: readonly EmbedDirective[];
  readonly portHints: readonly PortHint[];
  /** Lines that start a server: ListenAndServe, net.Listen, http.Server{...}, grpc.NewServer, ... */
  readonly serves: readonly number[];
  /** Environment variables named like a port or address that are read without a literal default. */
  readonly listenEnvReads: readonly NamedLiteral[];
  /** Package-level string variables (`var version = "dev"`), which `-ldflags -X` can set. */
  readonly stringVars: readonly NamedLiteral[];
  readonly pathUses: readonly PathUse[];
}

export interface ModuleFiles {
  readonly goFiles: readonly GoFile[];
  /** Top-level names (files or directories) under which a Go package of the module lives. */
  readonly topLevelPackageDirs: readonly string[];
}

/** Directories `go` ignores, plus vendor/ (not the module's own code) and node_modules/. */
export function skippedDir(name: string): boolean {
  return (
    name.startsWith('.') || name.startsWith('_') || name === 'testdata' || name === 'vendor' || name === 'node_modules'
  );
}

const MAX_FILES = 20000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** The Go files of one directory that a Linux build may compile (for some tags), relative to `root`. */
export function readPackageDir(root: string, dir: string): GoFile[] {
  const absolute = join(root, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.go') && inLinuxBuildByName(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (statSync(join(root, path)).size > MAX_FILE_BYTES) return [];
      return [readGoFile(path, dir, readFileSync(join(root, path), 'utf8'))];
    });
}

export function scanModule(root: string): ModuleFiles {
  const goFiles: GoFile[] = [];
  const walk = (dir: string): void => {
    if (goFiles.length >= MAX_FILES) return;
    goFiles.push(...readPackageDir(root, dir));
    const entries = readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      // A directory with its own go.mod is another module, outside this one's packages.
      if (entry.isDirectory() && !skippedDir(entry.name) && !existsSync(join(root, path, 'go.mod'))) walk(path);
    }
  };
  walk('');
  const topLevel = new Set(goFiles.filter((file) => file.dir !== '').map((file) => file.dir.split('/')[0] ?? ''));
  return { goFiles, topLevelPackageDirs: [...topLevel].sort() };
}

/** The Go source with comments blanked out (string literals kept), so that code patterns skip commented-out code. */
export function withoutComments(source: string): string {
  return source.replace(/"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match) =>
    match.startsWith('//') || match.startsWith('/*') ? match.replace(/[^\n]/g, ' ') : match,
  );
}

let lineStartsOf: { text: string; starts: number[] } = { text: '', starts: [0] };

/** 1-based line of a character offset (the line starts of the last text asked about are kept). */
function lineAt(text: string, offset: number): number {
  if (lineStartsOf.text !== text) {
    const starts = [0];
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    lineStartsOf = { text, starts };
  }
  const { starts } = lineStartsOf;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

const IMPORT_SPEC = /^\s*(?:[A-Za-z_.][A-Za-z0-9_]*\s+)?"([^"]+)"/;

function importsOf(code: string): Import[] {
  const imports: Import[] = [];
  for (const match of code.matchAll(/^import\s*(?:\(([\s\S]*?)\)|((?:[A-Za-z_.][A-Za-z0-9_]*\s+)?"[^"]+"))/gm)) {
    const block = match[1];
    const start = match.index + match[0].indexOf(block ?? match[2] ?? '');
    let offset = start;
    for (const spec of (block ?? match[2] ?? '').split('\n')) {
      for (const part of spec.split(';')) {
        const path = IMPORT_SPEC.exec(part)?.[1];
        if (path) imports.push({ path, line: lineAt(code, offset) });
      }
      offset += spec.length + 1;
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

// ----- listening ports ---------------------------------------------------------------------------------------

const STRING = String.raw`"(?:[^"\\\n]|\\.)*"`;
/** A flag or variable named like a listening port or address (`port`, `http-addr`, `web.listen-address`). */
const LISTEN_NAME = /(^|[^a-z])(port|addr|address|listen|bind)([^a-z]|$)/i;
/** But not another service's (`db-port`, `redis_addr`, `METRICS_ADDR` stays: metrics are served). */
const FOREIGN_NAME = /(db|database|redis|mysql|postgres|pg|mongo|smtp|mail|upstream|backend|target|proxy|peer|remote)/i;
const ENV_LISTEN_NAME = /(PORT|ADDR|LISTEN|BIND)/;

/** `8080`, `":8080"`, `"0.0.0.0:8080"` or `"8080"` → the port, its form and its host. */
export function parsePortValue(text: string): { port: number; form: 'port' | 'address'; host?: string } | undefined {
  const value = text.startsWith('"') ? (JSON.parse(text) as string) : text;
  const bare = /^(\d{1,5})$/.exec(value);
  if (bare) return { port: Number(bare[1]), form: 'port' };
  const address = /^(\[[0-9a-fA-F:.]*\]|[A-Za-z0-9.-]*):(\d{1,5})$/.exec(value);
  if (!address) return undefined;
  const host = address[1] ?? '';
  return { port: Number(address[2]), form: 'address', ...(host === '' ? {} : { host }) };
}

/** Whether the statement around a literal is a helper listener (ACME http-01 challenges, redirects to HTTPS). */
function helperAround(code: string, offset: number): boolean {
  const start = code.lastIndexOf('\n', offset) + 1;
  const end = code.indexOf('\n', offset);
  const line = code.slice(start, end < 0 ? undefined : end);
  return /HTTPHandler\(|autocert|acme|[Rr]edirect/.test(line);
}

function portHints(code: string): PortHint[] {
  const hints: PortHint[] = [];
  const add = (
    kind: PortHint['kind'],
    value: string,
    offset: number,
    extra: { name?: string; envName?: string } = {},
  ): void => {
    const parsed = parsePortValue(value);
    if (!parsed || parsed.port === 0 || parsed.port > 65535) return;
    hints.push({ kind, ...parsed, ...extra, helper: helperAround(code, offset), line: lineAt(code, offset) });
  };
  const listenName = (name: string): boolean => LISTEN_NAME.test(name) && !FOREIGN_NAME.test(name);

  // flag, pflag, cobra: Int("port", 9000, ...), StringVar(&a, "addr", ":9115", ...), IntP("port", "p", 8080, ...)
  const goFlag = new RegExp(
    String.raw`\b(?:Int|Uint|Int64|Uint64|String)(?:Var)?P?\(\s*(?:&[\w.\[\]]+\s*,\s*)?"([\w.-]+)"\s*,\s*(?:"\w?"\s*,\s*)?(${STRING}|\d+)\s*,`,
    'g',
  );
  for (const match of code.matchAll(goFlag)) {
    const [, name = '', value = ''] = match;
    if (listenName(name)) add('flag', value, match.index, { name });
  }
  // kingpin: Flag("web.listen-address", "...").Default(":9115")
  for (const match of code.matchAll(
    new RegExp(String.raw`\bFlag\(\s*"([\w.-]+)"\s*,(?:(?!\bFlag\()[^;]){0,400}?\.Default\(\s*(${STRING})`, 'g'),
  )) {
    const [, name = '', value = ''] = match;
    if (listenName(name)) add('flag', value, match.index, { name });
  }
  // Prometheus' exporter-toolkit: kingpinflag.AddFlags(app, ":9115") defines --web.listen-address.
  for (const match of code.matchAll(new RegExp(String.raw`\bkingpinflag\.AddFlags\([^,()]+,\s*(${STRING})`, 'g'))) {
    add('flag', match[1] ?? '', match.index, { name: 'web.listen-address' });
  }
  // urfave/cli: &cli.IntFlag{Name: "port", Value: 8080, EnvVars: []string{"PORT"}}
  for (const match of code.matchAll(/\b(?:Int|Uint|String)Flag\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g)) {
    const body = match[1] ?? '';
    const name = /\bName:\s*"([\w.-]+)"/.exec(body)?.[1];
    const value = new RegExp(String.raw`\bValue:\s*(${STRING}|\d+)`).exec(body)?.[1];
    const envName = /\bEnvVars?:\s*(?:\[\]string\{\s*)?"([A-Za-z_][A-Za-z0-9_]*)"/.exec(body)?.[1];
    if (name && value && listenName(name)) add('flag', value, match.index, { name, ...(envName ? { envName } : {}) });
  }

  // getEnv("WHOAMI_PORT_NUMBER", "80"), envOr("PORT", "8080"), env.Get("ADDR", ":8080"); not Setenv.
  for (const match of code.matchAll(
    new RegExp(
      String.raw`\b(?![Ss]etenv|[Uu]nsetenv)\w*[Ee]nv\w*\(\s*"([A-Z][A-Z0-9_]*)"\s*,\s*(${STRING}|\d+)\s*\)`,
      'g',
    ),
  )) {
    const [, name = '', value = ''] = match;
    if (ENV_LISTEN_NAME.test(name)) add('env', value, match.index, { name });
  }
  // cmp.Or(os.Getenv("PORT"), "8081")
  for (const match of code.matchAll(
    new RegExp(String.raw`\bOr\(\s*os\.Getenv\(\s*"([A-Z][A-Z0-9_]*)"\s*\)\s*,\s*(${STRING})`, 'g'),
  )) {
    const [, name = '', value = ''] = match;
    if (ENV_LISTEN_NAME.test(name)) add('env', value, match.index, { name });
  }
  // port := os.Getenv("PORT"); if port == "" { port = "8080" }: the first port-like assignment after the read.
  for (const match of code.matchAll(/\bos\.(?:Getenv|LookupEnv)\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/g)) {
    const name = match[1] ?? '';
    if (!ENV_LISTEN_NAME.test(name) || hints.some((hint) => hint.kind === 'env' && hint.name === name)) continue;
    const after = code.slice(match.index, match.index + 400);
    const assigned = new RegExp(String.raw`\b\w+\s*=\s*("(?::)?\d{2,5}"|\d{2,5}\b)`).exec(
      after.slice(after.indexOf('\n') + 1),
    );
    if (assigned) add('env', assigned[1] ?? '', match.index, { name });
  }
  // Struct tags: `env:"PORT" envDefault:"8080"`, `env:"PORT,default=8080"`, `envconfig:"PORT" default:"8080"`.
  for (const match of code.matchAll(/`([^`]*\benv(?:config)?:"[^`]*)`/g)) {
    const tag = match[1] ?? '';
    const name = /\benv(?:config)?:"([A-Za-z_][A-Za-z0-9_]*)/.exec(tag)?.[1];
    const value = /\benvDefault:"([^"]*)"|\bdefault:"([^"]*)"|,default=([^",]*)/.exec(tag);
    const text = value?.[1] ?? value?.[2] ?? value?.[3];
    if (name && text !== undefined && ENV_LISTEN_NAME.test(name.toUpperCase())) {
      add('config', JSON.stringify(text), match.index, { name: name.toUpperCase() });
    }
  }
  // viper.SetDefault("server.port", 8080)
  for (const match of code.matchAll(new RegExp(String.raw`\bSetDefault\(\s*"([\w.-]+)"\s*,\s*(${STRING}|\d+)`, 'g'))) {
    const [, key = '', value = ''] = match;
    if (listenName(key)) add('config', value, match.index);
  }
  // Fields of a configuration literal: Port: 8080, ListenAddr: ":8080"; http.Server{Addr: ":8080"} listens.
  for (const match of code.matchAll(
    new RegExp(
      String.raw`\b(Port|HTTPPort|HttpPort|ListenPort|ServerPort|Addr|Address|ListenAddr|ListenAddress|HTTPAddr|HttpAddr|BindAddr|BindAddress)\s*:\s*(${STRING}|\d+)\s*[,}\n]`,
      'g',
    ),
  )) {
    const before = code.slice(Math.max(0, match.index - 200), match.index);
    const kind = /\bServer\{[^{}]*$/.test(before) ? 'listen' : 'config';
    add(kind, match[2] ?? '', match.index + match[0].indexOf(match[2] ?? ''));
  }
  // Listening calls: http.ListenAndServe(":8080", ...), net.Listen("tcp", ":8080"), e.Start(":8080"), r.Run(":8080").
  for (const match of code.matchAll(
    new RegExp(
      String.raw`\b(?:ListenAndServe(?:TLS)?|Listen|Start|StartTLS|Run|RunTLS)\(\s*(?:"(?:tcp|tcp4|tcp6)"\s*,\s*)?(${STRING})`,
      'g',
    ),
  )) {
    add('listen', match[1] ?? '', match.index);
  }
  // Any other ":8080" string (not one already counted at the same place).
  for (const match of code.matchAll(/"(?:[A-Za-z0-9.-]*|\[[0-9a-fA-F:.]*\]):(\d{1,5})"/g)) {
    const line = lineAt(code, match.index);
    const port = Number(match[1]);
    if (hints.some((hint) => hint.line === line && hint.port === port)) continue;
    add('literal', match[0], match.index);
  }
  return hints;
}

/** Lines that start a server of some kind. */
function serverLines(code: string): number[] {
  const pattern =
    /\b(?:ListenAndServe(?:TLS)?|ServeTLS|net\.Listen|tls\.Listen|http\.Serve|grpc\.NewServer|kingpinflag\.AddFlags)\b|\bhttp\.Server\{|\.(?:Serve|Start|Run|Listen)\(\s*(?:"[^"]*:\d+"|\w+\s*\)|\w+\s*,)/g;
  return [...new Set([...code.matchAll(pattern)].map((match) => lineAt(code, match.index)))];
}

// ----- variables -X can set ------------------------------------------------------------------------------------

function stringVars(code: string): NamedLiteral[] {
  const vars: NamedLiteral[] = [];
  const declaration = /^\s*([A-Za-z_]\w*)(?:\s+string\b|\s*=\s*"|\s+string\s*=\s*")/;
  for (const match of code.matchAll(/^var\s*\(\n([\s\S]*?)^\)/gm)) {
    let offset = match.index + match[0].indexOf('\n') + 1;
    for (const line of (match[1] ?? '').split('\n')) {
      const name = declaration.exec(line)?.[1];
      if (name) vars.push({ name, line: lineAt(code, offset) });
      offset += line.length + 1;
    }
  }
  for (const match of code.matchAll(/^var\s+([A-Za-z_]\w*)(?:\s+string\b|\s*=\s*"|\s+string\s*=\s*")/gm)) {
    vars.push({ name: match[1] ?? '', line: lineAt(code, match.index) });
  }
  return vars;
}

// ----- files, directories and programs used at run time ----------------------------------------------------

const CONFIG_OR_SCRIPT = /^(?!\/)(?:[\w.-]+\/)*[\w.-]+\.(?:ya?ml|json|toml|conf|cfg|ini|hcl|properties|sh)$/;
/** Flags named like a data directory or a storage path (`data-dir`, `storage.tsdb.path`), not like a config file. */
const DIR_FLAG_NAME = /(^|[^a-z])(data|dir|directory|path|storage|store|db)([^a-z]|$)/i;

function pathUses(code: string): PathUse[] {
  const uses: PathUse[] = [];
  const add = (kind: PathUse['kind'], path: string, offset: number): void => {
    uses.push({ kind, path, line: lineAt(code, offset) });
  };
  for (const match of code.matchAll(new RegExp(String.raw`\bos\.Mkdir(?:All|Temp)?\(\s*(${STRING})`, 'g'))) {
    if (!match[0].includes('MkdirTemp')) add('mkdir', JSON.parse(match[1] ?? '""') as string, match.index);
  }
  const flagDefault = new RegExp(
    String.raw`\bString(?:Var)?P?\(\s*(?:&[\w.\[\]]+\s*,\s*)?"([\w.-]+)"\s*,\s*(?:"\w?"\s*,\s*)?(${STRING})\s*,|\bFlag\(\s*"([\w.-]+)"\s*,(?:(?!\bFlag\()[^;]){0,400}?\.Default\(\s*(${STRING})`,
    'g',
  );
  for (const match of code.matchAll(flagDefault)) {
    const name = match[1] ?? match[3] ?? '';
    const value = JSON.parse(match[2] ?? match[4] ?? '""') as string;
    if (DIR_FLAG_NAME.test(name) && !/config|file/i.test(name) && /^(\/|\.{0,2}\/?)[\w./-]+$/.test(value)) {
      if (!/\.[a-z]{1,5}$/i.test(value)) add('dir-flag', value, match.index);
    }
  }
  for (const match of code.matchAll(
    new RegExp(String.raw`\bexec\.Command(?:Context)?\(\s*(?:[\w.()]+\s*,\s*)?(${STRING})`, 'g'),
  )) {
    add('exec', JSON.parse(match[1] ?? '""') as string, match.index);
  }
  for (const match of code.matchAll(new RegExp(STRING, 'g'))) {
    const text = match[0].slice(1, -1);
    if (CONFIG_OR_SCRIPT.test(text.replace(/^\.\//, ''))) add('file', text.replace(/^\.\//, ''), match.index);
  }
  return uses;
}

export function readGoFile(path: string, dir: string, source: string): GoFile {
  const code = withoutComments(source);
  const imports = importsOf(code);
  const importsC = imports.some((spec) => spec.path === 'C');
  return {
    path,
    dir,
    packageName: /^package\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(code)?.[1],
    constraint: buildExpression(source),
    imports,
    importsC,
    pkgConfig: importsC ? cgoDirectives(source, 'pkg-config') : [],
    libraries: importsC
      ? cgoDirectives(source, 'LDFLAGS')
          .filter((flag) => flag.startsWith('-l'))
          .map((flag) => flag.slice(2))
      : [],
    embeds: [...source.matchAll(/^[ \t]*\/\/go:embed[ \t]+(.+)$/gm)].flatMap((match) =>
      embedPatterns(match[1] ?? '').map((pattern) => ({ pattern, line: lineAt(source, match.index) })),
    ),
    portHints: portHints(code),
    serves: serverLines(code),
    listenEnvReads: [...code.matchAll(/\bos\.(?:Getenv|LookupEnv)\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/g)]
      .filter((match) => ENV_LISTEN_NAME.test(match[1] ?? ''))
      .map((match) => ({ name: match[1] ?? '', line: lineAt(code, match.index) })),
    stringVars: stringVars(code),
    pathUses: pathUses(code),
  };
}

/** The path of an embed pattern from the module root, without the `all:` prefix. */
export function embedPath(file: Pick<GoFile, 'dir'>, pattern: string): string {
  const relative = pattern.replace(/^all:/, '');
  return file.dir === '' ? relative : posix.join(file.dir, relative);
}
