/**
 * The generated Makefile, without running Go or an engine: `make` shows the help, every target expands with no
 * undefined variable, the Go version follows go.mod everywhere, and docker-builder creates a builder only when the
 * current one cannot build several platforms at once (a fake `docker` plays the engine's answers).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
 * A `docker` that answers `buildx inspect`, `info`, `buildx use` and `buildx create` from files in its state
 * directory, and records every call in `calls`. `buildx create` refuses an existing name, as the real one does.
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
    cat "$state/driver-status" ;;
  "buildx use "*)
    name="\${*#buildx use }"
    if [ ! -f "$state/builders/$name" ]; then echo "ERROR: run \\"docker buildx create\\" first" >&2; exit 1; fi
    cp "$state/builders/$name" "$state/current" ;;
  "buildx create --name "*)
    name="$(echo "$*" | sed 's/^buildx create --name \\([^ ]*\\).*/\\1/')"
    if [ -f "$state/builders/$name" ]; then echo "ERROR: existing instance for \\"$name\\" but no append mode" >&2; exit 1; fi
    printf 'Name:          %s\\nDriver:        docker-container\\n\\nNodes:\\nName:      %s0\\n' "$name" "$name" > "$state/builders/$name"
    case "$*" in *--use*) cp "$state/builders/$name" "$state/current" ;; esac ;;
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
const CREATE = 'buildx create --name demo-builder --driver docker-container --bootstrap --use';

interface Engine {
  /** The current builder's driver, or undefined when no engine answers. */
  readonly driver: string | undefined;
  readonly driverStatus: string;
  /** Builders that exist besides the current one. */
  readonly builders?: readonly string[];
}

describe('make docker-builder', () => {
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
    writeFileSync(join(state, 'driver-status'), engine.driverStatus);
    if (engine.driver) writeFileSync(join(state, 'current'), inspectOutput('default', engine.driver));
    for (const name of engine.builders ?? []) {
      writeFileSync(join(state, 'builders', name), inspectOutput(name, 'docker-container'));
    }
    return state;
  }

  async function dockerBuilder(
    state: string,
    platforms = 'linux/amd64,linux/arm64',
  ): Promise<MakeResult & { calls: string[] }> {
    const env = { ...process.env, PATH: `${fakeBin}:${process.env['PATH']}`, FAKE_DOCKER_STATE: state };
    const result = await make(dir, ['docker-builder', `PLATFORMS=${platforms}`], env);
    const calls = readFileSync(join(state, 'calls'), 'utf8').split('\n').filter(Boolean);
    return { ...result, calls };
  }

  it('creates and selects a docker-container builder when the docker driver lacks the containerd image store', async () => {
    const result = await dockerBuilder(fakeEngine({ driver: 'docker', driverStatus: OVERLAY_STATUS }));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      result.calls.filter((call) => call.startsWith('buildx create')),
      [CREATE],
    );
  });

  it('creates nothing the second time: the builder it created is now the current one', async () => {
    const state = fakeEngine({ driver: 'docker', driverStatus: OVERLAY_STATUS });
    await dockerBuilder(state);
    const again = await dockerBuilder(state);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(
      again.calls.filter((call) => call.startsWith('buildx create')),
      [CREATE],
    );
  });

  it('selects the builder it created before instead of failing to create it again', async () => {
    const state = fakeEngine({ driver: 'docker', driverStatus: OVERLAY_STATUS, builders: ['demo-builder'] });
    const result = await dockerBuilder(state);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.calls.includes('buildx use demo-builder'), result.calls.join('\n'));
    assert.ok(!result.calls.some((call) => call.startsWith('buildx create')), result.calls.join('\n'));
  });

  it('keeps the docker driver when the engine uses the containerd image store', async () => {
    const result = await dockerBuilder(fakeEngine({ driver: 'docker', driverStatus: CONTAINERD_STATUS }));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.calls, ['buildx inspect', 'info --format {{.DriverStatus}}']);
  });

  it('keeps a current docker-container builder', async () => {
    const result = await dockerBuilder(fakeEngine({ driver: 'docker-container', driverStatus: OVERLAY_STATUS }));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.calls, ['buildx inspect']);
  });

  it('creates nothing for a single platform, which any builder can build', async () => {
    const state = fakeEngine({ driver: 'docker', driverStatus: OVERLAY_STATUS });
    const result = await dockerBuilder(state, 'linux/amd64');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.calls, ['buildx inspect']);
  });

  it('fails with the engine error, creating nothing, when no engine answers', async () => {
    const result = await dockerBuilder(fakeEngine({ driver: undefined, driverStatus: '' }));
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /Cannot connect to the Docker daemon/);
    assert.deepEqual(result.calls, ['buildx inspect']);
  });
});
