/**
 * The projects the deploy tests render and run: a new service of each variant, an old Go release (which needs
 * GOMAXPROCS from the CPU limit), and an existing module (no health endpoints of ours: TCP probes, docker.mk), and a worker (no port).
 */
import { join } from 'node:path';
import { FIXED_FLAGS, generate, type Flags, type Generated } from '../../helpers/generate.js';
import { generateInFixture, type FixtureName } from '../../existing/support.js';

export interface DeployCase {
  /** Also the service name, so that every case gets a namespace of its own in one API server. */
  readonly id: string;
  /** What the case shows, for test names. */
  readonly about: string;
  readonly flags: Flags;
  readonly fixture?: FixtureName;
  /** The service answers /healthz and /readyz (a generated main.go). */
  readonly healthEndpoints: boolean;
  /** It listens on a port; a worker does not: no Service, no probes. */
  readonly listens: boolean;
}

export const DEPLOY_CASES: readonly DeployCase[] = [
  {
    id: 'svc-distroless',
    about: 'a new static service on distroless',
    flags: { ...FIXED_FLAGS, name: 'svc-distroless', image: 'ghcr.io/acme/svc-distroless' },
    healthEndpoints: true,
    listens: true,
  },
  {
    id: 'svc-scratch',
    about: 'a new static service on scratch',
    flags: { ...FIXED_FLAGS, name: 'svc-scratch', image: 'ghcr.io/acme/svc-scratch', runtime: 'scratch' },
    healthEndpoints: true,
    listens: true,
  },
  {
    id: 'svc-cgo-go124',
    about: 'a new cgo service on Go 1.24',
    flags: { ...FIXED_FLAGS, name: 'svc-cgo-go124', image: 'ghcr.io/acme/svc-cgo', cgo: true, 'go-version': '1.24' },
    healthEndpoints: true,
    listens: true,
  },
  {
    id: 'existing-root-main',
    about: 'an existing module with its own Makefile',
    flags: { name: 'existing-root-main', image: 'ghcr.io/acme/existing' },
    fixture: 'root-main',
    healthEndpoints: false,
    listens: true,
  },
  {
    id: 'existing-config-data',
    about: 'an existing module that writes a data directory (a volume)',
    flags: { name: 'existing-config-data', image: 'ghcr.io/acme/probe' },
    fixture: 'config-data',
    healthEndpoints: false,
    listens: true,
  },
  {
    id: 'existing-worker',
    about: 'an existing module that listens on no port (a worker)',
    flags: { name: 'existing-worker', image: 'ghcr.io/acme/worker' },
    fixture: 'worker',
    healthEndpoints: false,
    listens: false,
  },
];

export async function generateCase(deployCase: DeployCase): Promise<Generated> {
  return deployCase.fixture ? generateInFixture(deployCase.fixture, deployCase.flags) : generate(deployCase.flags);
}

export const OVERLAY = 'deploy/kubernetes/overlays/example';
export const BASE = 'deploy/kubernetes/base';
export const overlayOf = (project: Generated): string => join(project.dir, OVERLAY);
export const baseOf = (project: Generated): string => join(project.dir, BASE);
