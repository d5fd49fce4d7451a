/**
 * Whether the chosen main package needs cgo: one of the packages it compiles, under the build's tags, has a file
 * that imports "C" (and is not merely the cgo half of a pure-Go fallback), or is a module known to need cgo. The
 * evidence is the chain of imports from the main package to the nearest such package.
 */
import { type CLibraryReference } from '../c-libraries.js';
import { customTags } from './build-constraints.js';
import { knownCgoModuleOfImport, libraryNeed, pkgConfigNeed } from './cgo.js';
import { found, type Finding } from './finding.js';
import { type GoMod } from './go-mod.js';
import { importChain, type PackageGraph } from './package-graph.js';

export interface CgoDecision {
  readonly cgo: Finding<boolean>;
  /** What the C code needs at build and run time, one line each (for the Dockerfile's comments). */
  readonly cNeeds: readonly string[];
  /** The C libraries its #cgo lines and known cgo modules link: the build installs their -dev packages. */
  readonly cLibraries: readonly CLibraryReference[];
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export function decideCgo(graph: PackageGraph, goMod: GoMod, tags: readonly string[]): CgoDecision {
  const reasons: string[] = [];
  const needs: string[] = [];
  const cLibraries: CLibraryReference[] = [];
  const knownLibraries = (module: string, linkNames: readonly string[] = []): void => {
    for (const name of linkNames) cLibraries.push({ kind: 'link', name, file: module });
  };
  for (const pkg of graph.packages) {
    const known = knownCgoModuleOfImport(pkg.importPath);
    if (known && !needs.some((need) => need.startsWith(known.module))) {
      reasons.push(`${importChain(graph, pkg.importPath)}, which needs cgo`);
      needs.push(`${known.module} ${known.needs}`);
      knownLibraries(known.module, known.linkNames);
      continue;
    }
    for (const file of pkg.files.filter((goFile) => goFile.importsC)) {
      if (reasons.length < 3) reasons.push(`${importChain(graph, pkg.importPath)}: ${file.path} imports "C"`);
      for (const name of file.pkgConfig) needs.push(pkgConfigNeed(name, file.path));
      for (const library of file.libraries) needs.push(libraryNeed(library, file.path));
      for (const name of file.pkgConfig) cLibraries.push({ kind: 'pkg-config', name, file: file.path });
      for (const name of file.libraries) cLibraries.push({ kind: 'link', name, file: file.path });
      if (file.pkgConfig.length === 0 && file.libraries.length === 0) {
        needs.push(`${file.path}: C code without #cgo libraries: needs only glibc, which distroless/cc has`);
      }
    }
  }
  for (const { importPath, importedBy } of graph.unresolved) {
    const known = knownCgoModuleOfImport(importPath);
    if (known && !needs.some((need) => need.startsWith(known.module))) {
      reasons.push(`${importChain(graph, importPath, importedBy)}, which needs cgo`);
      needs.push(`${known.module} ${known.needs}`);
      knownLibraries(known.module, known.linkNames);
    }
  }
  const local = graph.packages.filter((pkg) => pkg.kind === 'local').length;
  const thirdParty = graph.packages.length - local;
  const read = `${plural(local, 'package')} of the module and ${plural(thirdParty, 'third-party package')} read`;
  const notes: string[] = [];
  if (graph.unresolved.length > 0) {
    notes.push(
      `${plural(graph.unresolved.length, 'third-party package')} not in vendor/ or the module cache ` +
        '(`go mod download` puts them there) were judged by the list of known cgo modules only',
    );
  }
  const gated = graph.packages.flatMap((pkg) =>
    pkg.gatedFiles.flatMap((file) => {
      const cgoImport = file.imports.find((spec) => spec.path === 'C' || knownCgoModuleOfImport(spec.path));
      return cgoImport
        ? [
            `${file.path}:${cgoImport.line} imports ${cgoImport.path === 'C' ? '"C"' : cgoImport.path} behind ` +
              `//go:build ${file.constraint ?? ''}: --tags ${customTags(file.constraint).join(',')} would bring it in`,
          ]
        : [];
    }),
  );
  if (reasons.length > 0) {
    return {
      cgo: found(
        true,
        [reasons.slice(0, 3).join('; '), ...notes].join('; '),
        '--no-cgo (the build then fails or the binary fails at run time)',
      ),
      cNeeds: [...new Set(needs)],
      cLibraries,
    };
  }
  const unreached = goMod.requires.filter((requirement) => knownCgoModuleOfImport(requirement.path));
  const change = [...gated, '--cgo to build with cgo anyway'].join('; ');
  return {
    cgo: found(
      false,
      [
        `no package the main package compiles${tags.length > 0 ? ` with -tags ${tags.join(',')}` : ''} imports "C" or a known cgo module (${read})`,
        ...unreached.map((requirement) => `go.mod requires ${requirement.path}, but this binary does not import it`),
        ...notes,
      ].join('; '),
      change,
    ),
    cNeeds: [],
    cLibraries: [],
  };
}
