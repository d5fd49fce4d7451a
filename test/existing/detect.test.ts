/**
 * Detection reads an existing module's files, and only its files: each fixture is a realistic module, and each
 * finding comes with the evidence the generator prints.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  constraintHolds,
  detect,
  DetectionError,
  findingsReport,
  matchesPrefixPattern,
  parseGoMod,
  readGoPrivate,
  serviceNameOf,
  type DetectEnvironment,
  type Detection,
} from '../../generators/lib/detect/index.js';
import { freshDir } from '../helpers/generate.js';
import { fixtureDir, type FixtureName } from './support.js';

/** No GOPRIVATE, no module cache: only the module's own files are read. */
const NO_GOPRIVATE: DetectEnvironment = { goPrivate: () => undefined, moduleCache: () => undefined };
const detectFixture = (name: FixtureName, environment = NO_GOPRIVATE): Detection =>
  detect(fixtureDir(name), environment);

/** A module written file by file into a fresh directory. */
function module(files: Record<string, string>): string {
  const dir = freshDir('go-container-detect-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const MAIN = 'package main\n\nfunc main() {}\n';

/** The decisions for the detected main package, built with the detected tags (or `tags`). */
const analysed = (found: Detection, main = found.main.value ?? '.', tags = found.tags.value) =>
  found.analyse(main, tags);

describe('detection on the fixture modules', () => {
  it('root-main: module, go line, the root main, the -addr default port, its own Makefile and workflow', () => {
    const found = detectFixture('root-main');
    assert.equal(found.module.value, 'github.com/acme/greeter');
    // go 1.24.3 is older than the oldest supported release, which builds it.
    assert.equal(found.goVersion.value, '1.26');
    assert.match(found.goVersion.because, /^go\.mod:3: go 1\.24\.3, older than Go 1\.26/);
    assert.deepEqual(found.mains, ['.']);
    assert.equal(found.main.value, '.');
    assert.equal(analysed(found, '.').port.value, 9000);
    assert.match(analysed(found, '.').port.because, /^main\.go:18: flag -addr defaults to ":9000"/);
    assert.deepEqual(analysed(found).port.setting, { kind: 'flag', name: 'addr', form: 'address', at: 'main.go:18' });
    assert.equal(analysed(found).cgo.value, false);
    assert.equal(found.vendor.value, false);
    assert.deepEqual(found.embeds.value, []);
    assert.equal(found.makefile.value, 'docker.mk');
    assert.match(found.makefile.because, /own Makefile/);
    assert.equal(found.workflow.value, 'container.yml');
    assert.match(found.workflow.because, /test\.yml/);
  });

  it('multi-main: both cmd/ mains, the one named like the module by default, a port per main', () => {
    const found = detectFixture('multi-main');
    assert.deepEqual(found.mains, ['./cmd/api', './cmd/worker']);
    assert.equal(found.main.value, './cmd/api');
    assert.match(found.main.because, /builds "api", like the module/);
    assert.equal(analysed(found, './cmd/api').port.value, 8081);
    assert.equal(analysed(found, './cmd/api').port.because, 'cmd/api/main.go:16: $PORT defaults to 8081');
    assert.equal(analysed(found, './cmd/worker').port?.value, 9090);
    assert.deepEqual(found.topLevelPackageDirs, ['api', 'cmd', 'internal']);
    assert.equal(found.makefile.value, 'Makefile');
    assert.equal(found.workflow.value, 'ci.yml');
  });

  it('cgo-import-c: cgo because a non-test file imports "C", and its #cgo LDFLAGS noted', () => {
    const found = detectFixture('cgo-import-c');
    assert.equal(analysed(found).cgo.value, true);
    assert.equal(analysed(found).cgo.because, 'github.com/acme/checksum: adler.go imports "C"');
    assert.deepEqual(analysed(found).cNeeds, ['adler.go: -lm is part of glibc: nothing to add']);
    assert.equal(analysed(found, '.').port?.value, 8088);
  });

  it('cgo-zlib: cgo with a system C library, #cgo pkg-config: zlib, whose -dev package the build installs', () => {
    const found = detectFixture('cgo-zlib');
    assert.equal(analysed(found).cgo.value, true);
    assert.equal(analysed(found).cgo.because, 'github.com/acme/packer: zlib.go imports "C"');
    assert.deepEqual(analysed(found).cNeeds, ['zlib.go: pkg-config zlib: zlib1g-dev (in C_DEV_PACKAGES)']);
    assert.deepEqual(analysed(found).cLibraries, [{ kind: 'pkg-config', name: 'zlib', file: 'zlib.go' }]);
    assert.equal(analysed(found, '.').port.value, 8080);
  });

  it('cgo-sqlite: cgo from go.mod alone (github.com/mattn/go-sqlite3), nothing downloaded', () => {
    const found = detectFixture('cgo-sqlite');
    assert.equal(analysed(found).cgo.value, true);
    assert.match(
      analysed(found).cgo.because,
      /^github\.com\/acme\/notes → github\.com\/mattn\/go-sqlite3 \(main\.go:\d+\), which needs cgo/,
    );
    assert.deepEqual(analysed(found).cNeeds, [
      'github.com/mattn/go-sqlite3 compiles SQLite into the binary: no runtime library to add',
    ]);
    assert.equal(analysed(found, '.').port.value, 8080);
    assert.match(analysed(found, '.').port.because, /^main\.go:\d+: \$PORT defaults to 8080$/);
  });

  it('embeds: every //go:embed pattern as a path from the module root', () => {
    const found = detectFixture('embeds');
    assert.deepEqual(found.embeds.value, ['README.md', 'certs/internal-ca.pem', 'web/static', 'web/templates/*.html']);
    assert.match(found.embeds.because, /main\.go:\d+ embeds certs\/internal-ca\.pem/);
    assert.equal(analysed(found).cgo.value, false);
  });

  it('vendored: vendor/ is detected from vendor/modules.txt', () => {
    const found = detectFixture('vendored');
    assert.equal(found.vendor.value, true);
    assert.equal(found.vendor.because, 'vendor/modules.txt lists the vendored modules');
    // The vendored package's own code is not the module's: no main, port or cgo is read from it.
    assert.deepEqual(found.mains, ['.']);
  });

  it('newer-go: a go line newer than the local toolchain is still the Go version', () => {
    const found = detectFixture('newer-go');
    assert.deepEqual(found.goVersion, {
      value: '1.27.1',
      because: 'go.mod:3: go 1.27.1',
      change: '--go-version (at least the go line)',
    });
    assert.equal(analysed(found, '.').port?.value, 8080);
  });
});

describe('the service name of an existing module, and where it came from', () => {
  it('only ./cmd/server: named server as go build names its binary, the report saying so and how to take the module’s name', () => {
    const found = detect(
      module({ 'go.mod': 'module github.com/acme/billing\n\ngo 1.26\n', 'cmd/server/main.go': MAIN }),
      NO_GOPRIVATE,
    );
    assert.deepEqual(serviceNameOf(found, './cmd/server'), {
      value: 'server',
      because: "go build names ./cmd/server's binary after its directory",
      change: '--name billing names it after the module (github.com/acme/billing)',
    });
    const report = findingsReport(found, './cmd/server');
    const row = report.findIndex((line) => /^ {2}name +server +go build names \.\/cmd\/server's binary/.test(line));
    assert.ok(row > 0, report.join('\n'));
    assert.match(
      report[row + 1] ?? '',
      /^ +to change: --name billing names it after the module \(github\.com\/acme\/billing\)$/,
    );
  });

  it('the root package: the module path’s last element (without /vN), nothing to change', () => {
    const found = detect(
      module({ 'go.mod': 'module github.com/acme/billing/v2\n\ngo 1.26\n', 'main.go': MAIN }),
      NO_GOPRIVATE,
    );
    assert.deepEqual(serviceNameOf(found, '.'), {
      value: 'billing',
      because: "the module path's last element, as go build names the root package's binary",
    });
  });

  it('./cmd/<module name>: named like the module, nothing to change', () => {
    const found = detectFixture('multi-main');
    const name = serviceNameOf(found, './cmd/api');
    assert.equal(name.value, 'api');
    assert.equal(name.change, undefined);
  });

  it('worker: the binary name its .goreleaser.yaml declares, with the line it is on', () => {
    const found = detectFixture('worker');
    const name = serviceNameOf(found, found.main.value ?? '.');
    assert.match(name.because, /^\.goreleaser\.ya?ml:\d+: binary: .* \(the binary's declared name\)$/);
    assert.equal(findingsReport(found, found.main.value ?? '.').filter((line) => /^ {2}name /.test(line)).length, 1);
  });
});

describe('detection rules', () => {
  it('a toolchain line wins over the go line, as in the Makefile', () => {
    const dir = module({ 'go.mod': 'module example.com/a\n\ngo 1.23\n\ntoolchain go1.24.2\n', 'main.go': MAIN });
    const found = detect(dir, NO_GOPRIVATE).goVersion;
    assert.equal(found.value, '1.26');
    assert.match(found.because, /^go\.mod:5: toolchain go1\.24\.2, older than Go 1\.26/);
    const newer = module({ 'go.mod': 'module example.com/a\n\ngo 1.26\n\ntoolchain go1.26.3\n', 'main.go': MAIN });
    assert.equal(detect(newer, NO_GOPRIVATE).goVersion.value, '1.26.3');
  });

  it('import "C" only in files a Linux build never compiles does not call for cgo', () => {
    const cgoFile = 'package main\n\n// #include <stdio.h>\nimport "C"\n';
    const dir = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n',
      'main.go': MAIN,
      'term_darwin.go': cgoFile,
      'fast_cgo.go': `//go:build cgo\n\n${cgoFile}`,
      'tools/gen.go': `//go:build ignore\n\n${cgoFile}`,
      'c_test.go': cgoFile,
      'testdata/x.go': cgoFile,
      // another module, inside this one's directory
      'plugins/go.mod': 'module example.com/plugins\n',
      'plugins/p.go': cgoFile,
    });
    assert.equal(analysed(detect(dir, NO_GOPRIVATE)).cgo.value, false);
  });

  it('a known cgo module reached through a dependency in the module cache calls for cgo, naming the chain', () => {
    const cache = module({
      'gorm.io/driver/sqlite@v1.5.7/sqlite.go': 'package sqlite\n\nimport _ "github.com/mattn/go-sqlite3"\n',
    });
    const dir = module({
      'go.mod':
        'module example.com/a\n\ngo 1.24\n\nrequire (\n\tgorm.io/driver/sqlite v1.5.7\n' +
        '\tgithub.com/mattn/go-sqlite3 v1.14.22 // indirect\n)\n',
      'main.go': 'package main\n\nimport _ "gorm.io/driver/sqlite"\n\nfunc main() {}\n',
    });
    const found = analysed(detect(dir, { ...NO_GOPRIVATE, moduleCache: () => cache }));
    assert.equal(found.cgo.value, true);
    assert.ok(
      found.cgo.because.startsWith(
        'example.com/a → gorm.io/driver/sqlite (main.go:3) → github.com/mattn/go-sqlite3 (gorm.io/driver/sqlite/sqlite.go:3), which needs cgo',
      ),
      found.cgo.because,
    );
    // Without the module cache, go.mod alone cannot tell: the third-party package is not read.
    const unread = analysed(detect(dir, NO_GOPRIVATE));
    assert.equal(unread.cgo.value, false);
    assert.match(unread.cgo.because, /1 third-party package not in vendor\/ or the module cache/);
  });

  it('a #cgo pkg-config line names the Debian -dev package the builder installs for the target', () => {
    const dir = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n',
      'main.go': 'package main\n\nimport _ "example.com/a/crypto"\n\nfunc main() {}\n',
      'crypto/sodium.go': 'package crypto\n\n// #cgo pkg-config: libsodium\n// #include <sodium.h>\nimport "C"\n',
    });
    const found = detect(dir, NO_GOPRIVATE);
    assert.equal(analysed(found).cgo.value, true);
    assert.deepEqual(analysed(found).cNeeds, [
      'crypto/sodium.go: pkg-config libsodium: libsodium-dev (in C_DEV_PACKAGES)',
    ]);
    assert.deepEqual(analysed(found).cLibraries, [{ kind: 'pkg-config', name: 'libsodium', file: 'crypto/sodium.go' }]);
  });

  it('a C library this generator does not know is named, for the user to add its -dev package', () => {
    const dir = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n',
      'main.go': 'package main\n\nimport _ "example.com/a/hw"\n\nfunc main() {}\n',
      'hw/device.go': 'package hw\n\n// #cgo LDFLAGS: -lacmehw -lm\n// #include <acmehw.h>\nimport "C"\n',
    });
    assert.deepEqual(analysed(detect(dir, NO_GOPRIVATE)).cNeeds, [
      'hw/device.go: -lacmehw: add its Debian -dev package to C_DEV_PACKAGES in the Dockerfile',
      'hw/device.go: -lm is part of glibc: nothing to add',
    ]);
  });

  it('several mains, none named like the module: ./cmd/* first, alphabetically', () => {
    const dir = module({
      'go.mod': 'module example.com/shop\n\ngo 1.24\n',
      'tools/seed/main.go': MAIN,
      'cmd/web/main.go': MAIN,
      'cmd/cron/main.go': MAIN,
    });
    const found = detect(dir, NO_GOPRIVATE);
    assert.deepEqual(found.mains, ['./cmd/cron', './cmd/web', './tools/seed']);
    assert.equal(found.main.value, './cmd/cron');
    assert.match(found.main.because, /none named like the module \("shop"\)/);
  });

  it('a module without a main package has no main to build', () => {
    const dir = module({ 'go.mod': 'module example.com/lib/v2\n\ngo 1.24\n', 'lib.go': 'package lib\n' });
    const found = detect(dir, NO_GOPRIVATE);
    assert.deepEqual(found.mains, []);
    assert.equal(found.main.value, undefined);
  });

  it('no port when it is not obvious: two listen addresses, or a port below 1024', () => {
    const two = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n',
      'main.go': 'package main\n\nvar public, admin = ":8080", ":8443"\n\nfunc main() {}\n',
    });
    assert.equal(analysed(detect(two, NO_GOPRIVATE)).port?.value, undefined);
    assert.match(
      analysed(detect(two, NO_GOPRIVATE)).port?.because ?? '',
      /several ":port" literals .*: none is obviously the service's/,
    );
    const low = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n',
      'main.go': 'package main\n\nconst addr = ":80"\n\nfunc main() {}\n',
    });
    // A port below 1024 with no flag or variable to move it stays, and the report says so plainly.
    const lowFound = analysed(detect(low, NO_GOPRIVATE));
    assert.equal(lowFound.port.value, 80);
    assert.equal(lowFound.imagePort.value, 80);
    assert.match(lowFound.imagePort.because, /below 1024, and the app has no flag or variable to move it.*non-root/);
  });

  it('a commented-out listen address is not a port', () => {
    const dir = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n',
      'main.go': 'package main\n\n// Old: http.ListenAndServe(":3000", nil)\nconst addr = ":8090"\n\nfunc main() {}\n',
    });
    assert.equal(analysed(detect(dir, NO_GOPRIVATE)).port?.value, 8090);
  });

  it('GOPRIVATE counts only through the patterns that match a requirement of go.mod', () => {
    const dir = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n\nrequire github.com/acme/auth v0.3.1\n',
      'main.go': MAIN,
    });
    const setting = (value: string): DetectEnvironment => ({
      goPrivate: () => ({ value, source: 'GOPRIVATE in the environment' }),
      moduleCache: () => undefined,
    });
    assert.deepEqual(detect(dir, setting('*.corp.example.com,github.com/acme/*')).goPrivate, {
      value: 'github.com/acme/*',
      because: 'GOPRIVATE in the environment: github.com/acme/* matches github.com/acme/auth',
    });
    assert.equal(detect(dir, setting('gitlab.example.com')).goPrivate.value, '');
  });

  it("the Makefile and workflow an earlier run wrote are its own; a user's are not", () => {
    const config = JSON.stringify({ 'generator-go-container': { main: '.' } });
    const files = { 'go.mod': 'module example.com/a\n\ngo 1.24\n', 'main.go': MAIN, Makefile: 'all:\n' };
    assert.equal(detect(module(files), NO_GOPRIVATE).makefile.value, 'docker.mk');
    assert.equal(detect(module({ ...files, '.yo-rc.json': config }), NO_GOPRIVATE).makefile.value, 'Makefile');
    const withDockerMk = module({ ...files, '.yo-rc.json': config, 'docker.mk': '' });
    assert.equal(detect(withDockerMk, NO_GOPRIVATE).makefile.value, 'docker.mk');
  });

  it('a directory without go.mod, or a go.mod without a module line, is refused', () => {
    assert.throws(() => detect(module({ 'main.go': MAIN }), NO_GOPRIVATE), DetectionError);
    assert.throws(() => detect(module({ 'go.mod': 'go 1.24\n' }), NO_GOPRIVATE), /has no module line/);
  });
});

/** The port decision of a one-file main package. */
const portOf = (source: string) =>
  analysed(detect(module({ 'go.mod': 'module example.com/a\n\ngo 1.24\n', 'main.go': source }), NO_GOPRIVATE));

describe('where a program listens, in the forms real services use', () => {
  const program = (body: string, imports = '"flag"\n\t"net/http"'): string =>
    `package main\n\nimport (\n\t${imports}\n)\n\nfunc main() {\n${body}\n}\n`;

  it('a flag default: flag.Int("port", 9000, ...) needs nothing passed; its port is the image\'s', () => {
    const found = portOf(program('\tport := flag.Int("port", 9000, "port")\n\t_ = port'));
    assert.equal(found.imagePort.value, 9000);
    assert.deepEqual(found.port.setting, { kind: 'flag', name: 'port', form: 'port', at: 'main.go:9' });
    assert.equal(found.portEnv.value, '');
  });

  it('an address flag: flag.String("addr", ":9115", ...), StringVar, pflag IntP, kingpin, exporter-toolkit', () => {
    const forms: [string, string, number][] = [
      ['\taddr := flag.String("addr", ":9115", "listen")\n\t_ = addr', 'addr', 9115],
      ['\tvar a string\n\tflag.StringVar(&a, "http-addr", "0.0.0.0:7000", "listen")', 'http-addr', 7000],
      ['\tp := pflag.IntP("port", "p", 8181, "port")\n\t_ = p', 'port', 8181],
      [
        '\ta := kingpin.Flag("web.listen-address", "Address.").Default(":9100").String()\n\t_ = a',
        'web.listen-address',
        9100,
      ],
      ['\tf := kingpinflag.AddFlags(kingpin.CommandLine, ":9115")\n\t_ = f', 'web.listen-address', 9115],
    ];
    for (const [body, name, port] of forms) {
      const found = portOf(program(body));
      assert.equal(found.imagePort.value, port, body);
      assert.equal(found.port.setting?.kind, 'flag', body);
      assert.equal(found.port.setting?.name, name, body);
    }
  });

  it('urfave/cli flags with EnvVars are set through their variable', () => {
    const found = portOf(
      program('\tf := &cli.IntFlag{Name: "port", Value: 3000, EnvVars: []string{"APP_PORT"}}\n\t_ = f'),
    );
    assert.equal(found.imagePort.value, 3000);
    assert.equal(found.portEnv.value, 'APP_PORT');
  });

  it('an environment default below 1024 is moved through that variable, not PORT', () => {
    const found = portOf(program('\tport := getEnv("WHOAMI_PORT_NUMBER", "80")\n\t_ = port', '"os"'));
    assert.equal(found.port.value, 80);
    assert.equal(found.imagePort.value, 8080);
    assert.match(found.imagePort.because, /moved to 8080 through \$WHOAMI_PORT_NUMBER/);
    assert.equal(found.portEnv.value, 'WHOAMI_PORT_NUMBER');
  });

  it('config defaults: struct tags (caarlos0/env, envconfig) and configuration literals', () => {
    const tagged = portOf(
      'package main\n\ntype config struct {\n\tPort int `env:"HTTP_PORT" envDefault:"8088"`\n}\n\nfunc main() {}\n',
    );
    assert.equal(tagged.imagePort.value, 8088);
    assert.equal(tagged.portEnv.value, 'HTTP_PORT');
    const literal = portOf(
      'package main\n\nfunc defaults() Config { return Config{Port: 7070, Name: "x"} }\n\nfunc main() {}\n',
    );
    assert.equal(literal.imagePort.value, 7070);
    assert.equal(literal.portEnv.value, '');
  });

  it('the ACME http-01 listener on ":80" is a helper: the service is the TLS one', () => {
    const found = portOf(
      program(
        '\tgo http.ListenAndServe(":80", m.HTTPHandler(nil))\n\thttp.ListenAndServeTLS(":8443", "c", "k", nil)',
        '"net/http"',
      ),
    );
    assert.equal(found.imagePort.value, 8443);
    assert.match(found.port.because, /main\.go:8 is a helper listener \(ACME or redirect\)/);
  });

  it('a program that listens nowhere has no port: a worker or a command', () => {
    const found = portOf(program('\tfor {\n\t\tprocess()\n\t}', '"time"'));
    assert.equal(found.port.serves, false);
    assert.equal(found.imagePort.value, undefined);
    assert.match(found.imagePort.because, /does not listen: no EXPOSE, no port variable, no HTTP smoke test/);
  });

  it('a server whose port is not a literal: none guessed, --port asked for', () => {
    const found = portOf(program('\thttp.ListenAndServe(config.Addr(), nil)'));
    assert.equal(found.port.serves, true);
    assert.equal(found.imagePort.value, undefined);
    assert.match(found.imagePort.because, /starts a server, but no literal says on which port: pass --port/);
  });

  it('PORT read without a default: 8080, set through PORT', () => {
    const found = portOf(program('\thttp.ListenAndServe(":"+os.Getenv("PORT"), nil)', '"net/http"\n\t"os"'));
    assert.equal(found.imagePort.value, 8080);
    assert.equal(found.portEnv.value, 'PORT');
  });
});

describe('what the project declares about its build', () => {
  it(".goreleaser.yaml: ldflags with its template variables as the build's, tags, binary, CGO_ENABLED", () => {
    const found = detectFixture('worker');
    assert.equal(found.tags.value.join(','), 'netgo,osusergo');
    assert.match(found.tags.because, /^\.goreleaser\.yaml:\d+: tags netgo,osusergo$/);
    const analysis = analysed(found);
    assert.equal(analysis.ldflags.value, '-s -w -X main.version=${VERSION} -X main.builtBy=goreleaser');
    assert.match(analysis.ldflags.because, /left out: \.goreleaser\.yaml: -X main\.branch=\{\{\.Env\.BRANCH\}\}/);
    assert.equal(found.declared.binary?.value, 'spool-reaper');
    assert.equal(analysis.cgo.value, false);
    assert.match(analysis.cgo.because, /^\.goreleaser\.yaml:\d+: env CGO_ENABLED=0 \(declared/);
  });

  it("the Makefile: LDFLAGS with its own version variables as the build's (-X main.Mode=prod kept)", () => {
    const analysis = analysed(detectFixture('makefile-collision'));
    assert.equal(
      analysis.ldflags.value,
      '-s -w -X main.Version=${VERSION} -X main.Revision=${REVISION} -X main.Mode=prod',
    );
    assert.match(analysis.ldflags.because, /^Makefile:7: LDFLAGS/);
  });

  it('.promu.yml and an existing Dockerfile: ldflags, -tags, main, binary', () => {
    const dir = module({
      'go.mod': 'module github.com/acme/exporter\n\ngo 1.24\n',
      'cmd/exporter/main.go': MAIN,
      'cmd/tool/main.go': MAIN,
      '.promu.yml':
        'go:\n  cgo: false\nbuild:\n  binaries:\n    - name: acme_exporter\n      path: ./cmd/exporter\n' +
        '  flags: -a -tags netgo\n  ldflags: |\n    -X github.com/prometheus/common/version.Version={{.Version}}\n' +
        '    -X github.com/prometheus/common/version.Branch={{.Branch}}\n',
    });
    const found = detect(dir, NO_GOPRIVATE);
    assert.equal(found.main.value, './cmd/exporter');
    assert.deepEqual(found.tags.value, ['netgo']);
    assert.equal(found.declared.binary?.value, 'acme_exporter');
    assert.equal(analysed(found).ldflags.value, '-X github.com/prometheus/common/version.Version=${VERSION}');
    writeFileSync(
      join(dir, 'Dockerfile'),
      'FROM golang:1.24\nRUN CGO_ENABLED=0 go build \\\n  -ldflags="-s -w -X main.Mode=prod -X main.Version=$VERSION" -tags "jsoniter" -o /app ./cmd/tool\n',
    );
    const fromDockerfile = detect(dir, NO_GOPRIVATE);
    assert.equal(fromDockerfile.main.value, './cmd/tool');
    assert.deepEqual(fromDockerfile.tags.value, ['jsoniter']);
    assert.match(fromDockerfile.tags.because, /^Dockerfile:2: go build -tags jsoniter$/);
    assert.equal(analysed(fromDockerfile).ldflags.value, '-s -w -X main.Mode=prod -X main.Version=${VERSION}');
  });

  it('with nothing declared, -X of the version variables the main package has', () => {
    const found = portOf(
      'package main\n\nvar (\n\tversion = "dev"\n\tcommit  string\n\tother   = "x"\n)\n\nfunc main() {}\n',
    );
    assert.equal(found.ldflags.value, '-s -X main.version=${VERSION} -X main.commit=${REVISION}');
    assert.match(found.ldflags.because, /main\.go:4 var version, main\.go:5 var commit/);
  });
});

describe('cgo decided for the binary, not the module', () => {
  it('pure-beside-cgo: go-sqlite3 only in a test command leaves the server static', () => {
    const found = detectFixture('pure-beside-cgo');
    assert.equal(found.main.value, './cmd/links');
    const server = analysed(found);
    assert.equal(server.cgo.value, false);
    assert.match(
      server.cgo.because,
      /go\.mod requires github\.com\/mattn\/go-sqlite3, but this binary does not import it/,
    );
    assert.match(
      server.cgo.change ?? '',
      /internal\/store\/sqlite\.go:\d+ imports github\.com\/mattn\/go-sqlite3 behind \/\/go:build sqlite: --tags sqlite would bring it in/,
    );
    assert.deepEqual(server.cNeeds, []);
    // The test command itself needs cgo, and says through which import.
    const check = found.analyse('./cmd/sqlite-check', []);
    assert.equal(check.cgo.value, true);
    assert.match(
      check.cgo.because,
      /^github\.com\/acme\/links\/cmd\/sqlite-check → github\.com\/mattn\/go-sqlite3 \(cmd\/sqlite-check\/main\.go:\d+\), which needs cgo/,
    );
  });

  it('pure-beside-cgo: built with -tags sqlite, the server needs cgo through internal/store', () => {
    const tagged = detectFixture('pure-beside-cgo').analyse('./cmd/links', ['sqlite']);
    assert.equal(tagged.cgo.value, true);
    assert.match(
      tagged.cgo.because,
      /cmd\/links → github\.com\/acme\/links\/internal\/store \(cmd\/links\/main\.go:\d+\) → github\.com\/mattn\/go-sqlite3 \(internal\/store\/sqlite\.go:\d+\)/,
    );
  });

  it('a vendored dependency that imports "C" is read from vendor/', () => {
    const dir = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n\nrequire example.com/cbind v1.0.0\n',
      'main.go': 'package main\n\nimport _ "example.com/cbind"\n\nfunc main() {}\n',
      'vendor/modules.txt': '# example.com/cbind v1.0.0\n## explicit\nexample.com/cbind\n',
      'vendor/example.com/cbind/c.go': 'package cbind\n\n// #cgo LDFLAGS: -lz\nimport "C"\n',
    });
    const found = analysed(detect(dir, NO_GOPRIVATE));
    assert.equal(found.cgo.value, true);
    assert.match(
      found.cgo.because,
      /example\.com\/cbind \(main\.go:3\): vendor\/example\.com\/cbind\/c\.go imports "C"/,
    );
    assert.match(found.cNeeds[0] ?? '', /-lz: zlib1g-dev \(in C_DEV_PACKAGES\)/);
  });
});

describe('embedded frontends and run-time needs', () => {
  it('frontend: an embed pattern npm builds gets a frontend stage from its package.json and lockfile', () => {
    const [frontend, ...others] = analysed(detectFixture('frontend')).frontends;
    assert.equal(others.length, 0);
    assert.deepEqual(
      { ...frontend, because: undefined },
      {
        packageDir: 'web/ui',
        outputDir: 'web/ui/build',
        packageManager: 'npm',
        lockfile: 'web/ui/package-lock.json',
        installCommand: 'npm ci',
        buildCommand: 'npm run build',
        cacheDir: '/root/.npm',
        nodeMajor: 24,
        because: undefined,
      },
    );
    assert.match(frontend?.because ?? '', /^web\/web\.go:9 embeds web\/ui\/build\/\*, which matches no file/);
  });

  it('a built but git-ignored output still gets the stage; yarn and pnpm lockfiles, .nvmrc', () => {
    const dir = module({
      'go.mod': 'module example.com/a\n\ngo 1.24\n',
      'main.go': 'package main\n\nimport "embed"\n\n//go:embed all:ui/dist\nvar ui embed.FS\n\nfunc main() {}\n',
      'ui/package.json': '{"scripts": {"build": "vite build"}}',
      'ui/yarn.lock': '',
      'ui/.nvmrc': 'v20.11.0\n',
      'ui/dist/index.html': '<p>built locally</p>',
      '.gitignore': 'ui/dist/\n',
    });
    const [frontend] = analysed(detect(dir, NO_GOPRIVATE)).frontends;
    assert.equal(frontend?.packageManager, 'yarn');
    assert.equal(frontend?.installCommand, 'yarn install --frozen-lockfile');
    assert.equal(frontend?.nodeMajor, 20);
    assert.match(frontend?.because ?? '', /which is not in git \(\.gitignore:1 ignores ui\/dist\)/);
    writeFileSync(join(dir, 'ui/pnpm-lock.yaml'), '');
    assert.equal(
      analysed(detect(dir, NO_GOPRIVATE)).frontends[0]?.installCommand,
      'corepack pnpm install --frozen-lockfile',
    );
  });

  it('an embed pattern nothing builds: a warning at generation time, no stage', () => {
    const found = portOf('package main\n\nimport "embed"\n\n//go:embed static/*\nvar s embed.FS\n\nfunc main() {}\n');
    assert.deepEqual(found.frontends, []);
    assert.match(
      found.warnings[0] ?? '',
      /^main\.go:5 embeds static\/\*, which matches no file, and no package\.json .*no matching files found/,
    );
  });

  it('config-data: the config file is shipped, the data directory is a volume, git is reported', () => {
    const analysis = analysed(detectFixture('config-data'));
    assert.deepEqual(analysis.runtime.configFiles, [
      { path: 'probe.yml', because: 'main.go:19 reads probe.yml, which is in the repository' },
    ]);
    assert.deepEqual(analysis.runtime.dataDirs, [{ path: '/app/data', because: 'main.go:27 creates data' }]);
    assert.equal(analysis.runtime.unhandled.length, 1);
    assert.match(analysis.runtime.unhandled[0] ?? '', /^main\.go:49 runs git: the image has no git: use a Go library/);
    assert.equal(analysis.imagePort.value, 9115);
  });
});

describe('detection runs nothing of the module', () => {
  /** A fake `go` first on PATH that records how it was called. */
  function fakeGo(): { env: NodeJS.ProcessEnv; calls: () => string[] } {
    const bin = freshDir('go-container-fake-go-');
    const log = join(bin, 'calls.log');
    writeFileSync(join(bin, 'go'), `#!/bin/sh\necho "$PWD|$*" >> '${log}'\necho 'example.com/private/*'\n`);
    chmodSync(join(bin, 'go'), 0o755);
    writeFileSync(log, '');
    return {
      env: { PATH: `${bin}:${process.env['PATH'] ?? ''}` },
      calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
    };
  }

  it('GOPRIVATE from the environment wins: go is not run at all', () => {
    const go = fakeGo();
    assert.deepEqual(readGoPrivate({ ...go.env, GOPRIVATE: 'github.com/acme/*' }), {
      value: 'github.com/acme/*',
      source: 'GOPRIVATE in the environment',
    });
    assert.deepEqual(go.calls(), []);
  });

  it('otherwise only `go env GOPRIVATE` runs, outside the module', () => {
    const go = fakeGo();
    assert.deepEqual(readGoPrivate(go.env), { value: 'example.com/private/*', source: 'GOPRIVATE of `go env`' });
    assert.deepEqual(go.calls(), [`${tmpdir()}|env GOPRIVATE`]);
  });
});

describe('detection helpers', () => {
  it('parses go.mod requirement blocks and their // indirect marks', () => {
    const parsed = parseGoMod(
      'module "example.com/a" // quoted\n\ngo 1.24.1\n\nrequire (\n\texample.com/b v1.0.0\n' +
        '\texample.com/c v0.1.0 // indirect\n)\n\nrequire example.com/d v2.0.0+incompatible\n',
    );
    assert.equal(parsed.module, 'example.com/a');
    assert.equal(parsed.go, '1.24.1');
    assert.deepEqual(
      parsed.requires.map((requirement) => [requirement.path, requirement.indirect]),
      [
        ['example.com/b', false],
        ['example.com/c', true],
        ['example.com/d', false],
      ],
    );
  });

  it('evaluates //go:build expressions for linux', () => {
    assert.equal(constraintHolds('linux && (amd64 || arm64)', 'arm64'), true);
    assert.equal(constraintHolds('!linux', 'amd64'), false);
    assert.equal(constraintHolds('darwin || windows', 'amd64'), false);
    assert.equal(constraintHolds('go1.22 && !cgo', 'amd64'), true);
  });

  it('matches GOPRIVATE patterns against path prefixes, as go does', () => {
    assert.equal(matchesPrefixPattern('github.com/acme', 'github.com/acme/auth/v2'), true);
    assert.equal(matchesPrefixPattern('*.corp.example.com', 'git.corp.example.com/team/lib'), true);
    assert.equal(matchesPrefixPattern('github.com/acme/*', 'github.com/acme'), false);
    assert.equal(matchesPrefixPattern('github.com/acm?', 'github.com/acme/x'), true);
    assert.equal(matchesPrefixPattern('github.com/acme', 'github.com/acmecorp/x'), false);
  });
});
