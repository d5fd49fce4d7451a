import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPTIONS } from '../../generators/lib/options.js';
import { PACKAGE_ROOT } from '../helpers/paths.js';

const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('documents every option of the options table in its options table', () => {
    const rows = readme.split('\n').filter((line) => line.startsWith('| `--'));
    const documented = rows.map((row) => /^\| `--([a-z-]+)`/.exec(row)?.[1]);
    for (const spec of OPTIONS) assert.ok(documented.includes(spec.flag), `README lacks a row for --${spec.flag}`);
    assert.ok(documented.includes('defaults'), 'README lacks a row for --defaults');
  });

  it('gives the two-command quick start that package.json provides', () => {
    const scripts = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).scripts as Record<
      string,
      string
    >;
    assert.match(readme, /^npm install +#/m);
    assert.match(readme, /^npm run demo +#/m);
    assert.ok(scripts['demo'], 'package.json has no demo script');
    assert.ok(scripts['test'] && scripts['test:e2e'] && scripts['bench']);
  });

  it('gives the two commands that test a fresh clone: npm ci, then npm test', () => {
    assert.match(readme, /^npm ci +#.*\nnpm test +#/m);
  });
});
