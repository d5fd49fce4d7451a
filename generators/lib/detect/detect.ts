/**
 * Detection: what an existing Go module needs to be built into an image, read from its files alone. No network,
 * and none of the module's code runs; the one command is `go env GOPRIVATE` (outside the module, offline), and
 * only when GOPRIVATE is not in the environment. Each finding carries its evidence (file:line) and what would
 * change it, which the generator prints. The findings are defaults: flags and stored answers win over them.
 *
 * Module-wide facts are read once; what depends on the binary (cgo, port, version variables, embedded frontends,
 * run-time needs) is decided per main package and build tags by `analyse`, from the packages that binary compiles.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type CLibraryReference } from '../c-libraries.js';
import { OLDEST_SUPPORTED_GO } from '../tool-versions.js';
import { toServiceName } from '../validators.js';
import { decideCgo } from './cgo-decision.js';
import { declaredBuild, type DeclaredBuild } from './declared-build.js';
import { deployFiles, type DeployFiles } from './deploy-files.js';
import { found, type Finding } from './finding.js';
import { checkEmbeds, type Frontend } from './frontend.js';
import { parseGoMod, type GoMod } from './go-mod.js';
import { goPrivatePatterns, matchesPrefixPattern, readGoPrivate, type GoPrivateSetting } from './go-private.js';
import { embedPath, scanModule, type GoFile } from './go-source.js';
import {
  dependabotLayout,
  makefileLayout,
  ownTestWorkflow,
  scaffoldedBefore,
  workflowLayout,
  type MakefileLayout,
  type WorkflowLayout,
} from './layout.js';
import { moduleCacheDir, packageGraph, type ModuleSources } from './package-graph.js';
import { detectPort, unprivilegedPort, type PortFinding } from './ports.js';
import { runtimeNeeds, type RuntimeNeeds } from './runtime-needs.js';
import { versionLdflags } from './version-variables.js';

/** What one binary (a main package built with some tags) needs, decided from the packages it compiles. */
export interface MainAnalysis {
  readonly cgo: Finding<boolean>;
  /** What the C code needs at build and run time, one line each (for the Dockerfile's comments). */
  readonly cNeeds: readonly string[];
  /** The C libraries it links (#cgo lines, known cgo modules): the build installs their -dev packages. */
  readonly cLibraries: readonly CLibraryReference[];
  /** Where it listens by default, and how the port is set. */
  readonly port: PortFinding;
  /** The port the image uses: the app's own, or one from 1024 up when that is below and can be moved. */
  readonly imagePort: Finding<number | undefined>;
  /** The environment variable the image sets to the port ('' for none). */
  readonly portEnv: Finding<string>;
  /** Link flags: the project's declared ones, else -X of the version variables its main package has. */
  readonly ldflags: Finding<string>;
  readonly frontends: readonly Frontend[];
  readonly runtime: RuntimeNeeds;
  /** Things the user must know before building: embed patterns nothing produces. */
  readonly warnings: readonly string[];
}

export interface Detection {
  /** The module's root directory (where go.mod is). */
  readonly root: string;
  readonly module: Finding<string>;
  /** The go line's version (a minimum the builder must meet). */
  readonly goLine: string | undefined;
  /** The builder image's Go: the newest of the toolchain (else go) line and the oldest supported release. */
  readonly goVersion: Finding<string>;
  /** Every main package, as `./`-relative directories: the root first, then ./cmd/*, then the others. */
  readonly mains: readonly string[];
  /** The main package the image is built from; undefined when the module has none. */
  readonly main: Finding<string | undefined>;
  /** What the project declares about its build (Dockerfile, .goreleaser.yaml, .promu.yml, Makefile). */
  readonly declared: DeclaredBuild;
  /** The build tags: the declared ones, else none. */
  readonly tags: Finding<readonly string[]>;
  /** The `//go:embed` patterns as paths from the module root: the build context must keep them. */
  readonly embeds: Finding<readonly string[]>;
  readonly vendor: Finding<boolean>;
  /** The GOPRIVATE patterns that match a requirement of go.mod, comma-separated; '' when there is none. */
  readonly goPrivate: Finding<string>;
  /** Top-level directories that hold Go packages of the module: never ignored as build output. */
  readonly topLevelPackageDirs: readonly string[];
  readonly makefile: Finding<MakefileLayout>;
  readonly workflow: Finding<WorkflowLayout>;
  /** Whether one of the module's own workflows runs its tests (then the container workflow only builds). */
  readonly ownTestWorkflow: Finding<boolean>;
  /** The decisions that depend on the binary: main package and build tags. */
  readonly analyse: (main: string, tags: readonly string[]) => MainAnalysis;
  /** The module's own Compose file and Kubernetes manifests, which are never replaced. */
  readonly deployFiles: DeployFiles;
  /** Whether .github/dependabot.yml is written: not when the module has its own. */
  readonly dependabot: Finding<boolean>;
}

/** What detection reads from outside the module's files; tests pass their own. */
export interface DetectEnvironment {
  readonly goPrivate: () => GoPrivateSetting | undefined;
  /** Where downloaded modules are (GOMODCACHE); undefined: none, third-party packages are not read. */
  readonly moduleCache: () => string | undefined;
}

const HOST_ENVIRONMENT: DetectEnvironment = { goPrivate: () => readGoPrivate(), moduleCache: () => moduleCacheDir() };

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

/**
 * The service name an existing module gets by default, and where it came from: the binary name its .goreleaser.yaml
 * or .promu.yml declares for `main`, else the name `go build` gives the main package's binary (the directory's, or
 * the module's last element for the root), made a DNS label. The module's own name is offered as the change.
 */
export function serviceNameOf(detection: Pick<Detection, 'declared' | 'module'>, main: string): Finding<string> {
  const { declared, module } = detection;
  if (declared.binary && (declared.main?.value ?? main) === main) {
    return found(toServiceName(declared.binary.value), `${declared.binary.because} (the binary's declared name)`);
  }
  const name = toServiceName(binaryNameOf(main, module.value));
  if (main === '.') return found(name, `the module path's last element, as go build names the root package's binary`);
  const moduleName = toServiceName(binaryNameOf('.', module.value));
  return found(
    name,
    `go build names ${main}'s binary after its directory`,
    moduleName === name ? undefined : `--name ${moduleName} names it after the module (${module.value})`,
  );
}

const listed = (items: readonly string[], limit = 3): string =>
  items.length <= limit ? items.join(', ') : `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;

function orderOfMain(main: string): [number, string] {
  return [main === '.' ? 0 : main.startsWith('./cmd/') ? 1 : 2, main];
}

function detectMain(
  goFiles: readonly GoFile[],
  module: string,
  declared: DeclaredBuild,
): Pick<Detection, 'mains' | 'main'> {
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
  const declaredMain = declared.main;
  if (declaredMain && mains.includes(declaredMain.value)) {
    return {
      mains,
      main: found(declaredMain.value, `several main packages (${listed(mains)}); ${declaredMain.because}`, '--main'),
    };
  }
  const named = mains.find((main) => binaryNameOf(main, module) === moduleName);
  if (named !== undefined) {
    return {
      mains,
      main: found(
        named,
        `several main packages (${listed(mains)}); ${named} builds "${moduleName}", like the module`,
        '--main',
      ),
    };
  }
  return {
    mains,
    main: found(
      first,
      `several main packages (${listed(mains)}), none named like the module ("${moduleName}"): the first`,
      '--main',
    ),
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

/** [minor, patch] of `1.N`, `1.N.P` or `1.Nrc1`. */
function goRelease(version: string): [number, number] {
  const match = /^1\.(\d+)(?:\.(\d+))?/.exec(version);
  return [Number(match?.[1] ?? 0), Number(match?.[2] ?? 0)];
}

/** Whether Go `a` is older than Go `b` (1.24.3 < 1.26; 1.26 = 1.26.0). */
export function olderGo(a: string, b: string): boolean {
  const [minorA, patchA] = goRelease(a);
  const [minorB, patchB] = goRelease(b);
  return minorA < minorB || (minorA === minorB && patchA < patchB);
}

function detectGoVersion(goMod: GoMod): Finding<string> {
  const declared =
    goMod.toolchain !== undefined
      ? { version: goMod.toolchain, at: `go.mod:${goMod.toolchainLine ?? 1}: toolchain go${goMod.toolchain}` }
      : goMod.go !== undefined
        ? { version: goMod.go, at: `go.mod:${goMod.goLine ?? 1}: go ${goMod.go}` }
        : undefined;
  const change = '--go-version (at least the go line)';
  if (!declared) {
    return found(
      OLDEST_SUPPORTED_GO,
      `go.mod has no go line: Go ${OLDEST_SUPPORTED_GO}, the oldest supported release`,
      change,
    );
  }
  if (olderGo(declared.version, OLDEST_SUPPORTED_GO)) {
    return found(
      OLDEST_SUPPORTED_GO,
      `${declared.at}, older than Go ${OLDEST_SUPPORTED_GO}, the oldest release still supported: built with ${OLDEST_SUPPORTED_GO} (the go line is a minimum)`,
      change,
    );
  }
  return found(declared.version, declared.at, change);
}

export function detect(root: string, environment: DetectEnvironment = HOST_ENVIRONMENT): Detection {
  const goModPath = join(root, 'go.mod');
  if (!existsSync(goModPath)) throw new DetectionError(`no go.mod in ${root}: this is not the root of a Go module`);
  const goMod = parseGoMod(readFileSync(goModPath, 'utf8'));
  if (goMod.module === undefined) throw new DetectionError(`${goModPath} has no module line`);
  const module = goMod.module;

  const { goFiles, topLevelPackageDirs } = scanModule(root);
  const ownDockerfile = scaffoldedBefore(root);
  const declared = declaredBuild(root, { ownDockerfile });
  const { mains, main } = detectMain(goFiles, module, declared);
  const vendorDir = join(root, 'vendor');
  const vendor = existsSync(vendorDir) && statSync(vendorDir).isDirectory();
  const sources: ModuleSources = { root, module, goMod, vendor, moduleCache: environment.moduleCache() };

  const embedding = goFiles.flatMap((file) =>
    file.embeds.map((embed) => ({ file, embed, path: embedPath(file, embed.pattern) })),
  );
  const embeds = [...new Set(embedding.map((entry) => entry.path))].sort();
  const workflow = workflowLayout(root);

  const analyses = new Map<string, MainAnalysis>();
  const analyse = (mainDir: string, tags: readonly string[]): MainAnalysis => {
    const key = `${mainDir}\n${tags.join(',')}`;
    const cached = analyses.get(key);
    if (cached) return cached;
    const forMain = declared.main?.value === mainDir ? declared : declaredBuild(root, { ownDockerfile, main: mainDir });
    const analysis = analyseMain(root, sources, mainDir, tags, forMain);
    analyses.set(key, analysis);
    return analysis;
  };

  return {
    root,
    module: found(module, `go.mod: module ${module}`),
    goLine: goMod.go,
    goVersion: detectGoVersion(goMod),
    mains,
    main,
    declared,
    tags: declared.tags
      ? { ...declared.tags, change: '--tags' }
      : found([], 'no build tags declared (Dockerfile, .goreleaser.yaml, .promu.yml, Makefile)', '--tags'),
    embeds: found(
      embeds,
      embedding.length > 0
        ? listed(embedding.map((entry) => `${entry.file.path}:${entry.embed.line} embeds ${entry.path}`))
        : 'no //go:embed directive',
    ),
    vendor: vendor
      ? found(
          true,
          existsSync(join(vendorDir, 'modules.txt'))
            ? 'vendor/modules.txt lists the vendored modules'
            : 'there is a vendor/ directory',
          'removing vendor/',
        )
      : found(false, 'there is no vendor/ directory', '`go mod vendor`'),
    goPrivate: detectGoPrivate(goMod, environment.goPrivate()),
    topLevelPackageDirs,
    makefile: makefileLayout(root),
    workflow,
    ownTestWorkflow: ownTestWorkflow(root, workflow.value),
    analyse,
    deployFiles: deployFiles(root),
    dependabot: dependabotLayout(root),
  };
}

function analyseMain(
  root: string,
  sources: ModuleSources,
  mainDir: string,
  tags: readonly string[],
  declared: DeclaredBuild,
): MainAnalysis {
  const graph = packageGraph(sources, mainDir, tags);
  const local = graph.packages.filter((pkg) => pkg.kind === 'local');
  const [mainPackage, ...others] = local;
  const ownFiles = mainPackage?.files ?? [];
  const reachedFiles = others.flatMap((pkg) => pkg.files);
  const localFiles = [...ownFiles, ...reachedFiles];

  const { cgo: graphCgo, cNeeds, cLibraries } = decideCgo(graph, sources.goMod, tags);
  const cgo = declared.cgo
    ? found(
        declared.cgo.value,
        `${declared.cgo.because} (declared; from the imports: ${graphCgo.value ? 'cgo' : 'no cgo'}: ${graphCgo.because})`,
        declared.cgo.value ? '--no-cgo' : '--cgo',
      )
    : graphCgo;

  const port = detectPort(ownFiles, reachedFiles);
  const portEnv = found(
    port.setting?.kind === 'env' ? port.setting.name : '',
    port.setting?.kind === 'env'
      ? `${port.setting.at}: the app reads its ${port.setting.form} from $${port.setting.name}`
      : port.setting?.kind === 'flag'
        ? `${port.setting.at}: the app takes its ${port.setting.form} from the flag -${port.setting.name}, not from the environment`
        : 'the app reads no port variable from the environment',
    "--port-env NAME (the variable the app reads its port from), or --port-env ''",
  );
  const imagePort = imagePortOf(port);

  const imports = new Map<string, string>();
  for (const pkg of graph.packages) {
    if (pkg.importedBy) imports.set(pkg.importPath, `${pkg.importedBy.file}:${pkg.importedBy.line}`);
  }
  for (const entry of graph.unresolved)
    imports.set(entry.importPath, `${entry.importedBy.file}:${entry.importedBy.line}`);
  const ldflags = declared.ldflags
    ? found(
        declared.ldflags.value,
        declared.dropped.length > 0
          ? `${declared.ldflags.because}; left out: ${declared.dropped.join('; ')}`
          : declared.ldflags.because,
        '--ldflags',
      )
    : versionLdflags(ownFiles, (importPath) => imports.get(importPath));

  const embeds = localFiles.flatMap((file) =>
    file.embeds.map((embed) => ({
      path: embedPath(file, embed.pattern),
      at: `${file.path}:${embed.line}`,
      all: embed.pattern.startsWith('all:'),
    })),
  );
  const { frontends, warnings } = checkEmbeds(root, embeds);
  return {
    cgo,
    cNeeds: cgo.value ? cNeeds : [],
    cLibraries: cgo.value ? cLibraries : [],
    port,
    imagePort,
    portEnv,
    ldflags,
    frontends,
    runtime: runtimeNeeds(root, localFiles),
    warnings,
  };
}

function imagePortOf(port: PortFinding): Finding<number | undefined> {
  const change = '--port N, or --port none';
  if (!port.serves)
    return found(undefined, 'it does not listen: no EXPOSE, no port variable, no HTTP smoke test', change);
  if (port.value === undefined) {
    return port.setting
      ? found(
          8080,
          `${port.because}: 8080, set through ${port.setting.kind === 'env' ? `$${port.setting.name}` : `-${port.setting.name}`}`,
          change,
        )
      : found(undefined, `${port.because}: pass --port`, change);
  }
  if (port.value >= 1024) return found(port.value, port.because, change);
  const moved = unprivilegedPort(port.value);
  if (port.setting) {
    const how = port.setting.kind === 'env' ? `$${port.setting.name}` : `-${port.setting.name}`;
    return found(
      moved,
      `${port.because}: below 1024, which the non-root user may bind only where unprivileged ports are allowed; moved to ${moved} through ${how}`,
      change,
    );
  }
  return found(
    port.value,
    `${port.because}: below 1024, and the app has no flag or variable to move it. The image runs as a non-root ` +
      "user, who may bind it only where net.ipv4.ip_unprivileged_port_start allows (Docker's default bridge " +
      'network does; host networking and Kubernetes do not, unless the pod sets that sysctl): make the port configurable',
    change,
  );
}
