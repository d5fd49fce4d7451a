/** What `file` and binutils' `readelf` say about a binary taken out of an image. */
import { execOk } from './exec.js';

export interface ElfFacts {
  /** `file -b` output: "ELF 64-bit LSB executable, ARM aarch64, ... statically linked, stripped". */
  readonly file: string;
  /** readelf's Machine: "Advanced Micro Devices X86-64", "AArch64". */
  readonly machine: string;
  /** The dynamic loader it asks for, or undefined for a static binary. */
  readonly interpreter: string | undefined;
  /** DT_NEEDED shared libraries. */
  readonly needed: readonly string[];
  /** The GLIBC_x.y symbol versions it requires (from .gnu.version_r). */
  readonly glibcRequired: readonly string[];
}

export async function elfFacts(path: string): Promise<ElfFacts> {
  const file = (await execOk('file', ['-b', path])).stdout.trim();
  const header = (await execOk('readelf', ['--file-header', '--wide', path])).stdout;
  const programs = (await execOk('readelf', ['--program-headers', '--wide', path])).stdout;
  const dynamic = (await execOk('readelf', ['--dynamic', '--wide', path])).stdout;
  const versions = (await execOk('readelf', ['--version-info', '--wide', path])).stdout;
  const needs = sectionOf(versions, '.gnu.version_r');
  return {
    file,
    machine: /Machine:\s+(.*)/.exec(header)?.[1]?.trim() ?? '',
    interpreter: /Requesting program interpreter: ([^\]]+)\]/.exec(programs)?.[1],
    needed: [...dynamic.matchAll(/\(NEEDED\).*\[([^\]]+)\]/g)].map((match) => match[1] ?? ''),
    glibcRequired: [...new Set([...needs.matchAll(/Name: (GLIBC_[0-9.]+)/g)].map((match) => match[1] ?? ''))],
  };
}

/** The GLIBC_x.y versions a C library defines (.gnu.version_d): the newest is its glibc release. */
export async function glibcDefined(libc: string): Promise<readonly string[]> {
  const versions = (await execOk('readelf', ['--version-info', '--wide', libc])).stdout;
  const definitions = sectionOf(versions, '.gnu.version_d');
  return [...new Set([...definitions.matchAll(/Name: (GLIBC_[0-9.]+)/g)].map((match) => match[1] ?? ''))];
}

/** The part of readelf --version-info output about one section. */
function sectionOf(output: string, section: string): string {
  const start = output.indexOf(`section '${section}'`);
  if (start < 0) return '';
  const next = output.indexOf("section '", start + section.length + 10);
  return output.slice(start, next < 0 ? undefined : next);
}

/** `GLIBC_2.34` → [2, 34]. */
function versionNumbers(version: string): number[] {
  return version
    .replace(/^GLIBC_/, '')
    .split('.')
    .map(Number);
}

export function compareGlibc(a: string, b: string): number {
  const [x, y] = [versionNumbers(a), versionNumbers(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The newest of some GLIBC_x.y versions. */
export function newestGlibc(versions: readonly string[]): string | undefined {
  return [...versions].sort(compareGlibc).at(-1);
}
