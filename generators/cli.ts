#!/usr/bin/env node
/**
 * `go-container`: runs the generator through yeoman-environment, without a global `yo` (and so also as root).
 * Its flags are the generator's own (commander refuses unknown ones); it writes into the current directory. There,
 * the app generator itself tells a new service from an existing module (a go.mod it did not write): the bin is
 * `yo go-container` in both cases, with no subcommand.
 */
import { fileURLToPath } from 'node:url';
import { addEnvironmentOptions, createEnv } from 'yeoman-environment';
import { registerUpdateCommand } from './update/command.js';

const NAMESPACE = 'go-container:app';
const GENERATOR = fileURLToPath(new URL('./app/index.js', import.meta.url));

const EXAMPLES = `
Examples:
  go-container --defaults                                  everything default, no questions
  go-container --name api --cgo --debian bookworm          ask only what is not given
  go-container --name api --runtime scratch --defaults     static binary on scratch, the rest default

In a directory with a go.mod (an existing module) it writes only the container files, with defaults read from the
module, and never replaces your files without asking (--force to overwrite):
  go-container --defaults                                  Dockerfile, .dockerignore, Makefile or docker.mk, CI
  go-container --main ./cmd/worker --defaults              build the worker of several main packages
  go-container --include-makefile --defaults               also append 'include docker.mk' to your Makefile
`;

async function main(argv: readonly string[]): Promise<void> {
  const helpEnvironment = createEnv();
  const helpMeta = helpEnvironment.register(GENERATOR, { namespace: NAMESPACE });
  // The environment's own options (--cwd, --force, --dry-run, --bail, --skip-cache ...) as yo has them.
  const command = addEnvironmentOptions()
    .name('go-container')
    .description('Scaffold a containerised Go service (or add containers to an existing Go module)')
    .addHelpText('after', EXAMPLES);
  command.registerGenerator(await helpMeta.instantiateHelp());
  registerUpdateCommand(command);
  command.action(async () => {
    const options = command.opts();
    const environment = createEnv({ ...options, ...(options['cwd'] ? { cwd: String(options['cwd']) } : {}) });
    const meta = environment.register(GENERATOR, { namespace: NAMESPACE });
    const generator = await meta.instantiate([], { ...options, invokedAs: 'go-container' });
    await environment.runGenerator(generator);
  });
  await command.parseAsync([...argv]);
}

try {
  await main(process.argv);
} catch (error) {
  process.stderr.write(`go-container: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
