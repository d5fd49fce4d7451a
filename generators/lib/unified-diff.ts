/**
 * One file's change as a unified diff in git's format (so that `git apply` takes it), as `update --dry-run` and the
 * generator's --dry-run print it: `before` undefined is a new file, `after` undefined a removed one.
 */
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';

export function fileDiff(path: string, before: string | undefined, after: string | undefined): string {
  const created = before === undefined;
  const removed = after === undefined;
  const patch = structuredPatch(
    created ? '/dev/null' : `a/${path}`,
    removed ? '/dev/null' : `b/${path}`,
    before ?? '',
    after ?? '',
    undefined,
    undefined,
    { context: 3 },
  );
  const mode = created ? 'new file mode 100644\n' : removed ? 'deleted file mode 100644\n' : '';
  return `diff --git a/${path} b/${path}\n${mode}${formatPatch(patch, FILE_HEADERS_ONLY)}`;
}
