/**
 * `go-container update`: the update generator as a subcommand of the bin, with the options `yo go-container:update`
 * has: every option of the options table (an answer to change) and update's own.
 */
import { Command } from 'commander';
import { createEnv } from 'yeoman-environment';
import { OPTIONS } from '../lib/options.js';
import { UPDATE_GENERATOR_PATH } from '../lib/templates-root.js';
import { updateHelp } from './help.js';
import { UPDATE_OPTIONS } from './options.js';

const NAMESPACE = 'go-container:update';

/** Adds `update` to the bin's program. */
export function registerUpdateCommand(program: Command): void {
  const update = new Command('update').description(
    'Bring the project up to this version of go-container, or change answers, keeping your edits',
  );
  update.copyInheritedSettings(program);
  // The same help as yo go-container:update --help, at 80 columns, in the layout of the generator's.
  update.helpInformation = () => updateHelp('go-container update');
  for (const spec of OPTIONS) {
    const description = `${spec.description}. Default: the answer stored in .yo-rc.json`;
    if (spec.type === 'boolean') update.option(`--${spec.flag}`, description).option(`--no-${spec.flag}`);
    else update.option(`--${spec.flag} <value>`, description);
  }
  for (const option of UPDATE_OPTIONS) {
    update.option(
      option.placeholder ? `--${option.flag} ${option.placeholder}` : `--${option.flag}`,
      option.description,
    );
  }
  update.action(async () => {
    // Loaded only when named: `go-container --defaults` has no use for the merge machinery.
    const { default: UpdateGenerator } = await import('./index.js');
    const environment = createEnv();
    const meta = environment.register(UpdateGenerator, { namespace: NAMESPACE, resolved: UPDATE_GENERATOR_PATH });
    await environment.runGenerator(await meta.instantiate([], update.opts()));
  });
  // The bin's own options (--cgo, --dry-run ...) are read before `update` only: after it, they are update's.
  program.enablePositionalOptions();
  program.addCommand(update);
}
