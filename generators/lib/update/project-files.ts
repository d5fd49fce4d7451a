/** The project's files as update reads them (ours) and writes the plan into them. */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type PlannedFile } from './plan.js';

/** Reads a file of the project by relative path; undefined when there is none. */
export function projectReader(projectDir: string): (path: string) => string | undefined {
  return (path) => {
    const file = join(projectDir, path);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
}

/** Removes the directories a removal left empty (.github/workflows after --ci none), up to the project. */
function removeEmptyParents(projectDir: string, path: string): void {
  for (
    let dir = dirname(join(projectDir, path));
    dir !== projectDir && dir.startsWith(projectDir);
    dir = dirname(dir)
  ) {
    if (readdirSync(dir).length > 0) return;
    rmdirSync(dir);
  }
}

/** Writes every file whose result differs from what is there, and removes those whose result is no file. */
export function applyPlan(projectDir: string, plan: readonly PlannedFile[]): void {
  for (const file of plan) {
    if (file.result === file.ours) continue;
    const path = join(projectDir, file.path);
    if (file.result === undefined) {
      rmSync(path);
      removeEmptyParents(projectDir, file.path);
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.result);
    }
  }
}
