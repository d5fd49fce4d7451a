/**
 * Detection: what an existing Go module needs to be built into an image, read from its files alone. No network,
 * and none of the module's code runs; the one command is `go env GOPRIVATE` (outside the module, offline), and
 * only when GOPRIVATE is not in the environment. Each finding carries its evidence, which the generator prints.
 * The findings are defaults: flags and stored answers win over them (options.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { knownCgoModule, libraryNeed, pkgConfigNeed } from './cgo.js';
import { found, type Finding } from './finding.js';
import { parseGoMod, type GoMod } from './go-mod.js';
import { goPrivatePatterns, matchesPrefixPattern, readGoPrivate, type GoPrivateSetting } from './go-private.js';
import { embedPath, scanModule, type GoFile } from './go-source.js';
import { makefileLayout, workflowLayout, type MakefileLayout, type WorkflowLayout } from './layout.js';

export interface Detection {
  /** The module's root directory (where go.mod is). */
  readonly root: string;
  readonly module: Finding<string>;
  /** The toolchain line's version if there is one, else the go line's: the builder image's Go. */
  readonly goVersion: Finding<string | undefined>;
  /** Every main package, as `./`-relative directories: the root first, then ./cmd/*, then the others. */
  readonly mains: readonly string[];
  /** The main package the image is built from; undefined when the module has none. */
  readonly main: Finding<string | undefined>;
  /** The port each main package listens on, when one is obvious. Keyed by the entries of `mains` (or '.'). */
  readonly ports: Readonly<Record<string, Finding<number | undefined>>>;
  readonly cgo: Finding<boolean>;
  /** What the C code needs at build and run time, one line each (for the Dockerfile's comments). */
  readonly cNeeds: readonly string[];
  /** The `//go:embed` patterns as paths from the module root: the build context must keep them. */
  readonly embeds: Finding<readonly string[]>;
  readonly vendor: Finding<boolean>;
  /** The GOPRIVATE patterns that match a requirement of go.mod, comma-separated; '' when there is none. */
  readonly goPrivate: Finding<string>;
  /** Top-level directories that hold Go packages of the module: never ignored as build output. */
  readonly topLevelPackageDirs: readonly string[];
  readonly makefile: Finding<MakefileLayout>;
  readonly workflow: Finding<WorkflowLayout>;
}

/** What detection reads from outside the module's files; tests pass their own. */
export interface DetectEnvironment {
  readonly goPrivate: () => GoPrivateSetting | undefined;
}

const HOST_ENVIRONMENT: DetectEnvironment = { goPrivate: () => readGoPrivate() };

/** The module cannot be read: its go.mod is missing or has no module line. */
export class DetectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DetectionError';
  }
}

/** `./cmd/api` for `cmd/api`, `.` for the root. */
const packageDir = (dir: string): string => (dir === '' ? '.' : `./${dir}`);

/** The name `go build` gives a package's binary: its directory's, or the module's last element without /vN. */
export function binaryNameOf(main: string, module: string): string {
  if (main !== '.') return basename(main);
  const elements = module.split('/');
  const last = elements.at(-1) ?? module;
  return elements.length > 1 && /^v[0-9]+$/.test(last) ? (elements.at(-2) ?? last) : last;
}

const listed = (items: readonly string[], limit = 3): string =>
  items.length <= limit ? items.join(', ') : `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;

function orderOfMain(main: string): [number, string] {
  return [main === '.' ? 0 : main.startsWith('./cmd/') ? 1 : 2, main];
}

function detectMain(goFiles: readonly GoFile[], module: string): Pick<Detection, 'mains' | 'main'> {
  const mains = [
    ...new Set(goFiles.filter((file) => file.packageName === 'main').map((file) => packageDir(file.dir))),
  ].sort((a, b) => {
    const [rankA, pathA] = orderOfMain(a);
    const [rankB, pathB] = orderOfMain(b);
    return rankA - rankB || pathA.localeCompare(pathB);
  });
  const moduleName = binaryNameOf('.', module);
  const [first] = mains;
  if (first === undefined) {
    return { mains, main: found(undefined, 'no package main in the module (outside vendor/ and testdata/)') };
  }
  if (mains.length === 1) {
    return { mains, main: found(first, `${first} is the only main package`) };
  }
  const named = mains.find((main) => binaryNameOf(main, module) === moduleName);
  if (named !== undefined) {
    return {
      mains,
      main: found(named, `several main packages (${listed(mains)}); ${named} builds "${moduleName}", like the module`),
    };
  }
  return {
    mains,
    main: found(
      first,
      `several main packages (${listed(mains)}), none named like the module ("${moduleName}"): the first`,
    ),
  };
}

function portFinding(candidates: readonly { port: number; because: string }[]): Finding<number | undefined> {
  const ports = [...new Set(candidates.map((candidate) => candidate.port))];
  const [only] = ports;
  if (only === undefined) return found(undefined, 'no ":port" literal or PORT default found');
  if (ports.length > 1) {
    return found(
      undefined,
      `several candidate ports (${listed(candidates.map((candidate) => candidate.because))}): none is obvious`,
    );
  }
  const because = candidates[0]?.because ?? '';
  if (only < 1024 || only > 65535) {
    return found(undefined, `${because}, which the image cannot use: it runs as a non-root user (1024-65535)`);
  }
  return found(only, because);
}

/**
 * The port of one main package: a PORT default first, else a single `":port"` literal; looked for in the main
 * package's own files, then in the module's other non-main packages (a server in internal/ is common).
 */
function detectPort(goFiles: readonly GoFile[], main: string): Finding<number | undefined> {
  const ownFiles = goFiles.filter((file) => packageDir(file.dir) === main);
  const libraryFiles = goFiles.filter((file) => file.packageName !== 'main');
  for (const files of [ownFiles, libraryFiles]) {
    const defaults = files.flatMap((file) =>
      file.portDefault === undefined
        ? []
        : [{ port: file.portDefault, because: `${file.path} reads PORT, default ${file.portDefault}` }],
    );
    if (defaults.length > 0) return portFinding(defaults);
    const literals = files.flatMap((file) =>
      file.listenPorts.map((port) => ({ port, because: `${file.path} has ":${port}"` })),
    );
    if (literals.length > 0) return portFinding(literals);
  }
  return portFinding([]);
}

function detectCgo(goMod: GoMod, goFiles: readonly GoFile[]): Pick<Detection, 'cgo' | 'cNeeds'> {
  const evidence: string[] = [];
  const needs: string[] = [];
  for (const requirement of goMod.requires) {
    const known = knownCgoModule(requirement.path);
    if (!known) continue;
    evidence.push(`go.mod requires ${requirement.path}${requirement.indirect ? ' (indirect)' : ''}`);
    needs.push(`${requirement.path} ${known.needs}`);
  }
  for (const file of goFiles.filter((goFile) => goFile.importsC)) {
    evidence.push(`${file.path} imports "C"`);
    for (const name of file.pkgConfig) needs.push(pkgConfigNeed(name, file.path));
    for (const library of file.libraries) needs.push(libraryNeed(library, file.path));
    if (file.pkgConfig.length === 0 && file.libraries.length === 0) {
      needs.push(`${file.path}: C code without #cgo libraries: needs only glibc, which distroless/cc has`);
    }
  }
  return {
    cgo:
      evidence.length > 0
        ? found(true, listed(evidence))
        : found(false, 'no file imports "C" and go.mod requires no module known to need cgo'),
    cNeeds: [...new Set(needs)],
  };
}

function detectGoPrivate(goMod: GoMod, setting: GoPrivateSetting | undefined): Finding<string> {
  if (setting === undefined || setting.value === '') return found('', 'GOPRIVATE is not set');
  const matching = goPrivatePatterns(setting.value).flatMap((pattern) => {
    const requirement = goMod.requires.find((candidate) => matchesPrefixPattern(pattern, candidate.path));
    return requirement ? [{ pattern, requirement: requirement.path }] : [];
  });
  if (matching.length === 0) {
    return found('', `${setting.source} (${setting.value}) matches no requirement of go.mod`);
  }
  return found(
    matching.map((match) => match.pattern).join(','),
    `${setting.source}: ${listed(matching.map((match) => `${match.pattern} matches ${match.requirement}`))}`,
  );
}

export function detect(root: string, environment: DetectEnvironment = HOST_ENVIRONMENT): Detection {
  const goModPath = join(root, 'go.mod');
  if (!existsSync(goModPath)) throw new DetectionError(`no go.mod in ${root}: this is not the root of a Go module`);
  const goMod = parseGoMod(readFileSync(goModPath, 'utf8'));
  if (goMod.module === undefined) throw new DetectionError(`${goModPath} has no module line`);
  const module = goMod.module;

  const { goFiles, topLevelPackageDirs } = scanModule(root);
  const { mains, main } = detectMain(goFiles, module);
  const ports = Object.fromEntries((mains.length > 0 ? mains : ['.']).map((dir) => [dir, detectPort(goFiles, dir)]));

  const embedding = goFiles.flatMap((file) => file.embeds.map((pattern) => ({ file, path: embedPath(file, pattern) })));
  const embeds = [...new Set(embedding.map((embed) => embed.path))].sort();

  const vendorDir = join(root, 'vendor');
  const vendor = existsSync(vendorDir) && statSync(vendorDir).isDirectory();

  return {
    root,
    module: found(module, `go.mod: module ${module}`),
    goVersion:
      goMod.toolchain !== undefined
        ? found(goMod.toolchain, `go.mod: toolchain go${goMod.toolchain}`)
        : goMod.go !== undefined
          ? found(goMod.go, `go.mod: go ${goMod.go}`)
          : found(undefined, 'go.mod has no go line'),
    mains,
    main,
    ports,
    ...detectCgo(goMod, goFiles),
    embeds: found(
      embeds,
      embedding.length > 0
        ? listed(embedding.map((embed) => `${embed.file.path} embeds ${embed.path}`))
        : 'no //go:embed directive',
    ),
    vendor: vendor
      ? found(
          true,
          existsSync(join(vendorDir, 'modules.txt'))
            ? 'vendor/modules.txt lists the vendored modules'
            : 'there is a vendor/ directory',
        )
      : found(false, 'there is no vendor/ directory'),
    goPrivate: detectGoPrivate(goMod, environment.goPrivate()),
    topLevelPackageDirs,
    makefile: makefileLayout(root),
    workflow: workflowLayout(root),
  };
}
