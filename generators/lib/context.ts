/**
 * Derives, once, every value the templates need from the answers: image names, the Debian release pair, the
 * variant row. Templates only print these; they never recompute them.
 */
import { type Answers } from './options.js';
import {
  DEBIAN,
  crossToolchains,
  variantOf,
  type CrossToolchain,
  type DebianReleaseInfo,
  type Variant,
} from './variants.js';

export interface TemplateContext extends Answers {
  readonly variant: Variant;
  readonly debianRelease: DebianReleaseInfo;
  /** The builder image, with the Dockerfile's GO_VERSION argument left for BuildKit to expand. */
  readonly goImage: string;
  /** The final stage's base: distroless of the builder's Debian release, or scratch. */
  readonly runtimeImage: string;
  /** Minor version of Go, for notes that depend on it (1.26 → 26). */
  readonly goMinor: number;
  readonly binaryPath: string;
  readonly buildTags: readonly string[];
  /** One C cross toolchain per architecture the cgo variant supports; empty for static variants. */
  readonly crossToolchains: readonly CrossToolchain[];
  readonly description: string;
  /** Registry host of the image (docker.io when the name has none). */
  readonly registry: string;
  /** Where the source lives, for the image's org.opencontainers.image.source label, when the module path says. */
  readonly sourceUrl: string | undefined;
}

export function registryOf(image: string): string {
  const [first = '', ...rest] = image.split('/');
  const isHost = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  return isHost ? first : 'docker.io';
}

/** https://github.com/acme/api for github.com/acme/api/v2; undefined for paths without a host (example/api). */
export function sourceUrlOf(module: string): string | undefined {
  const elements = module.split('/');
  if (!elements[0]?.includes('.') || elements.length < 2) return undefined;
  const withoutMajor = /^v[0-9]+$/.test(elements.at(-1) ?? '') ? elements.slice(0, -1) : elements;
  return `https://${withoutMajor.join('/')}`;
}

export function templateContext(answers: Answers): TemplateContext {
  const variant = variantOf(answers.cgo, answers.runtime);
  const debian = DEBIAN[answers.debian];
  const runtimeImage = variant.distrolessFlavour
    ? `gcr.io/distroless/${variant.distrolessFlavour}-${debian.distroless}:nonroot`
    : 'scratch';
  return {
    ...answers,
    variant,
    debianRelease: debian,
    goImage: `golang:\${GO_VERSION}-${debian.release}`,
    runtimeImage,
    goMinor: Number(answers.goVersion.split('.')[1]),
    binaryPath: `/usr/local/bin/${answers.name}`,
    buildTags: variant.runtime === 'scratch' ? ['timetzdata'] : [],
    crossToolchains: variant.cgo ? crossToolchains() : [],
    description: `${answers.name}: a Go HTTP service`,
    registry: registryOf(answers.image),
    sourceUrl: sourceUrlOf(answers.module),
  };
}
