/**
 * Turns flags, stored answers and prompts into one validated `Answers`, walking the options table in order.
 * Precedence per option: a flag, else the answer stored in .yo-rc.json, else the default (with --defaults, or when
 * the question does not apply), else a prompt. Every value goes through the same check wherever it came from.
 */
import { OPTIONS, appliesHere, type AnyOptionSpec, type Answers, type DefaultsContext } from './options.js';

export type AnswerSource = 'flag' | '.yo-rc.json' | 'prompt' | 'default';

/** A value that breaks its option's rule. The message names the flag, the value and the rule. */
export class AnswerError extends Error {
  constructor(
    readonly flag: string,
    readonly value: unknown,
    readonly rule: string,
    readonly source: AnswerSource,
  ) {
    const where =
      source === '.yo-rc.json'
        ? ' (stored in .yo-rc.json)'
        : source === 'default'
          ? ' (the default here; pass the flag)'
          : '';
    super(`Invalid --${flag} ${JSON.stringify(value)}${where}: ${rule}`);
    this.name = 'AnswerError';
  }
}

/** A question that must be answered when there is no terminal to ask it on. */
export class MissingAnswerError extends Error {
  constructor(readonly flags: readonly string[]) {
    super(
      `No terminal to ask for ${flags.map((flag) => `--${flag}`).join(', ')}: ` +
        'pass them as flags, or --defaults to take the default of every option not given',
    );
    this.name = 'MissingAnswerError';
  }
}

export type RawAnswers = Partial<Record<keyof Answers, unknown>>;

/** Asks one question; its `validate` reuses the option's check so a bad answer is asked again. */
export type Ask = (spec: AnyOptionSpec, defaultValue: unknown, answers: Partial<Answers>) => Promise<unknown>;

export interface ResolveInput {
  readonly flags: RawAnswers;
  readonly stored: RawAnswers;
  readonly useDefaults: boolean;
  readonly context: DefaultsContext;
  /** Undefined when no question can be asked (no terminal). */
  readonly ask: Ask | undefined;
}

type MutableAnswers = { -readonly [K in keyof Answers]?: Answers[K] };

function given(input: ResolveInput, spec: AnyOptionSpec): { raw: unknown; source: AnswerSource } | undefined {
  if (!appliesHere(spec, input.context)) {
    // A flag that means nothing here is refused; a stored answer from another situation is ignored.
    const raw = input.flags[spec.key];
    if (raw !== undefined) throw new AnswerError(spec.flag, raw, spec.applies?.rule ?? '', 'flag');
    return undefined;
  }
  if (input.flags[spec.key] !== undefined) return { raw: input.flags[spec.key], source: 'flag' };
  if (input.stored[spec.key] !== undefined) return { raw: input.stored[spec.key], source: '.yo-rc.json' };
  return undefined;
}

/** Whether the question is put to the user when no flag or stored answer gives it. */
function isAsked(input: ResolveInput, spec: AnyOptionSpec, answers: Partial<Answers>): boolean {
  return appliesHere(spec, input.context) && (spec.asked?.(answers, input.context) ?? true);
}

function checkGiven(
  spec: AnyOptionSpec,
  raw: unknown,
  source: AnswerSource,
  answers: Partial<Answers>,
  context: DefaultsContext,
): unknown {
  const checked = spec.check(raw, answers, context);
  if (!checked.ok) throw new AnswerError(spec.flag, raw, checked.rule, source);
  return checked.value;
}

/**
 * Refuses every bad flag or stored value, and lists every answer that is missing when no question can be asked,
 * before anything is asked or written.
 */
export function checkGivenAnswers(input: ResolveInput): void {
  const givenSoFar: MutableAnswers = {};
  const missing: string[] = [];
  for (const spec of OPTIONS) {
    const value = given(input, spec);
    if (value) {
      Object.assign(givenSoFar, {
        [spec.key]: checkGiven(spec, value.raw, value.source, givenSoFar, input.context),
      });
    } else if (!input.useDefaults && !input.ask && isAsked(input, spec, givenSoFar)) {
      missing.push(spec.flag);
    }
  }
  if (missing.length > 0) throw new MissingAnswerError(missing);
}

export async function resolveAnswers(input: ResolveInput): Promise<Answers> {
  checkGivenAnswers(input);
  const answers: MutableAnswers = {};
  for (const spec of OPTIONS) {
    const value = given(input, spec);
    let resolved: unknown;
    if (value) {
      resolved = checkGiven(spec, value.raw, value.source, answers, input.context);
    } else {
      const defaultValue = spec.default(input.context, answers);
      const asked = isAsked(input, spec, answers);
      resolved =
        input.useDefaults || !asked || !input.ask
          ? checkGiven(spec, defaultValue, 'default', answers, input.context)
          : checkGiven(spec, await input.ask(spec, defaultValue, answers), 'prompt', answers, input.context);
    }
    Object.assign(answers, { [spec.key]: resolved });
  }
  return answers as Answers;
}

/** The defaults of every option in turn, as `--help` shows them for the current directory. */
export function defaultAnswers(context: DefaultsContext): Answers {
  const answers: MutableAnswers = {};
  for (const spec of OPTIONS) Object.assign(answers, { [spec.key]: spec.default(context, answers) });
  return answers as Answers;
}
