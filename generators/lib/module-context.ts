/**
 * The template values that depend on what an existing module's files say (detect/). For a new service there is no
 * detection and every value is the new service's: the templates then write exactly what they always wrote.
 */
import { type CLibraryReference } from './c-libraries.js';
import {
  APP_DIR,
  type Detection,
  type Frontend,
  type MainAnalysis,
  type MakefileLayout,
  type WorkflowLayout,
} from './detect/index.js';
import { type Answers } from './options.js';
import { OLDEST_SUPPORTED_GO } from './tool-versions.js';

/** How the image tells the app its port: `NAME=<prefix><port>` in the environment, or `--name=<prefix><port>`. */
export interface PortVariable {
  readonly name: string;
  /** ':' when the value is an address (`:8080`), '' when it is a bare port. */
  readonly prefix: string;
}

/** A frontend stage of the Dockerfile, with what the templates print. */
export interface FrontendStage extends Frontend {
  readonly stage: string;
  readonly image: string;
  /** package.json and the lockfile, as COPY sources. */
  readonly manifests: readonly string[];
  /** Where the package directory is in the stage (`/src/web/ui`). */
  readonly workdir: string;
  /** The package directory as a COPY source: `.` for the module's root. */
  readonly copySource: string;
}

export interface DataVolume {
  readonly path: string;
  /** The named volume make docker-run mounts there. */
  readonly volume: string;
}

/**
 * The make variables the container targets read, by what they hold: the generated Makefile's own names, or
 * docker.mk's, each prefixed with CONTAINER_ so that none collides with a module's own Makefile. The targets both
 * files share are written once (templates/container/_*.mk.ejs) with these names.
 */
export interface MakeVariables {
  readonly image: string;
  readonly tag: string;
  readonly platforms: string;
  readonly port: string;
  readonly goVersion: string;
  readonly version: string;
  readonly revision: string;
  readonly buildxFlags: string;
  readonly buildArgs: string;
  readonly runFlags: string;
  readonly builder: string;
  readonly pushBuilder: string;
  readonly loadPlatforms: string;
  readonly isPodman: string;
  readonly podmanBuild: string;
  readonly compose: string;
  readonly composeEnv: string;
  readonly k8sOverlay: string;
  readonly k8sRender: string;
  readonly kustomizeBuild: string;
  readonly kubectl: string;
}

const MAKEFILE_VARIABLES: MakeVariables = {
  image: 'IMAGE',
  tag: 'TAG',
  platforms: 'PLATFORMS',
  port: 'PORT',
  goVersion: 'GO_VERSION',
  version: 'VERSION',
  revision: 'REVISION',
  buildxFlags: 'BUILDX_FLAGS',
  buildArgs: 'DOCKER_BUILD_ARGS',
  runFlags: 'DOCKER_RUN_FLAGS',
  builder: 'BUILDER',
  pushBuilder: 'PUSH_BUILDER',
  loadPlatforms: 'LOAD_PLATFORMS',
  isPodman: 'IS_PODMAN',
  podmanBuild: 'PODMAN_BUILD',
  compose: 'COMPOSE',
  composeEnv: 'COMPOSE_ENV',
  k8sOverlay: 'K8S_OVERLAY',
  k8sRender: 'K8S_RENDER',
  kustomizeBuild: 'KUSTOMIZE_BUILD',
  kubectl: 'KUBECTL',
};

/** docker.mk's names: CONTAINER_ before the Makefile's, whose DOCKER_ ones it has no need to repeat. */
const DOCKER_MK_VARIABLES: MakeVariables = {
  ...(Object.fromEntries(
    Object.entries(MAKEFILE_VARIABLES).map(([role, name]) => [role, `CONTAINER_${name}`]),
  ) as unknown as MakeVariables),
  buildArgs: 'CONTAINER_BUILD_ARGS',
  runFlags: 'CONTAINER_RUN_FLAGS',
};

/** The make variable names of a container targets file. */
export const makeVariablesOf = (makefile: MakefileLayout): MakeVariables =>
  makefile === 'docker.mk' ? DOCKER_MK_VARIABLES : MAKEFILE_VARIABLES;

/**
 * The part of the TemplateContext that depends on the module: what detection found in an existing one, or the
 * new service's fixed values. Made only as part of `templateContext`.
 */
export interface ModuleContext {
  /** The module existed before the generator ran: its code is the user's, only container files are written. */
  readonly existingModule: boolean;
  /** The binary has the generated `-healthcheck` self-probe, so the image gets a HEALTHCHECK (new services only). */
  readonly healthcheck: boolean;
  /** Build from vendor/ (-mod=vendor), with no download step. */
  readonly vendor: boolean;
  /** Private modules are downloaded with git credentials from a BuildKit secret (GOPRIVATE set, not vendored). */
  readonly privateModules: boolean;
  /** What the C code needs, one line each, for the Dockerfile's comments. */
  readonly cNeeds: readonly string[];
  /** The C libraries the module's cgo code links (its #cgo lines, known cgo modules). */
  readonly cLibraries: readonly CLibraryReference[];
  /** Top-level build output .dockerignore leaves out: bin, dist and the binary, unless the module's code is there. */
  readonly ignoredBuildOutputs: readonly string[];
  /** Installed JavaScript dependencies (node_modules): never in the build context, a frontend stage installs its own. */
  readonly ignoredDependencyDirs: readonly string[];
  /** Paths `//go:embed` reads: .dockerignore keeps them in, whatever its other patterns say. */
  readonly embeddedPaths: readonly string[];
  /** Where the container targets go: the whole Makefile, or docker.mk next to the user's own Makefile. */
  readonly makefile: MakefileLayout;
  /** The names of the make variables the container targets read in that file. */
  readonly makeVariables: MakeVariables;
  /** The workflow's file name in .github/workflows: container.yml next to the user's own workflows. */
  readonly workflowFile: WorkflowLayout;
  /** Write .github/dependabot.yml: always for a new service; for an existing module only when it has none. */
  readonly dependabot: boolean;
  /** Prints go.mod's Go version (CI reads it), whether or not the user's Makefile includes docker.mk. */
  readonly goVersionCommand: string;
  /** Prints the image's VERSION (its tag, the binary's version) by make's rule: CI passes the same to its build. */
  readonly versionCommand: string;
  /**
   * Whether make and CI read the builder's Go from go.mod (so that a later bump of go.mod is followed), raised to
   * `goVersionFloor`; false when --go-version chose another version, which then wins everywhere.
   */
  readonly goVersionFromGoMod: boolean;
  /** The oldest Go the builder uses for an existing module, whatever its go line ('' for a new service). */
  readonly goVersionFloor: string;
  /** The port the image listens on and exposes; undefined when the program does not listen. */
  readonly listenPort: number | undefined;
  /** The program listens (on listenPort): the image exposes the port, make and Compose publish it, CI probes it. */
  readonly listens: boolean;
  /** The variable the image sets to the port (ENV, docker run -e). */
  readonly portEnvironment: PortVariable | undefined;
  /** The flag the image passes the port with (CMD, docker run arguments), when the app takes it from a flag. */
  readonly portFlag: PortVariable | undefined;
  /** The CMD of the image, as a JSON array, when it passes arguments to the binary. */
  readonly command: string | undefined;
  readonly frontends: readonly FrontendStage[];
  /**
   * The build mounts the source writable (BuildKit throws the writes away): a frontend's output is mounted inside
   * it, at a directory absent from the clone, and the engine cannot create that mount point in a read-only mount.
   */
  readonly sourceMountWritable: boolean;
  /** The working directory of the final stage, when files or directories relative to it are needed. */
  readonly workdir: string | undefined;
  /** Configuration files copied into the working directory. */
  readonly configFiles: readonly string[];
  /** Writable directories: created for the non-root user, declared as volumes, mounted by make docker-run. */
  readonly dataVolumes: readonly DataVolume[];
  /** The program writes directories of its own: the image declares them as volumes, Compose mounts named ones. */
  readonly hasDataVolumes: boolean;
  /** What the image cannot provide, reported in the Dockerfile's comments. */
  readonly runtimeNotes: readonly string[];
  /** The module's own workflow runs its tests: the container workflow only builds, smoke-tests and pushes. */
  readonly ownTestWorkflow: boolean;
}

const addressPrefix = (form: 'port' | 'address'): string => (form === 'address' ? ':' : '');

function portVariables(
  answers: Answers,
  analysis: MainAnalysis,
): Pick<ModuleContext, 'listenPort' | 'portEnvironment' | 'portFlag'> {
  if (answers.port === 'none') return { listenPort: undefined, portEnvironment: undefined, portFlag: undefined };
  const { setting, value: appPort, loopbackHost } = analysis.port;
  if (answers.portEnv !== '') {
    const form =
      setting?.kind === 'env' && setting.name === answers.portEnv
        ? setting.form
        : /ADDR/i.test(answers.portEnv)
          ? 'address'
          : 'port';
    return {
      listenPort: answers.port,
      portEnvironment: { name: answers.portEnv, prefix: addressPrefix(form) },
      portFlag: undefined,
    };
  }
  // The app's own default is the port: nothing to pass, unless it binds only the loopback interface.
  const flagNeeded = setting?.kind === 'flag' && (appPort !== answers.port || loopbackHost !== undefined);
  return {
    listenPort: answers.port,
    portEnvironment: undefined,
    portFlag: flagNeeded ? { name: setting.name, prefix: addressPrefix(setting.form) } : undefined,
  };
}

const slug = (path: string): string =>
  path
    .replace(/^\/+/, '')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/-+$/, '');

export function moduleContext(answers: Answers, detection: Detection | undefined): ModuleContext {
  const buildOutputs = [...new Set(['bin', 'dist', answers.name])];
  if (!detection) {
    const port = answers.port === 'none' ? undefined : answers.port;
    return {
      existingModule: false,
      healthcheck: true,
      vendor: false,
      privateModules: false,
      cNeeds: [],
      cLibraries: [],
      ignoredBuildOutputs: buildOutputs,
      ignoredDependencyDirs: [],
      embeddedPaths: [],
      makefile: 'Makefile',
      makeVariables: makeVariablesOf('Makefile'),
      workflowFile: 'ci.yml',
      dependabot: true,
      goVersionCommand: 'make -s go-version',
      versionCommand: 'make -s image-version',
      goVersionFromGoMod: true,
      goVersionFloor: '',
      listenPort: port,
      listens: port !== undefined,
      portEnvironment: { name: 'PORT', prefix: '' },
      portFlag: undefined,
      command: undefined,
      frontends: [],
      sourceMountWritable: false,
      workdir: undefined,
      configFiles: [],
      dataVolumes: [],
      hasDataVolumes: false,
      runtimeNotes: [],
      ownTestWorkflow: false,
    };
  }
  const analysis = detection.analyse(answers.main, answers.tags);
  const embeds = detection.embeds.value;
  const holdsSource = (name: string): boolean =>
    detection.topLevelPackageDirs.includes(name) || embeds.some((path) => path === name || path.startsWith(`${name}/`));
  const vendor = detection.vendor.value;
  const makefile = detection.makefile.value;
  const ports = portVariables(answers, analysis);
  const { configFiles, dataDirs, unhandled } = analysis.runtime;
  const relativeNeeds = configFiles.length > 0 || dataDirs.some((dir) => dir.path.startsWith(`${APP_DIR}/`));
  return {
    existingModule: true,
    healthcheck: false,
    vendor,
    privateModules: answers.goPrivate !== '' && !vendor,
    cNeeds: answers.cgo ? analysis.cNeeds : [],
    cLibraries: answers.cgo ? analysis.cLibraries : [],
    ignoredBuildOutputs: buildOutputs.filter((name) => !holdsSource(name)),
    ignoredDependencyDirs: ['**/node_modules'],
    embeddedPaths: embeds,
    makefile,
    makeVariables: makeVariablesOf(makefile),
    workflowFile: detection.workflow.value,
    dependabot: detection.dependabot.value,
    goVersionCommand: makefile === 'docker.mk' ? 'make -s -f docker.mk go-version' : 'make -s go-version',
    versionCommand: makefile === 'docker.mk' ? 'make -s -f docker.mk image-version' : 'make -s image-version',
    goVersionFromGoMod: answers.goVersion === detection.goVersion.value,
    goVersionFloor: OLDEST_SUPPORTED_GO,
    ...ports,
    listens: ports.listenPort !== undefined,
    command: ports.portFlag
      ? JSON.stringify([`--${ports.portFlag.name}=${ports.portFlag.prefix}${ports.listenPort ?? ''}`])
      : undefined,
    frontends: analysis.frontends.map((frontend, index) => {
      const workdir = frontend.packageDir === '' ? '/src' : `/src/${frontend.packageDir}`;
      const inPackage = (name: string): string =>
        frontend.packageDir === '' ? name : `${frontend.packageDir}/${name}`;
      return {
        ...frontend,
        stage: analysis.frontends.length === 1 ? 'frontend' : `frontend-${index + 1}`,
        image: `node:${frontend.nodeMajor}-slim`,
        manifests: [inPackage('package.json'), ...(frontend.lockfile ? [frontend.lockfile] : [])],
        workdir,
        copySource: frontend.packageDir || '.',
      };
    }),
    sourceMountWritable: analysis.frontends.length > 0,
    workdir: relativeNeeds ? APP_DIR : undefined,
    configFiles: configFiles.map((file) => file.path),
    dataVolumes: dataDirs.map((dir) => ({ path: dir.path, volume: `${answers.name}-${slug(dir.path)}` })),
    hasDataVolumes: dataDirs.length > 0,
    runtimeNotes: unhandled,
    ownTestWorkflow: detection.ownTestWorkflow.value,
  };
}
