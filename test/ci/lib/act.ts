/**
 * Runs a generated workflow with nektos/act, its jobs on this machine (`-P RUNNER=-self-hosted`), the actions at
 * the exact commits the workflow pins (from the shared actions directory, dist/ built where a snapshot lacks it),
 * in a mount namespace whose /etc/hosts sends the stand-ins' names (github.com, api.github.com, vuln.go.dev, ghcr.io)
 * to their loopback addresses: only the act process tree sees them.
 *
 * Both GitHub runners map to this amd64 machine: ubuntu-24.04 natively, ubuntu-24.04-arm through the kernel's arm64
 * emulation for the one thing that must run arm64 code there (the native layout's arm64 smoke test, `docker run` of
 * the arm64 image); its build cross-compiles like everywhere else.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exec, type Ran } from '../../e2e/lib/exec.js';
import { ACTION_DISTS, NODE24_BIN, sharedActionsDir, tool } from './settings.js';

export const RUNNERS = ['ubuntu-24.04', 'ubuntu-24.04-arm'] as const;

/**
 * The --local-repository arguments: every action of LOCK.tsv at its commit, from its snapshot, or from the copy
 * test/ci/setup/build-action-dists.sh made of it: with the dist/ the snapshot lacks, or (a Docker action) with the
 * executable mode git records for its entrypoint script.
 */
export function localRepositories(): string[] {
  const actions = sharedActionsDir();
  return readFileSync(join(actions, 'LOCK.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [action = '', tag = '', commit = '', , runtime = '', absent = '-'] = line.split('\t');
      const prepared = runtime === 'docker' || absent.trim() !== '-';
      const dir = prepared ? join(ACTION_DISTS, `${action}@${commit}`) : join(actions, `${action}@${tag}`);
      return `${action}@${commit}=${dir}`;
    });
}

export interface StepResult {
  readonly job: string;
  readonly step: string;
  readonly result: string;
}

export interface ActRun {
  readonly ran: Ran;
  /** Job name (with its matrix values, `image (linux/arm64)`) → success | failure | skipped. */
  readonly jobs: Readonly<Record<string, string>>;
  readonly steps: readonly StepResult[];
  /** The main step of each job, by step name, with how long it took (ms), in the order they ran. */
  readonly stepTimes: readonly { job: string; step: string; ms: number }[];
}

export interface ActOptions {
  readonly project: string;
  readonly event: 'push' | 'pull_request';
  readonly eventJson: object;
  readonly workflow: string;
  readonly hostsFile: string;
  readonly env: NodeJS.ProcessEnv;
  readonly secrets: Readonly<Record<string, string>>;
  readonly actor: string;
  /** Directories and ports of act's own servers: actions cache, artifacts. */
  readonly actionCache: string;
  readonly cacheServer: { readonly path: string; readonly port: number };
  readonly artifactServer: { readonly path: string; readonly port: number };
  readonly logFile: string;
}

interface ActLine {
  readonly job?: string;
  readonly jobID?: string;
  readonly matrix?: Readonly<Record<string, unknown>>;
  readonly step?: string;
  readonly stage?: string;
  readonly stepResult?: string;
  readonly jobResult?: string;
  readonly msg?: string;
  readonly time?: string;
}

export async function runAct(options: ActOptions): Promise<ActRun> {
  const eventPath = join(options.actionCache, `event-${Date.now()}.json`);
  writeFileSync(eventPath, JSON.stringify(options.eventJson));
  const args = [
    options.event,
    '--workflows',
    options.workflow,
    '--eventpath',
    eventPath,
    ...RUNNERS.flatMap((runner) => ['-P', `${runner}=-self-hosted`]),
    '--action-cache-path',
    options.actionCache,
    '--action-offline-mode',
    '--pull=false',
    ...localRepositories().flatMap((repository) => ['--local-repository', repository]),
    '--cache-server-addr',
    '127.0.0.1',
    '--cache-server-port',
    String(options.cacheServer.port),
    '--cache-server-path',
    options.cacheServer.path,
    '--artifact-server-addr',
    '127.0.0.1',
    '--artifact-server-port',
    String(options.artifactServer.port),
    '--artifact-server-path',
    options.artifactServer.path,
    '--actor',
    options.actor,
    // One job at a time across the plan; the legs of a matrix one at a time too, through the workflow's copy
    // (one-machine.ts): act's matrix executor does not follow this flag.
    '--concurrent-jobs',
    '1',
    '--json',
    ...Object.entries(options.secrets).flatMap(([name, value]) => ['--secret', `${name}=${value}`]),
  ];
  const ran = await exec(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      'mount --bind "$1" /etc/hosts && shift && exec "$@"',
      'act-namespace',
      options.hostsFile,
      tool('act'),
      ...args,
    ],
    { cwd: options.project, env: options.env, timeoutMs: 30 * 60_000 },
  );
  writeFileSync(options.logFile, ran.output);
  const jobs: Record<string, string> = {};
  const steps: StepResult[] = [];
  const stepTimes: { job: string; step: string; ms: number }[] = [];
  const started = new Map<string, number>();
  for (const line of ran.stdout.split('\n')) {
    let entry: ActLine;
    try {
      entry = JSON.parse(line) as ActLine;
    } catch {
      continue;
    }
    // act names a job `<workflow name>/<job name>` (`ci/image (linux/arm64)`): the workflow's name has no slash.
    // With more than one leg act appends the leg's number (`image (linux/arm64)-2`): the name GitHub shows has none.
    const legs = entry.matrix !== undefined && Object.keys(entry.matrix).length > 0;
    // act pads job names to one width (`merge                `).
    const named = (entry.job ?? entry.jobID ?? '').replace(/^[^/]*\//, '').trim();
    const job = legs ? named.replace(/-[0-9]+$/, '') : named;
    if (entry.jobResult) jobs[job] = entry.jobResult;
    const key = `${job}\u0000${entry.step ?? ''}`;
    if (entry.stage === 'Main' && entry.step && entry.time && !started.has(key) && !entry.stepResult) {
      started.set(key, Date.parse(entry.time));
    }
    if (entry.stepResult && entry.step) {
      steps.push({ job, step: entry.step, result: entry.stepResult });
      if (entry.stage === 'Main' && entry.time && started.has(key)) {
        stepTimes.push({ job, step: entry.step, ms: Date.parse(entry.time) - started.get(key)! });
      }
    }
  }
  return { ran, jobs, steps, stepTimes };
}

export { NODE24_BIN };
