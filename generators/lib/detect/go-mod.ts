/**
 * Reads go.mod as text, the way `go` would: the module path, the go and toolchain lines and the requirements.
 * Nothing is downloaded and no `go` command runs.
 */

export interface Requirement {
  readonly path: string;
  readonly version: string;
  /** Marked `// indirect`: needed by a dependency rather than imported by this module. */
  readonly indirect: boolean;
}

/** `replace old [v] => new [v]`: new is a directory (./x, ../x, /x) or another module at a version. */
export interface Replacement {
  readonly path: string;
  /** Only this version of `path` is replaced; undefined: every version. */
  readonly version: string | undefined;
  readonly newPath: string;
  readonly newVersion: string | undefined;
}

export interface GoMod {
  readonly module: string | undefined;
  /** The go line's version, as written (1.23, 1.23.4, 1.24rc1). */
  readonly go: string | undefined;
  /** The toolchain line's version without its `go` prefix (toolchain go1.24.2 → 1.24.2). */
  readonly toolchain: string | undefined;
  readonly requires: readonly Requirement[];
  readonly replaces: readonly Replacement[];
  /** 1-based lines of the go and toolchain directives, for evidence. */
  readonly goLine: number | undefined;
  readonly toolchainLine: number | undefined;
}

/** A go.mod token: a bare word or a quoted string ("..." or `...`). */
function unquote(token: string): string {
  if (token.startsWith('"') && token.endsWith('"')) return JSON.parse(token) as string;
  if (token.startsWith('`') && token.endsWith('`')) return token.slice(1, -1);
  return token;
}

const TOKEN = /"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g;

function tokens(text: string): string[] {
  return (text.match(TOKEN) ?? []).map(unquote);
}

export function parseGoMod(text: string): GoMod {
  let module: string | undefined;
  let go: string | undefined;
  let toolchain: string | undefined;
  const requires: Requirement[] = [];
  const replaces: Replacement[] = [];
  let goLine: number | undefined;
  let toolchainLine: number | undefined;
  let block: string | undefined;

  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    const commentAt = rawLine.indexOf('//');
    const comment = commentAt >= 0 ? rawLine.slice(commentAt + 2) : '';
    const line = (commentAt >= 0 ? rawLine.slice(0, commentAt) : rawLine).trim();
    if (line === '') continue;
    if (block !== undefined) {
      if (line === ')') {
        block = undefined;
        continue;
      }
      if (block === 'require') requires.push(requirementOf(tokens(line), comment));
      if (block === 'replace') replaces.push(...replacementOf(tokens(line)));
      continue;
    }
    const [verb, ...rest] = tokens(line);
    if (rest[0] === '(') {
      block = verb;
      continue;
    }
    if (verb === 'module') module = rest[0];
    else if (verb === 'go') [go, goLine] = [rest[0], index + 1];
    else if (verb === 'toolchain') [toolchain, toolchainLine] = [rest[0]?.replace(/^go/, ''), index + 1];
    else if (verb === 'require') requires.push(requirementOf(rest, comment));
    else if (verb === 'replace') replaces.push(...replacementOf(rest));
  }
  return { module, go, toolchain, requires, replaces, goLine, toolchainLine };
}

function replacementOf(words: readonly string[]): Replacement[] {
  const arrow = words.indexOf('=>');
  if (arrow < 1 || arrow > 2 || words.length < arrow + 2) return [];
  return [
    {
      path: words[0] ?? '',
      version: words[1] === '=>' ? undefined : words[1],
      newPath: words[arrow + 1] ?? '',
      newVersion: words[arrow + 2],
    },
  ];
}

function requirementOf([path = '', version = '']: readonly string[], comment: string): Requirement {
  return { path, version, indirect: /(^|;)\s*indirect\s*(;|$)/.test(comment.trim()) };
}
