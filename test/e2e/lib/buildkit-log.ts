/**
 * Reads BuildKit's `--progress=plain` log into its steps. Each vertex is announced as `#N <name>` and ends with
 * `#N CACHED`, `#N DONE 1.2s` or `#N ERROR ...`; Dockerfile instructions are named
 * `[<platform> <stage> <i>/<n>] <INSTRUCTION ...>`, the platform being `linux/amd64->arm64` for a stage that runs
 * on the build machine for another target, and absent when only one platform is built.
 */

export type StepStatus = 'cached' | 'done' | 'error' | 'unfinished';

export interface BuildStep {
  /** Vertex number in the log. */
  readonly id: number;
  /** The whole vertex name, e.g. `[linux/amd64->arm64 build 5/5] RUN --mount=... go build ...`. */
  readonly name: string;
  /** For Dockerfile instructions: `linux/amd64`, `linux/amd64->arm64`, or '' for a single-platform build. */
  readonly platform: string | undefined;
  /** For Dockerfile instructions: the stage's name (`build`, `deps`, `stage-3`). */
  readonly stage: string | undefined;
  /** For Dockerfile instructions: `RUN`, `COPY`, `FROM`, `WORKDIR`, ... */
  readonly instruction: string | undefined;
  /** The instruction's text after its keyword. */
  readonly text: string;
  readonly status: StepStatus;
  /** From `DONE 1.2s`. */
  readonly seconds: number | undefined;
  /** Timestamped output lines of the step (`#N 0.123 ...`). */
  readonly output: readonly string[];
}

interface MutableStep {
  id: number;
  name: string;
  status: StepStatus;
  seconds: number | undefined;
  output: string[];
}

export function parseBuildLog(log: string): BuildStep[] {
  const steps = new Map<number, MutableStep>();
  for (const line of log.split('\n')) {
    const match = /^#(\d+) (.*)$/.exec(line.trimEnd());
    if (!match) continue;
    const id = Number(match[1]);
    const rest = match[2] ?? '';
    let step = steps.get(id);
    if (!step) {
      step = { id, name: rest, status: 'unfinished', seconds: undefined, output: [] };
      steps.set(id, step);
      continue;
    }
    if (rest === 'CACHED') step.status = 'cached';
    else if (/^DONE \d+(\.\d+)?s$/.test(rest)) {
      step.status = 'done';
      step.seconds = Number(/[\d.]+/.exec(rest)?.[0]);
    } else if (/^ERROR\b/.test(rest)) step.status = 'error';
    else if (/^\d+\.\d+ /.test(rest)) step.output.push(rest.replace(/^\d+\.\d+ /, ''));
  }
  return [...steps.values()].map((step) => {
    const instruction = /^\[(?:(\S+) )?([\w.-]+) \d+\/\d+\] ([A-Z]+)\s*(.*)$/.exec(step.name);
    return {
      ...step,
      platform: instruction ? (instruction[1] ?? '') : undefined,
      stage: instruction?.[2],
      instruction: instruction?.[3],
      text: instruction?.[4] ?? step.name,
    };
  });
}

/** The steps that run a Dockerfile RUN or COPY instruction (the ones a cache can save). */
export function workSteps(steps: readonly BuildStep[]): BuildStep[] {
  return steps.filter((step) => step.instruction === 'RUN' || step.instruction === 'COPY');
}

export function describeSteps(steps: readonly BuildStep[]): string {
  return steps
    .map((step) => `  #${step.id} ${step.status}${step.seconds === undefined ? '' : ` ${step.seconds}s`}: ${step.name}`)
    .join('\n');
}
