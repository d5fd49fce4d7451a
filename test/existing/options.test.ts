/** The existing-module options' rules: --main and --goprivate are checked like every other answer. */
import assert from 'node:assert/strict';
import { withDockerMkIncluded } from '../../generators/lib/detect/index.js';
import { checkGoPrivate, checkMain, RULES } from '../../generators/lib/validators.js';

describe('--main', () => {
  it('takes the root or a ./-relative package directory, normalised', () => {
    assert.deepEqual(checkMain('.'), { ok: true, value: '.' });
    assert.deepEqual(checkMain('./'), { ok: true, value: '.' });
    assert.deepEqual(checkMain('cmd/api/'), { ok: true, value: './cmd/api' });
    assert.deepEqual(checkMain('./cmd/api'), { ok: true, value: './cmd/api' });
  });

  it('refuses paths out of the module and directories go ignores', () => {
    for (const bad of [
      '',
      '../other',
      '/abs/cmd',
      './cmd/../x',
      './testdata/x',
      './vendor/x',
      './_old',
      './.hidden',
      'a b',
    ]) {
      assert.deepEqual(checkMain(bad), { ok: false, rule: RULES.main }, bad);
    }
  });

  it('in an existing module, must be one of its main packages', () => {
    assert.equal(checkMain('./cmd/worker', ['./cmd/api', './cmd/worker']).ok, true);
    assert.deepEqual(checkMain('./internal/x', ['./cmd/api']), {
      ok: false,
      rule: 'must be a main package of this module: ./cmd/api',
    });
    assert.match((checkMain('.', []) as { rule: string }).rule, /has no main package/);
  });
});

describe('--goprivate', () => {
  it('takes GOPRIVATE patterns, or nothing', () => {
    assert.deepEqual(checkGoPrivate(''), { ok: true, value: '' });
    assert.deepEqual(checkGoPrivate(' github.com/acme/* , *.corp.example.com '), {
      ok: true,
      value: 'github.com/acme/*,*.corp.example.com',
    });
  });

  it('refuses what cannot be a pattern (and so cannot reach the Dockerfile)', () => {
    for (const bad of ['github.com/acme x', 'a"b', 'x\ny', '$(id)', 'a//b']) {
      assert.deepEqual(checkGoPrivate(bad), { ok: false, rule: RULES.goPrivate }, bad);
    }
  });
});

describe('appending the include line', () => {
  it('adds one line after a blank one, and never twice', () => {
    assert.equal(withDockerMkIncluded('all:\n\tgo build\n'), 'all:\n\tgo build\n\ninclude docker.mk\n');
    assert.equal(withDockerMkIncluded('all:'), 'all:\n\ninclude docker.mk\n');
    for (const already of ['include docker.mk\n', 'x:\n-include docker.mk\n', 'include common.mk docker.mk\n']) {
      assert.equal(withDockerMkIncluded(already), already);
    }
    assert.equal(
      withDockerMkIncluded('# include docker.mk later\n'),
      '# include docker.mk later\n\ninclude docker.mk\n',
    );
  });
});
