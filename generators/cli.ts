#!/usr/bin/env node
/**
 * `go-container`: runs the generator through yeoman-environment, without a global `yo` (and so also as root).
 * Its flags are the options table's plus the run options of command-line.ts; an unknown one is refused with the
 * same message as under yo. It writes into the current directory, where the app generator itself tells a new
 * service from an existing module (a go.mod it did not write): the bin is `yo go-container` in both cases.
 *
 * The generator is the program's default action. A subcommand (`go-container update`) is added to `program` with
 * `program.command(...)` next to it, and runs instead when it is named.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { createEnv } from 'yeoman-environment';
import AppGenerator from './app/index.js';
import {
  QUIET_OPTIONS,
  RUN_OPTIONS,
  binInvocation,
  missingValueMessage,
  unknownOptionMessage,
} from './lib/command-line.js';
import { OPTIONS } from './lib/options.js';
import { probeDefaults } from './lib/probe.js';
import { APP_GENERATOR_PATH, PACKAGE_ROOT } from './lib/templates-root.js';
import { registerUpdateCommand } from './update/command.js';

const NAMESPACE = 'go-container:app';
/**
 * The generator is registered as its class, with the path yo would register: Yeoman finds the package (and so
 * the .yo-rc.json key) from that path, and the class is not loaded a second time, which the bundled bin
 * (generators/build/bundle.ts) could not do anyway.
 */
const APP = { namespace: NAMESPACE, resolved: APP_GENERATOR_PATH } as const;

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The root command: the options table, the run options, and the generator as its action. */
async function generatorProgram(invokedAs: string, wantsHelp: boolean): Promise<Command> {
  const program = new Command('go-container')
    .description('Scaffold a containerised Go service, or add containers to an existing Go module')
    .version(packageVersion(), '-V, --version', 'Print the version.')
    .helpOption('-h, --help', 'Print this help.')
    .exitOverride()
    // Our messages for an unknown option and a missing value are printed below; commander's say them differently.
    .configureOutput({
      outputError: (text, write) => (/unknown option|argument missing/.test(text) ? undefined : write(text)),
    });
  for (const spec of OPTIONS) {
    if (spec.type === 'boolean') program.option(`--${spec.flag}`).option(`--no-${spec.flag}`);
    else program.option(`--${spec.flag} <value>`);
  }
  for (const run of RUN_OPTIONS.filter((option) => !['help', 'version'].includes(option.flag))) {
    program.option(run.flags);
  }
  for (const quiet of QUIET_OPTIONS) program.addOption(new Option(`--${quiet}`).hideHelp());

  // `go-container update`: runs instead of the generator when named (it copies the settings above).
  registerUpdateCommand(program);

  if (wantsHelp) {
    // The same help as `yo go-container --help`, computed by the generator for this directory.
    const helpEnvironment = createEnv();
    const helpMeta = helpEnvironment.register(AppGenerator, APP);
    const commands = program.commands.map((command) => ({
      usage: `${command.name()} [options]`,
      description: command.description(),
    }));
    const helpGenerator = await helpMeta.instantiate<AppGenerator>([], { help: true, invokedAs, commands });
    program.helpInformation = () => helpGenerator.help();
  }

  program.action(async () => {
    // Both spellings, as yo passes them: Yeoman declares some of these options itself (ask-answered, force...).
    const parsed = program.opts();
    const kebab = (key: string): string => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    const options = {
      ...parsed,
      ...Object.fromEntries(Object.entries(parsed).map(([key, value]) => [kebab(key), value])),
    };
    const environment = createEnv({ ...options, ...(options['cwd'] ? { cwd: String(options['cwd']) } : {}) });
    const meta = environment.register(AppGenerator, APP);
    const generator = await meta.instantiate([], { ...options, invokedAs });
    await environment.runGenerator(generator);
  });
  return program;
}

async function main(argv: readonly string[]): Promise<void> {
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const program = await generatorProgram(binInvocation(argv[1] ?? '', process.env), wantsHelp);
  await program.parseAsync([...argv]);
}

/**
 * Output to a pipe closed by its reader (`go-container --defaults | head -1`) is dropped and the run goes on, so
 * that the files are still written all or nothing; with no stack trace, and the exit code the run would have.
 */
function dropOutputOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // EPIPE, then ERR_STREAM_DESTROYED for the writes already on their way.
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    stream.write = (...args: unknown[]): boolean => {
      const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    };
  });
}
dropOutputOnClosedPipe(process.stdout);
dropOutputOnClosedPipe(process.stderr);

try {
  await main(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const command = process.argv[2] === 'update' ? 'go-container update' : 'go-container';
    const unknown = /unknown option '([^']+)'/.exec(error.message)?.[1];
    if (unknown !== undefined) process.stderr.write(`go-container: ${unknownOptionMessage(unknown)}\n`);
    const missing = /option '([^']+)' argument missing/.exec(error.message)?.[1];
    if (missing !== undefined) {
      process.stderr.write(`${command}: ${missingValueMessage(missing, probeDefaults(process.cwd()))}\n`);
    }
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`go-container: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
