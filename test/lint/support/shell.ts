/**
 * Just enough of a POSIX shell reader for the Dockerfile rules: splits a RUN script into simple commands (name and
 * arguments, quotes removed) and tells whether it has a pipe. Commands inside `$(...)` and backticks stay part of
 * the word they are in, and `case` patterns (`a|b)`) count as pipes: a rule built on this errs towards reporting.
 */

export interface ShellCommand {
  /** The command's name as written (`apt-get`, `/usr/bin/go`). */
  readonly name: string;
  /** Its arguments without quotes, redirections or the assignments before the name. */
  readonly args: readonly string[];
}

type Token = { readonly kind: 'word'; readonly text: string } | { readonly kind: 'operator'; readonly text: string };

const OPERATORS = ['&&', '||', '|&', ';;', '|', ';', '&', '(', ')', '\n'];
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const REDIRECTION = /^[0-9]*(?:<<?|>>?|>&|<&|&>)/;

function tokenize(script: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord) tokens.push({ kind: 'word', text: word });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < script.length; i++) {
    const char = script[i] ?? '';
    if (char === '\\') {
      const next = script[i + 1] ?? '';
      i++;
      if (next !== '\n') {
        word += next;
        inWord = true;
      }
    } else if (char === "'") {
      const end = script.indexOf("'", i + 1);
      const stop = end === -1 ? script.length : end;
      word += script.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (char === '"') {
      let j = i + 1;
      for (; j < script.length && script[j] !== '"'; j++) {
        if (script[j] === '\\' && j + 1 < script.length) j++;
        word += script[j];
      }
      inWord = true;
      i = j;
    } else if (char === '$' && (script[i + 1] === '(' || script[i + 1] === '{')) {
      // A substitution is part of the word, whatever operators it holds.
      const open = script[i + 1] ?? '';
      const close = open === '(' ? ')' : '}';
      let depth = 0;
      let j = i + 1;
      for (; j < script.length; j++) {
        if (script[j] === open) depth++;
        else if (script[j] === close && --depth === 0) break;
      }
      word += script.slice(i, j + 1);
      inWord = true;
      i = j;
    } else if (char === '#' && !inWord) {
      while (i + 1 < script.length && script[i + 1] !== '\n') i++;
    } else if (char === ' ' || char === '\t') {
      endWord();
    } else {
      const operator = OPERATORS.find((candidate) => script.startsWith(candidate, i));
      // `2>&1`, `>&2` and `&>` are redirections, not the `&` operator.
      const isRedirection = operator === '&' && (script[i - 1] === '>' || script[i + 1] === '>');
      if (operator && !isRedirection) {
        endWord();
        tokens.push({ kind: 'operator', text: operator });
        i += operator.length - 1;
      } else {
        word += char;
        inWord = true;
      }
    }
  }
  endWord();
  return tokens;
}

/** The simple commands of a script, in order. */
export function shellCommands(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  const flush = (): void => {
    let start = 0;
    while (start < words.length && (RESERVED.has(words[start] ?? '') || ASSIGNMENT.test(words[start] ?? ''))) start++;
    const rest: string[] = [];
    for (let i = start; i < words.length; i++) {
      const word = words[i] ?? '';
      if (REDIRECTION.test(word)) {
        // `> file` names its target in the next word; `>file` and `2>&1` in the same one.
        if (word.replace(REDIRECTION, '') === '') i++;
        continue;
      }
      rest.push(word);
    }
    const [name, ...args] = rest;
    if (name !== undefined) commands.push({ name, args });
    words = [];
  };
  for (const token of tokenize(script)) {
    if (token.kind === 'word') words.push(token.text);
    else flush();
  }
  flush();
  return commands;
}

/** Whether the script pipes one command into another (`|` or `|&`, not `||`). */
export function hasPipe(script: string): boolean {
  return tokenize(script).some((token) => token.kind === 'operator' && (token.text === '|' || token.text === '|&'));
}

/** The last element of a path: `/usr/bin/bash` → `bash`. */
export function baseName(command: string): string {
  return command.slice(command.lastIndexOf('/') + 1);
}

/** Whether `command` is `name` (by base name) and has every one of `args` among its arguments. */
export function commandHas(command: ShellCommand, name: string, args: readonly string[] = []): boolean {
  return baseName(command.name) === name && args.every((arg) => command.args.includes(arg));
}

/** Short flags, split (`-euo` → e, u, o), and long flags without their dashes or value. */
export function flagsOf(args: readonly string[]): Set<string> {
  const flags = new Set<string>();
  for (const arg of args) {
    if (arg.startsWith('--')) flags.add(arg.slice(2).split('=')[0] ?? '');
    else if (arg.startsWith('-') && arg.length > 1) for (const letter of arg.slice(1)) flags.add(letter);
  }
  return flags;
}
