/**
 * Loaded by mocha before any test file (`require` in .mocharc.json): every temporary directory the run makes, the
 * tests' own and those of the tools they start (hadolint, go, yo, npm, git), goes under one directory of this run,
 * removed when the run ends. So a run leaves nothing behind in the system's temporary directory, whatever a test
 * forgets to remove (runs used to leave thousands of directories in /tmp).
 *
 * The directory is made when this module loads, before the test files are imported, so that a tmpdir() read at
 * import time lands in it too. Mode 1777 like /tmp: yo runs as the unprivileged user nobody and makes its own
 * temporary files here.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runDirectory = mkdtempSync(join(tmpdir(), 'go-container-tests-'));
chmodSync(runDirectory, 0o1777);
process.env['TMPDIR'] = runDirectory;

export function mochaGlobalTeardown(): void {
  rmSync(runDirectory, { recursive: true, force: true });
}
