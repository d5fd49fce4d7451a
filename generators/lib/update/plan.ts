/**
 * What an update does to each file, decided from three renderings of it: base (the recorded version, stored
 * answers), ours (the working tree) and theirs (this version, new answers). A pure function: nothing is read or
 * written here.
 */
import { mergeText, splitLines, type MergeLabels } from './merge.js';

export type FileAction =
  /** Already what this version renders. */
  | 'identical'
  /** You had not changed it: replaced by what this version renders. */
  | 'updated'
  /** You changed it and the template did not: yours, as it is. */
  | 'kept'
  /** You and the template changed it in different places: both kept. */
  | 'merged'
  /** You and the template changed the same lines: both written between conflict markers. */
  | 'conflict'
  /** New in this version (or with these answers). */
  | 'created'
  /** Your own file, to which this version appends lines (the include line of docker.mk). */
  | 'appended'
  /** No longer rendered, and you had not changed it. */
  | 'removed'
  /** No longer rendered, but you changed it: kept. */
  | 'kept-unused'
  /** You deleted it: it stays deleted. */
  | 'deleted-by-you';

export interface PlannedFile {
  readonly path: string;
  readonly action: FileAction;
  /** The working tree's content; undefined when there is no such file. */
  readonly ours: string | undefined;
  /** The content after the update; undefined when the file must not exist. Equal to `ours` when untouched. */
  readonly result: string | undefined;
  /** Conflicting sections in `result`. */
  readonly conflicts: number;
}

export interface PlanInput {
  readonly base: ReadonlyMap<string, string>;
  readonly theirs: ReadonlyMap<string, string>;
  /** Reads a file of the working tree; undefined when it does not exist. */
  readonly ours: (path: string) => string | undefined;
  readonly labels: MergeLabels;
}

/** Whether `longer` is `shorter` with lines added at its end (nothing of `shorter` changed). */
function onlyAppends(shorter: string, longer: string): boolean {
  const kept = splitLines(shorter).map((line) => line.replace(/\n$/, ''));
  const extended = splitLines(longer).map((line) => line.replace(/\n$/, ''));
  return extended.length > kept.length && kept.every((line, index) => line === extended[index]);
}

function planFile(path: string, input: PlanInput): PlannedFile | undefined {
  const base = input.base.get(path);
  const theirs = input.theirs.get(path);
  const ours = input.ours(path);
  const planned = (action: FileAction, result: string | undefined, conflicts = 0): PlannedFile => ({
    path,
    action,
    ours,
    result,
    conflicts,
  });
  if (theirs === undefined) {
    if (ours === undefined) return undefined;
    return ours === base ? planned('removed', undefined) : planned('kept-unused', ours);
  }
  if (ours === undefined) return base === undefined ? planned('created', theirs) : planned('deleted-by-you', undefined);
  if (ours === theirs) return planned('identical', ours);
  if (base === undefined) {
    if (onlyAppends(ours, theirs)) return planned('appended', theirs);
    const merged = mergeText(ours, '', theirs, input.labels);
    return planned('conflict', merged.text, merged.conflicts);
  }
  if (ours === base) return planned('updated', theirs);
  if (base === theirs) return planned('kept', ours);
  const merged = mergeText(ours, base, theirs, input.labels);
  return merged.conflicts > 0 ? planned('conflict', merged.text, merged.conflicts) : planned('merged', merged.text);
}

/** Every file either version renders, in path order, with what the update does to it. */
export function planUpdate(input: PlanInput): PlannedFile[] {
  const paths = [...new Set([...input.base.keys(), ...input.theirs.keys()])].sort();
  return paths.flatMap((path) => planFile(path, input) ?? []);
}
