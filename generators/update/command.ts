/**
 * `go-container update`: the update generator as a subcommand of the bin, with the same options as
 * `yo go-container:update` (read from the generator, as the bin's own are).
 */
import { fileURLToPath } from 'node:url';
import { addEnvironmentOptions, createEnv } from 'yeoman-environment';

const NAMESPACE = 'go-container:update';
const GENERATOR = fileURLToPath(new URL('./index.js', import.meta.url));

type BinCommand = ReturnType<typeof addEnvironmentOptions>;

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

export async function registerUpdateCommand(program: BinCommand): Promise<void> {
  const help = createEnv().register(GENERATOR, { namespace: NAMESPACE });
  const update = program
    .createCommand('update')
    .description('Bring the project up to this version of go-container, or change answers, keeping your edits')
    .addHelpText('after', EXAMPLES);
  update.registerGenerator(await help.instantiateHelp());
  update.action(async () => {
    const environment = createEnv();
    const meta = environment.register(GENERATOR, { namespace: NAMESPACE });
    await environment.runGenerator(await meta.instantiate([], update.opts()));
  });
  // The bin's own options (--cgo, --dry-run ...) are read before `update` only: after it, they are update's.
  program.enablePositionalOptions();
  program.addCommand(update);
}
