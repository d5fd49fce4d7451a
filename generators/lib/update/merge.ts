/**
 * The 3-way merge of one file, line by line, with node-diff3 (diff3's algorithm): what the user changed and
 * what the template changed are both kept; where they overlap, both are written between diff3-style conflict
 * markers, labelled so that the user knows which side is which.
 */
import { diff3Merge } from 'node-diff3';

export interface MergeLabels {
  /** The working tree: `yours`. */
  readonly yours: string;
  /** What the recorded version renders from the stored answers. */
  readonly base: string;
  /** What this version renders from the new answers. */
  readonly theirs: string;
}

export const YOURS = 'yours';

/** The labels of an update from `baseVersion` to `theirsVersion`. */
export function mergeLabels(baseVersion: string, theirsVersion: string): MergeLabels {
  return {
    yours: YOURS,
    base: `go-container ${baseVersion} with your old answers`,
    theirs: `go-container ${theirsVersion} with your new answers`,
  };
}

export interface Merged {
  readonly text: string;
  /** How many conflicting sections the text holds. */
  readonly conflicts: number;
}

/** The lines of a text, each with its line break (the last one may have none). */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** A conflict section ends with a line break even where its side's last line has none. */
const terminated = (lines: readonly string[]): string[] =>
  lines.map((line, index) => (index === lines.length - 1 && !line.endsWith('\n') ? `${line}\n` : line));

export function mergeText(yours: string, base: string, theirs: string, labels: MergeLabels): Merged {
  let conflicts = 0;
  const output: string[] = [];
  // Changes both sides made alike are taken once, not reported as conflicts (diff3's "false conflicts").
  for (const region of diff3Merge(splitLines(yours), splitLines(base), splitLines(theirs), {
    excludeFalseConflicts: true,
  })) {
    if (region.ok) {
      output.push(...region.ok);
      continue;
    }
    if (!region.conflict) continue;
    const { a, o, b } = region.conflict;
    conflicts += 1;
    if (output.length > 0 && !output.at(-1)?.endsWith('\n')) output.push('\n');
    output.push(
      `<<<<<<< ${labels.yours}\n`,
      ...terminated(a),
      `||||||| ${labels.base}\n`,
      ...terminated(o),
      '=======\n',
      ...terminated(b),
      `>>>>>>> ${labels.theirs}\n`,
    );
  }
  return { text: output.join(''), conflicts };
}

/** Whether a file still holds a conflict an update wrote (its markers, with their labels). */
export function hasConflictMarkers(text: string): boolean {
  return new RegExp(`^<<<<<<< ${YOURS}$|^>>>>>>> go-container `, 'm').test(text);
}
