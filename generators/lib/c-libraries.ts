/**
 * The C libraries a cgo module names (`#cgo pkg-config: zlib`, `#cgo LDFLAGS: -lz`), and what the cgo Dockerfile
 * installs for each: the Debian -dev package (headers, the .so link, the .pc file), for the TARGET architecture
 * (Debian multiarch: `zlib1g-dev:arm64` on an amd64 build machine).
 *
 * Only the build needs this table. The runtime image gets the shared libraries the binary really needs (its
 * ELF NEEDED entries, followed recursively) that distroless/cc lacks, copied from the build stage: no runtime
 * package names are needed, so trixie's 64-bit time_t renames (libssl3 → libssl3t64, libcurl4 → libcurl4t64)
 * do not matter. The -dev names did not change between bookworm and trixie for any row below; a row whose name
 * differs gives one per release.
 */
import { DEBIAN_RELEASES, type DebianRelease } from './variants.js';

export interface CLibrary {
  /** Names of its pkg-config modules (`zlib` for zlib.pc). */
  readonly pkgConfig: readonly string[];
  /** Names given to the linker with -l (`z` for -lz). */
  readonly linkNames: readonly string[];
  /** Its -dev package in each Debian release; undefined when the C toolchain itself provides it. */
  readonly devPackage: Readonly<Record<DebianRelease, string>> | undefined;
}

const sameIn = (name: string): Readonly<Record<DebianRelease, string>> =>
  Object.fromEntries(DEBIAN_RELEASES.map((release) => [release, name])) as Record<DebianRelease, string>;

const library = (pkgConfig: readonly string[], linkNames: readonly string[], devPackage: string): CLibrary => ({
  pkgConfig,
  linkNames,
  devPackage: sameIn(devPackage),
});

/** Parts of glibc, which every cgo image (distroless/cc) has and libc6-dev provides at build time. */
export const GLIBC_LINK_NAMES: ReadonlySet<string> = new Set([
  'c',
  'm',
  'pthread',
  'dl',
  'rt',
  'resolv',
  'util',
  'anl',
  'crypt',
]);

export const C_LIBRARIES: readonly CLibrary[] = [
  // The C and C++ runtimes: the cross gcc and g++ packages provide them, distroless/cc has them.
  { pkgConfig: [], linkNames: ['stdc++', 'gcc_s', 'gomp', 'atomic'], devPackage: undefined },
  library(['zlib'], ['z'], 'zlib1g-dev'),
  library(['sqlite3'], ['sqlite3'], 'libsqlite3-dev'),
  library(['openssl', 'libssl', 'libcrypto'], ['ssl', 'crypto'], 'libssl-dev'),
  library(['libpq'], ['pq'], 'libpq-dev'),
  library(['libzstd'], ['zstd'], 'libzstd-dev'),
  library(['liblz4'], ['lz4'], 'liblz4-dev'),
  library(['bzip2'], ['bz2'], 'libbz2-dev'),
  library(['liblzma'], ['lzma'], 'liblzma-dev'),
  library(['snappy'], ['snappy'], 'libsnappy-dev'),
  library(['rocksdb'], ['rocksdb'], 'librocksdb-dev'),
  library(['rdkafka'], ['rdkafka'], 'librdkafka-dev'),
  library(['libsodium'], ['sodium'], 'libsodium-dev'),
  library(['libcurl'], ['curl'], 'libcurl4-openssl-dev'),
  library(['libxml-2.0'], ['xml2'], 'libxml2-dev'),
  library(['yaml-0.1'], ['yaml'], 'libyaml-dev'),
  library(['libpng', 'libpng16'], ['png', 'png16'], 'libpng-dev'),
  library(['libjpeg'], ['jpeg'], 'libjpeg62-turbo-dev'),
  library(['libwebp'], ['webp'], 'libwebp-dev'),
  library(['libgit2'], ['git2'], 'libgit2-dev'),
  library(['libusb-1.0'], ['usb-1.0'], 'libusb-1.0-0-dev'),
  library(['libpcap'], ['pcap'], 'libpcap-dev'),
  library(['libseccomp'], ['seccomp'], 'libseccomp-dev'),
  library(['gpgme'], ['gpgme'], 'libgpgme-dev'),
  library(['libffi'], ['ffi'], 'libffi-dev'),
  library(['uuid'], ['uuid'], 'uuid-dev'),
  library(['libsystemd'], ['systemd'], 'libsystemd-dev'),
  library(['libelf'], ['elf'], 'libelf-dev'),
  library(['libbpf'], ['bpf'], 'libbpf-dev'),
  library(['libzmq'], ['zmq'], 'libzmq3-dev'),
  library(['libmariadb'], ['mariadb'], 'libmariadb-dev'),
  library(['icu-uc', 'icu-i18n'], ['icuuc', 'icui18n', 'icudata'], 'libicu-dev'),
  library(['libarchive'], ['archive'], 'libarchive-dev'),
  library(['libpcre2-8'], ['pcre2-8'], 'libpcre2-dev'),
  library(['glib-2.0', 'gobject-2.0', 'gio-2.0'], ['glib-2.0', 'gobject-2.0', 'gio-2.0'], 'libglib2.0-dev'),
  library(['geos'], ['geos_c'], 'libgeos-dev'),
  library(['proj'], ['proj'], 'libproj-dev'),
  library(['vips'], ['vips'], 'libvips-dev'),
  library(['tesseract'], ['tesseract'], 'libtesseract-dev'),
  library(['lept'], ['lept', 'leptonica'], 'libleptonica-dev'),
  library(['opus'], ['opus'], 'libopus-dev'),
  library(['ncurses', 'ncursesw'], ['ncurses', 'ncursesw'], 'libncurses-dev'),
  library(['readline'], ['readline'], 'libreadline-dev'),
];

/** A C library named by the module: a pkg-config module or a -l name, and the file that names it. */
export interface CLibraryReference {
  readonly kind: 'pkg-config' | 'link';
  readonly name: string;
  readonly file: string;
}

export function cLibraryOf(reference: Pick<CLibraryReference, 'kind' | 'name'>): CLibrary | undefined {
  return C_LIBRARIES.find((row) =>
    reference.kind === 'pkg-config' ? row.pkgConfig.includes(reference.name) : row.linkNames.includes(reference.name),
  );
}

/** The -dev packages to install for the module's C libraries, in one Debian release; unknown ones are left out. */
export function devPackagesFor(references: readonly CLibraryReference[], release: DebianRelease): string[] {
  const packages = references.flatMap((reference) => {
    if (reference.kind === 'link' && GLIBC_LINK_NAMES.has(reference.name)) return [];
    const devPackage = cLibraryOf(reference)?.devPackage?.[release];
    return devPackage ? [devPackage] : [];
  });
  return [...new Set(packages)].sort();
}
