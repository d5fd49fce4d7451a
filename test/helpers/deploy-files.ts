/**
 * The deploy files `--deploy` writes by default, spelled out once for the tests that expect them (the specification:
 * not read from generators/lib/files.ts, so that a file the generator stops writing fails them).
 */
export const KUBERNETES_FILES = [
  'deploy/kubernetes/base/deployment.yaml',
  'deploy/kubernetes/base/kustomization.yaml',
  'deploy/kubernetes/base/poddisruptionbudget.yaml',
  'deploy/kubernetes/base/service.yaml',
  'deploy/kubernetes/base/serviceaccount.yaml',
  'deploy/kubernetes/overlays/example/kustomization.yaml',
  'deploy/kubernetes/overlays/example/namespace.yaml',
] as const;

/** compose.yaml and the Kubernetes files, sorted as a file listing is. */
export const DEPLOY_FILES = ['compose.yaml', ...KUBERNETES_FILES] as const;
