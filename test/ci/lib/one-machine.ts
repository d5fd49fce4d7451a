/**
 * The one change the harness makes to a workflow before act runs it, because every job here shares one machine:
 * `max-parallel: 1` on each job with a matrix.
 *
 * On GitHub each leg of a matrix gets a runner of its own. act v0.2.89 runs the legs of one matrix at once
 * (its matrix executor takes min(4, `strategy.max-parallel`, legs), whatever `--concurrent-jobs` says), and on this
 * one machine they would share what GitHub gives each leg alone: the docker config (one leg's setup-buildx post step
 * removes the builder the other is using), the smoke container's name and the service's port on the host network.
 * Run one after the other, each leg finds the machine as a fresh runner would. Nothing else differs: the copy is
 * checked to parse to the generated workflow plus those keys, and the harness runs the copy under the generated
 * file's path name.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';

interface Workflow {
  jobs?: Record<string, { strategy?: Record<string, unknown> }>;
}

/** The workflow's text with `max-parallel: 1` under every job's `strategy:`; throws if anything else would change. */
export function oneLegAtATime(source: string): string {
  const lines = source.split('\n');
  const out: string[] = [];
  for (const [index, line] of lines.entries()) {
    out.push(line);
    const strategy = /^( +)strategy:\s*$/.exec(line);
    if (!strategy) continue;
    const next = lines[index + 1] ?? '';
    const indent = /^( *)/.exec(next)?.[1] ?? '';
    if (indent.length <= (strategy[1] ?? '').length) throw new Error(`a strategy without keys: ${line}`);
    out.push(`${indent}max-parallel: 1`);
  }
  const copied = out.join('\n');
  const expected = parse(source) as Workflow;
  for (const job of Object.values(expected.jobs ?? {})) {
    if (job.strategy) job.strategy['max-parallel'] = 1;
  }
  if (!isDeepStrictEqual(parse(copied), expected)) {
    throw new Error('adding max-parallel: 1 to the workflow changed more than that key');
  }
  return copied;
}
