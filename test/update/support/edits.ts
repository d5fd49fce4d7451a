/**
 * A user's edits, placed where they can be merged whatever the templates say today: the tests never assume a
 * template's contents. Each edit is an insertion between two neighbouring lines that both versions render alike
 * (an unchanged stretch), so the same insertion applied to what the new version renders is exactly what the
 * update must produce; and a conflict is made on a line the template really changed.
 */
import { diffLines } from 'diff';

const lines = (text: string): string[] => text.split('\n');

/** How many times `[first, second]` occur as consecutive lines. */
function pairCount(all: readonly string[], first: string, second: string): number {
  let count = 0;
  for (let index = 0; index + 1 < all.length; index += 1)
    if (all[index] === first && all[index + 1] === second) count += 1;
  return count;
}

export interface Anchor {
  /** The line after which the edit goes. */
  readonly before: string;
  /** The line before which it goes. */
  readonly after: string;
}

/**
 * The first place, in `base`'s order, between two lines that occur together exactly once in `base` and in
 * `theirs`, with one more unchanged line around them on each side, and where `fits` accepts the position.
 */
export function stableAnchor(
  base: string,
  theirs: string,
  fits: (all: readonly string[], index: number) => boolean,
  what: string,
): Anchor {
  const baseLines = lines(base);
  const theirsLines = lines(theirs);
  for (let index = 1; index + 2 < baseLines.length; index += 1) {
    const window = baseLines.slice(index - 1, index + 3);
    const before = baseLines[index]!;
    const after = baseLines[index + 1]!;
    if (!fits(baseLines, index)) continue;
    if (pairCount(baseLines, before, after) !== 1 || pairCount(theirsLines, before, after) !== 1) continue;
    const at = theirsLines.findIndex((line, i) => line === before && theirsLines[i + 1] === after);
    if (!fits(theirsLines, at)) continue;
    // The neighbours too: an insertion right next to a changed line is a conflict in any diff3.
    if (theirsLines.slice(at - 1, at + 3).join('\n') === window.join('\n')) return { before, after };
  }
  throw new Error(`no unchanged place for ${what}: the template changed every candidate`);
}

/** `text` with `block` (whole lines) inserted between the anchor's lines. */
export function insertAt(text: string, anchor: Anchor, block: string): string {
  const all = lines(text);
  const index = all.findIndex((line, i) => line === anchor.before && all[i + 1] === anchor.after);
  if (index < 0) throw new Error(`no ${JSON.stringify(anchor.before)} followed by ${JSON.stringify(anchor.after)}`);
  return [...all.slice(0, index + 1), ...lines(block.replace(/\n$/, '')), ...all.slice(index + 1)].join('\n');
}

/** A line of `base` that `theirs` changed (removed or replaced), unique in `base`, and that `fits` accepts. */
export function changedLine(base: string, theirs: string, fits: (line: string) => boolean = () => true): string {
  const baseLines = lines(base);
  for (const part of diffLines(base, theirs)) {
    if (!part.removed) continue;
    for (const line of lines(part.value.replace(/\n$/, ''))) {
      if (line.trim() !== '' && fits(line) && baseLines.filter((other) => other === line).length === 1) return line;
    }
  }
  throw new Error('the template changed no line of this file');
}

/** `text` with its one line `line` replaced by `replacement`. */
export function replaceLine(text: string, line: string, replacement: string): string {
  const all = lines(text);
  const index = all.indexOf(line);
  if (index < 0) throw new Error(`no line ${JSON.stringify(line)}`);
  return [...all.slice(0, index), replacement, ...all.slice(index + 1)].join('\n');
}

// The three edits of the issue, each with where it can go.

/** After the last FROM: in the final stage, whose image gets the label. Not inside a continued instruction. */
export function dockerfileLabelAnchor(base: string, theirs: string): Anchor {
  const lastFrom = (all: readonly string[]): number => all.findLastIndex((line) => /^FROM\s/i.test(line));
  return stableAnchor(
    base,
    theirs,
    (all, index) =>
      index > lastFrom(all) &&
      !all[index]!.trimEnd().endsWith('\\') &&
      !(all[index - 1] ?? '').trimEnd().endsWith('\\') &&
      /^[A-Z]+\s/.test(all[index + 1] ?? '') &&
      !/^\s/.test(all[index]!),
    'a LABEL in the Dockerfile',
  );
}

export const USER_LABEL = 'LABEL com.example.team="payments"';

/** Between two rules: after a blank line, before a line that starts a rule or its comment. */
export function makefileTargetAnchor(base: string, theirs: string): Anchor {
  return stableAnchor(
    base,
    theirs,
    (all, index) =>
      all[index] === '' &&
      /^[#A-Za-z.]/.test(all[index + 1] ?? '') &&
      !all.slice(0, index).some((l) => /^define\s/.test(l)),
    'a target in the Makefile',
  );
}

export const USER_TARGET = 'hello: ## Say hello (added by the user)\n\t@echo hello from the user\n';

/** Right after a route registration (`mux.HandleFunc(...)` on one line), inside the same function. */
export function mainGoRouteAnchor(base: string, theirs: string): Anchor {
  return stableAnchor(
    base,
    theirs,
    (all, index) => /^\s+\w+\.HandleFunc\(.*\)$/.test(all[index] ?? '') && /^\s+\S/.test(all[index + 1] ?? ''),
    'a route in main.go',
  );
}

/** A route registered on the same mux as the line before it. */
export function userRoute(anchor: Anchor): string {
  const [, indent, mux] = /^(\s+)(\w+)\.HandleFunc\(/.exec(anchor.before) ?? [];
  return `${indent}${mux}.HandleFunc("GET /hello", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("hello from the user\\n")) })\n`;
}

/** The text a user gets by keeping one side of every conflict an update wrote (and removing the markers). */
export function resolveConflicts(text: string, keep: 'yours' | 'base' | 'theirs'): string {
  const out: string[] = [];
  let section: 'none' | 'yours' | 'base' | 'theirs' = 'none';
  for (const line of text.split('\n')) {
    if (line === '<<<<<<< yours') section = 'yours';
    else if (section === 'yours' && line.startsWith('||||||| go-container ')) section = 'base';
    else if (section === 'base' && line === '=======') section = 'theirs';
    else if (section === 'theirs' && line.startsWith('>>>>>>> go-container ')) section = 'none';
    else if (section === 'none' || section === keep) out.push(line);
  }
  return out.join('\n');
}

type Files = Readonly<Record<string, string>>;

/**
 * The three edits, placed from `base` and `theirs`: a route in main.go, a LABEL in the Dockerfile, a target
 * in the Makefile. Applied to `base` they are the user's files; applied to `theirs`, what the update must write.
 */
export function threeEdits(base: Files, theirs: Files): (files: Files) => Record<string, string> {
  const route = mainGoRouteAnchor(base['main.go']!, theirs['main.go']!);
  const label = dockerfileLabelAnchor(base['Dockerfile']!, theirs['Dockerfile']!);
  const target = makefileTargetAnchor(base['Makefile']!, theirs['Makefile']!);
  return (files) => ({
    'main.go': insertAt(files['main.go']!, route, userRoute(route)),
    Dockerfile: insertAt(files['Dockerfile']!, label, USER_LABEL),
    Makefile: insertAt(files['Makefile']!, target, USER_TARGET),
  });
}
