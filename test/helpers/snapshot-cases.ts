/**
 * The projects the golden snapshots are taken of: every variant on every Debian release, both CI layouts, the
 * options that change a file's shape, and containers added to existing modules (docker.mk, container.yml, a
 * worker, data volumes, a frontend, private modules, the container generator). Between them they write every file
 * the generator can write; test/generator/snapshots.test.ts checks that they do.
 */
import { type FixtureName } from '../existing/support.js';
import { type Flags } from './generate.js';
import { VARIANT_CASES } from './variant-cases.js';

export interface SnapshotCase {
  readonly id: string;
  readonly flags: Flags;
  /** The fixture module the containers are added to; undefined for a new service. */
  readonly fixture?: FixtureName;
  /** The go-container:docker generator instead of the app generator. */
  readonly containerOnly?: boolean;
}

/** What the existing-module cases answer, as --defaults would not fix it for the machine. */
const EXISTING: Flags = { image: 'ghcr.io/acme/demo', name: 'demo', 'default-branch': 'main' };
const distrolessTrixie = VARIANT_CASES.find((variantCase) => variantCase.id === 'static-distroless-trixie')!.flags;

export const SNAPSHOT_CASES: readonly SnapshotCase[] = [
  ...VARIANT_CASES.map(({ id, flags }) => ({ id, flags })),
  ...VARIANT_CASES.filter((variantCase) => variantCase.debian === 'trixie').map(({ id, flags }) => ({
    id: `${id}-native`,
    flags: { ...flags, 'ci-layout': 'native' },
  })),
  {
    id: 'armv7-native',
    flags: {
      ...distrolessTrixie,
      runtime: 'scratch',
      platforms: 'linux/amd64,linux/arm64,linux/arm/v7',
      'ci-layout': 'native',
    },
  },
  { id: 'dockerhub', flags: { ...distrolessTrixie, image: 'docker.io/acme/demo' } },
  { id: 'go-1.24', flags: { ...distrolessTrixie, 'go-version': '1.24' } },
  { id: 'ci-none', flags: { ...distrolessTrixie, ci: 'none' } },
  { id: 'deploy-none', flags: { ...distrolessTrixie, deploy: 'none' } },
  { id: 'existing-root-main', fixture: 'root-main', flags: EXISTING },
  { id: 'existing-root-main-native', fixture: 'root-main', flags: { ...EXISTING, 'ci-layout': 'native' } },
  { id: 'existing-root-main-include-makefile', fixture: 'root-main', flags: { ...EXISTING, 'include-makefile': true } },
  { id: 'existing-vendored', fixture: 'vendored', flags: EXISTING },
  {
    id: 'existing-cgo-sqlite-private',
    fixture: 'cgo-sqlite',
    flags: { ...EXISTING, goprivate: 'github.com/acme/*,*.corp.example.com' },
  },
  { id: 'existing-worker', fixture: 'worker', flags: EXISTING },
  { id: 'existing-config-data', fixture: 'config-data', flags: EXISTING },
  { id: 'existing-frontend', fixture: 'frontend', flags: EXISTING },
  { id: 'existing-multi-main-container-only', fixture: 'multi-main', flags: EXISTING, containerOnly: true },
];
