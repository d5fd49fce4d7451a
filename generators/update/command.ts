/**
 * `go-container update`: the update generator as a subcommand of the bin, with the options `yo go-container:update`
 * has: every option of the options table (an answer to change) and update's own.
 */
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { createEnv } from 'yeoman-environment';
import { OPTIONS } from '../lib/options.js';
import { UPDATE_OPTIONS } from './generator.js';

const NAMESPACE = 'go-container:update';
const GENERATOR = fileURLToPath(new URL('./index.js', import.meta.url));

const EXAMPLES = `
Run it in a project go-container generated (a new service or an existing module), with a clean git work tree:
  go-container update                            bring the project up to this version of go-container
  go-container update --cgo                      change an answer: the files become those of the cgo variant
  go-container update --platforms linux/amd64,linux/arm64,linux/arm/v7
  go-container update --dry-run                  print the diff of what would change, write nothing

Files you did not edit are replaced; your edits are kept and the template's changes merged in; where both changed
the same lines, the file gets conflict markers and the exit code is 1: resolve them, then run update again.
The version that generated the project (.yo-rc.json) is fetched from the npm registry once and cached;
offline, pass its package with --from <tarball|directory>.
`;

/** Adds `update` to the bin's program. */
export function registerUpdateCommand(program: Command): void {
  const update = new Command('update')
    .description('Bring the project up to this version of go-container, or change answers, keeping your edits')
    .addHelpText('after', EXAMPLES);
  update.copyInheritedSettings(program);
  for (const spec of OPTIONS) {
    const description = `${spec.description}. Default: the answer stored in .yo-rc.json`;
    if (spec.type === 'boolean') update.option(`--${spec.flag}`, description).option(`--no-${spec.flag}`);
    else update.option(`--${spec.flag} <value>`, description);
  }
  for (const option of UPDATE_OPTIONS) {
    update.option(option.type === Boolean ? `--${option.flag}` : `--${option.flag} <value>`, option.description);
  }
  update.action(async () => {
    const environment = createEnv();
    const meta = environment.register(GENERATOR, { namespace: NAMESPACE });
    await environment.runGenerator(await meta.instantiate([], update.opts()));
  });
  // The bin's own options (--cgo, --dry-run ...) are read before `update` only: after it, they are update's.
  program.enablePositionalOptions();
  program.addCommand(update);
}
