/**
 * The command line around the options table, shared by `yo go-container` and the `go-container` bin: the run
 * options besides ours, the refusal of an unknown flag (one message for both), and how the user started us (for
 * the command printed at the end).
 */
import { basename } from 'node:path';
import { OPTIONS, type DefaultsContext } from './options.js';

export interface RunOption {
  /** As written on the command line, without the value placeholder. */
  readonly flag: string;
  /** With its value placeholder, for --help. */
  readonly flags: string;
  readonly description: string;
  /** Only the bin has it (yo answers --version itself and has no --cwd). */
  readonly binOnly?: boolean;
}

/** The run options that mean something here, in the order --help shows them. */
export const RUN_OPTIONS: readonly RunOption[] = [
  {
    flag: 'defaults',
    flags: '--defaults',
    description: 'Take the default of every option not given, and ask nothing.',
  },
  {
    flag: 'ask-answered',
    flags: '--ask-answered',
    description:
      'Ask again the questions answered in .yo-rc.json, offering the stored answers as defaults (without it, a ' +
      're-run uses them without asking).',
  },
  {
    flag: 'force',
    flags: '--force',
    description:
      'Overwrite files that differ from what would be written, without asking. Without it, each is asked at a ' +
      'terminal and kept (and listed) without one.',
  },
  {
    flag: 'dry-run',
    flags: '--dry-run',
    description:
      'Write nothing: list each file (create, identical, conflict) and print the unified diff of those that would ' +
      'change (git apply takes it).',
  },
  { flag: 'cwd', flags: '--cwd <dir>', description: 'Run in <dir> instead of the current directory.', binOnly: true },
  { flag: 'version', flags: '-V, --version', description: 'Print the version.', binOnly: true },
  { flag: 'help', flags: '-h, --help', description: 'Print this help.' },
];

/**
 * Options Yeoman or yo define that do nothing for this generator (no npm install, no prompt cache, no
 * .yo-resolve, conflicts settled before writing): accepted, so a habit does not break a run, but not shown.
 */
export const QUIET_OPTIONS: readonly string[] = [
  'skip-install',
  'force-install',
  'skip-cache',
  'local-config-only',
  'whitespace',
  'bail',
  'skip-yo-resolve',
  'insight',
  'no-insight',
  'debug',
];

/** Every flag a run accepts, without dashes (`no-cgo` included). */
export function knownFlags(): ReadonlySet<string> {
  const ours = OPTIONS.flatMap((spec) => (spec.type === 'boolean' ? [spec.flag, `no-${spec.flag}`] : [spec.flag]));
  return new Set([...ours, ...RUN_OPTIONS.map((option) => option.flag), ...QUIET_OPTIONS, 'h', 'V']);
}

/** Edit distance where swapping two neighbouring letters is one edit (`prot` is one from `port`). */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = rows[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** `unknown option '--prot' (did you mean --port?)`: the same words under yo and the bin. */
export function unknownOptionMessage(flag: string): string {
  const name = flag.replace(/^-+/, '').split('=')[0] ?? '';
  const candidates = [...knownFlags()].filter((known) => known.length > 1 && !QUIET_OPTIONS.includes(known));
  const [closest] = candidates
    .map((candidate) => ({ candidate, distance: distance(name, candidate) }))
    .filter((scored) => scored.distance <= Math.max(1, Math.floor(name.length / 3)))
    .sort((a, b) => a.distance - b.distance);
  return `unknown option '${flag.split('=')[0]}'${closest ? ` (did you mean --${closest.candidate}?)` : ''}`;
}

/**
 * `--port needs a value: it must be an integer from 1024 to 65535 (...)`: a flag given last, or followed by another
 * flag, with the rule its value follows here (an option of the table) or its placeholder (`--cwd <dir>`).
 */
export function missingValueMessage(flagWithPlaceholder: string, context: DefaultsContext): string {
  const [flag = '', placeholder = '<value>'] = flagWithPlaceholder.split(' ');
  const spec = OPTIONS.find((option) => `--${option.flag}` === flag);
  const empty = spec?.check('', {}, context);
  if (empty === undefined) return `${flag} needs a value (${flag} ${placeholder})`;
  if (empty.ok) return `${flag} needs a value (${flag} '' for none)`;
  return `${flag} needs a value: it ${empty.rule}`;
}

/** The flags among `args` that no option of ours, nor a run option, accepts (`--prot`, `-x`). */
export function unknownFlags(args: readonly string[]): string[] {
  const known = knownFlags();
  return args
    .filter((arg) => /^-[^-]|^--[^-]/.test(arg) && !/^-[0-9]/.test(arg))
    .filter((arg) => !known.has(arg.replace(/^-+/, '').split('=')[0] ?? ''));
}

/** The namespace yo gives a generator it names (`go-container`, `generator-go-container:docker`): `go-container:app`. */
function yoNamespace(name: string): string {
  const namespace = name.replace(/^generator-/, '');
  return namespace.includes(':') ? namespace : `${namespace}:app`;
}

/**
 * The arguments given to the generator `namespace` when yo started it (`yo go-container --port 9000`, namespace
 * `go-container:app`: `--port 9000`); undefined when yo did not (the bin, or a test), or when yo started another
 * generator that runs this one itself (`yo go-container:update --dry-run`: those flags are update's, not ours).
 */
export function yoArguments(argv: readonly string[], namespace: string): string[] | undefined {
  const script = argv[1] ?? '';
  if (basename(script) !== 'yo' && !script.replaceAll('\\', '/').endsWith('/yo/lib/cli.js')) return undefined;
  const args = argv.slice(2);
  const at = args.findIndex((arg) => /^(generator-)?go-container(:[a-z-]+)?$/.test(arg));
  const named = args[at];
  if (named === undefined || yoNamespace(named) !== namespace) return undefined;
  return args.slice(at + 1);
}

/**
 * How the person started the bin, as they would type it again: `npx -p generator-go-container go-container` (npx
 * fetched the package for this run, into its cache), `npx go-container` (npx ran the copy installed in a project's
 * node_modules), else `go-container` (on the PATH, or a checkout's dist/).
 */
export function binInvocation(script: string, environment: NodeJS.ProcessEnv): string {
  const path = script.replaceAll('\\', '/');
  if (path.includes('/_npx/')) return 'npx -p generator-go-container go-container';
  const viaNpx = environment['npm_command'] === 'exec' || environment['npm_lifecycle_event'] === 'npx';
  return viaNpx && path.includes('/node_modules/') ? 'npx go-container' : 'go-container';
}
