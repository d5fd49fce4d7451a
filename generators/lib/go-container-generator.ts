/**
 * The generator lifecycle shared by `go-container` (a new service) and its sub-generators: declare the options
 * from the table, resolve and validate the answers, store them, render the file list, settle every conflict and
 * only then write, print what to run next. It holds no decisions of its own: those are in options.ts, variants.ts
 * and files.ts.
 *
 * A run that stops early (a refused flag, Ctrl-C, an abort at a conflict) stops before the first file is written
 * and ends with one line and an exit code (stopped-run.ts), under yo as under the bin: no stack trace.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Generator, { type BaseOptions, type PromptQuestion } from 'yeoman-generator';
import {
  AnswerError,
  MissingAnswerError,
  answersTakenFromStore,
  checkGivenAnswers,
  resolveAnswers,
  type Ask,
  type RawAnswers,
  type ResolveInput,
} from './answers.js';
import { closingMessage } from './closing-message.js';
import { RUN_OPTIONS, unknownFlags, unknownOptionMessage, yoArguments } from './command-line.js';
import { templateContext, type TemplateContext } from './context.js';
import { findingsReport, withDockerMkIncluded } from './detect/index.js';
import { FILES, filesFor, type TemplateFile } from './files.js';
import { newerThanLocalToolchainWarning } from './go-toolchain.js';
import { helpText, type HelpCommand } from './help.js';
import { OPTIONS, appliesHere, toFlag, type Answers, type DefaultsContext } from './options.js';
import { probeDefaults } from './probe.js';
import { commitAllOrNothing } from './settle-conflicts.js';
import {
  StoppedRun,
  abortedAtConflict,
  bailedAtConflict,
  cancelled,
  declinedNonEmpty,
  isPromptClosed,
  keptWhileStoring,
  refused,
} from './stopped-run.js';
import { TEMPLATES_ROOT } from './templates-root.js';
import { withGeneratorVersion } from './update/version.js';

const camelCase = (flag: string): string => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Entries of a directory that do not make it "not empty" for a new service: a fresh `git init`, our answers. */
const IGNORED_ENTRIES = new Set(['.git', '.yo-rc.json']);

interface AdapterLike {
  actualAdapter?: { stdin?: { isTTY?: boolean } };
  stdin?: { isTTY?: boolean };
  signal?: AbortSignal;
}

/** yeoman-test's adapter has no stdin: it answers prompts itself and a run there must throw, not exit. */
function isTestAdapter(adapter: unknown): boolean {
  const { actualAdapter, stdin } = adapter as AdapterLike;
  return (actualAdapter?.stdin ?? stdin) === undefined;
}

/** Whether questions can be asked: a real terminal, or the test adapter. */
function canPrompt(adapter: unknown): boolean {
  const { actualAdapter, stdin } = adapter as AdapterLike;
  const input = actualAdapter?.stdin ?? stdin;
  return input === undefined || input.isTTY === true;
}

/** The values ticked in a checkbox prompt: Inquirer hands `validate` its choice objects. */
const tickedValues = (selection: unknown): unknown =>
  Array.isArray(selection)
    ? selection.map((item: unknown) =>
        typeof item === 'object' && item !== null && 'value' in item ? item.value : item,
      )
    : selection;

/**
 * What the generator's options hold besides its flags: what Yeoman passes (the namespace it runs under), and what
 * the go-container bin adds (how it was invoked, its subcommands for --help). Flags are read by name with `flag()`:
 * yo and the bin spell them differently.
 */
export type GoContainerOptions = BaseOptions & {
  /** `go-container`, `npx go-container`...: given by the bin, absent under yo. */
  readonly invokedAs?: string;
  /** The bin's subcommands, listed by --help. */
  readonly commands?: readonly HelpCommand[];
  readonly [flag: string]: unknown;
};

/** .yo-rc.json's section of this generator: the stored answers (checked like flags before use) and the version. */
export type StoredConfig = Readonly<Record<string, unknown>>;

export abstract class GoContainerGenerator extends Generator<StoredConfig, GoContainerOptions> {
  /**
   * Which parts of the file list this generator writes. May depend on `defaultsContext.detection` (set when the
   * directory already has a go.mod): a generator without the `service` scope needs an existing module.
   */
  protected abstract readonly scopes: readonly TemplateFile['scope'][];

  /** Files that differed from what is on disk and were kept because no one could be asked (relative paths). */
  private readonly keptFiles: string[] = [];
  /** Files that differed and were kept by the user's answer at a terminal (relative paths). */
  private readonly keptByChoice: string[] = [];
  /** The answers that differ from those .yo-rc.json held before this run, as flags (`--port 9090`). */
  private changedAnswers: string[] = [];
  /** Whether .yo-rc.json held answers before this run. */
  private rerun = false;
  /** With docker.mk: whether the module's own Makefile includes it once written. */
  private dockerMkIncluded = false;

  /** What the defaults are derived from: probed in the constructor, so --help and every question can use it. */
  protected readonly defaultsContext: DefaultsContext;
  /** Set by prompting(): every answer, from a flag, .yo-rc.json, a question or its default. */
  protected answers!: Answers;
  /** Set by prompting() from the answers: every value the templates print (and the file list and closing read). */
  protected templateContext!: TemplateContext;

  constructor(args: string[], options: GoContainerOptions) {
    // inheritTasks: the lifecycle methods below run for every subclass, which only chooses its scopes.
    // customInstallTask: a Go service has no package.json to install.
    super(args, options, { inheritTasks: true, customInstallTask: true });
    // The environment's commit asks about each conflict while it writes; ours settles them all first.
    this.setFeatures({ customCommitTask: () => this.commitAllOrNothing() });
    this.defaultsContext = probeDefaults(this.destinationRoot());
    for (const spec of OPTIONS) {
      this.option(spec.flag, { type: spec.type === 'boolean' ? Boolean : String, description: spec.description });
    }
    for (const run of RUN_OPTIONS.filter((option) => option.flag === 'defaults' || option.flag === 'ask-answered')) {
      this.option(run.flag, { type: Boolean, description: run.description });
    }
    if (this.options.help) return;
    // Bad flags and stored answers stop the run here, before any question, task or file.
    try {
      // yo passes every flag on, known or not: an unknown one is refused as the bin refuses it. Only when yo named
      // this generator: update runs it too, under yo's command line for update.
      const [unknown] = unknownFlags(yoArguments(process.argv, this.options.namespace) ?? []);
      if (unknown !== undefined) throw new UsageError(unknownOptionMessage(unknown));
      checkGivenAnswers(this.resolveInput());
    } catch (error) {
      if (error instanceof AnswerError || error instanceof MissingAnswerError || error instanceof UsageError) {
        this.stop(refused(error.message), error);
      }
      throw error;
    }
  }

  /**
   * Ends the run with one line and an exit code. Under yeoman-test (no process of its own to end) it throws
   * `error` instead, so the tests see the reason.
   */
  private stop(stopped: StoppedRun, error: Error = stopped): never {
    if (isTestAdapter(this.env.adapter)) throw error;
    process.stderr.write(`${stopped.message}\n`);
    process.exit(stopped.exitCode);
  }

  /** A flag's value, whether yo (minimist: `go-version`) or the go-container bin (commander: `goVersion`) parsed it. */
  private flag(name: string): unknown {
    return this.options[name] ?? this.options[camelCase(name)];
  }

  private storedAnswers(): RawAnswers {
    const stored = this.config.getAll();
    return Object.fromEntries<unknown>(
      OPTIONS.map((spec): [string, unknown] => [spec.key, stored[spec.key]]).filter(([, value]) => value !== undefined),
    );
  }

  private readonly ask: Ask = async ({ spec, defaultValue, choices, check, refusal }) => {
    const validates = spec.prompt === 'input' || spec.prompt === 'checkbox';
    // Select and confirm prompts cannot show a refusal themselves; their answer is checked all the same.
    if (refusal !== undefined && !validates) this.log(`>> ${refusal}`);
    const isCheckbox = spec.prompt === 'checkbox';
    const question = {
      type: spec.prompt,
      name: spec.key,
      message: spec.question,
      ...(isCheckbox ? {} : { default: spec.prompt === 'input' ? String(defaultValue) : defaultValue }),
      ...(choices.length > 0
        ? {
            choices: choices.map((value) => ({
              name: value,
              value,
              checked: isCheckbox && Array.isArray(defaultValue) && defaultValue.includes(value),
            })),
          }
        : {}),
      ...(validates
        ? {
            validate: (input: unknown) => {
              const checked = check(isCheckbox ? tickedValues(input) : input);
              return checked.ok || `--${spec.flag}: ${checked.rule}`;
            },
          }
        : {}),
    } as PromptQuestion;
    const reply: Record<string, unknown> = await this.prompt([question]);
    return reply[spec.key];
  };

  private resolveInput(): ResolveInput {
    return {
      flags: Object.fromEntries(OPTIONS.map((spec) => [spec.key, this.flag(spec.flag)])),
      stored: this.storedAnswers(),
      useDefaults: this.flag('defaults') === true,
      askAnswered: this.flag('ask-answered') === true,
      context: this.defaultsContext,
      ask: canPrompt(this.env.adapter) ? this.ask : undefined,
    };
  }

  private get invokedAs(): string {
    const { invokedAs, namespace } = this.options;
    return invokedAs ?? `yo ${namespace.replace(/:app$/, '')}`;
  }

  override help(): string {
    const command = this.invokedAs;
    const bin = this.options.invokedAs !== undefined;
    return helpText({
      command,
      summary:
        'Scaffolds a containerised Go service in this directory, or, in the root of a Go module (a go.mod), adds ' +
        'the container files to it. Asks for every option not given as a flag.',
      context: this.defaultsContext,
      stored: this.storedAnswers(),
      runOptions: RUN_OPTIONS.filter((option) => bin || !option.binOnly),
      commands: this.options.commands ?? [],
      examples: [
        [`${command} --defaults`, 'every option default (or stored), no questions'],
        [`${command} --name api --cgo --debian bookworm`, 'ask only what is not given'],
        [`${command} --runtime scratch --defaults`, 'a static binary on scratch, the rest default'],
        [`${command} --main ./cmd/worker --defaults`, 'in a Go module with several main packages: build the worker'],
        [`${command} --include-makefile --defaults`, "in a Go module with its own Makefile: add 'include docker.mk'"],
      ],
    });
  }

  async initializing(): Promise<void> {
    if (!isTestAdapter(this.env.adapter)) {
      // Ctrl-C at any question (Inquirer closes the prompt and the adapter aborts the run): nothing is written yet.
      const { signal } = this.env.adapter as AdapterLike;
      signal?.addEventListener('abort', () => {
        if (isPromptClosed(signal.reason)) this.stop(cancelled());
      });
    }
    if (!this.scopes.includes('service') && !existsSync(this.destinationPath('go.mod'))) {
      throw new Error(
        `no go.mod in ${this.destinationRoot()}: run this in the root of an existing Go module, ` +
          'or use `yo go-container` to create a new service',
      );
    }
    if (this.scopes.includes('service') && !existsSync(this.destinationPath('go.mod'))) await this.agreeToNonEmpty();
  }

  /**
   * A new service in a directory that already has files but no go.mod (say a README.md and a package.json) is
   * probably a mistake: say so, list what would be replaced, and ask (without a terminal: refuse unless --force).
   */
  private async agreeToNonEmpty(): Promise<void> {
    const entries = readdirSync(this.destinationRoot())
      .filter((entry) => !IGNORED_ENTRIES.has(entry))
      .sort();
    if (entries.length === 0 || this.overwriteAllowed()) return;
    const replaced = [...new Set(FILES.map((file) => file.destination))].filter((path) =>
      existsSync(this.destinationPath(path)),
    );
    const found = `${this.destinationRoot()} is not empty and is not a Go module (no go.mod): ${entries.join(', ')}`;
    const replacing =
      replaced.length > 0
        ? `A new service there would replace ${replaced.join(', ')} (each is asked about first when it differs).`
        : 'A new service there would replace none of them.';
    if (!canPrompt(this.env.adapter)) {
      this.stop(
        refused(
          `${found}. ${replacing} Run in an empty directory or in a Go module's root, or pass --force to create ` +
            'the service here anyway.',
        ),
      );
    }
    this.log(`${found}.\n${replacing}`);
    const { scaffold } = await this.prompt<{ scaffold: boolean }>([
      { type: 'confirm', name: 'scaffold', message: 'Create a new Go service in this directory?', default: false },
    ]);
    if (!scaffold) this.stop(declinedNonEmpty());
  }

  async prompting(): Promise<void> {
    const { detection } = this.defaultsContext;
    if (detection) this.log(findingsReport(detection, detection.main.value ?? '.').join('\n'));
    const input = this.resolveInput();
    if (answersTakenFromStore(input).length > 0) {
      this.log('Using the answers in .yo-rc.json (pass a flag to change one, or --ask-answered to be asked again).');
    }
    this.answers = await resolveAnswers(input);
    this.templateContext = templateContext(this.answers, detection);
    // go.mod's go line is ours only in a new service; an existing module's stays as its go.mod has it.
    const warning = detection
      ? undefined
      : newerThanLocalToolchainWarning(this.answers.goVersion, this.defaultsContext.localGoVersion);
    if (warning !== undefined) this.log(warning);
  }

  configuring(): void {
    // Only the options that mean something here: a new service stores no existing-module option.
    const applying = OPTIONS.filter((spec) => appliesHere(spec, this.defaultsContext));
    // With the version that renders the files: `go-container update` renders them again as that version did.
    const answers = withGeneratorVersion(
      Object.fromEntries(applying.map((spec) => [spec.key, this.answers[spec.key]])),
    );
    // Unchanged answers are not written again, so that a re-run leaves .yo-rc.json alone too.
    const stored = this.config.getAll();
    this.rerun = applying.some((spec) => stored[spec.key] !== undefined);
    this.changedAnswers = applying
      .filter((spec) => stored[spec.key] !== undefined)
      .filter((spec) => JSON.stringify(stored[spec.key]) !== JSON.stringify(answers[spec.key]))
      .map((spec) => toFlag(spec, this.answers[spec.key]));
    if (JSON.stringify(stored) !== JSON.stringify({ ...stored, ...answers })) this.config.set(answers);
  }

  writing(): void {
    // A copy typed as the plain record EJS takes (an interface has no index signature), not a cast.
    const data = { ...this.templateContext };
    for (const file of filesFor(this.templateContext, this.scopes)) {
      this.renderTemplate(join(TEMPLATES_ROOT, `${file.template}.ejs`), this.destinationPath(file.destination), data);
    }
    if (this.templateContext.makefile === 'docker.mk') this.includeDockerMk();
  }

  /**
   * With --include-makefile, appends the include line to the module's own Makefile (the flag is the user's
   * consent, so the conflicter does not ask); without it, the Makefile is left alone and end() prints the line.
   */
  private includeDockerMk(): void {
    const makefile = this.destinationPath('Makefile');
    const text = this.fs.read(makefile, { defaults: '' });
    const included = withDockerMkIncluded(text);
    this.dockerMkIncluded = included === text || this.answers.includeMakefile;
    if (included === text || !this.answers.includeMakefile) return;
    this.fs.write(makefile, included);
    Object.assign(this.fs.store.get(makefile), { conflicter: 'force' });
  }

  private overwriteAllowed(): boolean {
    const conflicterOptions = (this.env as { conflicterOptions?: { force?: boolean } }).conflicterOptions;
    return this.flag('force') === true || conflicterOptions?.force === true;
  }

  private keptWhileStoring(kept: readonly string[], dryRun = false): StoppedRun {
    return keptWhileStoring({
      kept,
      dryRun,
      changed: this.changedAnswers,
      rerun: this.rerun,
      updateCommand: this.invokedAs.startsWith('yo ') ? 'yo go-container:update' : `${this.invokedAs} update`,
    });
  }

  private async commitAllOrNothing(): Promise<void> {
    const kept = await commitAllOrNothing(this.fs.store, {
      adapter: this.env.adapter,
      cwd: this.destinationRoot(),
      force: this.overwriteAllowed(),
      bail: this.flag('bail') === true,
      dryRun: this.flag('dry-run') === true,
      canAsk: canPrompt(this.env.adapter),
      onAbort: (file, why) => this.stop(why === 'abort' ? abortedAtConflict(file) : bailedAtConflict(file)),
      printDiff: (diff) => process.stdout.write(diff),
      onKeptWhileStoring: (kept) => this.stop(this.keptWhileStoring(kept)),
      wouldStop: (kept) => this.log(this.keptWhileStoring(kept, true).message.replace(/^go-container: /, 'Note: ')),
    });
    this.keptFiles.push(...kept.unattended);
    this.keptByChoice.push(...kept.chosen);
  }

  end(): void {
    const applying = OPTIONS.filter((spec) => appliesHere(spec, this.defaultsContext));
    this.log(
      closingMessage({
        command: this.invokedAs,
        flags: applying.map((spec) => toFlag(spec, this.answers[spec.key])),
        keptFiles: this.keptFiles,
        keptByChoice: this.keptByChoice,
        changedAnswers: this.changedAnswers,
        dockerMkIncluded: this.dockerMkIncluded,
        dryRun: this.flag('dry-run') === true,
        context: this.templateContext,
      }),
    );
  }
}

/** A command line the generator refuses (an unknown flag). */
class UsageError extends Error {
  override readonly name = 'UsageError';
}
