/**
 * The values the deployment files print: compose.yaml, the Kubernetes manifests under deploy/kubernetes and the
 * Makefile targets that drive them and the container tool. Each is derived once here from the answers, the
 * binary's own stop sequence and what an existing module already has; the templates only print them.
 */
// Types only (erased): options.ts and detect/ import this module's values.
import type { DeployFiles } from './detect/index.js';
import type { Answers } from './options.js';
import { SHUTDOWN } from './shutdown.js';

export const DEPLOY_TARGETS = ['compose', 'kubernetes'] as const;
export type DeployTarget = (typeof DEPLOY_TARGETS)[number];

/**
 * The comment that marks compose.yaml and deploy/kubernetes as written by this generator: such files are its own
 * and are updated on a re-run; files without it are the user's and are never replaced.
 */
export const DEPLOY_MARKER = 'Written by generator-go-container; yours to edit.';

export const COMPOSE_FILE = 'compose.yaml';
export const KUBERNETES_DIR = 'deploy/kubernetes';

/** The user the images run as: distroless's `nonroot`, numeric so that runAsNonRoot can check it. */
export const RUNTIME_USER = { uid: 65532, gid: 65532 } as const;

/**
 * How the generated binary stops, as its main.go is written: on SIGTERM it keeps serving for the drain (readiness
 * failing), then waits up to the timeout for in-flight requests; stopGraceSeconds is the least wait before SIGKILL
 * that lets it finish cleanly.
 */
export interface StopSequence {
  readonly drainSeconds: number;
  readonly timeoutSeconds: number;
  readonly stopGraceSeconds: number;
}

/** The stop sequence of the generated main.go, which is written from shutdown.ts. */
export const SERVICE_STOP: StopSequence = SHUTDOWN;

/** What Docker and Kubernetes wait after SIGTERM by default: for a module's own binary, whose stop we do not know. */
const DEFAULT_STOP_GRACE = { compose: 10, kubernetes: 30 } as const;
/** The least preStop sleep: the time kube-proxies and load balancers take to drop a terminating pod's endpoint. */
const ENDPOINT_PROPAGATION_SECONDS = 5;

export interface ImageHealthcheck {
  /** The exec-form command: the binary probing its own /healthz. */
  readonly command: readonly string[];
  /** compose.yaml's `test`: the same command, as a flow sequence. */
  readonly composeTest: string;
  readonly interval: string;
  readonly timeout: string;
  readonly startPeriod: string;
  /**
   * How often Compose checks while the container starts (Docker Engine 25+), so that `up --wait` returns as soon as
   * it is healthy. Not in the Dockerfile: buildah and older engines refuse HEALTHCHECK --start-interval.
   */
  readonly startInterval: string;
  readonly retries: number;
}

export interface KubernetesProbe {
  readonly field: 'startupProbe' | 'livenessProbe' | 'readinessProbe';
  /** An HTTP GET of this path on the `http` port; a TCP connect to it when undefined (no known health endpoint). */
  readonly httpPath: string | undefined;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

export interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface KubernetesContext {
  readonly replicas: number;
  /** The Service's port; undefined for a worker (no port): no Service. */
  readonly servicePort: number | undefined;
  /** base/service.yaml is written and listed: the program listens, so a Service routes to it. */
  readonly service: boolean;
  /** startup, liveness and readiness; empty for a worker, which has nothing to probe. */
  readonly probes: readonly KubernetesProbe[];
  readonly resources: Resources;
  /** Go before 1.25 ignores the CPU limit: GOMAXPROCS is set from it. */
  readonly gomaxprocsFromCpuLimit: boolean;
  /** Go never reads the memory limit: the pod sets this variable to the whole of that resource (downward API). */
  readonly goMemoryLimit: typeof GO_MEMORY_LIMIT;
  readonly namespace: string;
  readonly overlay: string;
  readonly overlayTag: string;
  readonly overlayReplicas: number;
}

/**
 * GOMEMLIMIT from the container's memory limit, all of it: the downward API hands the limit over as it is (no
 * fraction), so an overlay that changes the limit changes GOMEMLIMIT too. The service README says the same.
 */
export const GO_MEMORY_LIMIT = { variable: 'GOMEMLIMIT', resource: 'limits.memory' } as const;

export interface StopTiming {
  /** Compose's stop_grace_period: the binary's whole stop sequence. */
  readonly composeStopGraceSeconds: number;
  /** Kubernetes' preStop sleep: the pod leaves every Service's endpoints while it still serves; then SIGTERM. */
  readonly preStopSleepSeconds: number;
  /** The preStop sleep, then what the binary needs after SIGTERM. */
  readonly terminationGracePeriodSeconds: number;
  /** What the binary does after SIGTERM in the pod, for the manifest's comment. */
  readonly afterSigterm: string;
  /** Variables that tune the stop sequence in the pod. */
  readonly podEnvironment: readonly { readonly name: string; readonly value: string; readonly why: string }[];
}

export interface DeployContext {
  readonly deployMarker: string;
  /** compose.yaml is written: chosen, and not the module's own. */
  readonly composeFile: string | undefined;
  /** deploy/kubernetes is written: chosen, and the module has no manifests of its own. */
  readonly kubernetesDir: string | undefined;
  /** The Makefile's compose targets; prefixed in docker.mk, where a module's own Makefile may have an `up`. */
  readonly composeTargets: { readonly up: string; readonly down: string; readonly watch: string };
  readonly runtimeUser: typeof RUNTIME_USER;
  /** The port the service listens on; undefined for a worker. */
  readonly httpPort: number | undefined;
  /** How the pod tells the binary its port (PORT=8080, or the module's own variable); undefined when its flag does. */
  readonly podPortVariable: { readonly name: string; readonly value: string } | undefined;
  /** The image's HEALTHCHECK, which compose.yaml repeats; undefined when the binary has no probe of its own. */
  readonly imageHealthcheck: ImageHealthcheck | undefined;
  /** What `make up` waits for: the container healthy (by the image's HEALTHCHECK), or only running without one. */
  readonly composeReadyState: 'healthy' | 'running';
  readonly stopTiming: StopTiming;
  /** /tmp, the only writable directory: a tmpfs in Compose, a memory-backed emptyDir in Kubernetes. */
  readonly tmpSize: { readonly compose: string; readonly kubernetes: string };
  /** Paths whose changes do not rebuild the image under `docker compose watch`: build output, manifests, tests. */
  readonly composeWatchIgnores: readonly string[];
  readonly kubernetes: KubernetesContext;
}

export interface DeployInputs {
  readonly answers: Answers;
  /** The port the binary listens on; undefined for a worker. */
  readonly listenPort: number | undefined;
  /** The variable the binary reads its port from, with the value's prefix (':' for an address). */
  readonly portEnvironment: { readonly name: string; readonly prefix: string } | undefined;
  readonly binaryPath: string;
  readonly goMinor: number;
  /** The binary answers /healthz and /readyz and has the -healthcheck self-probe (a generated service). */
  readonly healthEndpoints: boolean;
  readonly makefile: 'Makefile' | 'docker.mk';
  readonly ignoredBuildOutputs: readonly string[];
  readonly stop: StopSequence;
  /** What an existing module already has; undefined for a new service. */
  readonly deployFiles: DeployFiles | undefined;
}

export function imageHealthcheck(binaryPath: string): ImageHealthcheck {
  const command = [binaryPath, '-healthcheck'];
  return {
    command,
    composeTest: `[${['CMD', ...command].map((word) => JSON.stringify(word)).join(', ')}]`,
    interval: '10s',
    timeout: '3s',
    startPeriod: '30s',
    startInterval: '1s',
    retries: 3,
  };
}

/**
 * `ours`: the binary is the generated main.go, whose stop sequence is `stop`; otherwise a module's own, whose stop
 * is unknown and gets the runtimes' default waits.
 */
export function stopTiming(stop: StopSequence, listens: boolean, ours: boolean): StopTiming {
  const preStopSleepSeconds = listens ? Math.max(stop.drainSeconds, ENDPOINT_PROPAGATION_SECONDS) : 0;
  if (!ours) {
    return {
      composeStopGraceSeconds: DEFAULT_STOP_GRACE.compose,
      preStopSleepSeconds,
      terminationGracePeriodSeconds: preStopSleepSeconds + DEFAULT_STOP_GRACE.kubernetes,
      afterSigterm: `the service gets Kubernetes' default ${DEFAULT_STOP_GRACE.kubernetes} s to stop`,
      podEnvironment: [],
    };
  }
  // In the pod the preStop sleep is the drain (the endpoint goes as the pod starts terminating): the binary need
  // not drain again after SIGTERM, only finish its in-flight requests.
  const drainInPod = listens && stop.drainSeconds > 0 ? 0 : stop.drainSeconds;
  return {
    composeStopGraceSeconds: stop.stopGraceSeconds,
    preStopSleepSeconds,
    terminationGracePeriodSeconds: preStopSleepSeconds + (stop.stopGraceSeconds - stop.drainSeconds) + drainInPod,
    afterSigterm: `the service finishes its in-flight requests within ${stop.timeoutSeconds} s`,
    podEnvironment:
      listens && stop.drainSeconds > 0
        ? [{ name: 'SHUTDOWN_DRAIN', value: '0s', why: 'The preStop sleep has drained the pod: no second drain.' }]
        : [],
  };
}

function probesOf(listens: boolean, healthEndpoints: boolean): KubernetesProbe[] {
  if (!listens) return [];
  const path = (endpoint: string): string | undefined => (healthEndpoints ? endpoint : undefined);
  return [
    // Up to 30 s to start listening; liveness and readiness begin only after it succeeds.
    { field: 'startupProbe', httpPath: path('/healthz'), periodSeconds: 1, timeoutSeconds: 2, failureThreshold: 30 },
    { field: 'livenessProbe', httpPath: path('/healthz'), periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
    { field: 'readinessProbe', httpPath: path('/readyz'), periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 },
  ];
}

export function deployContext(inputs: DeployInputs): DeployContext {
  const { answers, deployFiles } = inputs;
  const chosen = (target: DeployTarget): boolean => answers.deploy.includes(target);
  const httpPort = inputs.listenPort;
  const listens = httpPort !== undefined;
  const portVariable = inputs.portEnvironment;
  const ownCompose = deployFiles?.compose.value;
  const ownManifests = deployFiles?.kubernetes.value;
  const prefixed = inputs.makefile === 'docker.mk';
  return {
    deployMarker: DEPLOY_MARKER,
    composeFile: chosen('compose') && ownCompose === undefined ? COMPOSE_FILE : undefined,
    kubernetesDir: chosen('kubernetes') && ownManifests === undefined ? KUBERNETES_DIR : undefined,
    composeTargets: prefixed
      ? { up: 'compose-up', down: 'compose-down', watch: 'compose-watch' }
      : { up: 'up', down: 'down', watch: 'watch' },
    runtimeUser: RUNTIME_USER,
    httpPort,
    podPortVariable:
      listens && portVariable ? { name: portVariable.name, value: `${portVariable.prefix}${httpPort}` } : undefined,
    imageHealthcheck: inputs.healthEndpoints && listens ? imageHealthcheck(inputs.binaryPath) : undefined,
    composeReadyState: inputs.healthEndpoints && listens ? 'healthy' : 'running',
    stopTiming: stopTiming(inputs.stop, listens, inputs.healthEndpoints),
    tmpSize: { compose: '64m', kubernetes: '64Mi' },
    composeWatchIgnores: [...inputs.ignoredBuildOutputs, 'deploy', '**/*_test.go'],
    kubernetes: {
      replicas: 2,
      servicePort: listens ? 80 : undefined,
      service: listens,
      probes: probesOf(listens, inputs.healthEndpoints),
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } },
      gomaxprocsFromCpuLimit: inputs.goMinor < 25,
      goMemoryLimit: GO_MEMORY_LIMIT,
      namespace: answers.name,
      overlay: `${KUBERNETES_DIR}/overlays/example`,
      overlayTag: '0.1.0',
      overlayReplicas: 3,
    },
  };
}
