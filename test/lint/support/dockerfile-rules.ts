/**
 * The hadolint rules a Go service's Dockerfile can break, re-implemented over the dockerfile-ast parse as small
 * pure checks (one function per rule), so that `npm test` proves the generated Dockerfiles without hadolint.
 * Each follows hadolint 2.15's behaviour (its sources and its output on the snippets of dockerfile-rules.test.ts,
 * which hadolint.test.ts compares), including its inline pragmas:
 *   # hadolint ignore=DL3008,DL3009   on the line right above an instruction: only that instruction
 *   # hadolint global ignore=DL3008   anywhere: the whole file
 * A pragma followed by anything but codes is not one (hadolint ignores it too): give the reason on the line above.
 */
import {
  DockerfileParser,
  type Copy,
  type Dockerfile,
  type From,
  type Healthcheck,
  type Instruction,
  type JSONInstruction,
  type ModifiableInstruction,
} from 'dockerfile-ast';
import { baseName, commandHas, flagsOf, hasPipe, shellCommands, type ShellCommand } from './shell.js';

export const RULE_CODES = [
  'DL3002',
  'DL3006',
  'DL3007',
  'DL3008',
  'DL3009',
  'DL3025',
  'DL3029',
  'DL3045',
  'DL3062',
  'DL4006',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export interface Finding {
  readonly rule: RuleCode;
  /** 1-based line of the instruction, as hadolint reports it. */
  readonly line: number;
  readonly message: string;
}

/** One build stage: its FROM and the instructions up to the next FROM. */
export interface Stage {
  readonly from: From;
  /** The `AS` name, if any. */
  readonly alias: string | undefined;
  readonly instructions: readonly Instruction[];
}

export interface ParsedDockerfile {
  readonly dockerfile: Dockerfile;
  readonly instructions: readonly Instruction[];
  readonly stages: readonly Stage[];
}

export interface Rule {
  readonly code: RuleCode;
  readonly message: string;
  readonly check: (parsed: ParsedDockerfile) => readonly Instruction[];
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as From;
      stages.push({ from, alias: from.getBuildStage() ?? undefined, instructions: [] });
    } else {
      (stages.at(-1)?.instructions as Instruction[] | undefined)?.push(instruction);
    }
  }
  return { dockerfile, instructions, stages };
}

const lineOf = (instruction: Instruction): number => instruction.getRange().start.line + 1;
const keyword = (instruction: Instruction): string => instruction.getKeyword();
const unquote = (text: string): string => text.replace(/^(["'])(.*)\1$/, '$2');

/**
 * A RUN's script for the shell reader: its shell form after the flags with line continuations joined, or its exec
 * form's words joined (hadolint reads `RUN ["sh", "-c", "a | b"]` so).
 */
function runShell(run: Instruction): string {
  const json = (run as JSONInstruction).getJSONStrings();
  if (json.length > 0) return json.map((argument) => argument.getJSONValue()).join(' ');
  const raw = (run.getRawArgumentsContent() ?? '').replace(/\\\r?\n/g, ' ');
  return raw.replace(/^\s*(?:--[A-Za-z-]+(?:=\S*)?\s+)*/, '');
}

function runCommands(run: Instruction): ShellCommand[] {
  return shellCommands(runShell(run));
}

function runs(instructions: readonly Instruction[]): Instruction[] {
  return instructions.filter((instruction) => keyword(instruction) === 'RUN');
}

/** DL3002: the last USER of a stage must not be root. */
export const DL3002: Rule = {
  code: 'DL3002',
  message: 'Last USER should not be root',
  check: ({ stages }) =>
    stages.flatMap((stage) => {
      const last = stage.instructions.filter((instruction) => keyword(instruction) === 'USER').at(-1);
      const user = last?.getArgumentsContent()?.trim() ?? '';
      const isRoot = user === 'root' || user === '0' || user.startsWith('root:') || user.startsWith('0:');
      return last && isRoot ? [last] : [];
    }),
};

/** DL3006: every base image has an explicit tag (or digest); scratch, earlier stages and `$VAR` images excepted. */
export const DL3006: Rule = {
  code: 'DL3006',
  message: 'Always tag the version of an image explicitly',
  check: ({ stages }) => {
    const aliases = new Set<string>();
    const failures: Instruction[] = [];
    for (const { from, alias } of stages) {
      const name = from.getImageName() ?? '';
      const exempt =
        name === 'scratch' ||
        name.startsWith('$') ||
        aliases.has(name) ||
        from.getImageTag() !== null ||
        from.getImageDigest() !== null;
      if (!exempt) failures.push(from);
      if (alias) aliases.add(alias);
    }
    return failures;
  },
};

/** DL3007: no `:latest`. */
export const DL3007: Rule = {
  code: 'DL3007',
  message: 'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag',
  check: ({ stages }) => stages.map((stage) => stage.from).filter((from) => from.getImageTag() === 'latest'),
};

/** The packages an `apt-get install` names: its arguments, less flags, `install` and the `-t` release. */
function aptInstallPackages(command: ShellCommand): string[] {
  if (!commandHas(command, 'apt-get', ['install'])) return [];
  const packages: string[] = [];
  for (let i = 0; i < command.args.length; i++) {
    const arg = command.args[i] ?? '';
    if (arg === '-t' || arg === '--target-release') i++;
    else if (!arg.startsWith('-') && arg !== 'install') packages.push(arg);
  }
  return packages;
}

/** DL3008: `apt-get install` pins every package (`name=version`), unless it installs a file or a release path. */
export const DL3008: Rule = {
  code: 'DL3008',
  message:
    'Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`',
  check: ({ instructions }) =>
    runs(instructions).filter((run) =>
      runCommands(run)
        .flatMap(aptInstallPackages)
        .some((name) => !name.includes('=') && !name.includes('/') && !name.endsWith('.deb')),
    ),
};

function cacheMountTargets(run: Instruction): string[] {
  return (run as ModifiableInstruction)
    .getFlags()
    .filter((flag) => flag.getName() === 'mount')
    .map((flag) => flag.getValue() ?? '')
    .filter((value) => value.split(',').includes('type=cache'))
    .map((value) => /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(value)?.[1] ?? '');
}

/**
 * DL3009: a RUN that runs `apt-get update` removes /var/lib/apt/lists/* (or keeps the lists in a cache mount). Only
 * stages whose layers end up in an image count: the last one, and those another FROM builds on.
 */
export const DL3009: Rule = {
  code: 'DL3009',
  message: 'Delete the apt-get lists after installing something',
  check: ({ stages }) => {
    const baseNames = new Set(stages.map((stage) => stage.from.getImageName() ?? ''));
    return stages.flatMap((stage, index) => {
      const shipped = index === stages.length - 1 || (stage.alias !== undefined && baseNames.has(stage.alias));
      if (!shipped) return [];
      return runs(stage.instructions).filter((run) => {
        const commands = runCommands(run);
        const updates = commands.some((command) => commandHas(command, 'apt-get', ['update']));
        const cleans = commands.some((command) => commandHas(command, 'rm', ['-rf', '/var/lib/apt/lists/*']));
        const targets = cacheMountTargets(run);
        const cached =
          targets.some((target) => target.startsWith('/var/lib/apt/lists')) ||
          (targets.some((target) => target.startsWith('/var/lib/apt')) &&
            targets.some((target) => target.startsWith('/var/cache/apt')));
        return updates && !cleans && !cached;
      });
    });
  },
};

/** Whether an exec-form command line (`CMD ["a"]`, `HEALTHCHECK CMD ["a"]`) is a JSON array of strings. */
function isJsonArray(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text.trim());
    return Array.isArray(value) && value.every((item) => typeof item === 'string');
  } catch {
    return false;
  }
}

/** DL3025: CMD, ENTRYPOINT and HEALTHCHECK CMD in exec (JSON) form: signals reach the process, no shell is needed. */
export const DL3025: Rule = {
  code: 'DL3025',
  message: 'Use arguments JSON notation for CMD and ENTRYPOINT arguments',
  check: ({ instructions }) =>
    instructions.filter((instruction) => {
      const word = keyword(instruction);
      if (word === 'CMD' || word === 'ENTRYPOINT') return !isJsonArray(instruction.getArgumentsContent() ?? '');
      if (word !== 'HEALTHCHECK') return false;
      const subcommand = (instruction as Healthcheck).getSubcommand();
      if (subcommand?.getValue().toUpperCase() !== 'CMD') return false;
      const raw = (instruction.getArgumentsContent() ?? '').replace(/\\\r?\n/g, ' ');
      return !isJsonArray(raw.slice(raw.search(/\bCMD\b/i) + 3));
    }),
};

const BUILD_PLATFORM = new Set(['$BUILDPLATFORM', '${BUILDPLATFORM}', '$TARGETPLATFORM', '${TARGETPLATFORM}']);

/**
 * DL3029: no `FROM --platform`, except the build platform, on which a stage cross-compiles for the target
 * platform (and the target platform, which is the default anyway: hadolint reports that as DL3065 instead).
 */
export const DL3029: Rule = {
  code: 'DL3029',
  message: 'Do not use --platform flag with FROM',
  check: ({ stages }) =>
    stages
      .map((stage) => stage.from)
      .filter((from) => {
        const flag = from.getPlatformFlag();
        return flag !== null && !BUILD_PLATFORM.has(unquote(flag.getValue() ?? ''));
      }),
};

/** The destination of a COPY: its last argument. */
function copyDestination(copy: Copy): string {
  const json = copy.getJSONStrings();
  if (json.length > 0) return json.at(-1)?.getJSONValue() ?? '';
  return copy.getArguments().at(-1)?.getValue() ?? '';
}

function isAbsoluteDestination(destination: string): boolean {
  const path = unquote(destination);
  return path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:[\\/]/.test(path);
}

/** DL3045: a COPY to a relative destination comes after a WORKDIR of its stage (or of the stage it builds on). */
export const DL3045: Rule = {
  code: 'DL3045',
  message: '`COPY` to a relative destination without `WORKDIR` set.',
  check: ({ stages }) => {
    const workdirOf = new Map<string, boolean>();
    return stages.flatMap((stage) => {
      let workdir = workdirOf.get(stage.from.getImageName() ?? '') ?? false;
      const failures: Instruction[] = [];
      for (const instruction of stage.instructions) {
        if (keyword(instruction) === 'WORKDIR') workdir = true;
        if (
          keyword(instruction) === 'COPY' &&
          !workdir &&
          !isAbsoluteDestination(copyDestination(instruction as Copy))
        ) {
          failures.push(instruction);
        }
      }
      if (stage.alias) workdirOf.set(stage.alias, workdir);
      return failures;
    });
  },
};

/** DL3062: `go install` names a version (`pkg@v1.2.3`), and not `@latest`. Local paths (`./cmd/x`) are exempt. */
export const DL3062: Rule = {
  code: 'DL3062',
  message: 'Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`',
  check: ({ instructions }) =>
    runs(instructions).filter((run) =>
      runCommands(run)
        .filter((command) => baseName(command.name) === 'go' && command.args[0] === 'install')
        .flatMap((command) => command.args.slice(1).filter((arg) => !arg.startsWith('-')))
        .some((target) => !/^[./]/.test(target) && (!target.includes('@') || target.endsWith('@latest'))),
    ),
};

const NON_POSIX_SHELLS = ['pwsh', 'powershell', 'cmd'];

/** Whether a SHELL instruction makes a failing command anywhere in a pipe fail the RUN. */
function shellSetsPipefail(shell: Instruction): boolean {
  const words = (shell as JSONInstruction).getJSONStrings().map((argument) => argument.getJSONValue());
  const [program = '', ...args] = words;
  if (NON_POSIX_SHELLS.some((name) => program.startsWith(name))) return true;
  return ['bash', 'zsh', 'ash'].includes(baseName(program)) && flagsOf(args).has('o') && args.includes('pipefail');
}

/** DL4006: a RUN with a pipe comes after `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` in its stage. */
export const DL4006: Rule = {
  code: 'DL4006',
  message: 'Set the SHELL option -o pipefail before RUN with a pipe in it',
  check: ({ stages }) =>
    stages.flatMap((stage) => {
      let pipefail = false;
      const failures: Instruction[] = [];
      for (const instruction of stage.instructions) {
        if (keyword(instruction) === 'SHELL') pipefail = shellSetsPipefail(instruction);
        if (keyword(instruction) === 'RUN' && !pipefail && hasPipe(runShell(instruction))) failures.push(instruction);
      }
      return failures;
    }),
};

export const RULES: readonly Rule[] = [DL3002, DL3006, DL3007, DL3008, DL3009, DL3025, DL3029, DL3045, DL3062, DL4006];

const PRAGMA = /^hadolint\s+(global\s+)?ignore=([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)\s*$/;

interface Pragmas {
  readonly global: ReadonlySet<string>;
  /** By 1-based line of the instruction right below the pragma. */
  readonly byLine: ReadonlyMap<number, ReadonlySet<string>>;
}

/**
 * The pragmas of a Dockerfile, read from its lines: the parser takes a first-line `# hadolint global ...` for a
 * parser directive, so its comment list misses it.
 */
function pragmas(text: string): Pragmas {
  const global = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  text.split(/\r?\n/).forEach((line, index) => {
    const match = PRAGMA.exec(/^\s*#(.*)$/.exec(line)?.[1]?.trim() ?? '');
    if (!match) return;
    const codes = (match[2] ?? '').split(',').map((code) => code.trim());
    if (match[1]) codes.forEach((code) => global.add(code));
    else byLine.set(index + 2, new Set(codes));
  });
  return { global, byLine };
}

/** Every finding of `rules` in a Dockerfile, after hadolint's ignore pragmas, in line order. */
export function lintDockerfile(text: string, rules: readonly Rule[] = RULES): Finding[] {
  const parsed = parseDockerfile(text);
  const ignored = pragmas(text);
  return rules
    .flatMap((rule) =>
      rule.check(parsed).map((instruction) => ({ rule: rule.code, line: lineOf(instruction), message: rule.message })),
    )
    .filter(({ rule, line }) => !ignored.global.has(rule) && !ignored.byLine.get(line)?.has(rule))
    .sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}
