/**
 * `--help`, the same for `yo go-container` and the `go-container` bin: readable at 80 columns, our options first
 * with the value each would take in this directory (a stored answer included), then the few run options that mean
 * something here. Yeoman's options that do nothing for this generator are not shown.
 */
import { answersHere, type RawAnswers } from './answers.js';
import { type RunOption } from './command-line.js';
import { OPTIONS, appliesHere, type AnyOptionSpec, type DefaultsContext } from './options.js';

export const HELP_WIDTH = 80;
const FLAG_COLUMN = 24;

export interface HelpCommand {
  /** As typed, with its placeholder: `update [options]`. */
  readonly usage: string;
  readonly description: string;
}

export interface HelpInput {
  /** How it was started: `go-container`, `yo go-container`, `yo go-container:docker`. */
  readonly command: string;
  readonly summary: string;
  readonly context: DefaultsContext;
  readonly stored: RawAnswers;
  /** The options of the run itself (--defaults, --force, ...), after ours. */
  readonly runOptions: readonly RunOption[];
  /** The bin's subcommands (`update [options]`), which run instead of the generator when named. */
  readonly commands: readonly HelpCommand[];
  /** Command lines, each with what it does. */
  readonly examples: readonly (readonly [command: string, does: string])[];
}

/** Words wrapped to `width`, every line after the first indented by `indent` spaces. */
export function wrap(text: string, width: number, indent: number, firstIndent = indent): string[] {
  const lines: string[] = [];
  let line = ' '.repeat(firstIndent);
  let empty = true;
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = ' '.repeat(indent);
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** An option's flag column and its description, wrapped beside it. */
export function entry(flags: string, paragraphs: readonly string[]): string[] {
  const lines: string[] = [];
  for (const paragraph of paragraphs) lines.push(...wrap(paragraph, HELP_WIDTH, FLAG_COLUMN));
  const [first = '', ...rest] = lines;
  const head = `  ${flags}`;
  if (head.length + 2 <= FLAG_COLUMN) return [`${head.padEnd(FLAG_COLUMN)}${first.trimStart()}`, ...rest];
  return [head, ...lines];
}

const shown = (value: unknown): string => {
  const text = Array.isArray(value) ? value.join(',') : String(value);
  return text === '' ? "''" : text;
};

export function flagsOf(spec: AnyOptionSpec): string {
  return spec.type === 'boolean' ? `--${spec.flag}, --no-${spec.flag}` : `--${spec.flag} <value>`;
}

function optionEntry(spec: AnyOptionSpec, input: HelpInput, here: ReturnType<typeof answersHere>): string[] {
  const paragraphs = [spec.description];
  if (!appliesHere(spec, input.context)) {
    paragraphs.push(`Not used here: ${spec.applies?.rule ?? ''}.`);
    return entry(flagsOf(spec), paragraphs);
  }
  const { value, source } = here[spec.key];
  if (source === '.yo-rc.json') {
    paragraphs.push(`Here: ${shown(value)}, stored in .yo-rc.json. Default: ${spec.defaultDescription}.`);
  } else if (spec.defaultDescription === shown(value)) {
    paragraphs.push(`Default: ${spec.defaultDescription}.`);
  } else {
    paragraphs.push(`Default: ${spec.defaultDescription}. Here: ${shown(value)}.`);
  }
  return entry(flagsOf(spec), paragraphs);
}

export function helpText(input: HelpInput): string {
  const here = answersHere(input.context, input.stored);
  return [
    `Usage: ${input.command} [options]`,
    '',
    ...wrap(input.summary, HELP_WIDTH, 0),
    '',
    'Options (each is asked when not given; defaults as computed for this directory):',
    ...OPTIONS.flatMap((spec, at) => [...(at === 0 ? [] : ['']), ...optionEntry(spec, input, here)]),
    '',
    'Run options:',
    ...input.runOptions.flatMap((option) => entry(option.flags, [option.description])),
    ...(input.commands.length > 0
      ? [
          '',
          `Commands (${input.command} <command> --help for its own options):`,
          ...input.commands.flatMap((command) => entry(command.usage, [command.description])),
        ]
      : []),
    '',
    'Examples:',
    ...input.examples.flatMap(([command, does]) => [`  ${command}`, ...wrap(does, HELP_WIDTH, 6)]),
    '',
  ].join('\n');
}
