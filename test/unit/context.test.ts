/**
 * The derived template context (context.ts): each value the templates print, per variant and per kind of input,
 * checked against the rule it follows rather than a copy of an earlier output.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { defaultAnswers } from '../../generators/lib/answers.js';
import {
  ciPlatformBuild,
  gitHubOwnerOf,
  imageReferenceOf,
  registryOf,
  sourceUrlOf,
  templateContext,
} from '../../generators/lib/context.js';
import { detect } from '../../generators/lib/detect/index.js';
import { type Answers } from '../../generators/lib/options.js';
import { FIXTURES } from '../helpers/paths.js';

const defaults = defaultAnswers({ dirName: 'svc', localGoMinor: '1.26', gitHubUser: 'acme' });
const answers = (changes: Partial<Answers> = {}): Answers => ({ ...defaults, ...changes });

describe('template context', () => {
  describe('the image name', () => {
    it('has a registry host only when its first element looks like one (a dot, a port, or localhost)', () => {
      assert.equal(registryOf('ghcr.io/acme/api'), 'ghcr.io');
      assert.equal(registryOf('registry.example.com:5000/api'), 'registry.example.com:5000');
      assert.equal(registryOf('localhost:5000/api'), 'localhost:5000');
      assert.equal(registryOf('localhost/api'), 'localhost');
      assert.equal(registryOf('acme/api'), 'docker.io', 'a Docker Hub account is not a host');
      assert.equal(registryOf('redis'), 'docker.io');
    });

    it('is written out in full for attestations: docker.io/library/ for an official image, docker.io/ for an account', () => {
      assert.equal(imageReferenceOf('redis'), 'docker.io/library/redis');
      assert.equal(imageReferenceOf('acme/api'), 'docker.io/acme/api');
      assert.equal(imageReferenceOf('docker.io/acme/api'), 'docker.io/acme/api');
      assert.equal(imageReferenceOf('ghcr.io/acme/api'), 'ghcr.io/acme/api');
    });
  });

  it('takes the GitHub owner from a github.com module, else from a ghcr.io image, else leaves OWNER to fill in', () => {
    assert.equal(gitHubOwnerOf('github.com/acme/api', 'ghcr.io/other/api'), 'acme');
    assert.equal(gitHubOwnerOf('example.com/api', 'ghcr.io/octo/api'), 'octo');
    assert.equal(gitHubOwnerOf('example.com/api', 'docker.io/octo/api'), 'OWNER');
    assert.equal(gitHubOwnerOf('api', 'api'), 'OWNER');
  });

  it('links the source from a module path with a host, without its major-version suffix; none without a host', () => {
    assert.equal(sourceUrlOf('github.com/acme/api/v2'), 'https://github.com/acme/api');
    assert.equal(sourceUrlOf('gitlab.com/group/sub/api'), 'https://gitlab.com/group/sub/api');
    assert.equal(sourceUrlOf('example/api'), undefined);
    assert.equal(sourceUrlOf('api'), undefined);
  });

  it('runs a native CI job on the runner of its own CPU when GitHub has one, else on the amd64 runner', () => {
    const arm64 = ciPlatformBuild('linux/arm64');
    assert.equal(arm64.slug, 'linux-arm64');
    assert.equal(arm64.runner, 'ubuntu-24.04-arm');
    assert.equal(arm64.runsNatively, true);
    const armV7 = ciPlatformBuild('linux/arm/v7');
    assert.equal(armV7.slug, 'linux-arm-v7', 'a slug names an artifact: no slashes');
    assert.equal(armV7.runner, ciPlatformBuild('linux/amd64').runner);
    assert.equal(armV7.runsNatively, false);
  });

  describe('per variant', () => {
    it('static on distroless: the static distroless image of the Debian release the builder uses', () => {
      for (const [debian, distroless] of [
        ['trixie', 'debian13'],
        ['bookworm', 'debian12'],
      ] as const) {
        const context = templateContext(answers({ cgo: false, runtime: 'distroless', debian }));
        assert.equal(context.runtimeImage, `gcr.io/distroless/static-${distroless}:nonroot`);
        assert.equal(context.goImage, `golang:\${GO_VERSION}-${debian}`);
        assert.deepEqual(context.crossToolchains, [], 'a static build needs no C cross compiler');
      }
    });

    it('cgo: distroless/cc of the same release, and a C cross toolchain for each architecture it builds', () => {
      const context = templateContext(answers({ cgo: true, runtime: 'distroless', debian: 'bookworm' }));
      assert.equal(context.runtimeImage, 'gcr.io/distroless/cc-debian12:nonroot');
      assert.deepEqual(
        context.crossToolchains.map((toolchain) => toolchain.cc),
        ['x86_64-linux-gnu-gcc', 'aarch64-linux-gnu-gcc'],
      );
    });

    it('scratch: no base image, and Go compiles the time zone database in (scratch has no /usr/share/zoneinfo)', () => {
      const context = templateContext(answers({ cgo: false, runtime: 'scratch', tags: ['netgo'] }));
      assert.equal(context.runtimeImage, 'scratch');
      assert.deepEqual(context.buildTags, ['netgo', 'timetzdata']);
      assert.equal(context.tagsFlag, ' -tags netgo,timetzdata');
      const already = templateContext(answers({ cgo: false, runtime: 'scratch', tags: ['timetzdata'] }));
      assert.deepEqual(already.buildTags, ['timetzdata'], 'a tag the user gave is not added twice');
    });

    it('scratch, and only scratch, gets the files distroless has built in (CA bundle, users, /tmp)', () => {
      assert.equal(templateContext(answers({ cgo: false, runtime: 'scratch' })).runtimeIsScratch, true);
      assert.equal(templateContext(answers({ cgo: false, runtime: 'distroless' })).runtimeIsScratch, false);
      assert.equal(templateContext(answers({ cgo: true, runtime: 'distroless' })).runtimeIsScratch, false);
    });

    it('the final stage starts from the runtime image, or for cgo from the stage that adds the C libraries to it', () => {
      const scratch = templateContext(answers({ cgo: false, runtime: 'scratch' }));
      assert.equal(scratch.finalStageBase, 'scratch');
      const distroless = templateContext(answers({ cgo: false, runtime: 'distroless' }));
      assert.equal(distroless.finalStageBase, distroless.runtimeImage);
      assert.equal(templateContext(answers({ cgo: true, runtime: 'distroless' })).finalStageBase, 'runtime');
    });

    it('no tags: no -tags flag at all, not an empty one', () => {
      const context = templateContext(answers({ runtime: 'distroless', tags: [] }));
      assert.deepEqual(context.buildTags, []);
      assert.equal(context.tagsFlag, '');
    });
  });

  it("writes the link flags' ${VAR} references as make's $(VAR), leaving the rest as given", () => {
    const context = templateContext(answers({ ldflags: '-s -X main.version=${VERSION} -X main.at=${CREATED}' }));
    assert.equal(context.makeLdflags, '-s -X main.version=$(VERSION) -X main.at=$(CREATED)');
  });

  it('builds with CGO_ENABLED=1 only for the cgo variant', () => {
    assert.equal(templateContext(answers({ cgo: true, runtime: 'distroless' })).cgoEnabled, 1);
    assert.equal(templateContext(answers({ cgo: false, runtime: 'distroless' })).cgoEnabled, 0);
    assert.equal(templateContext(answers({ cgo: false, runtime: 'scratch' })).cgoEnabled, 0);
  });

  it('knows that Go sizes GOMAXPROCS to the CPU limit from 1.25 on, so the README warns only before', () => {
    assert.equal(templateContext(answers({ goVersion: '1.24' })).gomaxprocsFollowsCpuLimit, false);
    assert.equal(templateContext(answers({ goVersion: '1.25' })).gomaxprocsFollowsCpuLimit, true);
  });

  it('CI logs in to GHCR with the workflow token, and to any other registry with secrets', () => {
    assert.equal(templateContext(answers({ image: 'ghcr.io/acme/api' })).registryIsGhcr, true);
    assert.equal(templateContext(answers({ image: 'docker.io/acme/api' })).registryIsGhcr, false);
    assert.equal(templateContext(answers({ image: 'acme/api' })).registryIsGhcr, false);
    assert.equal(templateContext(answers({ image: 'ghcr.io.example.com/api' })).registryIsGhcr, false);
  });

  it('CI publishes the image for pushes to the default branch and for tags, never for a pull request', () => {
    const { ciPublishes } = templateContext(answers());
    assert.match(ciPublishes, /^github\.event_name == 'push' && /);
    assert.match(
      ciPublishes,
      /github\.ref == format\('refs\/heads\/\{0\}', github\.event\.repository\.default_branch\)/,
    );
    assert.match(ciPublishes, /startsWith\(github\.ref, 'refs\/tags\/'\)/);
  });

  it('--ci github, and only it, writes a GitHub Actions workflow', () => {
    assert.equal(templateContext(answers({ ci: 'github' })).gitHubWorkflow, true);
    assert.equal(templateContext(answers({ ci: 'none' })).gitHubWorkflow, false);
  });

  it("the generated tests take t.Context() from Go 1.24 on, and their own helper's context before", () => {
    assert.equal(templateContext(answers({ goVersion: '1.24' })).testContextCall, 't.Context()');
    assert.equal(templateContext(answers({ goVersion: '1.23' })).testContextCall, 'testContext(t)');
  });

  it('--ci-layout native, and only it, builds each platform on a runner of its own', () => {
    assert.equal(templateContext(answers({ ciLayout: 'native' })).ciLayoutNative, true);
    assert.equal(templateContext(answers({ ciLayout: 'single' })).ciLayoutNative, false);
  });

  it("reads Go's minor version from the answer, for the notes and features that depend on it", () => {
    assert.equal(templateContext(answers({ goVersion: '1.25' })).goMinor, 25);
    assert.equal(templateContext(answers({ goVersion: '1.26.3' })).goMinor, 26);
  });

  it('installs the binary under /usr/local/bin by its name', () => {
    assert.equal(templateContext(answers({ name: 'shop' })).binaryPath, '/usr/local/bin/shop');
  });

  describe('a new service', () => {
    const context = templateContext(answers());

    it("reads the builder's Go from go.mod, its one source, with no floor", () => {
      assert.match(context.goVersionDefault, /^\$\(shell sed .* go\.mod \| tail -n 1\)$/);
      assert.doesNotMatch(context.goVersionDefault, /awk/, 'no floor to raise it to');
      assert.match(context.goVersionComment, /one source of the Go version: go\.mod/);
    });

    it("has CI run the Makefile's own targets, as a developer does, in a workflow named ci", () => {
      assert.deepEqual(context.ciCommands, {
        vet: 'make vet',
        test: 'make test',
        lint: 'make lint',
        vuln: 'make vuln',
      });
      assert.equal(context.ciWorkflowName, 'ci');
      assert.equal(context.ciUsesMakeTargets, true);
    });

    it('smoke-tests the image in CI on the platform the amd64 runner runs', () => {
      assert.equal(context.ciSmokeTest, true);
      assert.equal(context.ciSmokePlatform, 'linux/amd64');
    });

    it('describes itself as an HTTP service', () => {
      assert.equal(context.description, 'svc: a Go HTTP service');
    });
  });

  it("with --go-version other than go.mod's, the chosen version wins in make and CI", () => {
    const detection = detect(join(FIXTURES, 'newer-go'));
    const chosen = templateContext(answers({ goVersion: '1.25' }), detection);
    assert.equal(chosen.goVersionDefault, '1.25');
    assert.match(chosen.goVersionComment, /--go-version/);
  });

  it("for an existing module, follows go.mod's version raised to the oldest supported release", () => {
    const detection = detect(join(FIXTURES, 'makefile-collision'));
    const context = templateContext(answers({ goVersion: detection.goVersion.value }), detection);
    assert.match(context.goVersionDefault, /^\$\(shell sed .* go\.mod \| tail -n 1 \| awk -F\. -v floor=1\.\d+ /);
    assert.match(context.goVersionComment, /at least 1\.\d+, the oldest supported release/);
  });

  it("next to a module's own Makefile (docker.mk), CI runs the go commands themselves, linting with the action", () => {
    const detection = detect(join(FIXTURES, 'root-main'));
    const context = templateContext(answers({ goVersion: detection.goVersion.value }), detection);
    assert.equal(context.makefile, 'docker.mk');
    assert.equal(context.ciCommands.vet, 'go vet ./...');
    assert.equal(context.ciCommands.test, 'go test -race ./...');
    assert.equal(context.ciCommands.lint, undefined);
    assert.equal(context.ciUsesMakeTargets, false);
    assert.match(context.ciCommands.vuln, /^go run golang\.org\/x\/vuln\/cmd\/govulncheck@v[\d.]+ \.\/\.\.\.$/);
    assert.equal(context.ciWorkflowName, 'container', 'not the name of one of its own workflows');
    assert.match(context.description, /: a Go service \(/);
  });

  it('a program that listens nowhere is not smoke-tested, and has no platform to smoke-test on', () => {
    const detection = detect(join(FIXTURES, 'worker'));
    const context = templateContext(answers({ port: 'none', goVersion: detection.goVersion.value }), detection);
    assert.equal(context.ciSmokeTest, false);
    assert.equal(context.ciSmokePlatform, undefined);
  });
});
