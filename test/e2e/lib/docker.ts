/**
 * Small helpers for end-to-end tests that drive the local Docker engine through its CLI: run a docker command,
 * read an image's per-platform config from its index, and read a container's files (the distroless images
 * have no shell, so files are read from `docker export`, not with `cat`).
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { type ImageConfig } from './oci.js';

export interface DockerResult {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit code; -1 when docker itself could not be started. */
  readonly code: number;
}

export interface DockerOptions {
  /** Kill the command after this many milliseconds (default 10 minutes). */
  readonly timeoutMs?: number;
}

/** Runs `docker ARGS`; never rejects: look at `code`. */
export function docker(args: readonly string[], options: DockerOptions = {}): Promise<DockerResult> {
  return new Promise((resolve) => {
    execFile(
      'docker',
      args,
      { maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 600_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr, code: 0 });
        const code = typeof error.code === 'number' ? error.code : -1;
        resolve({ stdout, stderr: stderr || error.message, code });
      },
    );
  });
}

/** Runs `docker ARGS` and returns its stdout; rejects with the command and its stderr when it fails. */
export async function dockerOk(args: readonly string[], options: DockerOptions = {}): Promise<string> {
  const result = await docker(args, options);
  if (result.code !== 0) {
    throw new Error(`docker ${args.join(' ')} exited with ${result.code}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

/**
 * Rejects with a clear message when no engine answers. End-to-end suites call this in `before`, so that a
 * missing engine fails the run instead of skipping it.
 */
export async function requireEngine(): Promise<string> {
  const result = await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 30_000 });
  if (result.code !== 0 || result.stdout.trim() === '') {
    throw new Error(
      'No Docker engine is reachable. Run test/e2e/setup/install-engine.sh, then ' +
        `test/e2e/setup/build-base-images.sh, before the e2e tests.\ndocker info said: ${result.stderr.trim()}`,
    );
  }
  return result.stdout.trim();
}

/** Throws unless the kernel runs arm64 binaries through QEMU (binfmt_misc qemu-aarch64 enabled). */
export function requireArm64Emulation(): void {
  const handler = '/proc/sys/fs/binfmt_misc/qemu-aarch64';
  let state = 'not registered';
  try {
    state = readFileSync(handler, 'utf8').split('\n')[0] ?? '';
  } catch {
    // not registered, or binfmt_misc not mounted
  }
  if (state !== 'enabled') {
    throw new Error(`arm64 emulation is off (${handler}: ${state}): run test/e2e/setup/install-engine.sh`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// tar reading (docker save / docker export), streaming: layer blobs and big files are skipped, not buffered
// ---------------------------------------------------------------------------------------------------------

export interface TarEntry {
  /** Path without a leading `./` or `/` and without a trailing `/`, e.g. `etc/passwd`. */
  readonly path: string;
  readonly type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly linkname: string;
  /** The first bytes of the content, as many as the `keep` function asked for. */
  readonly content?: Buffer;
}

/** How many bytes of an entry's content to keep in memory (0: none). */
export type KeepContent = (entry: Omit<TarEntry, 'content'>) => number;

const BLOCK = 512;

function cleanPath(path: string): string {
  return path.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
}

function text(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function number(header: Buffer, start: number, length: number): number {
  const field = header.subarray(start, start + length);
  if ((field[0] ?? 0) & 0x80) {
    // base-256 (GNU) for values that do not fit the octal field
    let value = 0;
    for (let i = 1; i < length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const octal = text(header, start, length).trim();
  return octal === '' ? 0 : parseInt(octal, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = parseInt(data.subarray(offset, space).toString('utf8'), 10);
    if (!(length > 0)) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}

const TYPES: Record<string, TarEntry['type']> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '5': 'dir',
};

/** Reads a tar stream into a map of its entries by path (the last entry of a path wins). */
export async function readTar(stream: Readable, keep: KeepContent): Promise<Map<string, TarEntry>> {
  const entries = new Map<string, TarEntry>();
  let buffered: Buffer = Buffer.alloc(0);
  // The entry whose content is being read, with what remains of it and of its padding.
  let body:
    | {
        header: Omit<TarEntry, 'content'> | 'pax' | 'longname' | 'longlink' | 'skip';
        remaining: number;
        padding: number;
        keep: number;
        chunks: Buffer[];
      }
    | undefined;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let finished = false;

  const finishBody = (): void => {
    if (!body) return;
    const data = Buffer.concat(body.chunks);
    const header = body.header;
    if (header === 'pax') pax = parsePax(data);
    else if (header === 'longname') longName = text(data, 0, data.length);
    else if (header === 'longlink') longLink = text(data, 0, data.length);
    else if (header !== 'skip') entries.set(header.path, body.keep > 0 ? { ...header, content: data } : header);
    body = undefined;
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (finished) continue; // drain the rest so the producer is not blocked
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    for (;;) {
      if (body) {
        const take = Math.min(body.remaining, buffered.length);
        if (body.keep > 0 && take > 0) {
          const kept = body.chunks.reduce((sum, part) => sum + part.length, 0);
          if (kept < body.keep) body.chunks.push(buffered.subarray(0, Math.min(take, body.keep - kept)));
        }
        body.remaining -= take;
        buffered = buffered.subarray(take);
        if (body.remaining > 0) break;
        const pad = Math.min(body.padding, buffered.length);
        body.padding -= pad;
        buffered = buffered.subarray(pad);
        if (body.padding > 0) break;
        finishBody();
        continue;
      }
      if (buffered.length < BLOCK) break;
      const header = buffered.subarray(0, BLOCK);
      buffered = buffered.subarray(BLOCK);
      if (header.every((byte) => byte === 0)) {
        finished = true;
        break;
      }
      const typeflag = String.fromCharCode(header[156] ?? 0);
      const size = number(header, 124, 12);
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      const metaKeep = Number.MAX_SAFE_INTEGER;
      if (typeflag === 'x') {
        body = { header: 'pax', remaining: size, padding, keep: metaKeep, chunks: [] };
      } else if (typeflag === 'L') {
        body = { header: 'longname', remaining: size, padding, keep: metaKeep, chunks: [] };
      } else if (typeflag === 'K') {
        body = { header: 'longlink', remaining: size, padding, keep: metaKeep, chunks: [] };
      } else if (typeflag === 'g') {
        body = { header: 'skip', remaining: size, padding, keep: 0, chunks: [] };
      } else {
        const magic = text(header, 257, 6);
        const prefix = magic.startsWith('ustar') ? text(header, 345, 155) : '';
        const name = pax.path ?? longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
        const entry: Omit<TarEntry, 'content'> = {
          path: cleanPath(name),
          type: TYPES[typeflag] ?? 'other',
          mode: number(header, 100, 8),
          uid: pax.uid ? Number(pax.uid) : number(header, 108, 8),
          gid: pax.gid ? Number(pax.gid) : number(header, 116, 8),
          size: pax.size ? Number(pax.size) : size,
          linkname: pax.linkpath ?? longLink ?? text(header, 157, 100),
        };
        pax = {};
        longName = undefined;
        longLink = undefined;
        const dataSize = entry.type === 'file' ? entry.size : size;
        body = {
          header: entry,
          remaining: dataSize,
          padding: (BLOCK - (dataSize % BLOCK)) % BLOCK,
          keep: entry.type === 'file' ? keep(entry) : 0,
          chunks: [],
        };
      }
      if (body.remaining === 0 && body.padding === 0) finishBody();
    }
  }
  return entries;
}

/** Runs docker with its stdout read as a tar stream. */
async function dockerTar(args: readonly string[], keep: KeepContent): Promise<Map<string, TarEntry>> {
  const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  const entries = await readTar(child.stdout, keep);
  const code = await exited;
  if (code !== 0) throw new Error(`docker ${args.join(' ')} exited with ${code}: ${stderr.trim()}`);
  return entries;
}

// ---------------------------------------------------------------------------------------------------------
// images
// ---------------------------------------------------------------------------------------------------------

export interface PlatformImage {
  /** The platform as the index lists it, e.g. `linux/arm64`. */
  readonly platform: string;
  readonly manifestDigest: string;
  readonly config: ImageConfig;
}

interface Descriptor {
  readonly mediaType?: string;
  readonly digest: string;
  readonly platform?: { readonly architecture: string; readonly os: string; readonly variant?: string };
}

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

const indexes = new Map<string, Promise<readonly PlatformImage[]>>();

/**
 * The platform images of a local image, read from `docker save` (the engine's API in this version has no
 * per-platform inspect). Layers are streamed past, not kept. Memoised per reference.
 */
export function imagePlatforms(ref: string): Promise<readonly PlatformImage[]> {
  let result = indexes.get(ref);
  if (!result) {
    result = (async () => {
      const files = await dockerTar(['save', ref], (entry) => (entry.size <= 1024 * 1024 ? entry.size : 0));
      const json = <T>(path: string): T => {
        const content = files.get(path)?.content;
        if (!content) throw new Error(`docker save ${ref}: ${path} is missing or too big`);
        return JSON.parse(content.toString('utf8')) as T;
      };
      const blob = <T>(digest: string): T => json<T>(`blobs/${digest.replace(':', '/')}`);
      const platforms: PlatformImage[] = [];
      const visit = (descriptor: Descriptor): void => {
        if (descriptor.mediaType && INDEX_TYPES.has(descriptor.mediaType)) {
          blob<{ manifests: Descriptor[] }>(descriptor.digest).manifests.forEach(visit);
          return;
        }
        // Attestation manifests (unknown/unknown) are not platform images.
        if (descriptor.platform?.os === 'unknown') return;
        const manifest = blob<{ config: Descriptor }>(descriptor.digest);
        const config = blob<ImageConfig>(manifest.config.digest);
        const platform = descriptor.platform ?? config;
        platforms.push({
          platform: [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/'),
          manifestDigest: descriptor.digest,
          config,
        });
      };
      json<{ manifests: Descriptor[] }>('index.json').manifests.forEach(visit);
      return platforms;
    })();
    indexes.set(ref, result);
  }
  return result;
}

/** The image config of one platform of a local multi-platform image (e.g. `linux/arm64`). */
export type { ImageConfig };

export async function imageConfig(ref: string, platform: string): Promise<ImageConfig> {
  const all = await imagePlatforms(ref);
  const found = all.find((image) => image.platform === platform || image.platform.startsWith(`${platform}/`));
  if (!found) {
    throw new Error(`${ref} has no ${platform} image (it has: ${all.map((image) => image.platform).join(', ')})`);
  }
  return found.config;
}

/**
 * The files of a platform of an image, as a container of it would see them: `docker create` + `docker
 * export`. Only the first `keep(entry)` bytes of each file's content are kept.
 */
export async function imageFiles(ref: string, platform: string, keep: KeepContent): Promise<ContainerFiles> {
  // --network none: no network is needed to create, and this engine has no bridge network.
  const id = (await dockerOk(['create', '--platform', platform, '--network', 'none', ref, '/not-run'])).trim();
  try {
    return new ContainerFiles(await dockerTar(['export', id], keep));
  } finally {
    await docker(['rm', '-f', id]);
  }
}

/** A container's exported files, with path lookup that follows symlinks (e.g. trixie's /lib -> usr/lib). */
export class ContainerFiles {
  constructor(readonly entries: ReadonlyMap<string, TarEntry>) {}

  /** The entry at an absolute path after following symlinks, or undefined when nothing is there. */
  resolve(path: string): TarEntry | undefined {
    let parts = cleanPath(path).split('/').filter(Boolean);
    for (let hops = 0; hops < 40; hops++) {
      let redirected = false;
      for (let i = 1; i <= parts.length; i++) {
        const prefix = parts.slice(0, i).join('/');
        const entry = this.entries.get(prefix);
        if (!entry) return undefined;
        if (entry.type === 'hardlink' && i === parts.length) return this.entries.get(cleanPath(entry.linkname));
        if (entry.type === 'symlink') {
          const target = entry.linkname.startsWith('/')
            ? entry.linkname
            : [...parts.slice(0, i - 1), entry.linkname].join('/');
          parts = [...normalize(target), ...parts.slice(i)];
          redirected = true;
          break;
        }
        if (i === parts.length) return entry;
      }
      if (!redirected) return undefined;
    }
    throw new Error(`too many symlinks resolving ${path}`);
  }

  exists(path: string): boolean {
    return this.resolve(path) !== undefined;
  }

  /** The kept content of a file, as text; throws when the file is missing. */
  read(path: string): string {
    const entry = this.resolve(path);
    if (!entry?.content) throw new Error(`${path} is missing (or its content was not kept)`);
    return entry.content.toString('utf8');
  }

  /** Entries whose last path component is `name`. */
  named(name: string): TarEntry[] {
    return [...this.entries.values()].filter((entry) => entry.path.split('/').at(-1) === name);
  }
}

function normalize(path: string): string[] {
  const out: string[] = [];
  for (const part of cleanPath(path).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out;
}

/** ELF machine numbers (e_machine) of the platforms we build. */
export const ELF_MACHINE: Readonly<Record<string, number>> = { 'linux/amd64': 62, 'linux/arm64': 183 };

/** The e_machine of an ELF header, or undefined when the bytes are not ELF. */
export function elfMachine(header: Buffer): number | undefined {
  if (header.length < 20 || header.readUInt32BE(0) !== 0x7f454c46) return undefined;
  return header[5] === 2 ? header.readUInt16BE(18) : header.readUInt16LE(18);
}
