/**
 * The generated Kubernetes manifests as the real tools see them: rendered by kustomize (as `make k8s-render` does),
 * then judged by kube-check (strict decoding into k8s.io/api, pod-security-admission).
 */
import { parseAllDocuments } from 'yaml';
import { execOk } from '../../e2e/lib/exec.js';
import { type KubeObject } from './kube-apiserver.js';
import { requireDeployTool } from './tools.js';

export interface Verdict {
  readonly allowed: boolean;
  readonly forbidden?: string;
}

export interface CheckedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly strictError?: string;
  readonly podSecurity?: Readonly<Record<'restricted' | 'baseline', Verdict>>;
}

/** `kustomize build DIR`: the multi-document YAML an overlay or base renders to. */
export async function kustomizeBuild(dir: string): Promise<string> {
  return (await execOk(requireDeployTool('kustomize'), ['build', dir])).stdout;
}

export function objectsOf(yamlText: string): KubeObject[] {
  return parseAllDocuments(yamlText)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

/** What the Kubernetes libraries say of each object of `yamlText`. */
export async function kubeCheck(yamlText: string): Promise<CheckedObject[]> {
  const ran = await execOk(requireDeployTool('kube-check'), [], { input: yamlText });
  return JSON.parse(ran.stdout) as CheckedObject[];
}
