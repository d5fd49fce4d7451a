/**
 * The generated projects the lint tests check: every variant on every Debian release in both CI layouts, the
 * options that change the workflow's shape (linux/arm/v7, a registry other than GHCR, no amd64), and containers
 * added to existing modules (`go-container:docker` on test/fixtures). Each is generated once per test run and
 * shared by every test that reads it.
 */
import { OLDEST_SUPPORTED_GO } from '../../../generators/lib/tool-versions.js';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import helpers from 'yeoman-test';
import { freshDir, generate, readTree, type Flags, type Generated } from '../../helpers/generate.js';
import { DIST, FIXTURES } from '../../helpers/paths.js';
import { VARIANT_CASES } from '../../helpers/variant-cases.js';

export type CiLayout = 'single' | 'native';

const DOCKER_GENERATOR = join(DIST, 'generators/docker/index.js');

export interface ProjectCase {
  /** cgo-trixie-native, armv7-single, existing-root-main-native, ... */
  readonly id: string;
  /** The id without the layout: the Dockerfile and Makefile do not depend on it. */
  readonly dockerfileId: string;
  readonly variant: 'static-distroless' | 'static-scratch' | 'cgo';
  readonly layout: CiLayout;
  readonly flags: Flags;
  /** The fixture module the containers are added to; undefined for a new service. */
  readonly fixture: string | undefined;
  /** What the user asked for and what the generator must make of it, written out here, not read from it. */
  readonly platforms: readonly string[];
  readonly registry: string;
  readonly workflowPath: string;
  /** The generated Makefile (with vet, test, lint), or docker.mk next to the module's own Makefile. */
  readonly makefile: 'Makefile' | 'docker.mk';
  /** The service answers /healthz (a new service) or is only known to run (an existing module). */
  readonly healthz: boolean;
  /** The module's own workflow runs its tests: the generated one has no test job. */
  readonly ownTests: boolean;
  /** The builder's Go the workflow reads through make: go.mod's, at least the oldest supported release. */
  readonly goVersion: string | undefined;
}

const LAYOUTS: readonly CiLayout[] = ['single', 'native'];
const DEFAULT_PLATFORMS = ['linux/amd64', 'linux/arm64'];

const EXTRA_OPTIONS: readonly { readonly suffix: string; readonly flags: Flags; readonly registry?: string }[] = [
  { suffix: 'armv7', flags: { runtime: 'scratch', platforms: 'linux/amd64,linux/arm64,linux/arm/v7' } },
  { suffix: 'dockerhub', flags: { image: 'docker.io/acme/demo' }, registry: 'docker.io' },
  { suffix: 'arm64-only', flags: { platforms: 'linux/arm64' } },
];

/** Fixtures of test/fixtures: a module with its own Makefile and workflow, one vendored, one cgo with go.sum. */
const EXISTING_MODULES: readonly {
  readonly fixture: string;
  /** Told apart in the case id when the same fixture is generated with other flags. */
  readonly suffix?: string;
  readonly flags?: Flags;
  readonly variant: ProjectCase['variant'];
  readonly workflowPath: string;
  readonly makefile: ProjectCase['makefile'];
  readonly ownTests: boolean;
}[] = [
  {
    fixture: 'root-main',
    variant: 'static-distroless',
    workflowPath: '.github/workflows/container.yml',
    makefile: 'docker.mk',
    ownTests: true,
  },
  {
    fixture: 'vendored',
    variant: 'static-distroless',
    workflowPath: '.github/workflows/ci.yml',
    makefile: 'Makefile',
    ownTests: false,
  },
  {
    fixture: 'cgo-sqlite',
    variant: 'cgo',
    workflowPath: '.github/workflows/ci.yml',
    makefile: 'Makefile',
    ownTests: false,
  },
  // Private modules: the test job's GOPRIVATE and git credentials, the builds' .netrc secret.
  {
    fixture: 'cgo-sqlite',
    suffix: '-private',
    flags: { goprivate: 'github.com/acme/*,*.corp.example.com' },
    variant: 'cgo',
    workflowPath: '.github/workflows/ci.yml',
    makefile: 'Makefile',
    ownTests: false,
  },
];

export const PROJECT_CASES: readonly ProjectCase[] = [
  ...VARIANT_CASES.flatMap((variantCase) =>
    LAYOUTS.map((layout): ProjectCase => ({
      id: `${variantCase.id}-${layout}`,
      dockerfileId: variantCase.id,
      variant: variantCase.variant,
      layout,
      flags: { ...variantCase.flags, 'ci-layout': layout },
      fixture: undefined,
      platforms: String(variantCase.flags['platforms']).split(','),
      registry: 'ghcr.io',
      workflowPath: '.github/workflows/ci.yml',
      makefile: 'Makefile',
      healthz: true,
      ownTests: false,
      goVersion: undefined,
    })),
  ),
  ...EXTRA_OPTIONS.flatMap((extra) => {
    const base = VARIANT_CASES.find((variantCase) => variantCase.id === 'static-distroless-trixie')!;
    const flags = { ...base.flags, ...extra.flags };
    return LAYOUTS.map((layout): ProjectCase => ({
      id: `${extra.suffix}-${layout}`,
      dockerfileId: extra.suffix,
      variant: flags['runtime'] === 'scratch' ? 'static-scratch' : base.variant,
      layout,
      flags: { ...flags, 'ci-layout': layout },
      fixture: undefined,
      platforms: String(flags['platforms']).split(','),
      registry: extra.registry ?? 'ghcr.io',
      workflowPath: '.github/workflows/ci.yml',
      makefile: 'Makefile',
      healthz: true,
      ownTests: false,
      goVersion: undefined,
    }));
  }),
  ...EXISTING_MODULES.flatMap((existing) =>
    LAYOUTS.map((layout): ProjectCase => ({
      id: `existing-${existing.fixture}${existing.suffix ?? ''}-${layout}`,
      dockerfileId: `existing-${existing.fixture}${existing.suffix ?? ''}`,
      variant: existing.variant,
      layout,
      flags: {
        'ci-layout': layout,
        image: 'ghcr.io/acme/demo',
        name: 'demo',
        'default-branch': 'main',
        ...existing.flags,
      },
      fixture: existing.fixture,
      platforms: DEFAULT_PLATFORMS,
      registry: 'ghcr.io',
      workflowPath: existing.workflowPath,
      makefile: existing.makefile,
      healthz: false,
      ownTests: existing.ownTests,
      // Every fixture's go line is older than the oldest supported Go release, which builds it.
      goVersion: OLDEST_SUPPORTED_GO,
    })),
  ),
];

/** One new service per variant with the default (single) layout: for what does not depend on the layout. */
export const ONE_PROJECT_PER_VARIANT = PROJECT_CASES.filter((projectCase) =>
  /^(static-distroless|static-scratch|cgo)-trixie-single$/.test(projectCase.id),
);

/** One case per distinct Dockerfile (the CI layout does not change it). */
export const ONE_PROJECT_PER_DOCKERFILE = PROJECT_CASES.filter((projectCase) => projectCase.layout === 'single');

const projects = new Map<string, Promise<Generated>>();

export function project(projectCase: ProjectCase): Promise<Generated> {
  let generated = projects.get(projectCase.id);
  if (!generated) {
    if (projectCase.fixture) {
      const dir = freshDir(`${projectCase.fixture}-`);
      cpSync(join(FIXTURES, projectCase.fixture), dir, { recursive: true });
      // cd, not inDir (which empties the directory): the generator reads the module there.
      generated = helpers
        .run(DOCKER_GENERATOR)
        .cd(dir)
        .withOptions({ defaults: true, ...projectCase.flags } as never)
        .then(() => readTree(dir));
    } else {
      generated = generate(projectCase.flags);
    }
    projects.set(projectCase.id, generated);
  }
  return generated;
}
