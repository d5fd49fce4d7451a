/**
 * golangci-lint, at the release the generated Makefile pins (TOOLS.golangciLint), with the .golangci.yml the
 * generator writes, finds nothing in the generated code at the oldest and the newest go line the generator accepts:
 * the code is written for each (go-features.ts), and modernize asks for no more than the go line allows. The
 * Makefile's own `make lint` runs on every variant in make-targets.test.ts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { TOOLS } from '../../generators/lib/tool-versions.js';
import { FIXED_FLAGS, generate } from '../helpers/generate.js';
import { INSTALL_LINTERS, requireTool } from './support/tools.js';

const run = promisify(execFile);

async function pinnedGolangciLint(): Promise<string> {
  const linter = requireTool('golangci-lint', 'it lints the generated Go code as make lint does');
  const { stdout } = await run(linter, ['version', '--short']);
  assert.equal(`v${stdout.trim()}`, TOOLS.golangciLint.version, `not the pinned release: run ${INSTALL_LINTERS}`);
  return linter;
}

describe(`golangci-lint ${TOOLS.golangciLint.version} on the generated code`, function () {
  this.timeout(240_000);

  it('is the release the generated .golangci.yml names, configured for golangci-lint v2', async () => {
    const generated = await generate(FIXED_FLAGS);
    const config = generated.read('.golangci.yml');
    assert.match(
      config.split('\n')[0] ?? '',
      new RegExp(`golangci-lint ${TOOLS.golangciLint.version.replaceAll('.', '\\.')}`),
    );
    const parsed = parse(config) as { version: string; linters: { enable: string[] } };
    assert.equal(parsed.version, '2');
    for (const linter of ['bodyclose', 'errorlint', 'gosec', 'noctx', 'sloglint', 'revive', 'modernize', 'gocritic']) {
      assert.ok(parsed.linters.enable.includes(linter), `${linter} is not enabled`);
    }
  });

  // The oldest go line uses every fallback of go-features.ts, the newest every feature: between them, each line of
  // code the generator can write. (Each go line costs golangci-lint a cold analysis of the standard library.)
  for (const goVersion of ['1.22', '1.26']) {
    it(`finds nothing at go ${goVersion}`, async () => {
      const linter = await pinnedGolangciLint();
      const generated = await generate({ ...FIXED_FLAGS, 'go-version': goVersion });
      const { stdout } = await run(linter, ['run', './...'], {
        cwd: generated.dir,
        env: { ...process.env, GOFLAGS: '' },
      }).catch((error: unknown) => {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        assert.fail(`golangci-lint found issues at go ${goVersion}:\n${stdout ?? ''}${stderr ?? ''}`);
      });
      assert.match(stdout, /^0 issues\.$/m);
      assert.match(readFileSync(join(generated.dir, 'go.mod'), 'utf8'), new RegExp(`^go ${goVersion}$`, 'm'));
    });
  }
});
