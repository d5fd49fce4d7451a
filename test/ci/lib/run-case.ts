/** One act run of one case in a world of stand-ins, and what it leaves in the registry. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runAct, type ActRun } from './act.js';
import { startArtifactService } from './artifact-service.js';
import { freePort } from './loopback.js';
import { oneLegAtATime } from './one-machine.js';
import { eventFor, type CaseEvent, type CiProject } from './project.js';
import { registryGet, type Registry } from './registry.js';
import { ACTOR, REGISTRY_HOST, REPOSITORY, type World } from './world.js';

/** Where every act run's full log (JSON lines) is kept: CI_ACT_LOGS, else a directory of the system's tmpdir. */
export const ACT_LOGS = process.env['CI_ACT_LOGS'] ?? join(tmpdir(), 'go-container-ci-act-logs');

export interface CaseRun {
  readonly act: ActRun;
  readonly registry: Registry;
  readonly logFile: string;
}

/** Containers act and the workflow start: builders (buildx_buildkit_builder-*) and the smoke container. */
function containerIds(): Set<string> {
  return new Set(
    execFileSync('docker', ['ps', '--all', '--quiet', '--no-trunc'], { encoding: 'utf8' }).split('\n').filter(Boolean),
  );
}

export interface CaseOptions {
  /** `kept`: the registry as the previous case left it, as a repository's next push finds GHCR. Default: fresh. */
  readonly registry?: 'fresh' | 'kept';
}

export async function runCase(
  world: World,
  project: CiProject,
  kind: CaseEvent,
  options: CaseOptions = {},
): Promise<CaseRun> {
  const registry = options.registry === 'kept' ? await world.keptRegistry() : await world.freshRegistry();
  const { event, payload } = eventFor(kind, project);
  world.sigstore.identity = {
    repository: `${REPOSITORY.owner}/${REPOSITORY.name}`,
    ref: (payload as { ref?: string }).ref ?? 'refs/pull/7/merge',
    sha: project.sha,
    eventName: event,
    workflowPath: project.workflow.slice(project.dir.length + 1),
  };
  const home = mkdtempSync(join(world.dir, 'home-'));
  // Under the generated file's own name (act names the workflow by it), beside the run's home, not in the project.
  const workflow = join(mkdtempSync(join(world.dir, 'workflow-')), basename(project.workflow));
  writeFileSync(workflow, oneLegAtATime(readFileSync(project.workflow, 'utf8')));
  const artifacts = join(world.dir, `artifacts-${Date.now()}`);
  mkdirSync(artifacts, { recursive: true });
  // Outside the world's directory, which goes when the suite ends: the log is what a red case is read from.
  mkdirSync(ACT_LOGS, { recursive: true });
  const logFile = join(ACT_LOGS, `${project.name}-${kind.replaceAll(' ', '-')}-${Date.now()}.log`);
  const before = containerIds();
  const artifactPort = await freePort();
  const artifactService = await startArtifactService(artifactPort);
  try {
    const act = await runAct({
      project: project.dir,
      event,
      eventJson: payload,
      workflow,
      hostsFile: world.hostsFile,
      // act hands the runner ACTIONS_RUNTIME_URL from its own environment when set there (setActionRuntimeVars).
      env: { ...world.env(home), ACTIONS_RUNTIME_URL: artifactService.url },
      secrets: { GITHUB_TOKEN: world.token },
      actor: ACTOR,
      actionCache: world.actionCache,
      cacheServer: world.cacheServer,
      artifactServer: { path: artifacts, port: artifactPort },
      logFile,
    });
    return { act, registry, logFile };
  } finally {
    await artifactService.stop();
    // A job that failed half-way can leave its builder or smoke container behind: remove what this run started.
    const leftovers = [...containerIds()].filter((id) => !before.has(id));
    if (leftovers.length > 0) execFileSync('docker', ['rm', '--force', '--volumes', ...leftovers], { stdio: 'ignore' });
    execFileSync('docker', ['image', 'rm', '--force', `${project.name}:smoke`], { stdio: 'ignore' });
  }
}

/** What the registry holds for the image: its tags, and each tag's manifest. */
export class RegistryView {
  constructor(
    private readonly world: World,
    private readonly repository: string,
  ) {}

  private get(
    path: string,
    accept?: string,
  ): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
    const auth = Buffer.from(`${ACTOR}:${this.world.token}`).toString('base64');
    return registryGet(this.world.ghcrAddress, this.world.authority.caPem, path, {
      authorization: `Basic ${auth}`,
      ...(accept ? { accept } : {}),
    });
  }

  async repositories(): Promise<string[]> {
    const { body } = await this.get('/v2/_catalog');
    return (JSON.parse(body) as { repositories: string[] | null }).repositories ?? [];
  }

  /** Every tag, the referrers-tag-schema ones (sha256-<hex>, see `referrers`) included. */
  async allTags(): Promise<string[]> {
    const { status, body } = await this.get(`/v2/${this.repository}/tags/list`);
    if (status === 404) return [];
    return ((JSON.parse(body) as { tags: string[] | null }).tags ?? []).sort();
  }

  /** The image's tags, as a user sees them: without the referrers index tags. */
  async tags(): Promise<string[]> {
    return (await this.allTags()).filter((tag) => !REFERRERS_TAG.test(tag));
  }

  async manifest(reference: string): Promise<{ digest: string; mediaType: string; json: Manifest }> {
    const accept = [
      'application/vnd.oci.image.index.v1+json',
      'application/vnd.docker.distribution.manifest.list.v2+json',
      'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.docker.distribution.manifest.v2+json',
    ].join(', ');
    const { status, headers, body } = await this.get(`/v2/${this.repository}/manifests/${reference}`, accept);
    if (status !== 200) throw new Error(`GET manifest ${reference}: ${status} ${body}`);
    const json = JSON.parse(body) as Manifest;
    return { digest: String(headers['docker-content-digest']), mediaType: json.mediaType ?? '', json };
  }

  async blob(digest: string): Promise<string> {
    return (await this.get(`/v2/${this.repository}/blobs/${digest}`)).body;
  }

  /**
   * What refers to a manifest. distribution v3.1 has no referrers API (GHCR has), so clients fall back to the OCI
   * referrers tag schema: an index of the referring manifests, tagged `sha256-<hex of the digest>`. Both are read.
   */
  async referrers(digest: string): Promise<Manifest> {
    const api = await this.get(`/v2/${this.repository}/referrers/${digest}`, 'application/vnd.oci.image.index.v1+json');
    if (api.status === 200) return JSON.parse(api.body) as Manifest;
    const tag = digest.replace(':', '-');
    if (!(await this.allTags()).includes(tag)) return { manifests: [] };
    return (await this.manifest(tag)).json;
  }
}

const REFERRERS_TAG = /^sha256-[0-9a-f]{64}$/;

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly artifactType?: string;
  readonly platform?: { readonly os: string; readonly architecture: string; readonly variant?: string };
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface Manifest {
  readonly mediaType?: string;
  readonly manifests?: readonly Descriptor[];
  readonly config?: Descriptor;
  readonly layers?: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

export const IMAGE_REPOSITORY = (name: string): string => `${REPOSITORY.owner}/${name}`;
export { REGISTRY_HOST };
