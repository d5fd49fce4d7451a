/**
 * `yo go-container:update` (and `go-container update`): brings a generated project, a new service or an existing
 * module, up to this version of the generator, or changes answers (`--cgo`, `--platforms ...`), keeping every
 * edit: a 3-way merge per file (lib/update/). Conflicts are written with markers and make the exit code 1.
 */
import Generator from 'yeoman-generator';
import { OPTIONS } from '../lib/options.js';

const camelCase = (flag: string): string => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** A flag's value, whether yo (minimist: `go-version`) or the go-container bin (commander: `goVersion`) parsed it. */
function flagValue(options: unknown, name: string): unknown {
  const parsed = options as Record<string, unknown>;
  return parsed[name] ?? parsed[camelCase(name)];
}

/** update's own options; every option of the generator is also one (an answer to change). */
export const UPDATE_OPTIONS = [
  {
    flag: 'from-version',
    type: String,
    description:
      'The version of go-container that generated the project, when .yo-rc.json records none (such projects are ' +
      'taken as 0.1.0) or a wrong one',
  },
  {
    flag: 'from',
    type: String,
    description:
      'A tarball (npm pack) or directory of the package of that version, instead of fetching it from the npm ' +
      'registry (works offline)',
  },
  { flag: 'dry-run', type: Boolean, description: 'Print the unified diff of what would change, and write nothing' },
  {
    flag: 'allow-dirty',
    type: Boolean,
    description: 'Update even though the git work tree has uncommitted changes (or there is no git work tree)',
  },
] as const;

/** Errors that say what is wrong with the input (the project, a flag, --from): the message is all there is to say. */
const USER_ERRORS = new Set(['UpdateError', 'AnswerError', 'MissingAnswerError', 'DetectionError']);

export default class UpdateGenerator extends Generator {
  constructor(args: string[], options: Generator['options']) {
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

  async writing(): Promise<void> {
    const given = OPTIONS.map((spec) => [spec.flag, flagValue(this.options, spec.flag)] as const).filter(
      ([, value]) => value !== undefined,
    );
    const text = (name: string): string | undefined => {
      const value = flagValue(this.options, name);
      return value === undefined ? undefined : String(value);
    };
    // Loaded here, not with the bin: `go-container --defaults` has no use for the merge and the package fetching.
    const { runUpdate } = await import('../lib/update/index.js');
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
    }
  }
}
