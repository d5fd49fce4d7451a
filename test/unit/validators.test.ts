import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as check from '../../generators/lib/validators.js';
import { VARIANTS } from '../../generators/lib/variants.js';

function accepts<T>(checked: check.Checked<T>, expected?: T): void {
  assert.ok(checked.ok, `refused: ${checked.ok ? '' : checked.rule}`);
  if (expected !== undefined) assert.deepEqual(checked.value, expected);
}

function refuses(checked: check.Checked<unknown>, rule: string | RegExp): void {
  assert.ok(!checked.ok, `accepted ${JSON.stringify(checked.ok && checked.value)}`);
  if (typeof rule === 'string') assert.equal(checked.rule, rule);
  else assert.match(checked.rule, rule);
}

describe('validators', () => {
  describe('--name: a lowercase DNS label', () => {
    for (const name of ['a', 'api', 'my-service-2', '9lives', 'a'.repeat(63)]) {
      it(`accepts ${JSON.stringify(name)}`, () => accepts(check.checkName(name), name));
    }
    for (const name of ['', 'API', 'my_service', '-api', 'api-', 'a.b', 'a b', 'a'.repeat(64), 'café']) {
      it(`refuses ${JSON.stringify(name)}`, () => refuses(check.checkName(name), check.RULES.name));
    }
    it('refuses a value that is not a string', () => refuses(check.checkName(42), check.RULES.name));
  });

  describe('default service name from a directory name', () => {
    const cases: Array<[string, string]> = [
      ['demo', 'demo'],
      ['My_Service.v2', 'my-service-v2'],
      ['--weird--', 'weird'],
      ['___', 'service'],
      ['x'.repeat(70), 'x'.repeat(63)],
      [`${'a'.repeat(62)}-b`, 'a'.repeat(62)],
    ];
    for (const [dir, name] of cases) {
      it(`${JSON.stringify(dir)} becomes ${JSON.stringify(name)}, a valid name`, () => {
        assert.equal(check.toServiceName(dir), name);
        accepts(check.checkName(check.toServiceName(dir)));
      });
    }
  });

  describe('--module: what `go mod init` accepts, without a leading dot or dash', () => {
    // Each case is also given to the real `go mod init`, so the rule cannot drift from Go's.
    const goAccepts = [
      'example',
      'example.com/foo',
      'github.com/Acme/Api',
      'example.com/foo/v2',
      'gopkg.in/yaml.v3',
      'a..b/c',
      'x/y+z',
      'x/-y',
      'x/.y',
      'x/y~z',
    ];
    const goRefuses = [
      'example.com/foo/v1',
      'x/y z',
      'http://x/y',
      'x//y',
      'x/',
      'x/y~1',
      'x/con',
      'x/aux.go',
      'x/y.',
      'x/y@v1',
      'x/./y',
      'x/../y',
      'exämple.com/x',
    ];
    const stricterThanGo = ['.x/y', '-x/y'];

    let workDir = '';
    before(() => {
      workDir = mkdtempSync(join(tmpdir(), 'module-path-'));
    });
    after(() => rmSync(workDir, { recursive: true, force: true }));

    function goModInitAccepts(path: string): boolean {
      rmSync(join(workDir, 'go.mod'), { force: true });
      try {
        execFileSync('go', ['mod', 'init', '--', path], {
          cwd: workDir,
          stdio: 'ignore',
          env: { ...process.env, GOFLAGS: '' },
        });
        return true;
      } catch {
        return false;
      }
    }

    for (const path of goAccepts) {
      it(`accepts ${JSON.stringify(path)}, as go mod init does`, () => {
        assert.equal(goModInitAccepts(path), true, 'go mod init refused it: the case is wrong');
        accepts(check.checkModule(path), path);
      });
    }
    for (const path of goRefuses) {
      it(`refuses ${JSON.stringify(path)}, as go mod init does`, () => {
        assert.equal(goModInitAccepts(path), false, 'go mod init accepted it: the case is wrong');
        refuses(check.checkModule(path), /^must be a Go module path/);
      });
    }
    for (const path of stricterThanGo) {
      it(`refuses ${JSON.stringify(path)}: no leading dot or dash in the first element`, () => {
        refuses(check.checkModule(path), check.RULES.module);
      });
    }
    it('says why a /v1 suffix is refused', () => {
      refuses(check.checkModule('example.com/foo/v1'), /major version suffix must be \/v2 or later/);
    });
  });

  describe('--go-version: 1.N or 1.N.P with N >= 22', () => {
    for (const version of ['1.22', '1.26', '1.26.0', '1.26.8', '1.30.12']) {
      it(`accepts ${version}`, () => accepts(check.checkGoVersion(version), version));
    }
    for (const version of [
      '1.21',
      '1.21.5',
      '1',
      '2.0',
      'go1.26',
      '1.26.x',
      '1.026',
      '1.26.08',
      '1.26rc1',
      ' 1.26',
      '',
    ]) {
      it(`refuses ${JSON.stringify(version)}`, () => refuses(check.checkGoVersion(version), check.RULES.goVersion));
    }
  });

  describe('the local toolchain version as a default', () => {
    it('keeps major.minor of `go env GOVERSION`', () => {
      assert.equal(check.goMinorOf('go1.26.8'), '1.26');
      assert.equal(check.goMinorOf('go1.27rc1'), '1.27');
    });
    it('ignores toolchains too old to generate for, and devel builds', () => {
      assert.equal(check.goMinorOf('go1.21.13'), undefined);
      assert.equal(check.goMinorOf('devel go1.27-abcdef'), undefined);
    });
  });

  describe('--cgo', () => {
    it('accepts booleans and their spelling in .yo-rc.json', () => {
      accepts(check.checkBoolean(true), true);
      accepts(check.checkBoolean('false'), false);
    });
    it('refuses anything else', () => refuses(check.checkBoolean('yes'), check.RULES.cgo));
  });

  describe('--runtime', () => {
    it('accepts distroless and scratch without cgo', () => {
      accepts(check.checkRuntime('distroless', false), 'distroless');
      accepts(check.checkRuntime('scratch', false), 'scratch');
    });
    it('refuses scratch with cgo, saying why', () =>
      refuses(check.checkRuntime('scratch', true), /scratch has no C library/));
    it('refuses an unknown image', () => refuses(check.checkRuntime('alpine', false), check.RULES.runtime));
  });

  describe('--debian', () => {
    it('accepts trixie and bookworm', () => {
      accepts(check.checkDebian('trixie'));
      accepts(check.checkDebian('bookworm'));
    });
    for (const release of ['bullseye', 'debian13', 'Trixie']) {
      it(`refuses ${release}`, () => refuses(check.checkDebian(release), check.RULES.debian));
    }
  });

  describe('--port: 1024-65535', () => {
    for (const [port, value] of [
      ['1024', 1024],
      ['8080', 8080],
      [65535, 65535],
    ] as const) {
      it(`accepts ${JSON.stringify(port)}`, () => accepts(check.checkPort(port), value));
    }
    for (const port of ['80', '1023', '65536', '0', '-1', '8080.5', '8e3', 'http', '', ' 8080', 8080.5]) {
      it(`refuses ${JSON.stringify(port)}`, () => refuses(check.checkPort(port), check.RULES.port));
    }
  });

  describe('--image: a lowercase name without tag or digest', () => {
    const good = [
      'ghcr.io/acme/api',
      'api',
      'acme/api',
      'registry.example.com:5000/team/api',
      'localhost/api',
      'localhost:5000/a/b/c',
      'ghcr.io/acme/my_api.v2',
      'ghcr.io/acme/a__b',
      'ghcr.io/acme/a--b',
    ];
    const bad = [
      'ghcr.io/acme/api:latest',
      'ghcr.io/acme/api@sha256:abc',
      'ghcr.io/Acme/api',
      'GHCR.io/acme/api',
      'ghcr.io/acme/',
      '/api',
      'ghcr.io//api',
      'ghcr.io/acme/-api',
      'ghcr.io/acme/api.',
      'ghcr.io/acme/a___b',
      'https://ghcr.io/acme/api',
      `ghcr.io/${'a'.repeat(250)}`,
      '',
    ];
    for (const image of good) it(`accepts ${image}`, () => accepts(check.checkImage(image), image));
    for (const image of bad) {
      const label = image.length > 40 ? `a ${image.length}-character name` : JSON.stringify(image);
      it(`refuses ${label}`, () => refuses(check.checkImage(image), check.RULES.image));
    }
  });

  describe('--platforms', () => {
    it('accepts a comma list, trimming spaces', () => {
      accepts(check.checkPlatforms('linux/amd64, linux/arm64', VARIANTS['static-distroless']), [
        'linux/amd64',
        'linux/arm64',
      ]);
    });
    it('accepts linux/arm/v7 for a static binary', () => {
      accepts(check.checkPlatforms('linux/arm/v7', VARIANTS['static-scratch']), ['linux/arm/v7']);
    });
    it('refuses linux/arm/v7 for cgo, naming what cgo supports', () => {
      refuses(
        check.checkPlatforms('linux/amd64,linux/arm/v7', VARIANTS.cgo),
        'the cgo variant supports only linux/amd64, linux/arm64',
      );
    });
    for (const platforms of ['', 'linux/amd64,linux/amd64', 'linux/386', 'windows/amd64', 'linux/amd64,', 'amd64']) {
      it(`refuses ${JSON.stringify(platforms)}`, () => {
        refuses(check.checkPlatforms(platforms, VARIANTS['static-distroless']), check.RULES.platforms);
      });
    }
  });

  describe('--ci', () => {
    it('accepts github and none', () => {
      accepts(check.checkCi('github'));
      accepts(check.checkCi('none'));
    });
    it('refuses gitlab', () => refuses(check.checkCi('gitlab'), check.RULES.ci));
  });
});
