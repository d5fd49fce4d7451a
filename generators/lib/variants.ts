/**
 * The variant table: every difference between the kinds of service this generator writes is a row here.
 * Templates and the file list read these rows; they never re-derive them.
 */

/** Final image of the static variant. The cgo variant always runs on distroless/cc. */
export const RUNTIMES = ['distroless', 'scratch'] as const;
export type Runtime = (typeof RUNTIMES)[number];

export const DEBIAN_RELEASES = ['trixie', 'bookworm'] as const;
export type DebianRelease = (typeof DEBIAN_RELEASES)[number];

export const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const VARIANT_NAMES = ['static-distroless', 'static-scratch', 'cgo'] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

export interface Variant {
  readonly name: VariantName;
  /** Whether the Go build links C code (CGO_ENABLED=1) against the runtime's glibc. */
  readonly cgo: boolean;
  readonly runtime: Runtime;
  /** distroless flavour (`static` or `cc`), or undefined for scratch. */
  readonly distrolessFlavour: 'static' | 'cc' | undefined;
  /** Platforms this variant can be built for. */
  readonly platforms: readonly Platform[];
  /** A few words for the Dockerfile's first line. */
  readonly title: string;
  /** Why a user would pick it, shown in the generated README. */
  readonly summary: string;
}

export const VARIANTS: Readonly<Record<VariantName, Variant>> = {
  'static-distroless': {
    name: 'static-distroless',
    cgo: false,
    runtime: 'distroless',
    distrolessFlavour: 'static',
    platforms: PLATFORMS,
    title: 'a static Go binary (CGO_ENABLED=0) on distroless/static',
    summary:
      'a static binary (CGO_ENABLED=0) on distroless/static: CA certificates, tzdata, /etc/passwd and /tmp come ' +
      'from the base image, which Google keeps patched',
  },
  'static-scratch': {
    name: 'static-scratch',
    cgo: false,
    runtime: 'scratch',
    distrolessFlavour: undefined,
    platforms: PLATFORMS,
    title: 'a static Go binary (CGO_ENABLED=0) on scratch',
    summary:
      'a static binary (CGO_ENABLED=0) on an empty image: the smallest result; the Dockerfile adds the CA bundle, ' +
      '/etc/passwd, an empty /tmp and embeds tzdata in the binary',
  },
  cgo: {
    name: 'cgo',
    cgo: true,
    runtime: 'distroless',
    distrolessFlavour: 'cc',
    platforms: ['linux/amd64', 'linux/arm64'],
    title: 'a cgo Go binary (CGO_ENABLED=1) on distroless/cc, cross-compiled with Debian cross gcc',
    summary:
      'a cgo binary (CGO_ENABLED=1) on distroless/cc, whose glibc, libgcc and libstdc++ come from the same ' +
      'Debian release as the builder; other platforms are cross-compiled with Debian cross gcc, no emulation',
  },
};

export function variantOf(cgo: boolean, runtime: Runtime): Variant {
  if (cgo) return VARIANTS.cgo;
  return runtime === 'scratch' ? VARIANTS['static-scratch'] : VARIANTS['static-distroless'];
}

export interface DebianReleaseInfo {
  readonly release: DebianRelease;
  readonly version: number;
  /** Suffix of the distroless image names built from this release. */
  readonly distroless: `debian${number}`;
}

/** Builder and runtime always come from the same release: a cgo binary needs the glibc it was linked against. */
export const DEBIAN: Readonly<Record<DebianRelease, DebianReleaseInfo>> = {
  trixie: { release: 'trixie', version: 13, distroless: 'debian13' },
  bookworm: { release: 'bookworm', version: 12, distroless: 'debian12' },
};

export interface PlatformInfo {
  readonly platform: Platform;
  /** Docker's TARGETARCH (and GOARCH). */
  readonly arch: 'amd64' | 'arm64' | 'arm';
  /** GNU triplet of the C cross compiler, for platforms the cgo variant supports. */
  readonly gnuTriplet: string | undefined;
  /**
   * The GitHub-hosted runner whose CPU runs this platform natively, used by `--ci-layout native`. None for
   * linux/arm/v7: GitHub has no 32-bit Arm runner, so that layout cross-compiles it on the amd64 runner.
   */
  readonly gitHubRunner: 'ubuntu-24.04' | 'ubuntu-24.04-arm' | undefined;
}

export const PLATFORM_INFO: Readonly<Record<Platform, PlatformInfo>> = {
  'linux/amd64': {
    platform: 'linux/amd64',
    arch: 'amd64',
    gnuTriplet: 'x86_64-linux-gnu',
    gitHubRunner: 'ubuntu-24.04',
  },
  'linux/arm64': {
    platform: 'linux/arm64',
    arch: 'arm64',
    gnuTriplet: 'aarch64-linux-gnu',
    gitHubRunner: 'ubuntu-24.04-arm',
  },
  'linux/arm/v7': { platform: 'linux/arm/v7', arch: 'arm', gnuTriplet: undefined, gitHubRunner: undefined },
};

/** The runner of every CI job that is not tied to a platform: tests, lint, the single-layout image build. */
export const CI_RUNNER = 'ubuntu-24.04';

/** How the CI workflow builds the image: every platform on one runner, or each on a runner of its own. */
export const CI_LAYOUTS = ['single', 'native'] as const;
export type CiLayout = (typeof CI_LAYOUTS)[number];

/**
 * The C cross toolchain for one target architecture, as Debian packages it: `gcc-<triplet>` and `g++-<triplet>`
 * (dashes for underscores) and the target's libc headers `libc6-dev-<arch>-cross`. Libraries for the target come
 * from Debian's multiarch directory /usr/lib/<triplet>, where `<package>:<arch>` installs them and pkg-config looks.
 */
export interface CrossToolchain {
  readonly arch: string;
  /** GNU triplet: the prefix of the compilers and the name of the multiarch library directory. */
  readonly triplet: string;
  readonly cc: string;
  readonly cxx: string;
  /** Where pkg-config finds the target's .pc files (and only those: never the build machine's). */
  readonly pkgConfigLibdir: string;
  readonly packages: readonly string[];
}

export function crossToolchains(): CrossToolchain[] {
  return VARIANTS.cgo.platforms.map((platform) => {
    const { arch, gnuTriplet } = PLATFORM_INFO[platform];
    if (!gnuTriplet) throw new Error(`no C toolchain for ${platform}`);
    const packageTriplet = gnuTriplet.replaceAll('_', '-');
    return {
      arch,
      triplet: gnuTriplet,
      cc: `${gnuTriplet}-gcc`,
      cxx: `${gnuTriplet}-g++`,
      pkgConfigLibdir: `/usr/lib/${gnuTriplet}/pkgconfig:/usr/share/pkgconfig`,
      packages: [`gcc-${packageTriplet}`, `g++-${packageTriplet}`, `libc6-dev-${arch}-cross`],
    };
  });
}
