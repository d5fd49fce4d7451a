/**
 * Derives, once, every value the templates need from the answers: image names, the Debian release pair, the
 * variant row. Templates only print these; they never recompute them.
 */
import { devPackagesFor } from './c-libraries.js';
import { SERVICE_STOP, deployContext, type DeployContext } from './deploy-context.js';
import { usesLines, type ActionName } from './actions.js';
import { type Detection } from './detect/index.js';
import { goFeatures, type GoFeatures } from './go-features.js';
import { moduleContext, type ModuleContext } from './module-context.js';
import { type Answers } from './options.js';
import { DOCKER_STOP_TIMEOUT_SECONDS, SHUTDOWN, type Shutdown } from './shutdown.js';
import { TOOLS } from './tool-versions.js';
import {
  CI_RUNNER,
  DEBIAN,
  PLATFORM_INFO,
  crossToolchains,
  variantOf,
  type CrossToolchain,
  type DebianReleaseInfo,
  type Platform,
  type Variant,
} from './variants.js';

/** One job of the native CI layout: one platform built on its own runner. */
export interface CiPlatformBuild {
  readonly platform: Platform;
  /** `linux-arm-v7`: names the job's digest artifact and its build cache scope. */
  readonly slug: string;
  readonly runner: string;
  /** Whether the runner's CPU runs this platform, so the job can start the image for a smoke test. */
  readonly runsNatively: boolean;
}

/**
 * Everything the templates print: the answers, and every value derived from them here, in module-context.ts and
 * in deploy-context.ts. Made once the answers are settled (the generator's prompting step); the file list and the
 * closing message read it too. Nothing derived is recomputed later.
 */
export interface TemplateContext extends Answers, ModuleContext, DeployContext {
  readonly variant: Variant;
  readonly debianRelease: DebianReleaseInfo;
  /** The builder image, with the Dockerfile's GO_VERSION argument left for BuildKit to expand. */
  readonly goImage: string;
  /** The final stage's base: distroless of the builder's Debian release, or scratch. */
  readonly runtimeImage: string;
  /** Minor version of Go, for notes that depend on it (1.26 → 26). */
  readonly goMinor: number;
  /** The standard-library features the generated code may use at that Go version. */
  readonly goFeatures: GoFeatures;
  /** Whether the Go runtime sizes GOMAXPROCS to the container's CPU limit by itself (Go 1.25 and later). */
  readonly gomaxprocsFollowsCpuLimit: boolean;
  /** CGO_ENABLED of the go build: 1 for the cgo variant, 0 for a static binary. */
  readonly cgoEnabled: 0 | 1;
  /** The native CI layout: each platform built on a runner of its own CPU, merged into one image by digest. */
  readonly ciLayoutNative: boolean;
  /** A GitHub Actions workflow is written (--ci github), with the files it reads (go-caches, dependabot). */
  readonly gitHubWorkflow: boolean;
  /**
   * The final image is scratch, which is empty: the build gives it the CA bundle, users, nsswitch.conf and /tmp
   * that distroless has, and its WORKDIR is nonroot's home as on distroless.
   */
  readonly runtimeIsScratch: boolean;
  /** The final stage's FROM: the cgo variant's `runtime` stage (which copies in the C libraries), else runtimeImage. */
  readonly finalStageBase: string;
  /** The expression the generated tests get their context from: t.Context() where the go line has it. */
  readonly testContextCall: string;
  /** How the generated service drains and stops; deployments leave it `shutdown.stopGraceSeconds`. */
  readonly shutdown: Shutdown;
  /** What `docker stop` waits before SIGKILL, which the shutdown fits in. */
  readonly dockerStopTimeoutSeconds: number;
  /** The pinned tools the project runs (golangci-lint, govulncheck), each at one version. */
  readonly tools: typeof TOOLS;
  readonly binaryPath: string;
  readonly buildTags: readonly string[];
  /** The link flags in make's syntax: $(VERSION) for ${VERSION} (the same in make, but as make files write it). */
  readonly makeLdflags: string;
  /** ` -tags a,b` for a go build command line, '' without tags. */
  readonly tagsFlag: string;
  /** The make default of the builder's Go: read from go.mod (raised to the oldest supported release), or fixed. */
  readonly goVersionDefault: string;
  /** One line saying where that default comes from. */
  readonly goVersionComment: string;
  /** One C cross toolchain per architecture the cgo variant supports; empty for static variants. */
  readonly crossToolchains: readonly CrossToolchain[];
  /** The Debian -dev packages of the C libraries the module links, installed for each target architecture. */
  readonly cDevPackages: readonly string[];
  readonly description: string;
  /** Registry host of the image (docker.io when the name has none). */
  readonly registry: string;
  /**
   * The image goes to GitHub's registry: CI logs in with the workflow's own token (the job gets packages: write),
   * with no secret to create; any other registry takes REGISTRY_USERNAME and REGISTRY_PASSWORD secrets.
   */
  readonly registryIsGhcr: boolean;
  /** The image name with its registry host always written out (docker.io/library/x for x), as attestations need. */
  readonly imageReference: string;
  /** The GitHub account that owns the repository (and its attestations), or OWNER when neither name says. */
  readonly gitHubOwner: string;
  /** The `uses:` line of every action the workflow runs: pinned to a commit, its release in a comment. */
  readonly actions: Readonly<Record<ActionName, string>>;
  /** Where the source lives, for the image's org.opencontainers.image.source label, when the module path says. */
  readonly sourceUrl: string | undefined;
  /** Runner of the CI jobs not tied to a platform (tests, lint, the single layout's image build). */
  readonly ciRunner: string;
  /** Platform the single CI layout loads and smoke-tests on its amd64 runner; undefined when not built. */
  readonly ciSmokePlatform: Platform | undefined;
  /** Whether CI starts the image to check it serves: only a program that listens can be checked that way. */
  readonly ciSmokeTest: boolean;
  /** The native CI layout's jobs, one per platform. */
  readonly ciPlatformBuilds: readonly CiPlatformBuild[];
  /** The Actions expression that holds when a run publishes the image: a push to the default branch or a v* tag. */
  readonly ciPublishes: string;
  /** docker/metadata-action tag rules: branch, pull request, semver of v* tags, commit. */
  readonly ciTagRules: readonly string[];
  /**
   * What CI runs to vet, test and lint: the generated Makefile's targets, which a developer runs too; next to a
   * module's own Makefile (docker.mk), the go commands themselves, and golangci-lint from its action (lint undefined).
   */
  readonly ciCommands: {
    readonly vet: string;
    readonly test: string;
    readonly lint: string | undefined;
    readonly vuln: string;
  };
  /** CI vets, tests and lints with the generated Makefile's targets (a developer's own commands), not go itself. */
  readonly ciUsesMakeTargets: boolean;
  /**
   * The workflow's name: ci, or container next to a module's own workflows, so that it does not share a name (and
   * with it a concurrency group, which would cancel runs of the other) with one of theirs.
   */
  readonly ciWorkflowName: string;
}

/** The Go version go.mod asks for (its toolchain line if any, else its go line), read by sed. */
const GO_MOD_VERSION =
  "sed -n -e 's/^go \\([0-9.]*\\).*/\\1/p' -e 's/^toolchain go\\([0-9.]*\\).*/\\1/p' go.mod | tail -n 1";

/** An awk filter that raises a Go version older than `floor` (compared by minor release) to `floor`. */
const atLeast = (floor: string): string =>
  `awk -F. -v floor=${floor} '{ v = $$0; split(floor, f, "."); if ($$2 + 0 < f[2] + 0) v = floor; print v } ` +
  `END { if (NR == 0) print floor }'`;

function goVersionDefault(
  answers: Answers,
  module: ModuleContext,
): Pick<TemplateContext, 'goVersionDefault' | 'goVersionComment'> {
  if (!module.goVersionFromGoMod) {
    return {
      goVersionDefault: answers.goVersion,
      goVersionComment: `The builder's Go, chosen with --go-version (go.mod is not read for it).`,
    };
  }
  if (module.goVersionFloor === '') {
    return {
      goVersionDefault: `$(shell ${GO_MOD_VERSION})`,
      goVersionComment: 'The one source of the Go version: go.mod (its toolchain line if any, else its go line).',
    };
  }
  return {
    goVersionDefault: `$(shell ${GO_MOD_VERSION} | ${atLeast(module.goVersionFloor)})`,
    goVersionComment:
      `The builder's Go: go.mod's (its toolchain line if any, else its go line), at least ${module.goVersionFloor}, ` +
      'the oldest supported release.',
  };
}

export function registryOf(image: string): string {
  const [first = '', ...rest] = image.split('/');
  const isHost = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  return isHost ? first : 'docker.io';
}

/** docker.io/library/redis for redis, docker.io/acme/api for acme/api; names with a registry host stay as they are. */
export function imageReferenceOf(image: string): string {
  if (registryOf(image) !== 'docker.io' || image.startsWith('docker.io/')) return image;
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

/** acme for github.com/acme/api, else for ghcr.io/acme/api; OWNER (for the user to fill in) when neither says. */
export function gitHubOwnerOf(module: string, image: string): string {
  const [host, owner] = module.split('/');
  if (host === 'github.com' && owner) return owner;
  const [registry, imageOwner] = image.split('/');
  return registry === 'ghcr.io' && imageOwner ? imageOwner : 'OWNER';
}

/** https://github.com/acme/api for github.com/acme/api/v2; undefined for paths without a host (example/api). */
export function sourceUrlOf(module: string): string | undefined {
  const elements = module.split('/');
  if (!elements[0]?.includes('.') || elements.length < 2) return undefined;
  const withoutMajor = /^v[0-9]+$/.test(elements.at(-1) ?? '') ? elements.slice(0, -1) : elements;
  return `https://${withoutMajor.join('/')}`;
}

export function ciPlatformBuild(platform: Platform): CiPlatformBuild {
  const { gitHubRunner } = PLATFORM_INFO[platform];
  return {
    platform,
    slug: platform.replaceAll('/', '-'),
    runner: gitHubRunner ?? CI_RUNNER,
    runsNatively: gitHubRunner !== undefined,
  };
}

/** `detection`: what an existing module's files say; absent for a new service. */
export function templateContext(answers: Answers, detection?: Detection): TemplateContext {
  const variant = variantOf(answers.cgo, answers.runtime);
  const debian = DEBIAN[answers.debian];
  const module = moduleContext(answers, detection);
  const runtimeIsScratch = variant.runtime === 'scratch';
  const buildTags = [...new Set([...answers.tags, ...(runtimeIsScratch ? ['timetzdata'] : [])])];
  const binaryPath = `/usr/local/bin/${answers.name}`;
  const goMinor = Number(answers.goVersion.split('.')[1]);
  const features = goFeatures(goMinor);
  const registry = registryOf(answers.image);
  const ciUsesMakeTargets = module.makefile === 'Makefile';
  const runtimeImage = variant.distrolessFlavour
    ? `gcr.io/distroless/${variant.distrolessFlavour}-${debian.distroless}:nonroot`
    : 'scratch';
  return {
    ...answers,
    variant,
    debianRelease: debian,
    goImage: `golang:\${GO_VERSION}-${debian.release}`,
    runtimeImage,
    goMinor,
    goFeatures: features,
    gomaxprocsFollowsCpuLimit: goMinor >= 25,
    cgoEnabled: variant.cgo ? 1 : 0,
    ciLayoutNative: answers.ciLayout === 'native',
    gitHubWorkflow: answers.ci === 'github',
    runtimeIsScratch,
    finalStageBase: variant.cgo ? 'runtime' : runtimeImage,
    testContextCall: features.testingContext ? 't.Context()' : 'testContext(t)',
    shutdown: SHUTDOWN,
    dockerStopTimeoutSeconds: DOCKER_STOP_TIMEOUT_SECONDS,
    tools: TOOLS,
    binaryPath,
    buildTags,
    makeLdflags: answers.ldflags.replace(/\$\{([A-Z_]+)\}/g, '$($1)'),
    tagsFlag: buildTags.length > 0 ? ` -tags ${buildTags.join(',')}` : '',
    ...goVersionDefault(answers, module),
    crossToolchains: variant.cgo ? crossToolchains() : [],
    cDevPackages: devPackagesFor(module.cLibraries, answers.debian),
    description: detection ? `${answers.name}: a Go service (${answers.module})` : `${answers.name}: a Go HTTP service`,
    registry,
    registryIsGhcr: registry === 'ghcr.io',
    imageReference: imageReferenceOf(answers.image),
    gitHubOwner: gitHubOwnerOf(answers.module, answers.image),
    actions: usesLines(),
    sourceUrl: sourceUrlOf(answers.module),
    ...module,
    ciRunner: CI_RUNNER,
    ciSmokePlatform:
      module.listenPort === undefined
        ? undefined
        : answers.platforms.find((platform) => PLATFORM_INFO[platform].gitHubRunner === CI_RUNNER),
    ciSmokeTest: module.listenPort !== undefined,
    ciPlatformBuilds: answers.platforms.map(ciPlatformBuild),
    ciPublishes:
      "github.event_name == 'push' && (github.ref == format('refs/heads/{0}', github.event.repository.default_branch) || " +
      "startsWith(github.ref, 'refs/tags/'))",
    ciTagRules: [
      'type=ref,event=branch',
      'type=ref,event=pr',
      'type=semver,pattern={{version}}',
      'type=semver,pattern={{major}}.{{minor}}',
      'type=sha',
    ],
    ciCommands: ciUsesMakeTargets
      ? { vet: 'make vet', test: 'make test', lint: 'make lint', vuln: 'make vuln' }
      : {
          vet: 'go vet ./...',
          test: 'go test -race ./...',
          lint: undefined,
          vuln: `go run ${TOOLS.govulncheck.goPackage}@${TOOLS.govulncheck.version} ./...`,
        },
    ciUsesMakeTargets,
    ciWorkflowName: module.workflowFile === 'ci.yml' ? 'ci' : 'container',
    ...deployContext({
      answers,
      listenPort: module.listenPort,
      portEnvironment: module.portEnvironment,
      binaryPath,
      goMinor,
      healthEndpoints: module.healthcheck,
      makefile: module.makefile,
      ignoredBuildOutputs: module.ignoredBuildOutputs,
      stop: SERVICE_STOP,
      deployFiles: detection?.deployFiles,
    }),
  };
}
