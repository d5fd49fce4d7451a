/**
 * Reads an image the way a registry would see it: `docker save` (on the containerd image store an OCI layout
 * holding the whole index, every platform) unpacked, then index → per-platform manifest → config and layers.
 * Layer contents are listed and extracted with GNU tar, which detects the gzip compression itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execOk } from './exec.js';

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

/** The parts of an OCI image config the tests look at. */
export interface ImageConfig {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  /** When the image was made (RFC 3339): with SOURCE_DATE_EPOCH, the commit's time. */
  readonly created?: string;
  readonly config: {
    readonly User?: string;
    readonly Entrypoint?: readonly string[] | null;
    readonly Cmd?: readonly string[] | null;
    readonly Env?: readonly string[];
    readonly ExposedPorts?: Readonly<Record<string, unknown>>;
    readonly Volumes?: Readonly<Record<string, unknown>> | null;
    readonly Labels?: Readonly<Record<string, string>> | null;
    readonly WorkingDir?: string;
    readonly Healthcheck?: {
      readonly Test?: readonly string[];
      readonly Interval?: number;
      readonly StartInterval?: number;
    };
  };
  readonly rootfs: { readonly diff_ids: readonly string[] };
}

export interface Layer {
  /** Digest of the stored (compressed) blob. */
  readonly digest: string;
  /** Digest of the uncompressed tar: what identifies a layer across images. */
  readonly diffId: string;
  readonly mediaType: string;
  /** Stored (usually gzip-compressed) size in bytes, from the manifest. */
  readonly size: number;
  readonly blob: string;
}

export interface PlatformImage {
  /** `linux/amd64`, `linux/arm64`, `linux/arm/v7`. */
  readonly platform: string;
  readonly config: ImageConfig;
  readonly layers: readonly Layer[];
}

export interface SavedImage {
  readonly reference: string;
  /** Every runnable platform of the image (attestation manifests left out). */
  readonly platforms: readonly PlatformImage[];
  /** Whether the index also holds attestation manifests (provenance or SBOM). */
  readonly attestations: number;
  platform(platform: string): PlatformImage;
}

interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: { readonly architecture: string; readonly os: string; readonly variant?: string };
  readonly annotations?: Readonly<Record<string, string>>;
}

const blobPath = (dir: string, digest: string): string => join(dir, 'blobs', ...digest.split(':'));

/** `docker save` of reference, unpacked into dir (which must be empty). */
export async function saveImage(reference: string, dir: string): Promise<SavedImage> {
  await execOk('sh', ['-c', 'docker save "$1" | tar -x -C "$2"', 'save', reference, dir]);
  const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
  const platforms: PlatformImage[] = [];
  let attestations = 0;

  const visit = (descriptor: Descriptor): void => {
    const path = blobPath(dir, descriptor.digest);
    if (INDEX_TYPES.has(descriptor.mediaType)) {
      for (const child of readJson<{ manifests: Descriptor[] }>(path).manifests) visit(child);
      return;
    }
    if (descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') {
      attestations += 1;
      return;
    }
    const manifest = readJson<{ config: Descriptor; layers: Descriptor[] }>(path);
    const config = readJson<ImageConfig>(blobPath(dir, manifest.config.digest));
    const layers = manifest.layers.map((layer, index) => ({
      digest: layer.digest,
      mediaType: layer.mediaType,
      diffId: config.rootfs.diff_ids[index] ?? '',
      size: layer.size,
      blob: blobPath(dir, layer.digest),
    }));
    const platform = [config.os, config.architecture, config.variant].filter(Boolean).join('/');
    platforms.push({ platform, config, layers });
  };
  for (const descriptor of readJson<{ manifests: Descriptor[] }>(join(dir, 'index.json')).manifests) visit(descriptor);

  return {
    reference,
    platforms,
    attestations,
    platform(wanted) {
      const found = platforms.find((image) => image.platform === wanted);
      if (!found) {
        throw new Error(`${reference} has no ${wanted} image (it has: ${platforms.map((p) => p.platform).join(', ')})`);
      }
      return found;
    },
  };
}

export interface LayerEntry {
  /** Path without a leading `./` or `/`, and without a trailing `/`. */
  readonly path: string;
  /** First character of the mode string: `-` file, `d` directory, `l` symlink, `h` hard link, ... */
  readonly type: string;
  /** `drwxrwxrwt` etc. */
  readonly mode: string;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  /** Target of a symbolic or hard link. */
  readonly linkTarget?: string;
}

const normalise = (path: string): string => path.replace(/^\.?\/+/, '').replace(/\/+$/, '');

/** Every entry of a layer, as `tar -tv` lists it. */
export async function listLayer(layer: Layer): Promise<LayerEntry[]> {
  const { stdout } = await execOk('tar', ['--numeric-owner', '-tvf', layer.blob]);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const match = /^(\S+)\s+(\d+)\/(\d+)\s+(\d+)\s+\S+\s+\S+\s+(.*)$/.exec(line);
      if (!match) throw new Error(`cannot read tar listing line: ${line}`);
      const [, mode = '', uid = '', gid = '', size = '', rest = ''] = match;
      const type = mode[0] === 'h' || rest.includes(' link to ') ? 'h' : (mode[0] ?? '?');
      const [name = '', target] =
        type === 'l' ? rest.split(' -> ') : type === 'h' ? rest.split(' link to ') : [rest, undefined];
      return {
        path: normalise(name),
        type,
        mode,
        uid: Number(uid),
        gid: Number(gid),
        size: Number(size),
        ...(target === undefined ? {} : { linkTarget: target }),
      };
    });
}

/** Extracts one file of a layer into dir; returns its path there. */
export async function extractFromLayer(layer: Layer, path: string, dir: string): Promise<string> {
  const listed = (await execOk('tar', ['-tf', layer.blob])).stdout.split('\n');
  const member = listed.find((name) => normalise(name) === normalise(path));
  if (member === undefined) throw new Error(`${path} is not in layer ${layer.digest}`);
  await execOk('tar', ['-xf', layer.blob, '-C', dir, member]);
  return join(dir, normalise(path));
}

/** Sum of a platform image's layers: compressed (as pushed to a registry) and uncompressed (as unpacked). */
export async function layerSizes(layers: readonly Layer[]): Promise<{ compressed: number; uncompressed: number }> {
  let uncompressed = 0;
  for (const layer of layers) {
    const decompress = layer.mediaType.endsWith('gzip')
      ? 'gzip -dc'
      : layer.mediaType.endsWith('zstd')
        ? 'zstd -dc'
        : 'cat';
    const { stdout } = await execOk('sh', ['-c', `${decompress} "$1" | wc -c`, 'size', layer.blob]);
    uncompressed += Number(stdout.trim());
  }
  return { compressed: layers.reduce((sum, layer) => sum + layer.size, 0), uncompressed };
}
