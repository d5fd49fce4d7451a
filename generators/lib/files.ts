/**
 * The file list: every file the generators write, as data. `service` files make a new module; `container` files
 * are what an existing module needs to be built and shipped as an image.
 */
import { type TemplateContext } from './context.js';

export interface TemplateFile {
  /** Path under the top-level templates/ folder, without the .ejs suffix. */
  readonly template: string;
  /** Path in the generated project. */
  readonly destination: string;
  readonly scope: 'service' | 'container';
  /** Written only when this holds; always when absent. */
  readonly when?: (context: TemplateContext) => boolean;
}

/** deploy/kubernetes: a kustomize base and an example overlay (no Service for a worker, which has no port). */
const KUBERNETES_FILES = [
  'base/kustomization.yaml',
  'base/serviceaccount.yaml',
  'base/deployment.yaml',
  'base/service.yaml',
  'base/poddisruptionbudget.yaml',
  'overlays/example/kustomization.yaml',
  'overlays/example/namespace.yaml',
] as const;

export const FILES: readonly TemplateFile[] = [
  { template: 'service/main.go', destination: 'main.go', scope: 'service' },
  { template: 'service/main_test.go', destination: 'main_test.go', scope: 'service' },
  { template: 'service/go.mod', destination: 'go.mod', scope: 'service' },
  { template: 'service/README.md', destination: 'README.md', scope: 'service' },
  { template: 'service/gitignore', destination: '.gitignore', scope: 'service' },
  // A new service only: an existing module's code is linted as its team decides (its own .golangci.yml, if any).
  { template: 'service/golangci.yml', destination: '.golangci.yml', scope: 'service' },
  { template: 'container/Dockerfile', destination: 'Dockerfile', scope: 'container' },
  { template: 'container/dockerignore', destination: '.dockerignore', scope: 'container' },
  {
    template: 'container/Makefile',
    destination: 'Makefile',
    scope: 'container',
    when: (context) => context.makefile === 'Makefile',
  },
  // Next to a module's own Makefile, which is never replaced: only the container targets, to include.
  {
    template: 'container/docker.mk',
    destination: 'docker.mk',
    scope: 'container',
    when: (context) => context.makefile === 'docker.mk',
  },
  {
    template: 'container/github/workflows/ci.yml',
    destination: '.github/workflows/ci.yml',
    scope: 'container',
    when: (context) => context.gitHubWorkflow && context.workflowFile === 'ci.yml',
  },
  // Next to a module's own workflows, which are never replaced.
  {
    template: 'container/github/workflows/ci.yml',
    destination: '.github/workflows/container.yml',
    scope: 'container',
    when: (context) => context.gitHubWorkflow && context.workflowFile === 'container.yml',
  },
  {
    template: 'deploy/compose.yaml',
    destination: 'compose.yaml',
    scope: 'container',
    when: (context) => context.composeFile !== undefined,
  },
  ...KUBERNETES_FILES.map((path): TemplateFile => ({
    template: `deploy/kubernetes/${path}`,
    destination: `deploy/kubernetes/${path}`,
    scope: 'container',
    when: (context) =>
      context.kubernetesDir !== undefined && (path !== 'base/service.yaml' || context.kubernetes.service),
  })),
  // What CI builds to carry Go's caches from one run to the next (the workflow's go-caches steps).
  {
    template: 'container/github/go-caches.Dockerfile',
    destination: '.github/go-caches.Dockerfile',
    scope: 'container',
    when: (context) => context.gitHubWorkflow,
  },
  // Never replaces a module's own Dependabot configuration.
  {
    template: 'container/github/dependabot.yml',
    destination: '.github/dependabot.yml',
    scope: 'container',
    when: (context) => context.gitHubWorkflow && context.dependabot,
  },
];

export function filesFor(context: TemplateContext, scopes: readonly TemplateFile['scope'][]): TemplateFile[] {
  return FILES.filter((file) => scopes.includes(file.scope) && (file.when?.(context) ?? true));
}
