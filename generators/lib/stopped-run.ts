/**
 * The ways a run ends early on purpose, each with one line for the person and an exit code for the shell. None of
 * them happens after the first file is written: every question, conflicts included, is settled before.
 */

export class StoppedRun extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'StoppedRun';
  }
}

/** Ctrl-C at a question. 130 is what a shell reports for a program ended by SIGINT. */
export const cancelled = (): StoppedRun => new StoppedRun('Cancelled: nothing was written.', 130);

/** `x` (abort) at a conflict question. */
export const abortedAtConflict = (file: string): StoppedRun =>
  new StoppedRun(`Aborted at the conflict on ${file}: nothing was written.`, 1);

/** --bail: the first file that differs from what would be written stops the run. */
export const bailedAtConflict = (file: string): StoppedRun =>
  new StoppedRun(
    `go-container: ${file} differs from what would be written, and --bail stops at the first conflict: nothing was written.`,
    1,
  );

export interface KeptWhileStoring {
  /** The files that differ from what this run writes and would have been kept (no terminal to ask). */
  readonly kept: readonly string[];
  /** The answers that differ from those stored, as flags (`--port 9090`); empty on a first run. */
  readonly changed: readonly string[];
  /** Whether .yo-rc.json holds answers already (a re-run), so that `update` can apply the change. */
  readonly rerun: boolean;
  /** How to run update as the user started the generator: `go-container update`, `yo go-container:update`. */
  readonly updateCommand: string;
  /** --dry-run: said of the run without it. */
  readonly dryRun?: boolean;
}

/**
 * Without a terminal, files that differ are kept; storing new answers beside them would leave .yo-rc.json out of
 * step with the files (update would take the old values for the user's edits), so nothing is written.
 */
export function keptWhileStoring({ kept, changed, rerun, updateCommand, dryRun }: KeptWhileStoring): StoppedRun {
  const them = kept.length === 1 ? 'it' : 'them';
  const files = kept.join(', ');
  const differ = kept.length === 1 ? 'differs' : 'differ';
  const answers = !rerun
    ? 'the answers of a first run'
    : changed.length > 0
      ? `the changed answers (${changed.join(' ')})`
      : 'the answers of this version of go-container';
  const ways = [
    ...(rerun && changed.length > 0
      ? [`\`${updateCommand} ${changed.join(' ')}\` applies the change and merges it into your edits`]
      : rerun
        ? [`\`${updateCommand}\` brings the files to this version and merges its changes into your edits`]
        : []),
    `--force overwrites ${them}`,
    `running at a terminal asks about each file`,
  ];
  return new StoppedRun(
    `go-container: ${files} ${differ} from what this run writes, and there is no terminal to ask whether to ` +
      `overwrite ${them}. Keeping ${them} while storing ${answers} in .yo-rc.json would leave ${them} out of step ` +
      `with .yo-rc.json, so ${dryRun ? 'without --dry-run nothing would be written' : 'nothing was written'}. ` +
      `To go on: ${ways.join('; ')}.`,
    1,
  );
}

/** The answer to "scaffold into this non-empty directory?" was no. */
export const declinedNonEmpty = (): StoppedRun => new StoppedRun('Stopped: nothing was written.', 1);

/** A refusal before anything is asked: a bad flag, a bad stored answer, a missing answer without a terminal. */
export const refused = (reason: string): StoppedRun => new StoppedRun(`go-container: ${reason}`, 1);

/** Whether an error is Inquirer's for a prompt closed by Ctrl-C. */
export function isPromptClosed(error: unknown): boolean {
  const name = error instanceof Error ? error.name : undefined;
  return name === 'ExitPromptError';
}
