import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPTIONS } from '../../generators/lib/options.js';
import { UPDATE_OPTIONS } from '../../generators/update/generator.js';
import { runCli } from '../helpers/cli.js';
import { freshDir } from '../helpers/generate.js';
import { PACKAGE_ROOT } from '../helpers/paths.js';

describe('go-container update, the command', function () {
  this.timeout(60_000);

  it('is listed by go-container --help', async () => {
    const result = await runCli(['--help'], freshDir());
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^ {2}update \[options\] +Bring the project up to this version of\s+go-container/m);
  });

  it('--help lists its own options and every option of the generator, whose default is the stored answer', async () => {
    const result = await runCli(['update', '--help'], freshDir());
    assert.equal(result.code, 0, result.stderr);
    const help = result.stdout.replace(/\s+/g, ' ');
    for (const option of UPDATE_OPTIONS) assert.ok(help.includes(`--${option.flag}`), `--help lacks --${option.flag}`);
    for (const spec of OPTIONS) assert.ok(help.includes(`--${spec.flag}`), `--help lacks --${spec.flag}`);
    assert.equal(help.match(/Default: the answer stored in \.yo-rc\.json/g)?.length, OPTIONS.length);
  });

  it('is documented in README, with each of its own options', () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    assert.match(readme, /^## Update a generated project$/m);
    for (const option of UPDATE_OPTIONS) assert.match(readme, new RegExp(`^\\| \`--${option.flag}\` \\|`, 'm'));
  });

  it('refuses an option of neither the generator nor update', async () => {
    const result = await runCli(['update', '--cgoo'], freshDir());
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /unknown option '--cgoo'/);
  });
});
