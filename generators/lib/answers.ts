/**
 * Turns flags, stored answers and prompts into one validated `Answers`, walking the options table in order.
 * Precedence per option: a flag, else the answer stored in .yo-rc.json, else the default (with --defaults, or when
 * the question does not apply), else a prompt. With --ask-answered a stored answer is only the default a prompt
 * offers. Every value goes through the same check, with the same answers before it and the same context, wherever
 * it came from: a prompt's answer is asked again until it passes.
 */
import { OPTIONS, appliesHere, toFlag, type AnyOptionSpec, type Answers, type DefaultsContext } from './options.js';
import { type Checked } from './validators.js';

/** Where a value came from. A prompt's answer is never refused with an error: it is asked again. */
export type AnswerSource = 'flag' | '.yo-rc.json' | 'default';

/** A value that breaks its option's rule. The message names the flag, the value and the rule. */
export class AnswerError extends Error {
  constructor(
    readonly flag: string,
    readonly value: unknown,
    readonly rule: string,
    readonly source: AnswerSource,
    /**
     * A stored answer that held until flags of this run changed an answer it depends on: those flags (`--cgo`),
     * and the flags that would change it too (`--cgo --runtime distroless`), when its default fits.
     */
    readonly changedBy?: { readonly flags: readonly string[]; readonly fix: string | undefined },
  ) {
    const where =
      source === '.yo-rc.json'
        ? ' (stored in .yo-rc.json)'
        : source === 'default'
          ? ' (the default here; pass the flag)'
          : '';
    const once = changedBy ? ` once ${changedBy.flags.join(' ')} is given` : '';
    const fix = changedBy?.fix ? `. Change it too: ${changedBy.fix}` : changedBy ? `. Pass --${flag} too` : '';
    super(`Invalid --${flag} ${JSON.stringify(value)}${where}${once}: ${rule}${fix}`);
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

/** One question put to the user, with everything needed to ask it and to check its answer. */
export interface Question {
  readonly spec: AnyOptionSpec;
  /** What the prompt offers: the stored answer with --ask-answered, else the option's default. */
  readonly defaultValue: unknown;
  /** The entries of a select or checkbox prompt (empty for the others). */
  readonly choices: readonly string[];
  /**
   * The option's own check, bound to the answers so far and the directory's context: exactly what a flag goes
   * through. A prompt that can validate uses it to ask again on the spot.
   */
  readonly check: (raw: unknown) => Checked<unknown>;
  /** Why the previous answer was refused (`--port: must be ...`), when this is the question asked again. */
  readonly refusal: string | undefined;
}

/** Puts one question to the user and returns the raw answer, which resolveAnswers then checks. */
export type Ask = (question: Question) => Promise<unknown>;

export interface ResolveInput {
  readonly flags: RawAnswers;
  readonly stored: RawAnswers;
  readonly useDefaults: boolean;
  /** --ask-answered: ask the questions answered in .yo-rc.json again, offering the stored answers as defaults. */
  readonly askAnswered: boolean;
  readonly context: DefaultsContext;
  /** Undefined when no question can be asked (no terminal). */
  readonly ask: Ask | undefined;
}

type MutableAnswers = { -readonly [K in keyof Answers]?: Answers[K] };

/** The value a flag or .yo-rc.json gives the option, if any (stored answers only count unless --ask-answered). */
function given(
  input: ResolveInput,
  spec: AnyOptionSpec,
  { storedToo = !input.askAnswered } = {},
): { raw: unknown; source: AnswerSource } | undefined {
  if (!appliesHere(spec, input.context)) {
    // A flag that means nothing here is refused; a stored answer from another situation is ignored.
    const raw = input.flags[spec.key];
    if (raw !== undefined) throw new AnswerError(spec.flag, raw, spec.applies?.rule ?? '', 'flag');
    return undefined;
  }
  if (input.flags[spec.key] !== undefined) return { raw: input.flags[spec.key], source: 'flag' };
  if (storedToo && input.stored[spec.key] !== undefined) {
    return { raw: input.stored[spec.key], source: '.yo-rc.json' };
  }
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
 * The flags of this run without which the stored `raw` would still pass its check (`--cgo` for a stored scratch),
 * and the flags that fix it: those, with the option's default here when that passes.
 */
function changedByFlags(
  input: ResolveInput,
  spec: AnyOptionSpec,
  raw: unknown,
  answers: Partial<Answers>,
): AnswerError['changedBy'] {
  const culprits = OPTIONS.filter((other) => {
    if (input.flags[other.key] === undefined || !(other.key in answers)) return false;
    const before = input.stored[other.key] ?? other.default(input.context, answers);
    const checkedBefore = other.check(before, answers, input.context);
    return checkedBefore.ok && spec.check(raw, { ...answers, [other.key]: checkedBefore.value }, input.context).ok;
  });
  if (culprits.length === 0) return undefined;
  const fallback = spec.default(input.context, answers);
  const fits = spec.check(fallback, answers, input.context);
  const flags = culprits.map((other) => toFlag(other, answers[other.key] as Answers[keyof Answers]));
  return {
    flags,
    fix: fits.ok ? [...flags, toFlag(spec, fits.value)].join(' ') : undefined,
  };
}

/**
 * Refuses every bad flag or stored value, and lists every answer that is missing when no question can be asked,
 * before anything is asked or written.
 */
export function checkGivenAnswers(input: ResolveInput): void {
  const givenSoFar: MutableAnswers = {};
  const missing: string[] = [];
  for (const spec of OPTIONS) {
    // Stored answers are checked even with --ask-answered: they become the defaults offered.
    const value = given(input, spec, { storedToo: true });
    if (value) {
      const checked = spec.check(value.raw, givenSoFar, input.context);
      if (!checked.ok) {
        const changedBy =
          value.source === '.yo-rc.json' ? changedByFlags(input, spec, value.raw, givenSoFar) : undefined;
        throw new AnswerError(spec.flag, value.raw, checked.rule, value.source, changedBy);
      }
      Object.assign(givenSoFar, { [spec.key]: checked.value });
    } else if (!input.useDefaults && !input.ask && isAsked(input, spec, givenSoFar)) {
      missing.push(spec.flag);
    }
  }
  if (missing.length > 0) throw new MissingAnswerError(missing);
}

/** The options whose answer is taken from .yo-rc.json without asking (no flag gives them). */
export function answersTakenFromStore(input: ResolveInput): (keyof Answers)[] {
  if (input.askAnswered) return [];
  return OPTIONS.filter((spec) => given(input, spec)?.source === '.yo-rc.json').map((spec) => spec.key);
}

/** Asks until the answer passes the option's check, showing the rule it broke each time it does not. */
async function askUntilValid(
  ask: Ask,
  spec: AnyOptionSpec,
  defaultValue: unknown,
  answers: Partial<Answers>,
  context: DefaultsContext,
): Promise<unknown> {
  const check = (raw: unknown): Checked<unknown> => spec.check(raw, answers, context);
  const choices = spec.choices?.(answers, context) ?? [];
  let refusal: string | undefined;
  for (;;) {
    const checked = check(await ask({ spec, defaultValue, choices, check, refusal }));
    if (checked.ok) return checked.value;
    refusal = `--${spec.flag}: ${checked.rule}`;
  }
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
      const defaultValue = offeredDefault(input, spec, answers);
      resolved =
        input.useDefaults || !input.ask || !isAsked(input, spec, answers)
          ? checkGiven(spec, defaultValue, 'default', answers, input.context)
          : await askUntilValid(input.ask, spec, defaultValue, answers, input.context);
    }
    Object.assign(answers, { [spec.key]: resolved });
  }
  return answers as Answers;
}

/** The default of an option: its stored answer with --ask-answered (already checked), else the table's default. */
function offeredDefault(input: ResolveInput, spec: AnyOptionSpec, answers: Partial<Answers>): unknown {
  const stored = input.askAnswered && appliesHere(spec, input.context) ? input.stored[spec.key] : undefined;
  if (stored !== undefined) {
    const checked = spec.check(stored, answers, input.context);
    // A stored answer that no longer fits the earlier answers (scratch once cgo is chosen) is not offered.
    if (checked.ok) return checked.value;
  }
  return spec.default(input.context, answers);
}

/**
 * What each option would be here without flags and questions: its valid stored answer, else its default (as
 * `--help` shows them).
 */
export function answersHere(
  context: DefaultsContext,
  stored: RawAnswers,
): Record<keyof Answers, { value: unknown; source: '.yo-rc.json' | 'default' }> {
  const answers: MutableAnswers = {};
  const here: Partial<Record<keyof Answers, { value: unknown; source: '.yo-rc.json' | 'default' }>> = {};
  for (const spec of OPTIONS) {
    const raw = appliesHere(spec, context) ? stored[spec.key] : undefined;
    const checked = raw === undefined ? undefined : spec.check(raw, answers, context);
    const entry = checked?.ok
      ? { value: checked.value, source: '.yo-rc.json' as const }
      : { value: spec.default(context, answers), source: 'default' as const };
    Object.assign(answers, { [spec.key]: entry.value });
    here[spec.key] = entry;
  }
  return here as Record<keyof Answers, { value: unknown; source: '.yo-rc.json' | 'default' }>;
}

/** The defaults of every option in turn, as `--help` shows them for the current directory. */
export function defaultAnswers(context: DefaultsContext): Answers {
  const answers: MutableAnswers = {};
  for (const spec of OPTIONS) Object.assign(answers, { [spec.key]: spec.default(context, answers) });
  return answers as Answers;
}
