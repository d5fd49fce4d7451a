/**
 * Finds the tools test/deploy/setup/ installs. A missing one fails the test that needs it with the command that
 * installs it: these tests never skip.
 */
import { findTool } from '../../lint/support/tools.js';

export const INSTALL_KUBE_TOOLS = 'bash test/deploy/setup/install-kube-tools.sh';

export function requireDeployTool(name: 'kustomize' | 'kube-check' | 'kube-apiserver-etcd' | 'kubectl'): string {
  const path = findTool(name);
  if (!path) throw new Error(`${name} is not installed: run \`${INSTALL_KUBE_TOOLS}\` from the repository root`);
  return path;
}
