/**
 * What a person does at a question: reads it on the screen, then presses Enter, types a value, or moves through a
 * list (reading where the cursor is after each key) and ticks or unticks entries.
 */
import { KEY, type TerminalSession } from './terminal.js';

/** How a person answers one question. */
export type Reply =
  /** Enter: accept what is offered (the default, or the pre-ticked entries). */
  | { readonly kind: 'enter' }
  /** An input: type this, then Enter. */
  | { readonly kind: 'type'; readonly text: string }
  /** A yes/no question: y or n, then Enter. */
  | { readonly kind: 'confirm'; readonly yes: boolean }
  /** A list: move the cursor to this entry, then Enter. */
  | { readonly kind: 'pick'; readonly entry: string }
  /** A list of boxes: tick and untick these entries, then Enter. */
  | { readonly kind: 'tick'; readonly tick: readonly string[]; readonly untick: readonly string[] }
  /** Ctrl-C instead of an answer. */
  | { readonly kind: 'ctrl-c' };

export const ENTER: Reply = { kind: 'enter' };
export const CTRL_C: Reply = { kind: 'ctrl-c' };

export interface ListEntry {
  readonly name: string;
  readonly underCursor: boolean;
  /** For boxes: whether it is ticked. */
  readonly ticked: boolean | undefined;
}

/** The entries of the list shown under the pending question, as read from the screen. */
export function listOnScreen(session: TerminalSession, question: string): ListEntry[] {
  const lines = session.screen().split('\n');
  const at = lines.findLastIndex((line) => line.startsWith(`? ${question}`));
  if (at < 0) return [];
  const entries: ListEntry[] = [];
  for (const line of lines.slice(at + 1)) {
    const match = /^(❯)?\s*([◉◯])?\s*(\S.*)$/.exec(line);
    if (!match || line.trim() === '' || /navigate|↑↓/.test(line) || line.startsWith('>')) break;
    entries.push({
      name: (match[3] ?? '').trim(),
      underCursor: match[1] !== undefined,
      ticked: match[2] === undefined ? undefined : match[2] === '◉',
    });
  }
  return entries;
}

async function moveTo(session: TerminalSession, question: string, entry: string): Promise<ListEntry> {
  const names = listOnScreen(session, question).map((item) => item.name);
  if (!names.includes(entry)) {
    throw new Error(`"${entry}" is not among the entries of "${question}": ${names.join(', ')}\n${session.screen()}`);
  }
  for (let moves = 0; moves <= names.length; moves++) {
    const current = listOnScreen(session, question).find((item) => item.underCursor);
    if (current?.name === entry) return current;
    session.type(KEY.down);
    await session.waitUntil(`the cursor to leave "${current?.name}"`, () => {
      const now = listOnScreen(session, question).find((item) => item.underCursor);
      return now !== undefined && now.name !== current?.name;
    });
  }
  throw new Error(`the cursor never reached "${entry}" in "${question}"\n${session.screen()}`);
}

/** Gives `reply` to the question shown now (which must be `question`). */
export async function reply(session: TerminalSession, question: string, answer: Reply): Promise<void> {
  switch (answer.kind) {
    case 'enter':
      session.type(KEY.enter);
      return;
    case 'ctrl-c':
      session.type(KEY.ctrlC);
      return;
    case 'type':
      session.type(answer.text);
      await session.waitUntil(`"${answer.text}" typed`, () => session.cursorLine().includes(answer.text));
      session.type(KEY.enter);
      return;
    case 'confirm':
      session.type(answer.yes ? 'y' : 'n');
      session.type(KEY.enter);
      return;
    case 'pick':
      await moveTo(session, question, answer.entry);
      session.type(KEY.enter);
      return;
    case 'tick':
      for (const [entry, ticked] of [
        ...answer.tick.map((name) => [name, true] as const),
        ...answer.untick.map((name) => [name, false] as const),
      ]) {
        const current = await moveTo(session, question, entry);
        if (current.ticked === ticked) continue;
        session.type(KEY.space);
        await session.waitUntil(`"${entry}" ${ticked ? 'ticked' : 'unticked'}`, () =>
          listOnScreen(session, question).some((item) => item.name === entry && item.ticked === ticked),
        );
      }
      session.type(KEY.enter);
      return;
  }
}

/** Erases what was typed at an input (Backspace, as many times as needed). */
export function erase(session: TerminalSession, typed: string): void {
  session.type(KEY.backspace.repeat(typed.length));
}

/**
 * Which of `questions` is pending now: the last line on the screen that starts with `? ` and one of them (Inquirer
 * turns the `?` into a ✔ once a question is answered). Undefined while none is shown.
 */
export function pendingQuestion(session: TerminalSession, questions: readonly string[]): string | undefined {
  const line = session
    .screen()
    .split('\n')
    .findLast((candidate) => candidate.startsWith('? '));
  if (line === undefined) return undefined;
  const matching = questions.filter((question) => line.startsWith(`? ${question}`));
  return matching.sort((a, b) => b.length - a.length)[0] ?? line.slice(2);
}

/** Waits for `question` to be asked, then gives `answer`; unless told otherwise, waits until it is accepted. */
export async function answer(
  session: TerminalSession,
  question: string,
  given: Reply,
  { accepted = given.kind !== 'ctrl-c' }: { accepted?: boolean } = {},
): Promise<void> {
  await session.waitUntil(`the question "${question}"`, () =>
    session
      .screen()
      .split('\n')
      .some((line) => line.startsWith(`? ${question}`)),
  );
  await reply(session, question, given);
  if (accepted) await session.waitFor(`✔ ${question}`);
}
