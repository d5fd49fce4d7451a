/**
 * Nothing half-written: every file that differs from the one on disk is settled (asked, kept or overwritten)
 * before the first file is written, then everything is written at once. Yeoman's own commit asks file by file
 * while it writes, so an abort at the fourth conflict left the first three files written.
 *
 * How a conflict is settled: --force overwrites; --bail stops the run; with no terminal the file is kept as it is
 * and listed (the user may have edited it), so --force is the way to overwrite unattended, unless the run also
 * stores new answers in .yo-rc.json: a kept file would then be out of step with them (`update` would take the old
 * values for the user's edits), so the run stops before writing anything (`onKeptWhileStoring`); at a terminal the
 * user chooses, with Yeoman's question (y overwrite, n keep, a overwrite this and all others, d show the differences,
 * x abort: nothing is written). --dry-run writes nothing: one line per file (create, identical, conflict), then
 * the unified diff of the files that differ (git's format, as `update --dry-run` prints it).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import type { InputOutputAdapter } from '@yeoman/adapter/types';
import { Conflicter, createConflicterTransform, type ConflicterFile } from '@yeoman/conflicter';
import type { Store } from 'mem-fs';
import type { MemFsEditorFile } from 'mem-fs-editor';
import { isFilePending } from 'mem-fs-editor/state';
import { createCommitTransform } from 'mem-fs-editor/transform';
import { fileDiff } from './unified-diff.js';

export interface CommitOptions {
  readonly adapter: InputOutputAdapter;
  /** The destination root: paths are shown relative to it. */
  readonly cwd: string;
  readonly force: boolean;
  readonly bail: boolean;
  readonly dryRun: boolean;
  /** Whether the user can be asked (a terminal). */
  readonly canAsk: boolean;
  /** Ends the run when the user aborts at `file` (x), or --bail meets it; never returns. */
  readonly onAbort: (file: string, why: 'abort' | 'bail') => never;
  /**
   * Ends the run when files are kept (no terminal to ask) while .yo-rc.json would be written with other answers
   * than those on disk; never returns. Nothing is written by then.
   */
  readonly onKeptWhileStoring: (kept: readonly string[]) => never;
  /** --dry-run: the same run without it would call onKeptWhileStoring with `kept`. */
  readonly wouldStop: (kept: readonly string[]) => void;
  /** Where --dry-run prints its unified diff (stdout, so that it can go to `git apply`). */
  readonly printDiff: (diff: string) => void;
}

/** Yeoman's conflict question without its experimental actions (reload, edit, ignore). */
const KEPT_ACTIONS = new Set(['y', 'n', 'a', 'd', 'x']);

/** A file whose new contents differ from the file on disk (a new file, or an identical one, is no conflict). */
function differsFromDisk(file: MemFsEditorFile): boolean {
  if (!existsSync(file.path)) return false;
  if (!statSync(file.path).isFile()) return true;
  return file.contents === null || !readFileSync(file.path).equals(file.contents);
}

/**
 * An adapter for settling: the questions, the `conflict` line and the differences are shown; the per-file status
 * lines (create, force, skip...) are left to the write that follows, so nothing claims to be written before it is.
 */
function settlingAdapter(adapter: InputOutputAdapter): InputOutputAdapter {
  const quiet = (): void => undefined;
  const log = Object.assign(quiet, adapter.log, {
    create: quiet,
    force: quiet,
    skip: quiet,
    identical: quiet,
    info: quiet,
    writeln: quiet,
  });
  return {
    log,
    prompt: adapter.prompt.bind(adapter),
    separator: adapter.separator?.bind(adapter),
  } as unknown as InputOutputAdapter;
}

/** Whether `file` is .yo-rc.json, about to be written with contents other than those on disk (or created). */
const storesNewAnswers = (file: MemFsEditorFile): boolean =>
  file.path.endsWith('.yo-rc.json') &&
  (!existsSync(file.path) || file.contents === null || !readFileSync(file.path).equals(file.contents));

/** The files kept (relative paths): because no one could be asked, and by the user's answer at a terminal. */
export interface Kept {
  readonly unattended: readonly string[];
  readonly chosen: readonly string[];
}

/** Decides every conflict; returns the files kept. */
async function settle(files: readonly ConflicterFile[], options: CommitOptions): Promise<Kept> {
  const kept: string[] = [];
  const chosen: string[] = [];
  const conflicter = new Conflicter(settlingAdapter(options.adapter), {
    force: options.force,
    cwd: options.cwd,
    customizeActions: (actions) =>
      actions.flatMap((action) => {
        if (typeof action !== 'object' || !('key' in action)) return [];
        if (!KEPT_ACTIONS.has(String(action.key))) return [];
        if (action.value !== 'abort') return [action];
        return [{ ...action, value: ({ relativeFilePath }) => options.onAbort(relativeFilePath, 'abort') }];
      }),
  });
  for (const file of files) {
    // .yo-rc.json is ours; a status set earlier (the Makefile's include line, agreed to by a flag) stands.
    if (file.path.endsWith('.yo-rc.json')) {
      file.conflicter = existsSync(file.path) ? 'force' : 'create';
      continue;
    }
    if (file.conflicter !== undefined || !differsFromDisk(file)) continue;
    const path = relative(options.cwd, file.path);
    if (options.force) file.conflicter = 'force';
    else if (options.bail) options.onAbort(path, 'bail');
    else if (!options.canAsk) {
      file.conflicter = 'skip';
      kept.push(path);
    } else {
      // Asks (once `a` was answered, overwrites without asking) and records the choice on the file.
      const decided = await conflicter.checkForCollision(file);
      file.conflicter = decided.conflicter === 'force' ? 'force' : 'skip';
      if (file.conflicter === 'skip') chosen.push(path);
      delete decided.conflicterChanges;
      delete decided.changesDetected;
    }
  }
  return { unattended: kept, chosen };
}

/** --dry-run: each file's status on a line of its own, then the diff of those that differ; nothing is written. */
function showDryRun(pending: readonly MemFsEditorFile[], options: CommitOptions): string[] {
  const diffs: string[] = [];
  const conflicts: string[] = [];
  for (const file of pending) {
    if (file.contents === null) continue;
    const path = relative(options.cwd, file.path);
    const after = file.contents.toString('utf8');
    const before = existsSync(file.path) ? readFileSync(file.path, 'utf8') : undefined;
    if (before === undefined) options.adapter.log.create(path);
    else if (before === after) options.adapter.log.identical(path);
    else {
      // .yo-rc.json and a file a flag agreed to change (the include line) are overwritten without asking.
      const ours = file.path.endsWith('.yo-rc.json') || (file as ConflicterFile).conflicter === 'force';
      if (ours || options.force) options.adapter.log.force(path);
      else {
        options.adapter.log.conflict(path);
        conflicts.push(path);
      }
      diffs.push(fileDiff(path, before, after));
    }
  }
  if (diffs.length > 0) options.printDiff(diffs.join(''));
  return conflicts;
}

/**
 * Settles every conflict, then writes every pending file (printing each one's status as Yeoman does). Returns the
 * files kept.
 */
export async function commitAllOrNothing(store: Store<MemFsEditorFile>, options: CommitOptions): Promise<Kept> {
  const pending = store.all().filter((file) => isFilePending(file));
  if (options.dryRun) {
    const conflicts = showDryRun(pending, options);
    // What the same run without --dry-run would do: settle() keeps every conflict when no one can be asked.
    if (!options.canAsk && conflicts.length > 0 && pending.some(storesNewAnswers)) options.wouldStop(conflicts);
    return { unattended: [], chosen: [] };
  }
  const kept = await settle(pending, options);
  if (kept.unattended.length > 0 && pending.some(storesNewAnswers)) options.onKeptWhileStoring(kept.unattended);
  await store.pipeline(
    { filter: (file: MemFsEditorFile) => isFilePending(file) },
    createConflicterTransform(options.adapter, { force: options.force, cwd: options.cwd }),
    createCommitTransform(),
  );
  return kept;
}
