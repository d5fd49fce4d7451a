/**
 * The deployment files a module already has: its own Compose file, its own Kubernetes manifests (plain, kustomize
 * or a Helm chart). They are the user's and are never replaced: the generator then writes no compose.yaml or no
 * deploy/kubernetes. Files this generator wrote (they carry DEPLOY_MARKER) are its own and are updated.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPOSE_FILE, DEPLOY_MARKER, KUBERNETES_DIR } from '../deploy-context.js';
import { found, type Finding } from './finding.js';

export interface DeployFiles {
  /** The module's own Compose file; undefined when it has none (or only the one this generator wrote). */
  readonly compose: Finding<string | undefined>;
  /** A file of the module's own Kubernetes manifests; undefined when it has none (or only ours). */
  readonly kubernetes: Finding<string | undefined>;
}

/** The names `docker compose` reads by default, and their per-environment variants (compose.prod.yaml). */
const COMPOSE_NAME = /^(docker-)?compose(\.[\w-]+)*\.ya?ml$/;
const MANIFEST_NAME = /^(kustomization\.ya?ml|Kustomization|Chart\.yaml)$/;
const WORKLOAD_KIND = /^kind:[ \t]*(Deployment|StatefulSet|DaemonSet|Pod|Service|Job|CronJob)[ \t]*$/m;
/** How deep manifests are looked for: deploy/k8s/overlays/prod/kustomization.yaml is four directories down. */
const MAX_DEPTH = 5;

const readText = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

const isOurs = (path: string): boolean => readText(path).includes(DEPLOY_MARKER);

/** Not the module's manifests: hidden directories (.github, .git), dependencies, test data. */
const skipped = (name: string): boolean =>
  name.startsWith('.') || name === 'vendor' || name === 'node_modules' || name === 'testdata';

function findManifest(root: string): string | undefined {
  const ourKustomization = join(root, KUBERNETES_DIR, 'base', 'kustomization.yaml');
  const oursDir = existsSync(ourKustomization) && isOurs(ourKustomization) ? `${KUBERNETES_DIR}/` : undefined;
  const walk = (dir: string, depth: number): string | undefined => {
    const entries = readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (oursDir !== undefined && `${path}/`.startsWith(oursDir)) continue;
      if (entry.isDirectory()) {
        if (skipped(entry.name) || depth >= MAX_DEPTH) continue;
        const inside = walk(path, depth + 1);
        if (inside !== undefined) return inside;
      } else if (MANIFEST_NAME.test(entry.name)) {
        return path;
      } else if (/\.ya?ml$/.test(entry.name) && !COMPOSE_NAME.test(entry.name)) {
        const text = readText(join(root, path));
        if (/^apiVersion:/m.test(text) && WORKLOAD_KIND.test(text)) return path;
      }
    }
    return undefined;
  };
  return walk('', 0);
}

export function deployFiles(root: string): DeployFiles {
  const composeFiles = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isFile() && COMPOSE_NAME.test(entry.name))
    .map((entry) => entry.name)
    .filter((name) => !(name === COMPOSE_FILE && isOurs(join(root, name))))
    .sort();
  const manifest = findManifest(root);
  return {
    compose:
      composeFiles.length > 0
        ? found(composeFiles[0], `the module has its own ${composeFiles.join(', ')}: no ${COMPOSE_FILE} is written`)
        : found(undefined, `no Compose file of the module's own`),
    kubernetes:
      manifest !== undefined
        ? found(manifest, `the module has its own Kubernetes manifests (${manifest}): no ${KUBERNETES_DIR} is written`)
        : found(undefined, "no Kubernetes manifests of the module's own"),
  };
}
