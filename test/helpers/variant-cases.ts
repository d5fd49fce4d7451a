/**
 * The variant matrix the tests walk: every variant on every Debian release, with what a user expects of each
 * written out here by hand (not derived from the generator's own tables, so the tests can catch them).
 */
import { FIXED_FLAGS, type Flags } from './generate.js';

export interface VariantCase {
  /** static-distroless-trixie, cgo-bookworm, ... */
  readonly id: string;
  readonly variant: 'static-distroless' | 'static-scratch' | 'cgo';
  readonly debian: 'trixie' | 'bookworm';
  readonly cgo: boolean;
  readonly flags: Flags;
  readonly builderImage: string;
  readonly runtimeImage: string;
}

const VARIANT_FLAGS = {
  'static-distroless': { cgo: false, runtime: 'distroless' },
  'static-scratch': { cgo: false, runtime: 'scratch' },
  cgo: { cgo: true },
} as const;

const RUNTIME_IMAGES = {
  'static-distroless': {
    trixie: 'gcr.io/distroless/static-debian13:nonroot',
    bookworm: 'gcr.io/distroless/static-debian12:nonroot',
  },
  'static-scratch': { trixie: 'scratch', bookworm: 'scratch' },
  cgo: { trixie: 'gcr.io/distroless/cc-debian13:nonroot', bookworm: 'gcr.io/distroless/cc-debian12:nonroot' },
} as const;

export const VARIANT_CASES: readonly VariantCase[] = (['static-distroless', 'static-scratch', 'cgo'] as const).flatMap(
  (variant) =>
    (['trixie', 'bookworm'] as const).map((debian) => ({
      id: `${variant}-${debian}`,
      variant,
      debian,
      cgo: variant === 'cgo',
      flags: { ...FIXED_FLAGS, ...VARIANT_FLAGS[variant], debian },
      builderImage: `golang:\${GO_VERSION}-${debian}`,
      runtimeImage: RUNTIME_IMAGES[variant][debian],
    })),
);

/** One case per variant (on trixie), for the slower tests that compile or run the result. */
export const ONE_CASE_PER_VARIANT = VARIANT_CASES.filter((c) => c.debian === 'trixie');
