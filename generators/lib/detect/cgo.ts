/**
 * What a cgo build needs, as far as the module's files tell: dependencies known to need cgo, and the C libraries
 * named by `#cgo` lines. Each need becomes one comment line in the Dockerfile, next to the C toolchains.
 */

export interface KnownCgoModule {
  readonly module: string;
  /** What the image needs for it, one line. */
  readonly needs: string;
}

/** Modules whose packages call C: built with CGO_ENABLED=0 they fail to compile or fail at run time. */
export const KNOWN_CGO_MODULES: readonly KnownCgoModule[] = [
  {
    module: 'github.com/mattn/go-sqlite3',
    needs: 'compiles SQLite into the binary: no runtime library to add',
  },
  {
    module: 'github.com/confluentinc/confluent-kafka-go',
    needs: 'links its bundled static librdkafka (glibc, amd64 and arm64): no runtime library to add',
  },
  {
    module: 'github.com/DataDog/zstd',
    needs: 'compiles zstd into the binary: no runtime library to add',
  },
  {
    module: 'github.com/linxGnu/grocksdb',
    needs:
      'links librocksdb: install librocksdb-dev for each target architecture, and copy the library into the final image',
  },
];

/** The known cgo module a module path is, or a major version of (`.../v2`). */
export function knownCgoModule(path: string): KnownCgoModule | undefined {
  return KNOWN_CGO_MODULES.find(
    (known) =>
      path === known.module ||
      (path.startsWith(`${known.module}/v`) && /^v[0-9]+$/.test(path.slice(known.module.length + 1))),
  );
}

/** Libraries that are part of glibc, which every cgo image (distroless/cc) has. */
const GLIBC_LIBRARIES = new Set(['c', 'm', 'pthread', 'dl', 'rt', 'resolv', 'util', 'anl', 'crypt']);
/** Libraries distroless/cc has besides glibc (cc/config.bzl and base/config.bzl of distroless). */
const DISTROLESS_CC_LIBRARIES = new Set(['gcc_s', 'stdc++', 'gomp', 'ssl', 'crypto']);

export function libraryNeed(library: string, file: string): string {
  if (GLIBC_LIBRARIES.has(library)) return `${file}: -l${library} is part of glibc: nothing to add`;
  if (DISTROLESS_CC_LIBRARIES.has(library))
    return `${file}: -l${library} is in distroless/cc: nothing to add at run time`;
  return (
    `${file}: -l${library}: install lib${library}-dev (or the package that ships it) for each target ` +
    'architecture, and copy the library into the final image'
  );
}

export function pkgConfigNeed(name: string, file: string): string {
  return (
    `${file}: pkg-config ${name}: install the -dev package that provides ${name}.pc for each target ` +
    'architecture, and copy its runtime library into the final image'
  );
}

/** The known cgo module an import path belongs to (`github.com/mattn/go-sqlite3`, its packages, its /vN). */
export function knownCgoModuleOfImport(importPath: string): KnownCgoModule | undefined {
  return KNOWN_CGO_MODULES.find((known) => importPath === known.module || importPath.startsWith(`${known.module}/`));
}
