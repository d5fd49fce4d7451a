/**
 * The packages a main package compiles, under the build's tags: its own, the module's packages it imports, and the
 * third-party packages they import, read from vendor/ or from the module cache (where `go mod download` put them)
 * when they are there. Nothing is downloaded and no `go` command runs: `go list -deps` could answer offline only
 * from the same module cache, and reading it directly also works when go.mod asks for a Go this machine lacks.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { customTags, expressionHolds } from './build-constraints.js';
import { type GoMod } from './go-mod.js';
import { readPackageDir, type GoFile } from './go-source.js';

export type PackageKind = 'local' | 'vendor' | 'module-cache' | 'replaced';

/** The import that brought a package into the build. */
export interface ImportedBy {
  readonly importer: string;
  /** The importing file, as shown to the user (module-relative for local files), and the import's line. */
  readonly file: string;
  readonly line: number;
}

export interface ReachedPackage {
  readonly importPath: string;
  readonly kind: PackageKind;
  /** The module-relative directory, for local packages. */
  readonly dir: string | undefined;
  /** The files the build compiles under its tags (paths as shown to the user). */
  readonly files: readonly GoFile[];
  /** Files left out only by a //go:build line that the tags do not satisfy: what another --tags would add. */
  readonly gatedFiles: readonly GoFile[];
  readonly importedBy: ImportedBy | undefined;
}

export interface PackageGraph {
  /** Breadth first from the main package: the first package with a property is the nearest to main. */
  readonly packages: readonly ReachedPackage[];
  /** Third-party packages imported but not found in vendor/ or the module cache, with who imported them. */
  readonly unresolved: readonly { readonly importPath: string; readonly importedBy: ImportedBy }[];
}

export interface ModuleSources {
  readonly root: string;
  readonly module: string;
  readonly goMod: GoMod;
  readonly vendor: boolean;
  /** The module cache directory, when there is one. */
  readonly moduleCache: string | undefined;
}

/** GOMODCACHE, else the first GOPATH entry's pkg/mod, else ~/go/pkg/mod: where `go` keeps downloaded modules. */
export function moduleCacheDir(environment: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = environment['GOMODCACHE'];
  if (explicit) return explicit;
  const gopath = environment['GOPATH']?.split(':').find((entry) => entry !== '');
  const dir = join(gopath ?? join(homedir(), 'go'), 'pkg', 'mod');
  return existsSync(dir) ? dir : undefined;
}

/** The module cache's case encoding: each capital letter becomes '!' and its lowercase. */
const escapeCase = (path: string): string => path.replace(/[A-Z]/g, (letter) => `!${letter.toLowerCase()}`);

const isStandardLibrary = (importPath: string): boolean => !(importPath.split('/')[0] ?? '').includes('.');

const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

interface Location {
  readonly kind: PackageKind;
  readonly base: string;
  readonly dir: string;
  /** How file paths are shown: prefixed to the file's path within `dir`. */
  readonly shownAs: string;
}

function locate(sources: ModuleSources, importPath: string): Location | undefined {
  const { root, module, goMod } = sources;
  if (importPath === module || importPath.startsWith(`${module}/`)) {
    const dir = importPath === module ? '' : importPath.slice(module.length + 1);
    return { kind: 'local', base: root, dir, shownAs: dir };
  }
  if (sources.vendor) {
    const dir = `vendor/${importPath}`;
    return isDirectory(join(root, dir)) ? { kind: 'vendor', base: root, dir, shownAs: dir } : undefined;
  }
  const owner = [...goMod.requires, ...goMod.replaces.map((replace) => ({ path: replace.path, version: '' }))]
    .filter((requirement) => importPath === requirement.path || importPath.startsWith(`${requirement.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!owner) return undefined;
  const version = goMod.requires.find((requirement) => requirement.path === owner.path)?.version;
  const sub = importPath.slice(owner.path.length + 1);
  const replacement = goMod.replaces.find(
    (replace) => replace.path === owner.path && (replace.version === undefined || replace.version === version),
  );
  if (replacement && /^(\.{1,2}\/|\/)/.test(replacement.newPath)) {
    const base = isAbsolute(replacement.newPath) ? replacement.newPath : join(root, replacement.newPath);
    return isDirectory(join(base, sub))
      ? { kind: 'replaced', base, dir: sub, shownAs: `${replacement.newPath.replace(/\/$/, '')}/${sub}` }
      : undefined;
  }
  const [path, at] = replacement ? [replacement.newPath, replacement.newVersion] : [owner.path, version];
  if (!sources.moduleCache || !at) return undefined;
  const base = join(sources.moduleCache, `${escapeCase(path)}@${escapeCase(at)}`);
  return isDirectory(join(base, sub)) ? { kind: 'module-cache', base, dir: sub, shownAs: importPath } : undefined;
}

const MAX_PACKAGES = 5000;

/** Walks the imports of the main package in `mainDir` ('.' or './cmd/api'), breadth first, under `tags`. */
export function packageGraph(sources: ModuleSources, mainDir: string, tags: readonly string[]): PackageGraph {
  const mainImportPath = mainDir === '.' ? sources.module : `${sources.module}/${mainDir.replace(/^\.\//, '')}`;
  const packages: ReachedPackage[] = [];
  const unresolved: { importPath: string; importedBy: ImportedBy }[] = [];
  const seen = new Set<string>([mainImportPath]);
  const queue: { importPath: string; importedBy: ImportedBy | undefined }[] = [
    { importPath: mainImportPath, importedBy: undefined },
  ];
  while (queue.length > 0 && packages.length < MAX_PACKAGES) {
    const { importPath, importedBy } = queue.shift() as (typeof queue)[number];
    const location = locate(sources, importPath);
    if (!location) {
      if (importedBy) unresolved.push({ importPath, importedBy });
      continue;
    }
    const shown = (file: GoFile): GoFile => {
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      const path = location.shownAs === '' ? name : `${location.shownAs}/${name}`;
      return { ...file, path, dir: location.shownAs };
    };
    const all = readPackageDir(location.base, location.dir).map(shown);
    const files = all.filter((file) => expressionHolds(file.constraint, tags));
    const gatedFiles = all.filter(
      (file) => !files.includes(file) && expressionHolds(file.constraint, [...tags, ...customTags(file.constraint)]),
    );
    packages.push({
      importPath,
      kind: location.kind,
      dir: location.kind === 'local' ? location.dir : undefined,
      files,
      gatedFiles,
      importedBy,
    });
    for (const file of files) {
      for (const spec of file.imports) {
        if (spec.path === 'C' || isStandardLibrary(spec.path) || seen.has(spec.path)) continue;
        seen.add(spec.path);
        queue.push({ importPath: spec.path, importedBy: { importer: importPath, file: file.path, line: spec.line } });
      }
    }
  }
  return { packages, unresolved };
}

/** The chain of imports from the main package to a package, as text: `a (x.go:3) → b (y.go:5) → c`. */
export function importChain(graph: PackageGraph, importPath: string, via?: ImportedBy): string {
  const byPath = new Map(graph.packages.map((pkg) => [pkg.importPath, pkg]));
  const steps: string[] = [];
  let current: ImportedBy | undefined = via ?? byPath.get(importPath)?.importedBy;
  let target = importPath;
  while (current) {
    steps.unshift(`${target} (${current.file}:${current.line})`);
    target = current.importer;
    current = byPath.get(current.importer)?.importedBy;
  }
  return [target, ...steps].join(' → ');
}
