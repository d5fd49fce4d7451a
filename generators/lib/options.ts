/**
 * The options table: every question the generator asks is declared here ONCE, with its flag, its prompt, its
 * rule, its default and when it is asked. The generator, `--help`, the stored .yo-rc.json answers, the printed
 * equivalent command and the README's option list all come from this table, in this order (later defaults and
 * rules may depend on earlier answers).
 */
import { DEPLOY_TARGETS, type DeployTarget } from './deploy-context.js';
import { serviceNameOf, type Detection } from './detect/index.js';
import * as check from './validators.js';
import { type Checked } from './validators.js';
import {
  CI_LAYOUTS,
  DEBIAN,
  DEBIAN_RELEASES,
  RUNTIMES,
  variantOf,
  type CiLayout,
  type DebianRelease,
  type Platform,
  type Runtime,
} from './variants.js';

/** Go release used when no local `go` toolchain tells us better. Keep it at a current release. */
export const BAKED_GO_VERSION = '1.26';

export interface Answers {
  readonly main: string;
  readonly name: string;
  readonly module: string;
  readonly goVersion: string;
  readonly tags: readonly string[];
  readonly ldflags: string;
  readonly cgo: boolean;
  readonly runtime: Runtime;
  readonly debian: DebianRelease;
  /** `none`: an existing module's program that does not listen (a worker, a command). */
  readonly port: number | 'none';
  readonly portEnv: string;
  readonly image: string;
  readonly platforms: readonly Platform[];
  readonly ci: 'github' | 'none';
  readonly ciLayout: CiLayout;
  readonly deploy: readonly DeployTarget[];
  readonly defaultBranch: string;
  readonly goPrivate: string;
  readonly includeMakefile: boolean;
}

/**
 * What the defaults are derived from, gathered once, offline, by `probeDefaults` when the generator starts: before
 * any answer exists, so --help, the questions and the checks of flags can all use it. It holds no answer.
 */
export interface DefaultsContext {
  /** Name of the destination directory. */
  readonly dirName: string;
  /** major.minor of the local `go` toolchain, when there is one and it is recent enough. */
  readonly localGoMinor: string | undefined;
  /** The local `go` toolchain's version (`1.26.8`), when there is one. */
  readonly localGoVersion?: string | undefined;
  /** `git config github.user`, when set. */
  readonly gitHubUser: string | undefined;
  /** The repository's default branch as git knows it here: origin/HEAD, else `init.defaultBranch`. */
  readonly gitDefaultBranch?: string | undefined;
  /** What an existing module's files say (detect/), when the directory has a go.mod; absent for a new service. */
  readonly detection?: Detection;
}

export type PromptKind = 'input' | 'confirm' | 'select' | 'checkbox';

export interface OptionSpec<K extends keyof Answers> {
  readonly key: K;
  /** Command-line flag, without the leading dashes. */
  readonly flag: string;
  readonly type: 'string' | 'boolean';
  /** One line for `--help` and the README. */
  readonly description: string;
  /** How the default is chosen, for `--help` and the README. */
  readonly defaultDescription: string;
  readonly question: string;
  readonly prompt: PromptKind;
  /**
   * Choices of a select/checkbox prompt, given the answers so far and the directory's context (both always passed:
   * a prompt must offer what `check` accepts).
   */
  readonly choices?: (answers: Partial<Answers>, context: DefaultsContext) => readonly string[];
  /**
   * When the option means something at all (for example only for an existing module). Where it does not, it keeps
   * its default and is neither asked, stored nor printed, and its flag is refused with `rule`. Always when absent.
   */
  readonly applies?: { readonly when: (context: DefaultsContext) => boolean; readonly rule: string };
  /** Ask this question only when it returns true; otherwise the default is taken without asking. */
  readonly asked?: (answers: Partial<Answers>, context: DefaultsContext) => boolean;
  /**
   * The rule, for a value from any source (a flag, .yo-rc.json, a default or a prompt), given the answers before it
   * and the directory's context: the same call wherever the value came from.
   */
  readonly check: (raw: unknown, answers: Partial<Answers>, context: DefaultsContext) => Checked<Answers[K]>;
  readonly default: (context: DefaultsContext, answers: Partial<Answers>) => Answers[K];
  /** How an empty list is written as the flag's value (`--deploy none`); '' when absent. */
  readonly emptyList?: string;
}

export type AnyOptionSpec = { [K in keyof Answers]: OptionSpec<K> }[keyof Answers];

const ownerOf = (context: DefaultsContext): string => context.gitHubUser ?? 'example';
/** What the chosen binary needs, for an existing module: decided from the packages it compiles with its tags. */
const analysisOf = (context: DefaultsContext, answers: Partial<Answers>) =>
  context.detection?.analyse(
    answers.main ?? context.detection.main.value ?? '.',
    answers.tags ?? context.detection.tags.value,
  );

/** The link flags of a new service: its main.go's version and revision variables. */
export const NEW_SERVICE_LDFLAGS = '-s -X main.version=${VERSION} -X main.revision=${REVISION}';
const cgoOf = (answers: Partial<Answers>): boolean => answers.cgo ?? false;
const EXISTING_MODULE_ONLY = {
  when: (context: DefaultsContext) => context.detection !== undefined,
  rule: 'applies only to an existing Go module (run in a directory with a go.mod)',
};

export function appliesHere(spec: AnyOptionSpec, context: DefaultsContext): boolean {
  return spec.applies?.when(context) ?? true;
}

export const OPTIONS: readonly AnyOptionSpec[] = [
  {
    key: 'main',
    flag: 'main',
    type: 'string',
    description: 'Main package of an existing module to build into the image: . (the root) or ./cmd/<name>',
    defaultDescription: 'the only main package; of several, the one named like the module, else the first',
    question: 'Main package to build into the image',
    prompt: 'select',
    choices: (_answers, context) => context.detection?.mains ?? [],
    applies: EXISTING_MODULE_ONLY,
    asked: (_answers, context) => (context.detection?.mains.length ?? 0) > 1,
    check: (raw, _answers, context) => check.checkMain(raw, context.detection?.mains),
    default: (context) => context.detection?.main.value ?? '.',
  },
  {
    key: 'name',
    flag: 'name',
    type: 'string',
    description: 'Service and binary name',
    defaultDescription:
      "the directory's name, made a valid DNS label (existing module: the binary name its .goreleaser.yaml or " +
      '.promu.yml declares, else the name go build gives the main package)',
    question: 'Service name (binary, image and log name)',
    prompt: 'input',
    check: check.checkName,
    default: (context, answers) => {
      const { detection } = context;
      return detection ? serviceNameOf(detection, answers.main ?? '.').value : check.toServiceName(context.dirName);
    },
  },
  {
    key: 'module',
    flag: 'module',
    type: 'string',
    description: 'Go module path written to go.mod',
    defaultDescription: 'github.com/<git config github.user, or "example">/<name> (existing module: its go.mod\'s)',
    question: 'Go module path',
    prompt: 'input',
    // An existing module's path is its go.mod's: a fact, not a choice (a flag still overrides it).
    asked: (_answers, context) => context.detection === undefined,
    check: check.checkModule,
    default: (context, answers) =>
      context.detection?.module.value ??
      `github.com/${ownerOf(context)}/${answers.name ?? check.toServiceName(context.dirName)}`,
  },
  {
    key: 'goVersion',
    flag: 'go-version',
    type: 'string',
    description: "Go version of go.mod's go line and of the builder image",
    defaultDescription:
      `major.minor of the local go toolchain, else ${BAKED_GO_VERSION} (existing module: go.mod's toolchain ` +
      'line, else its go line, even when newer than the local toolchain; at least the oldest supported Go release)',
    question: 'Go version (go.mod and builder image)',
    prompt: 'input',
    check: (raw, _answers, context) =>
      check.checkGoVersion(raw, context.detection ? { goLine: context.detection.goLine } : undefined),
    default: (context) => context.detection?.goVersion.value ?? context.localGoMinor ?? BAKED_GO_VERSION,
  },
  {
    key: 'tags',
    flag: 'tags',
    type: 'string',
    description: 'Build tags of the binary (go build -tags), comma-separated',
    defaultDescription:
      'none (existing module: those its Dockerfile, .goreleaser.yaml, .promu.yml or Makefile declares); scratch adds timetzdata',
    question: 'Build tags (comma-separated, empty for none)',
    prompt: 'input',
    // A new service needs none; an existing module's are read from its files, and shown to be confirmed.
    asked: (_answers, context) => context.detection !== undefined,
    check: check.checkTags,
    default: (context) => context.detection?.tags.value ?? [],
  },
  {
    key: 'ldflags',
    flag: 'ldflags',
    type: 'string',
    description:
      'Link flags of the binary (go build -ldflags); ${VERSION}, ${REVISION} and ${CREATED} are the image ' +
      "build's version, commit and date",
    defaultDescription:
      '-s (which implies -w) and -X of main.version and main.revision (existing module: the flags it declares, else -X of the ' +
      'version variables its main package has)',
    question: 'Link flags (go build -ldflags)',
    prompt: 'input',
    asked: (_answers, context) => context.detection !== undefined,
    check: check.checkLdflags,
    default: (context, answers) => analysisOf(context, answers)?.ldflags.value ?? NEW_SERVICE_LDFLAGS,
  },
  {
    key: 'cgo',
    flag: 'cgo',
    type: 'boolean',
    description: 'Build with cgo (CGO_ENABLED=1) on distroless/cc; --no-cgo builds a static binary',
    defaultDescription:
      'false (existing module: true when a package the main package compiles, with its tags, imports "C" or a ' +
      'known cgo module, unless the project declares CGO_ENABLED)',
    question: 'Does the service need cgo (C libraries such as sqlite3)?',
    prompt: 'confirm',
    check: check.checkBoolean,
    default: (context, answers) => analysisOf(context, answers)?.cgo.value ?? false,
  },
  {
    key: 'runtime',
    flag: 'runtime',
    type: 'string',
    description: `Final image of the static variant: ${RUNTIMES.join(' or ')} (cgo always uses distroless/cc)`,
    defaultDescription: 'distroless',
    question: 'Final image for the static binary',
    prompt: 'select',
    choices: () => RUNTIMES,
    asked: (answers) => !cgoOf(answers),
    check: (raw, answers) => check.checkRuntime(raw, cgoOf(answers)),
    default: () => 'distroless',
  },
  {
    key: 'debian',
    flag: 'debian',
    type: 'string',
    description: `Debian release of the builder AND the runtime: ${DEBIAN_RELEASES.map((release) => `${release} (${DEBIAN[release].distroless})`).join(' or ')}`,
    defaultDescription: 'trixie',
    question: 'Debian release of the builder and runtime images',
    prompt: 'select',
    choices: () => DEBIAN_RELEASES,
    check: check.checkDebian,
    default: () => 'trixie',
  },
  {
    key: 'port',
    flag: 'port',
    type: 'string',
    description:
      'HTTP port the service listens on (PORT in the environment overrides it at run time); existing module: ' +
      'none for a program that does not listen',
    defaultDescription:
      '8080 (existing module: its flag, variable or listening default; one below 1024 moved to 8080 or 8443 when ' +
      'the app can be told another; none when it does not listen)',
    question: 'HTTP port',
    prompt: 'input',
    check: (raw, _answers, context) => check.checkPort(raw, context.detection !== undefined),
    default: (context, answers) => {
      const analysis = analysisOf(context, answers);
      return analysis ? (analysis.imagePort.value ?? 'none') : 8080;
    },
  },
  {
    key: 'portEnv',
    flag: 'port-env',
    type: 'string',
    description:
      "Existing module: the environment variable the app reads its port from, which the image sets ('' for none)",
    defaultDescription: 'the variable whose default is its port (getEnv("WHOAMI_PORT_NUMBER", "80")), else \'\'',
    question: 'Environment variable the app reads its port from',
    prompt: 'input',
    applies: EXISTING_MODULE_ONLY,
    asked: (answers) => answers.port !== 'none',
    check: check.checkPortEnv,
    default: (context, answers) => analysisOf(context, answers)?.portEnv.value ?? '',
  },
  {
    key: 'image',
    flag: 'image',
    type: 'string',
    description: 'Image name without tag; the Makefile and CI add tags',
    defaultDescription: 'ghcr.io/<owner of a github.com module, else git config github.user, else "example">/<name>',
    question: 'Image name (without tag)',
    prompt: 'input',
    check: check.checkImage,
    default: (context, answers) => {
      const [host, owner] = (answers.module ?? '').split('/');
      const imageOwner = host === 'github.com' && owner ? owner : ownerOf(context);
      return `ghcr.io/${imageOwner.toLowerCase()}/${answers.name ?? check.toServiceName(context.dirName)}`;
    },
  },
  {
    key: 'platforms',
    flag: 'platforms',
    type: 'string',
    description: 'Comma-separated target platforms of the image (linux/arm/v7 only without cgo)',
    defaultDescription: 'linux/amd64,linux/arm64',
    question: 'Target platforms',
    prompt: 'checkbox',
    choices: (answers) => variantOf(cgoOf(answers), answers.runtime ?? 'distroless').platforms,
    check: (raw, answers) => check.checkPlatforms(raw, variantOf(cgoOf(answers), answers.runtime ?? 'distroless')),
    default: () => ['linux/amd64', 'linux/arm64'],
  },
  {
    key: 'ci',
    flag: 'ci',
    type: 'string',
    description: 'CI workflow to write: github (GitHub Actions) or none',
    defaultDescription: 'github',
    question: 'CI workflow',
    prompt: 'select',
    choices: () => ['github', 'none'],
    check: check.checkCi,
    default: () => 'github',
  },
  {
    key: 'ciLayout',
    flag: 'ci-layout',
    type: 'string',
    description:
      'How CI builds the image: single (one runner cross-compiles every platform) or native (one job per ' +
      'platform on ubuntu-24.04 / ubuntu-24.04-arm, pushed by digest and merged; linux/arm/v7 is cross-compiled ' +
      'on the amd64 runner)',
    defaultDescription: 'single',
    question: 'How should CI build the image?',
    prompt: 'select',
    choices: () => CI_LAYOUTS,
    asked: (answers) => answers.ci === 'github',
    check: check.checkCiLayout,
    default: () => 'single',
  },
  {
    key: 'defaultBranch',
    flag: 'default-branch',
    type: 'string',
    description:
      'Default branch of the repository: CI runs for pushes to it and publishes the image from it (and from v* tags)',
    defaultDescription:
      "the branch origin/HEAD names, else git's init.defaultBranch, else main (asked when git knows neither)",
    question: 'Default branch of the repository (CI publishes the image from it)',
    prompt: 'input',
    asked: (answers, context) => answers.ci === 'github' && context.gitDefaultBranch === undefined,
    check: check.checkBranch,
    default: (context) => context.gitDefaultBranch ?? 'main',
  },
  {
    key: 'deploy',
    flag: 'deploy',
    type: 'string',
    description:
      'Where the service runs next: compose (compose.yaml, make up/down/watch) and kubernetes (a kustomize base ' +
      'and overlay in deploy/kubernetes, make k8s-render/k8s-apply), comma-separated, or none',
    defaultDescription:
      'compose,kubernetes (existing module: without what it already has, its own Compose file or manifests)',
    question: 'Deployment files to write',
    prompt: 'checkbox',
    choices: () => DEPLOY_TARGETS,
    check: check.checkDeploy,
    emptyList: 'none',
    default: (context) => DEPLOY_TARGETS.filter((target) => context.detection?.deployFiles[target].value === undefined),
  },
  {
    key: 'goPrivate',
    flag: 'goprivate',
    type: 'string',
    description:
      'Private modules (GOPRIVATE patterns) of an existing module: the image build fetches them with git ' +
      "credentials from a BuildKit secret (a .netrc), never a build argument; '' for none",
    defaultDescription: 'the patterns of GOPRIVATE (environment, else go env) that match a requirement of go.mod',
    question: 'Private module patterns (GOPRIVATE)',
    prompt: 'input',
    applies: EXISTING_MODULE_ONLY,
    check: check.checkGoPrivate,
    default: (context) => context.detection?.goPrivate.value ?? '',
  },
  {
    key: 'includeMakefile',
    flag: 'include-makefile',
    type: 'boolean',
    description:
      "Append 'include docker.mk' to the module's own Makefile (otherwise the Makefile is left as it is and " +
      'the line is printed for you to add)',
    defaultDescription: 'false',
    question: 'Append "include docker.mk" to your Makefile?',
    prompt: 'confirm',
    applies: {
      when: (context) => context.detection?.makefile.value === 'docker.mk',
      rule: 'applies only to a module with its own Makefile (the container targets then go to docker.mk)',
    },
    check: check.checkBoolean,
    default: () => false,
  },
];

/** The value as it is written on a command line (`--platforms linux/amd64,linux/arm64`, `--no-cgo`). */
export function toFlag(spec: AnyOptionSpec, value: Answers[keyof Answers]): string {
  if (typeof value === 'boolean') return value ? `--${spec.flag}` : `--no-${spec.flag}`;
  const text = Array.isArray(value) ? value.join(',') || (spec.emptyList ?? '') : String(value);
  return `--${spec.flag} ${/^[A-Za-z0-9._/:,@+-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`}`;
}
