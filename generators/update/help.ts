/**
 * `go-container update --help` and `yo go-container:update --help`: the same text, readable at 80 columns, in the
 * layout of the generator's own help (lib/help.ts): update's flags first, then the answers it can change.
 */
import { HELP_WIDTH, entry, flagsOf, wrap } from '../lib/help.js';
import { OPTIONS } from '../lib/options.js';
import { UPDATE_OPTIONS } from './options.js';

const SUMMARY =
  'Brings the project in this directory (a service or an existing module go-container generated) up to this ' +
  'version of go-container, or changes answers, keeping your edits: a file you did not edit is replaced; your ' +
  "edits are kept and the template's changes merged in; where both changed the same lines the file gets " +
  'conflict markers and the exit code is 1: resolve them, then run update again. It needs a clean git work tree.';

const SOURCE =
  'The version that generated the project (recorded in .yo-rc.json) is fetched from the npm registry once and ' +
  'cached; offline, pass its package with --from.';

export function updateHelp(command: string): string {
  const examples: readonly (readonly [string, string])[] = [
    [command, 'bring the project up to this version of go-container'],
    [`${command} --cgo`, 'change an answer: the files become those of the cgo variant'],
    [`${command} --platforms linux/amd64,linux/arm64,linux/arm/v7`, 'one more platform'],
    [`${command} --dry-run`, 'print the diff of what would change, write nothing'],
  ];
  return [
    `Usage: ${command} [options]`,
    '',
    ...wrap(SUMMARY, HELP_WIDTH, 0),
    '',
    'Update options:',
    ...UPDATE_OPTIONS.flatMap((option) =>
      entry(`--${option.flag}${option.placeholder ? ` ${option.placeholder}` : ''}`, [option.description]),
    ),
    ...entry('-h, --help', ['Print this help.']),
    '',
    ...wrap(
      "Answers to change (each is the answer stored in .yo-rc.json unless given, checked as go-container's):",
      HELP_WIDTH,
      0,
    ),
    ...OPTIONS.flatMap((spec) => entry(flagsOf(spec), [spec.description])),
    '',
    ...wrap(SOURCE, HELP_WIDTH, 0),
    '',
    'Examples:',
    ...examples.flatMap(([line, does]) => [`  ${line}`, ...wrap(does, HELP_WIDTH, 6)]),
    '',
  ].join('\n');
}
