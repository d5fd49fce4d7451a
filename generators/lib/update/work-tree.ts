/**
 * The update's safety net is git: it writes only into a clean git work tree, so that `git diff` shows what it
 * did and `git checkout` undoes it. --allow-dirty is the user's word that they do not need that.
 */
import { execFileSync } from 'node:child_process';
import { UpdateError } from './update-error.js';

const ESCAPE = 'or pass --allow-dirty to update anyway';

export function checkCleanWorkTree(projectDir: string): void {
  let status: string;
  try {
    status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', '.'], {
      cwd: projectDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch {
    throw new UpdateError(
      `${projectDir} is not in a git work tree, so the update could not be undone: commit the project to git ` +
        `first, ${ESCAPE}`,
    );
  }
  const changed = status
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(3));
  if (changed.length === 0) return;
  const shown =
    changed.length <= 5 ? changed.join(', ') : `${changed.slice(0, 5).join(', ')} and ${changed.length - 5} more`;
  throw new UpdateError(
    `the git work tree has uncommitted changes (${shown}): commit or stash them first, so that the update can be ` +
      `undone with git, ${ESCAPE}`,
  );
}
