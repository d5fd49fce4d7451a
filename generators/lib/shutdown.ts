/**
 * How the generated service stops, in seconds: the values main.go is written with, which a deployment's stop
 * settings must leave room for (Kubernetes' terminationGracePeriodSeconds, compose's stop_grace_period).
 *
 * On SIGTERM the service first drains: /readyz answers 503 while it keeps serving, so that load balancers and
 * Kubernetes' endpoints stop routing to it; then it stops accepting connections and waits for in-flight requests.
 * Both together fit the 10 s that `docker stop` waits before SIGKILL (Kubernetes waits 30 s by default).
 */

/** What `docker stop` (and `podman stop`) wait between SIGTERM and SIGKILL unless told otherwise. */
export const DOCKER_STOP_TIMEOUT_SECONDS = 10;

export interface Shutdown {
  /** Default drain (SHUTDOWN_DRAIN at run time): serving on, readiness failing, after SIGTERM. */
  readonly drainSeconds: number;
  /** How long, after the drain, in-flight requests get to finish before the server closes them. */
  readonly timeoutSeconds: number;
  /**
   * The shortest wait between SIGTERM and SIGKILL that lets the service stop cleanly with its defaults: drain, then
   * the shutdown timeout, plus a second for the process to exit. What terminationGracePeriodSeconds must be at least.
   */
  readonly stopGraceSeconds: number;
}

const drainSeconds = 5;
const timeoutSeconds = 4;

export const SHUTDOWN: Shutdown = {
  drainSeconds,
  timeoutSeconds,
  stopGraceSeconds: drainSeconds + timeoutSeconds + 1,
};
