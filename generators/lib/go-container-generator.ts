/**
 * The generator lifecycle shared by `go-container` (a new service) and its sub-generators: declare the options
 * from the table, resolve and validate the answers, store them, render the file list, print what to run next.
 * It holds no decisions of its own: those are in options.ts, variants.ts and files.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Generator, { type PromptQuestion } from 'yeoman-generator';
import {
  checkGivenAnswers,
  defaultAnswers,
  resolveAnswers,
  type Ask,
  type RawAnswers,
  type ResolveInput,
} from './answers.js';
import { templateContext, type TemplateContext } from './context.js';
import { closingMessage } from './closing-message.js';
import { findingsReport, withDockerMkIncluded } from './detect/index.js';
import { filesFor, type TemplateFile } from './files.js';
import { OPTIONS, appliesHere, toFlag, type Answers, type DefaultsContext } from './options.js';
import { probeDefaults } from './probe.js';
import { TEMPLATES_ROOT } from './templates-root.js';
import { keepChangedFiles } from './unattended-conflicts.js';
import { withGeneratorVersion } from './update/version.js';

const camelCase = (flag: string): string => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Whether questions can be asked: a real terminal, or the test adapter (which has no stdin). */
function canPrompt(adapter: unknown): boolean {
  const { actualAdapter, stdin } = adapter as {
    actualAdapter?: { stdin?: { isTTY?: boolean } };
    stdin?: { isTTY?: boolean };
  };
  const input = actualAdapter?.stdin ?? stdin;
  return input === undefined || input.isTTY === true;
}

export abstract class GoContainerGenerator extends Generator {
  /**
   * Which parts of the file list this generator writes. May depend on `defaultsContext.detection` (set when the
   * directory already has a go.mod): a generator without the `service` scope needs an existing module.
   */
  protected abstract readonly scopes: readonly TemplateFile['scope'][];

  /** Files that differed from what is on disk and were kept because no one could be asked (relative paths). */
  private readonly keptFiles: string[] = [];
  /** With docker.mk: whether the module's own Makefile includes it once written. */
  private dockerMkIncluded = false;

  protected readonly defaultsContext: DefaultsContext;
  protected answers!: Answers;
  protected context!: TemplateContext;

  constructor(args: string[], options: Generator['options']) {
    // inheritTasks: the lifecycle methods below run for every subclass, which only chooses its scopes.
    // customInstallTask: a Go service has no package.json to install.
    super(args, options, { inheritTasks: true, customInstallTask: true });
    this.defaultsContext = probeDefaults(this.destinationRoot());
    const defaults = defaultAnswers(this.defaultsContext);
    for (const spec of OPTIONS) {
      const shown = Array.isArray(defaults[spec.key])
        ? (defaults[spec.key] as string[]).join(',')
        : String(defaults[spec.key]);
      this.option(spec.flag, {
        type: spec.type === 'boolean' ? Boolean : String,
        description:
          spec.defaultDescription === shown
            ? `${spec.description}. Default: ${shown}`
            : `${spec.description}. Default: ${spec.defaultDescription} (here: ${shown})`,
      });
    }
    this.option('defaults', {
      type: Boolean,
      description: 'Take the default of every option not given, and ask nothing',
    });
    // Bad flags and stored answers stop the run here, before any question, task or file.
    if (!this.options.help) checkGivenAnswers(this.resolveInput());
  }

  /** A flag's value, whether yo (minimist: `go-version`) or the go-container bin (commander: `goVersion`) parsed it. */
  private flag(name: string): unknown {
    const options = this.options as Record<string, unknown>;
    return options[name] ?? options[camelCase(name)];
  }

  private storedAnswers(): RawAnswers {
    const stored = this.config.getAll() as Record<string, unknown>;
    return Object.fromEntries(
      OPTIONS.map((spec) => [spec.key, stored[spec.key]]).filter(([, value]) => value !== undefined),
    );
  }

  private readonly ask: Ask = async (spec, defaultValue, answers) => {
    const isCheckbox = spec.prompt === 'checkbox';
    const choices = spec.choices?.(answers).map((value) => ({
      name: value,
      value,
      checked: isCheckbox && (defaultValue as readonly string[]).includes(value),
    }));
    const question = {
      type: spec.prompt,
      name: spec.key,
      message: spec.question,
      ...(isCheckbox ? {} : { default: spec.prompt === 'input' ? String(defaultValue) : defaultValue }),
      ...(choices ? { choices } : {}),
      validate: (input: unknown) => {
        const checked = spec.check(input, answers);
        return checked.ok || `--${spec.flag}: ${checked.rule}`;
      },
    } as PromptQuestion;
    const reply: Record<string, unknown> = await this.prompt([question]);
    return reply[spec.key];
  };

  private resolveInput(): ResolveInput {
    return {
      flags: Object.fromEntries(OPTIONS.map((spec) => [spec.key, this.flag(spec.flag)])),
      stored: this.storedAnswers(),
      useDefaults: this.flag('defaults') === true,
      context: this.defaultsContext,
      ask: canPrompt(this.env.adapter) ? this.ask : undefined,
    };
  }

  initializing(): void {
    if (!this.scopes.includes('service') && !existsSync(this.destinationPath('go.mod'))) {
      throw new Error(
        `no go.mod in ${this.destinationRoot()}: run this in the root of an existing Go module, ` +
          'or use `yo go-container` to create a new service',
      );
    }
  }

  async prompting(): Promise<void> {
    const { detection } = this.defaultsContext;
    if (detection) this.log(findingsReport(detection, detection.main.value ?? '.').join('\n'));
    this.answers = await resolveAnswers(this.resolveInput());
    this.context = templateContext(this.answers, detection);
  }

  configuring(): void {
    // Only the options that mean something here: a new service stores no existing-module option.
    const applying = OPTIONS.filter((spec) => appliesHere(spec, this.defaultsContext));
    // With the version that renders the files: `go-container update` renders them again as that version did.
    const answers = withGeneratorVersion(
      Object.fromEntries(applying.map((spec) => [spec.key, this.answers[spec.key]])),
    );
    // Unchanged answers are not written again, so that a re-run leaves .yo-rc.json alone too.
    const stored = this.config.getAll() as Record<string, unknown>;
    if (JSON.stringify(stored) !== JSON.stringify({ ...stored, ...answers })) this.config.set(answers);
  }

  writing(): void {
    for (const file of filesFor(this.context, this.scopes)) {
      this.renderTemplate(
        join(TEMPLATES_ROOT, `${file.template}.ejs`),
        this.destinationPath(file.destination),
        this.context as unknown as Record<string, unknown>,
      );
    }
    if (this.context.makefile === 'docker.mk') this.includeDockerMk();
    if (!canPrompt(this.env.adapter) && !this.overwriteAllowed()) {
      const root = `${this.destinationRoot()}/`;
      const kept = keepChangedFiles(this.fs.store.all());
      this.keptFiles.push(...kept.map((path) => (path.startsWith(root) ? path.slice(root.length) : path)));
    }
  }

  /**
   * With --include-makefile, appends the include line to the module's own Makefile (the flag is the user's
   * consent, so the conflicter does not ask); without it, the Makefile is left alone and end() prints the line.
   */
  private includeDockerMk(): void {
    const makefile = this.destinationPath('Makefile');
    const text = this.fs.read(makefile, { defaults: '' }) ?? '';
    const included = withDockerMkIncluded(text);
    this.dockerMkIncluded = included === text || this.answers.includeMakefile;
    if (included === text || !this.answers.includeMakefile) return;
    this.fs.write(makefile, included);
    Object.assign(this.fs.store.get(makefile), { conflicter: 'force' });
  }

  private overwriteAllowed(): boolean {
    const { force } = this.options as { force?: boolean };
    const conflicterOptions = (this.env as { conflicterOptions?: { force?: boolean } }).conflicterOptions;
    return force === true || conflicterOptions?.force === true;
  }

  end(): void {
    const { invokedAs, namespace } = this.options as { invokedAs?: string; namespace?: string };
    const applying = OPTIONS.filter((spec) => appliesHere(spec, this.defaultsContext));
    this.log(
      closingMessage({
        command: invokedAs ?? `yo ${(namespace ?? 'go-container').replace(/:app$/, '')}`,
        flags: applying.map((spec) => toFlag(spec, this.answers[spec.key])),
        keptFiles: this.keptFiles,
        dockerMkIncluded: this.dockerMkIncluded,
        context: this.context,
      }),
    );
  }
}
