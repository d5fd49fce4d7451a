/**
 * `yo go-container:update` (and `go-container update`): brings a generated project, a new service or an existing
 * module, up to this version of the generator, or changes answers (`--cgo`, `--platforms ...`), keeping every
 * edit: a 3-way merge per file (lib/update/). Conflicts are written with markers and make the exit code 1.
 */
import Generator from 'yeoman-generator';
import type { GoContainerOptions } from '../lib/go-container-generator.js';
import { OPTIONS } from '../lib/options.js';
import { scalarText } from '../lib/scalar-text.js';
import { cancelled } from '../lib/stopped-run.js';
import { updateHelp } from './help.js';
import { UPDATE_OPTIONS } from './options.js';

export { UPDATE_OPTIONS };

const camelCase = (flag: string): string => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** A flag's value, whether yo (minimist: `go-version`) or the go-container bin (commander: `goVersion`) parsed it. */
function flagValue(options: GoContainerOptions, name: string): unknown {
  return options[name] ?? options[camelCase(name)];
}

/** Errors that say what is wrong with the input (the project, a flag, --from): the message is all there is to say. */
const USER_ERRORS = new Set(['UpdateError', 'AnswerError', 'MissingAnswerError', 'DetectionError']);

export default class UpdateGenerator extends Generator<Record<string, unknown>, GoContainerOptions> {
  constructor(args: string[], options: GoContainerOptions) {
    // customInstallTask: a Go service has no package.json to install.
    super(args, options, { customInstallTask: true });
    for (const spec of OPTIONS) {
      this.option(spec.flag, {
        type: spec.type === 'boolean' ? Boolean : String,
        description: `${spec.description}. Default: the answer stored in .yo-rc.json`,
      });
    }
    for (const option of UPDATE_OPTIONS) {
      this.option(option.flag, { type: option.type, description: option.description });
    }
  }

  /** yo go-container:update --help: the help of go-container update. */
  override help(): string {
    return updateHelp('yo go-container:update');
  }

  async writing(): Promise<void> {
    const given = OPTIONS.map((spec) => [spec.flag, flagValue(this.options, spec.flag)] as const).filter(
      ([, value]) => value !== undefined,
    );
    const text = (name: string): string | undefined => {
      const value = flagValue(this.options, name);
      return value === undefined ? undefined : scalarText(value);
    };
    // Loaded here, not with the bin: `go-container --defaults` has no use for the merge and the package fetching.
    const { runUpdate } = await import('../lib/update/index.js');
    // Ctrl-C while the versions are fetched and rendered: one line and 130, as at the generator's questions.
    // Nothing is written by then: the writes come last and are synchronous, so a Ctrl-C is handled before them
    // or once the update is complete (and then it has nothing left to stop).
    const interrupted = (): void => {
      const stopped = cancelled();
      process.stderr.write(`${stopped.message}\n`);
      process.exit(stopped.exitCode);
    };
    process.once('SIGINT', interrupted);
    try {
      const outcome = await runUpdate({
        projectDir: this.destinationRoot(),
        flags: Object.fromEntries(given),
        fromVersion: text('from-version'),
        from: text('from'),
        dryRun: flagValue(this.options, 'dry-run') === true,
        allowDirty: flagValue(this.options, 'allow-dirty') === true,
        log: (line) => this.log(line),
        print: (diff) => process.stdout.write(diff),
      });
      if (outcome.conflicts.length > 0) process.exitCode = 1;
    } catch (error) {
      if (!(error instanceof Error) || !USER_ERRORS.has(error.name)) throw error;
      // Bad input: its one message, as the bin prints a bad answer's; nothing was written.
      this.log(`go-container update: ${error.message}`);
      process.exitCode = 1;
    } finally {
      process.off('SIGINT', interrupted);
    }
  }
}
