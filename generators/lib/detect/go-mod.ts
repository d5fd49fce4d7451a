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

export interface GoMod {
  readonly module: string | undefined;
  /** The go line's version, as written (1.23, 1.23.4, 1.24rc1). */
  readonly go: string | undefined;
  /** The toolchain line's version without its `go` prefix (toolchain go1.24.2 → 1.24.2). */
  readonly toolchain: string | undefined;
  readonly requires: readonly Requirement[];
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
  let block: string | undefined;

  for (const rawLine of text.split(/\r?\n/)) {
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
      continue;
    }
    const [verb, ...rest] = tokens(line);
    if (rest[0] === '(') {
      block = verb;
      continue;
    }
    if (verb === 'module') module = rest[0];
    else if (verb === 'go') go = rest[0];
    else if (verb === 'toolchain') toolchain = rest[0]?.replace(/^go/, '');
    else if (verb === 'require') requires.push(requirementOf(rest, comment));
  }
  return { module, go, toolchain, requires };
}

function requirementOf([path = '', version = '']: readonly string[], comment: string): Requirement {
  return { path, version, indirect: /(^|;)\s*indirect\s*(;|$)/.test(comment.trim()) };
}
