/**
 * Which Go files a Linux build of the image compiles: `_test.go` files never, `name_GOOS[_GOARCH].go` files only
 * for linux and the image's architectures, and `//go:build` lines evaluated for linux and the build's own tags
 * (`-tags sqlite`). The `cgo` tag counts as unset, so a file compiled only when cgo is on (next to a pure-Go
 * fallback) does not by itself call for cgo.
 */

const KNOWN_OS = new Set(
  'aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos'.split(
    ' ',
  ),
);
const KNOWN_ARCH = new Set(
  (
    '386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ' +
    'ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm'
  ).split(' '),
);
/** Architectures an image can be built for; a file for any of them counts. */
const TARGET_ARCHES = ['amd64', 'arm64', 'arm'] as const;

/** Whether the file name alone keeps the file out of a Linux build (`x_windows.go`, `x_darwin_arm64.go`). */
function excludedByName(fileName: string): boolean {
  const parts = fileName.replace(/\.go$/, '').split('_').slice(1);
  const last = parts.at(-1);
  const beforeLast = parts.at(-2);
  if (last !== undefined && KNOWN_ARCH.has(last)) {
    if (!(TARGET_ARCHES as readonly string[]).includes(last)) return true;
    return beforeLast !== undefined && KNOWN_OS.has(beforeLast) && beforeLast !== 'linux';
  }
  return last !== undefined && KNOWN_OS.has(last) && last !== 'linux';
}

/** The `//go:build` expression, which must come before the package clause. */
export function buildExpression(source: string): string | undefined {
  for (const line of source.split('\n')) {
    const text = line.trim();
    if (text.startsWith('//go:build ')) return text.slice('//go:build '.length).trim();
    if (text.startsWith('package ')) return undefined;
  }
  return undefined;
}

function tagHolds(tag: string, arch: string, tags: readonly string[]): boolean {
  if (tag === 'linux' || tag === 'unix' || tag === 'gc' || tag === arch) return true;
  if (tag !== 'cgo' && tags.includes(tag)) return true;
  return /^go1\.[0-9]+$/.test(tag);
}

/** Evaluates a //go:build expression (`!`, `&&`, `||`, parentheses, tags) for one architecture and build tags. */
export function constraintHolds(expression: string, arch: string, tags: readonly string[] = []): boolean {
  const tokens = expression.match(/\(|\)|!|&&|\|\||[A-Za-z0-9_.]+/g) ?? [];
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const or = (): boolean => {
    let value = and();
    while (peek() === '||') {
      at++;
      value = and() || value;
    }
    return value;
  };
  const and = (): boolean => {
    let value = not();
    while (peek() === '&&') {
      at++;
      value = not() && value;
    }
    return value;
  };
  const not = (): boolean => {
    const token = tokens[at++];
    if (token === '!') return !not();
    if (token === '(') {
      const value = or();
      at++; // ')'
      return value;
    }
    return token !== undefined && tagHolds(token, arch, tags);
  };
  return or();
}

/** The build tags an expression names that a `-tags` flag sets (not GOOS, GOARCH, go1.N, cgo, unix or gc). */
export function customTags(expression: string | undefined): string[] {
  const names = expression?.match(/[A-Za-z0-9_.]+/g) ?? [];
  return names.filter(
    (name) =>
      !KNOWN_OS.has(name) &&
      !KNOWN_ARCH.has(name) &&
      !/^go1\.[0-9]+$/.test(name) &&
      !['cgo', 'unix', 'gc', 'gccgo'].includes(name),
  );
}

/** Whether a file could be in a Linux build for some build tags: its name alone does not keep it out. */
export function inLinuxBuildByName(fileName: string): boolean {
  return !fileName.endsWith('_test.go') && !excludedByName(fileName);
}

/** Whether a file's //go:build expression (undefined: none) holds for linux on some image architecture. */
export function expressionHolds(expression: string | undefined, tags: readonly string[] = []): boolean {
  return expression === undefined || TARGET_ARCHES.some((arch) => constraintHolds(expression, arch, tags));
}

export function inLinuxBuild(fileName: string, source: string, tags: readonly string[] = []): boolean {
  return inLinuxBuildByName(fileName) && expressionHolds(buildExpression(source), tags);
}
