/**
 * Root hook of the fast suite (loaded by .mocharc.json): before any test, test/lint/setup/install-linters.sh
 * provisions the linters the lint tests run, at their pinned versions, into its cache. So a fresh clone needs only
 * `npm ci` and `npm test`. When every linter is there it prints one line; the first time it says what it installs.
 * If it fails (no network, no python3), the run goes on: every test that needs a missing linter fails, naming it.
 */
import { spawnSync } from 'node:child_process';
import { INSTALL_LINTERS, INSTALL_LINTERS_SCRIPT } from './tools.js';

export function mochaGlobalSetup(): void {
  const { status, error } = spawnSync('bash', [INSTALL_LINTERS_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (status !== 0) {
    console.error(
      `${INSTALL_LINTERS} failed (${error?.message ?? `exit ${status}`}): the tests that need a missing linter will fail`,
    );
  }
}
