/**
 * With no terminal, Yeoman's conflicter cannot ask whether to overwrite a file that differs from what the
 * generator writes, and would abort the run. These files are kept as they are instead (the user may have edited
 * them) and reported; --force is the way to overwrite without asking.
 */
import { existsSync, readFileSync } from 'node:fs';

/** A mem-fs file pending commit, with the conflicter's per-file decision. */
interface PendingFile {
  path: string;
  contents: Buffer | null;
  conflicter?: string;
  state?: string;
}

/** Marks every pending file that differs from the one on disk as kept; returns their absolute paths. */
export function keepChangedFiles(pending: Iterable<unknown>): string[] {
  const kept: string[] = [];
  for (const file of pending as Iterable<PendingFile>) {
    if (file.state === undefined || file.conflicter !== undefined || file.contents === null) continue;
    if (!existsSync(file.path) || file.path.endsWith('.yo-rc.json')) continue;
    if (readFileSync(file.path).equals(file.contents)) continue;
    file.conflicter = 'skip';
    kept.push(file.path);
  }
  return kept;
}
