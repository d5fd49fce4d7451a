/**
 * What a cgo build needs, as far as the module's files tell: dependencies known to need cgo, and the C libraries
 * named by `#cgo` lines. Each need becomes one comment line in the Dockerfile, next to the C toolchains.
 */
import { cLibraryOf, GLIBC_LINK_NAMES, type CLibrary } from '../c-libraries.js';

export interface KnownCgoModule {
  readonly module: string;
  /** What the image needs for it, one line. */
  readonly needs: string;
  /** The system C libraries its cgo code links (-l names), whose -dev packages the build installs. */
  readonly linkNames?: readonly string[];
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
    needs: 'links librocksdb: librocksdb-dev (in C_DEV_PACKAGES)',
    linkNames: ['rocksdb'],
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

/** What the cgo Dockerfile does for a library: its C_DEV_PACKAGES list installs the -dev package for the target. */
const packageNote = (row: CLibrary | undefined, what: string): string => {
  if (!row) return `${what}: add its Debian -dev package to C_DEV_PACKAGES in the Dockerfile`;
  if (!row.devPackage) return `${what}: comes with the C toolchain, and distroless/cc has it`;
  return `${what}: ${[...new Set(Object.values(row.devPackage))].join(' / ')} (in C_DEV_PACKAGES)`;
};

export function libraryNeed(library: string, file: string): string {
  if (GLIBC_LINK_NAMES.has(library)) return `${file}: -l${library} is part of glibc: nothing to add`;
  return packageNote(cLibraryOf({ kind: 'link', name: library }), `${file}: -l${library}`);
}

export function pkgConfigNeed(name: string, file: string): string {
  return packageNote(cLibraryOf({ kind: 'pkg-config', name }), `${file}: pkg-config ${name}`);
}

/** The known cgo module an import path belongs to (`github.com/mattn/go-sqlite3`, its packages, its /vN). */
export function knownCgoModuleOfImport(importPath: string): KnownCgoModule | undefined {
  return KNOWN_CGO_MODULES.find((known) => importPath === known.module || importPath.startsWith(`${known.module}/`));
}
