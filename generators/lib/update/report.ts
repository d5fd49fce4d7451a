/** What update prints: one line per file, the conflicts to resolve, and, for --dry-run, the unified diff. */
import { OPTIONS, toFlag } from '../options.js';
import { fileDiff } from '../unified-diff.js';
import { type FileAction, type PlannedFile } from './plan.js';

const WHY: Record<FileAction, string> = {
  identical: '',
  updated: 'you had not changed it: replaced',
  kept: 'your changes; the template did not change it',
  merged: "your changes and the template's, merged",
  conflict: "your changes overlap the template's: resolve the conflict markers",
  created: 'new',
  appended: 'lines appended to your file',
  removed: 'no longer generated, and you had not changed it',
  'kept-unused': 'no longer generated, but you changed it: kept (delete it if you no longer need it)',
  'deleted-by-you': 'you deleted it: left deleted',
};

const LABEL: Record<FileAction, string> = {
  identical: 'identical',
  updated: 'update',
  kept: 'keep',
  merged: 'merge',
  conflict: 'conflict',
  created: 'create',
  appended: 'append',
  removed: 'remove',
  'kept-unused': 'keep',
  'deleted-by-you': 'skip',
};

export function fileLines(plan: readonly PlannedFile[]): string[] {
  const width = Math.max(...plan.map((file) => file.path.length));
  return plan.map((file) => {
    const why = WHY[file.action];
    return `  ${LABEL[file.action].padEnd(9)} ${why ? `${file.path.padEnd(width)}  ${why}` : file.path}`;
  });
}

export function conflictLines(conflicts: readonly string[], finish: string): string[] {
  return [
    `${conflicts.length} file${conflicts.length === 1 ? '' : 's'} with conflicts: in each, keep what you want between`,
    '<<<<<<< (yours), ||||||| (what the old version wrote), ======= and >>>>>>> (what this version writes),',
    'and remove those marker lines:',
    ...conflicts.map((path) => `  ${path}`),
    finish,
  ];
}

/** The unified diff (git's format, so that `git apply` takes it) of what the update would change. */
export function unifiedDiff(plan: readonly PlannedFile[]): string {
  return plan
    .filter((file) => file.result !== file.ours)
    .map((file) => fileDiff(file.path, file.ours, file.result))
    .join('');
}

/** The answers given now, as typed: `--cgo --platforms linux/amd64,linux/arm64`. */
export function givenFlags(flags: Readonly<Record<string, unknown>>): string[] {
  return OPTIONS.filter((spec) => flags[spec.flag] !== undefined).map((spec) => {
    const value = flags[spec.flag];
    return spec.type === 'boolean' ? toFlag(spec, value === true) : `--${spec.flag} ${String(value)}`;
  });
}
