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

/** The answer to "scaffold into this non-empty directory?" was no. */
export const declinedNonEmpty = (): StoppedRun => new StoppedRun('Stopped: nothing was written.', 1);

/** A refusal before anything is asked: a bad flag, a bad stored answer, a missing answer without a terminal. */
export const refused = (reason: string): StoppedRun => new StoppedRun(`go-container: ${reason}`, 1);

/** Whether an error is Inquirer's for a prompt closed by Ctrl-C. */
export function isPromptClosed(error: unknown): boolean {
  const name = error instanceof Error ? error.name : undefined;
  return name === 'ExitPromptError';
}
