/**
 * A person going through the questions in whatever order the program asks them: read the question on the screen,
 * find it in the table (answering.ts), answer it (Enter unless told otherwise), until the program ends. Every
 * answer given is recorded, so the coverage test can tell which rows of the options table were answered at a
 * terminal and how.
 */
import { OPTIONS, type Answers } from '../../../generators/lib/options.js';
import { QUESTIONS, TERMINAL_ROWS, rowOf } from '../answering.js';
import { ENTER, answer, erase, pendingQuestion, type Reply } from './person.js';
import { type TerminalSession } from './terminal.js';

/** How a row was answered: with Enter, with its other value, or with its refused value first. */
export type Answered = 'enter' | 'other' | 'refused';

/** Every answer given at a terminal during this run of the suite, by option. */
export const ANSWERED = new Map<keyof Answers, Set<Answered>>();

function record(key: keyof Answers, how: Answered): void {
  ANSWERED.set(key, (ANSWERED.get(key) ?? new Set()).add(how));
}

export interface WalkPlan {
  /** The answer to give per option; Enter for the others. */
  readonly replies?: Partial<Record<keyof Answers, Reply>>;
  /** Options at which to type their refused value first, see the refusal, erase it, then give their reply. */
  readonly refuseFirst?: readonly (keyof Answers)[];
  /** Stop at this option with Ctrl-C instead of answering it. */
  readonly ctrlCAt?: keyof Answers;
}

export interface Walked {
  /** The options asked, in the order they were asked. */
  readonly asked: readonly (keyof Answers)[];
}

export async function walk(session: TerminalSession, plan: WalkPlan = {}): Promise<Walked> {
  const asked: (keyof Answers)[] = [];
  for (;;) {
    await session.waitUntil(
      'a question, or the end',
      () => !session.isRunning() || pendingQuestion(session, QUESTIONS) !== undefined,
    );
    const question = pendingQuestion(session, QUESTIONS);
    if (question === undefined) return { asked };
    const row = rowOf(question);
    if (!row)
      throw new Error(`${session.commandLine}: a question not in the table: "${question}"\n${session.screen()}`);
    if (asked.includes(row.key)) {
      throw new Error(`${session.commandLine}: "${question}" was asked twice\n${session.transcript()}`);
    }
    asked.push(row.key);
    if (plan.ctrlCAt === row.key) {
      await answer(session, question, { kind: 'ctrl-c' });
      await session.exited;
      return { asked };
    }
    if (plan.refuseFirst?.includes(row.key)) {
      if (!row.refused) throw new Error(`the row of ${row.key} has no refused value`);
      const asFirstShown = session.cursorLine();
      await answer(session, question, { kind: 'type', text: row.refused.typed }, { accepted: false });
      await session.waitFor(row.refused.says);
      erase(session, row.refused.typed);
      await session.waitUntil('the refused value erased', () => session.cursorLine() === asFirstShown);
      record(row.key, 'refused');
    }
    const given = plan.replies?.[row.key] ?? ENTER;
    await answer(session, question, given);
    record(row.key, given.kind === 'enter' ? 'enter' : 'other');
  }
}

/** What the suite has not yet proven at a terminal, one line per gap (empty when every row is covered). */
export function uncovered(answered: ReadonlyMap<keyof Answers, ReadonlySet<Answered>>): string[] {
  return OPTIONS.flatMap((spec) => {
    const how = answered.get(spec.key);
    if (!how) return [`${spec.key}: never answered at a terminal`];
    const row = TERMINAL_ROWS.find((candidate) => candidate.key === spec.key);
    return [
      ...(how.has('enter') ? [] : [`${spec.key}: never answered with Enter`]),
      ...(how.has('other') ? [] : [`${spec.key}: never given another value`]),
      ...(row?.refused && !how.has('refused') ? [`${spec.key}: its refused value was never typed`] : []),
    ];
  });
}

/**
 * Answers the conflict questions ("Overwrite README.md?") as they come, `y` unless `replies` says otherwise, until
 * the program ends or a reply ends it (Ctrl-C, x). Returns the files asked about, in order.
 */
export async function settleConflicts(
  session: TerminalSession,
  replies: Readonly<Record<string, Reply>>,
): Promise<string[]> {
  const asked: string[] = [];
  for (;;) {
    await session.waitUntil('a conflict question, or the end', () => {
      const file = conflictPending(session);
      return !session.isRunning() || (file !== undefined && !asked.includes(file));
    });
    const file = conflictPending(session);
    if (file === undefined || asked.includes(file)) return asked;
    asked.push(file);
    const given = replies[file] ?? { kind: 'type', text: 'y' };
    const ends = given.kind === 'ctrl-c' || (given.kind === 'type' && given.text === 'x');
    await answer(session, `Overwrite ${file}?`, given, { accepted: !ends });
    if (ends) return asked;
  }
}

function conflictPending(session: TerminalSession): string | undefined {
  const line = session
    .screen()
    .split('\n')
    .findLast((candidate) => candidate.startsWith('? '));
  return line === undefined ? undefined : /^\? Overwrite (\S+)\?/.exec(line)?.[1];
}
