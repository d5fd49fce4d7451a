/**
 * The generated Makefile, without running Go or an engine: `make` shows the help, every target expands with no
 * undefined variable, the Go version follows go.mod everywhere, and docker-builder creates a builder only when the
 * current one cannot build several platforms at once (a fake `docker` plays the engine's answers).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { generate } from '../helpers/generate.js';
import { make, type MakeResult } from './support/make.js';
import { ONE_PROJECT_PER_VARIANT, project } from './support/projects.js';

const execFileAsync = promisify(execFile);

/** The targets the Makefile defines (rule lines), in order. */
function targetsOf(makefile: string): string[] {
  return [...makefile.matchAll(/^([a-z][a-z0-9-]*):/gm)].map((match) => match[1] ?? '');
}

/** What every generated Makefile must offer, whatever else it grows. */
const REQUIRED_TARGETS = [
  'help',
  'build',
  'run',
  'test',
  'vet',
  'fmt',
  'lint',
  'go-version',
  'docker-builder',
  'docker-build',
  'docker-push',
  'docker-run',
  'clean',
];

for (const projectCase of ONE_PROJECT_PER_VARIANT) {
  describe(`the ${projectCase.variant} Makefile`, () => {
    let dir: string;
    let makefile: string;

    before(async () => {
      const generated = await project(projectCase);
      dir = generated.dir;
      makefile = generated.read('Makefile');
    });

    it('shows the help when make is run without a target, one line per target with its description', async () => {
      const bare = await make(dir, []);
      const help = await make(dir, ['help']);
      assert.equal(bare.code, 0, bare.stderr);
      assert.equal(bare.stdout, help.stdout);
      const targets = targetsOf(makefile);
      const expected = projectCase.variant === 'cgo' ? REQUIRED_TARGETS : [...REQUIRED_TARGETS, 'verify-static'];
      for (const target of expected) assert.ok(targets.includes(target), `no ${target} target`);
      for (const target of targets) {
        assert.match(bare.stdout, new RegExp(`^  ${target} +\\S.{9,}$`, 'm'), `${target} is not in the help`);
      }
    });

    it('help prints the values of the variables in its descriptions, never a $(NAME)', async () => {
      const help = await make(dir, ['help', 'PLATFORMS=linux/arm64', 'TAG=v9']);
      assert.equal(help.code, 0, help.stderr);
      assert.doesNotMatch(help.stdout, /\$\(/);
      assert.match(help.stdout, /^  build +Build bin\/demo for this machine/m);
      assert.match(help.stdout, /^  run +Build and run the service on 8080 /m);
      assert.match(
        help.stdout,
        /^  docker-build +Build the image for linux\/arm64 and load it as ghcr\.io\/acme\/demo:v9$/m,
      );
    });

    it('declares every target phony, so that a file of the same name never hides one', () => {
      const phony = (/^\.PHONY:(.*)$/m.exec(makefile)?.[1] ?? '').trim().split(/\s+/);
      assert.deepEqual([...phony].sort(), targetsOf(makefile).sort());
    });

    it('expands every target under make -n with no undefined variable', async () => {
      for (const target of targetsOf(makefile)) {
        const result = await make(dir, ['-n', '--warn-undefined-variables', target]);
        assert.equal(result.code, 0, `make -n ${target}: ${result.stderr}`);
        assert.equal(result.stderr, '', `make -n ${target} warned`);
      }
    });
  });
}

describe('the Go version of the Makefile, the image build and CI', () => {
  let dir: string;
  let workflow: { jobs: Record<string, { steps: { id?: string; run?: string }[] }> };
  let dockerfile: string;

  before(async () => {
    const generated = await generate({ ...ONE_PROJECT_PER_VARIANT[0]!.flags });
    dir = generated.dir;
    workflow = parse(generated.read('.github/workflows/ci.yml'));
    dockerfile = generated.read('Dockerfile');
  });

  /** Runs the line of the workflow's step that reads the Go version, as the runner would, and returns its output. */
  async function workflowGoVersion(): Promise<string> {
    const step = workflow.jobs['image']?.steps.find((candidate) => candidate.id === 'source')?.run;
    const script = step?.split('\n').find((line) => line.includes('go-version='));
    assert.ok(script, 'the image job has no step with id source that outputs go-version');
    const output = join(mkdtempSync(join(tmpdir(), 'github-output-')), 'output');
    writeFileSync(output, '');
    await execFileAsync('bash', ['-e', '-c', script], { cwd: dir, env: { ...process.env, GITHUB_OUTPUT: output } });
    return readFileSync(output, 'utf8');
  }

  async function followsGoMod(goMod: string, version: string): Promise<void> {
    writeFileSync(join(dir, 'go.mod'), goMod);
    assert.equal((await make(dir, ['-s', 'go-version'])).stdout, `${version}\n`);
    for (const target of ['docker-build', 'docker-push']) {
      assert.match((await make(dir, ['-n', target])).stdout, new RegExp(`--build-arg GO_VERSION=${version} `));
    }
    assert.equal(await workflowGoVersion(), `go-version=${version}\n`);
  }

  it('feeds the Dockerfile the GO_VERSION build arg that selects its builder image', () => {
    const firstFrom = dockerfile.search(/^FROM /m);
    assert.match(dockerfile.slice(0, firstFrom), /^ARG GO_VERSION=\S+$/m, 'GO_VERSION must be a global ARG');
    assert.match(dockerfile, /^FROM --platform=\$BUILDPLATFORM golang:\$\{GO_VERSION\}-/m);
  });

  it('follows a changed go line with no other edit', async () => {
    await followsGoMod('module github.com/acme/demo\n\ngo 1.25\n', '1.25');
    await followsGoMod('module github.com/acme/demo\n\ngo 1.24.7\n', '1.24.7');
  });

  it('prefers the toolchain line when go.mod has one', async () => {
    await followsGoMod('module github.com/acme/demo\n\ngo 1.25\n\ntoolchain go1.26.2\n', '1.26.2');
  });
});

/**
 * A `docker` that answers `buildx inspect`, `info`, `version` and `buildx create` from files in its state directory,
 * records every call in `calls`, and the arguments of `buildx build` one per line in `build-args`. `buildx create`
 * refuses an existing name, as the real one does; `buildx use` and `--use` (which would change the user's current
 * builder) make it fail loudly.
 */
const FAKE_DOCKER = `#!/bin/sh
state="$FAKE_DOCKER_STATE"
echo "$*" >> "$state/calls"
case "$*" in
  "buildx inspect")
    if [ ! -f "$state/current" ]; then echo 'Cannot connect to the Docker daemon' >&2; exit 1; fi
    cat "$state/current" ;;
  "buildx inspect "*)
    name="\${*#buildx inspect }"
    if [ ! -f "$state/builders/$name" ]; then echo "ERROR: no builder \\"$name\\" found" >&2; exit 1; fi
    cat "$state/builders/$name" ;;
  "info --format {{.DriverStatus}}")
    if [ ! -f "$state/current" ]; then echo 'Cannot connect to the Docker daemon' >&2; exit 1; fi
    cat "$state/driver-status" ;;
  "version --format {{.Server.Os}}/{{.Server.Arch}}")
    if [ ! -f "$state/current" ]; then echo 'Cannot connect to the Docker daemon' >&2; exit 1; fi
    echo linux/amd64 ;;
  "buildx use "*|*" --use"*)
    echo "fake docker: the Makefile changed the current builder: $*" >&2; exit 3 ;;
  "buildx create --name "*)
    name="$(echo "$*" | sed 's/^buildx create --name \\([^ ]*\\).*/\\1/')"
    if [ -f "$state/builders/$name" ]; then echo "ERROR: existing instance for \\"$name\\" but no append mode" >&2; exit 1; fi
    printf 'Name:          %s\\nDriver:        docker-container\\n\\nNodes:\\nName:      %s0\\n' "$name" "$name" > "$state/builders/$name" ;;
  "buildx build "*)
    for argument in "$@"; do printf '%s\\n' "$argument"; done > "$state/build-args" ;;
  *)
    echo "fake docker: unexpected call: $*" >&2; exit 2 ;;
esac
`;

const inspectOutput = (name: string, driver: string): string =>
  `Name:          ${name}\nDriver:        ${driver}\nLast Activity: 2026-11-27 18:00:00 +0000 UTC\n\nNodes:\n` +
  `Name:      ${name}\nEndpoint:  ${name}\nStatus:    running\nBuildKit:  v0.13.2\nPlatforms: linux/amd64\n`;

const OVERLAY_STATUS =
  '[[Backing Filesystem extfs] [Supports d_type true] [Using metacopy false] [Native Overlay Diff true]]\n';
const CONTAINERD_STATUS = '[[driver-type io.containerd.snapshotter.v1]]\n';
const CREATE = 'buildx create --name demo-builder --driver docker-container --bootstrap';

interface Engine {
  /** The current builder's driver, or undefined when no engine answers. */
  readonly driver: string | undefined;
  readonly driverStatus: string;
  /** Builders that exist besides the current one. */
  readonly builders?: readonly string[];
}

interface FakeRun extends MakeResult {
  readonly calls: string[];
  /** The arguments of the last `docker buildx build`, after `buildx build`. */
  readonly buildArgs: string[];
  /** The current builder, as `buildx inspect` would print it afterwards. */
  readonly current: string;
}

describe('the image targets choose the builder and the platforms, and never change the current builder', () => {
  let dir: string;
  let fakeBin: string;

  before(async () => {
    dir = (await project(ONE_PROJECT_PER_VARIANT[0]!)).dir;
    fakeBin = mkdtempSync(join(tmpdir(), 'fake-docker-'));
    writeFileSync(join(fakeBin, 'docker'), FAKE_DOCKER);
    chmodSync(join(fakeBin, 'docker'), 0o755);
  });

  function fakeEngine(engine: Engine): string {
    const state = mkdtempSync(join(tmpdir(), 'fake-docker-state-'));
    mkdirSync(join(state, 'builders'));
    writeFileSync(join(state, 'calls'), '');
    writeFileSync(join(state, 'build-args'), '');
    writeFileSync(join(state, 'driver-status'), engine.driverStatus);
    if (engine.driver) writeFileSync(join(state, 'current'), inspectOutput('default', engine.driver));
    for (const name of engine.builders ?? []) {
      writeFileSync(join(state, 'builders', name), inspectOutput(name, 'docker-container'));
    }
    return state;
  }

  async function makeWith(state: string, target: string, platforms = 'linux/amd64,linux/arm64'): Promise<FakeRun> {
    const env = { ...process.env, PATH: `${fakeBin}:${process.env['PATH']}`, FAKE_DOCKER_STATE: state };
    writeFileSync(join(state, 'calls'), '');
    writeFileSync(join(state, 'build-args'), '');
    const result = await make(dir, [target, `PLATFORMS=${platforms}`, 'IMAGE=example.invalid/demo', 'TAG=t'], env);
    const calls = readFileSync(join(state, 'calls'), 'utf8').split('\n').filter(Boolean);
    const buildArgs = readFileSync(join(state, 'build-args'), 'utf8').split('\n').filter(Boolean).slice(2);
    const current = existsSync(join(state, 'current')) ? readFileSync(join(state, 'current'), 'utf8') : '';
    return { ...result, calls, buildArgs, current };
  }

  const valueOf = (args: readonly string[], flag: string): string | undefined =>
    args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined;

  describe('on the docker driver without the containerd image store', () => {
    it('docker-push creates demo-builder (docker-container) once and names it with --builder; the current builder stays', async () => {
      const state = fakeEngine({ driver: 'docker', driverStatus: OVERLAY_STATUS });
      const first = await makeWith(state, 'docker-push');
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(
        first.calls.filter((call) => call.startsWith('buildx create')),
        [CREATE],
      );
      assert.match(first.stdout, /creating demo-builder \(docker-container driver\) for docker-push/);
      assert.equal(valueOf(first.buildArgs, '--builder'), 'demo-builder');
      assert.equal(valueOf(first.buildArgs, '--platform'), 'linux/amd64,linux/arm64');
      assert.equal(first.current, inspectOutput('default', 'docker'), 'the current builder changed');

      const again = await makeWith(state, 'docker-push');
      assert.equal(again.code, 0, again.stderr);
      assert.ok(!again.calls.some((call) => call.startsWith('buildx create')), again.calls.join('\n'));
      assert.equal(valueOf(again.buildArgs, '--builder'), 'demo-builder');
    });

    it("docker-build loads the engine's own platform only, and says why", async () => {
      const result = await makeWith(fakeEngine({ driver: 'docker', driverStatus: OVERLAY_STATUS }), 'docker-build');
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stdout,
        /^docker-build: this engine keeps one platform per image \(it has no containerd image store\): loading linux\/amd64 only; docker-push builds every platform$/m,
      );
      assert.equal(valueOf(result.buildArgs, '--platform'), 'linux/amd64');
      assert.equal(valueOf(result.buildArgs, '--builder'), undefined);
    });

    it('builds a single platform with the current builder, creating nothing', async () => {
      const state = fakeEngine({ driver: 'docker', driverStatus: OVERLAY_STATUS });
      const push = await makeWith(state, 'docker-push', 'linux/arm64');
      assert.equal(push.code, 0, push.stderr);
      assert.equal(valueOf(push.buildArgs, '--builder'), undefined);
      assert.equal(valueOf(push.buildArgs, '--platform'), 'linux/arm64');
      const build = await makeWith(state, 'docker-build', 'linux/arm64');
      assert.equal(valueOf(build.buildArgs, '--platform'), 'linux/arm64');
      assert.ok(!push.calls.concat(build.calls).some((call) => call.startsWith('buildx create')));
    });
  });

  describe('on the containerd image store', () => {
    it('builds, loads and pushes every platform with the current builder, creating nothing', async () => {
      const state = fakeEngine({ driver: 'docker', driverStatus: CONTAINERD_STATUS });
      for (const target of ['docker-build', 'docker-push']) {
        const result = await makeWith(state, target);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(valueOf(result.buildArgs, '--platform'), 'linux/amd64,linux/arm64', target);
        assert.equal(valueOf(result.buildArgs, '--builder'), undefined, target);
        assert.ok(!result.calls.some((call) => call.startsWith('buildx create')), result.calls.join('\n'));
      }
    });
  });

  it('pushes with a current docker-container builder as it is, creating nothing', async () => {
    const result = await makeWith(
      fakeEngine({ driver: 'docker-container', driverStatus: OVERLAY_STATUS }),
      'docker-push',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(valueOf(result.buildArgs, '--builder'), undefined);
    assert.ok(!result.calls.some((call) => call.startsWith('buildx create')), result.calls.join('\n'));
  });

  it('fails with the engine error, creating nothing, when no engine answers', async () => {
    const result = await makeWith(fakeEngine({ driver: undefined, driverStatus: '' }), 'docker-push');
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /Cannot connect to the Docker daemon/);
    assert.ok(!result.calls.some((call) => call.startsWith('buildx create') || call.startsWith('buildx build')));
  });
});
