/**
 * The generated GitHub Actions workflow, parsed: the jobs, what they need, their permissions, when they push, and
 * what they run, for every variant and both CI layouts. The conditions are evaluated, not matched as text.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { evaluateText, type Value } from './support/gha-expression.js';
import { PROJECT_CASES, project, type ProjectCase } from './support/projects.js';

const run = promisify(execFile);

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Readonly<Record<string, string | number | boolean>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly 'working-directory'?: string;
}

interface Job {
  readonly name?: string;
  readonly needs?: string | readonly string[];
  readonly if?: string;
  readonly 'runs-on': string;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly strategy?: { readonly matrix: { readonly include: readonly Readonly<Record<string, string | boolean>>[] } };
  readonly steps: readonly Step[];
}

interface Workflow {
  readonly name: string;
  readonly on: Readonly<Record<string, { branches?: string[]; tags?: string[] } | null>>;
  readonly permissions: Readonly<Record<string, string>>;
  readonly concurrency: { readonly group: string; readonly 'cancel-in-progress': boolean };
  readonly env: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

/** The current major (or pinned release) of every action the workflow may use, as of late 2026. */
const CURRENT_ACTIONS: Readonly<Record<string, string>> = {
  'actions/checkout': 'v6',
  'actions/setup-go': 'v7',
  'golangci/golangci-lint-action': 'v9',
  'hadolint/hadolint-action': 'v3.3.0',
  'docker/setup-buildx-action': 'v4',
  'docker/metadata-action': 'v6',
  'docker/build-push-action': 'v7',
  'docker/login-action': 'v4',
  'actions/upload-artifact': 'v7',
  'actions/download-artifact': 'v8',
};

/** GitHub-hosted runners by platform, for the native layout (arm/v7 has none: cross-compiled on amd64). */
const NATIVE_RUNNERS: Readonly<Record<string, { runner: string; runsNatively: boolean }>> = {
  'linux/amd64': { runner: 'ubuntu-24.04', runsNatively: true },
  'linux/arm64': { runner: 'ubuntu-24.04-arm', runsNatively: true },
  'linux/arm/v7': { runner: 'ubuntu-24.04', runsNatively: false },
};

const repository = (defaultBranch: string): Value => ({ repository: { default_branch: defaultBranch } });

/** Events and whether the image must be pushed for them. */
const EVENTS: readonly { readonly what: string; readonly github: Value; readonly pushes: boolean }[] = [
  {
    what: 'a push to main',
    github: { event_name: 'push', ref: 'refs/heads/main', event: repository('main') },
    pushes: true,
  },
  {
    what: 'a push to a default branch named trunk',
    github: { event_name: 'push', ref: 'refs/heads/trunk', event: repository('trunk') },
    pushes: true,
  },
  {
    what: 'a v1.2.3 tag',
    github: { event_name: 'push', ref: 'refs/tags/v1.2.3', event: repository('main') },
    pushes: true,
  },
  {
    what: 'a pull request',
    github: { event_name: 'pull_request', ref: 'refs/pull/7/merge', event: repository('main') },
    pushes: false,
  },
  {
    what: 'a push to another branch',
    github: { event_name: 'push', ref: 'refs/heads/feature', event: repository('main') },
    pushes: false,
  },
  {
    what: 'a manual run',
    github: { event_name: 'workflow_dispatch', ref: 'refs/heads/main', event: repository('main') },
    pushes: false,
  },
];

const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : [job.needs].flat());
const action = (step: Step): string => step.uses?.split('@')[0] ?? '';
const stepsUsing = (job: Job, name: string): Step[] => job.steps.filter((step) => action(step) === name);
const runs = (job: Job): string[] => job.steps.flatMap((step) => (step.run ? [step.run] : []));

function onlyStep(job: Job, name: string): Step {
  const steps = stepsUsing(job, name);
  assert.equal(steps.length, 1, `expected one ${name} step, found ${steps.length}`);
  return steps[0]!;
}

/** The job's build-push step that pushes (its `push` input, or `outputs` with push-by-digest). */
function pushingBuild(job: Job): Step {
  const builds = stepsUsing(job, 'docker/build-push-action').filter(
    (step) => step.with?.['push'] !== undefined || String(step.with?.['outputs'] ?? '').includes('push='),
  );
  assert.equal(builds.length, 1, 'expected one build step that pushes');
  return builds[0]!;
}

function smokeSteps(job: Job): { build: Step | undefined; test: Step | undefined } {
  return {
    build: stepsUsing(job, 'docker/build-push-action').find((step) => step.with?.['load'] === true),
    test: job.steps.find((step) => step.run?.includes('docker run') && step.run.includes('/healthz')),
  };
}

function assertTagRules(meta: Step): void {
  const rules = String(meta.with?.['tags'] ?? '');
  for (const rule of ['type=ref,event=branch', 'type=ref,event=pr', 'type=semver,pattern={{version}}', 'type=sha']) {
    assert.ok(rules.includes(rule), `metadata-action tags lack ${rule}:\n${rules}`);
  }
}

/** A new service must answer /healthz and stop with exit code 0; an existing module must at least keep running. */
function assertSmokeTest(projectCase: ProjectCase, test: Step | undefined): void {
  const script = test?.run ?? '';
  assert.match(script, /docker run .*demo:smoke/s);
  if (projectCase.healthz) {
    assert.match(script, /curl .*http:\/\/127\.0\.0\.1:8080\/healthz/);
    assert.match(script, /\{\{\.State\.ExitCode\}\}/);
  } else {
    assert.match(script, /\{\{\.State\.Running\}\}/);
  }
}

function assertCachedWithAttestations(build: Step, scope: string): void {
  assert.equal(build.with?.['cache-from'], `type=gha,scope=${scope}`);
  assert.equal(build.with?.['cache-to'], `type=gha,scope=${scope},mode=max`);
  assert.equal(build.with?.['provenance'], 'mode=max');
  assert.equal(build.with?.['sbom'], true);
}

for (const projectCase of PROJECT_CASES) {
  describe(`the ${projectCase.id} CI workflow`, () => {
    let dir: string;
    let workflow: Workflow;
    const pushingJobs = projectCase.layout === 'single' ? ['image'] : ['image', 'merge'];

    before(async () => {
      const generated = await project(projectCase);
      dir = generated.dir;
      workflow = parse(generated.read(projectCase.workflowPath)) as Workflow;
    });

    it('runs for pull requests, pushes to main and v* tags, and may only read the repository by default', () => {
      assert.deepEqual(workflow.on['push'], { branches: ['main'], tags: ['v*'] });
      assert.ok('pull_request' in workflow.on);
      assert.deepEqual(workflow.permissions, { contents: 'read' });
    });

    it(`is named ${projectCase.workflowPath.endsWith('container.yml') ? "container, apart from the module's own workflows" : 'ci'}`, () => {
      assert.equal(workflow.name, projectCase.workflowPath.endsWith('container.yml') ? 'container' : 'ci');
    });

    it('cancels a run when a newer one starts for the same ref', () => {
      assert.equal(workflow.concurrency['cancel-in-progress'], true);
      assert.match(workflow.concurrency.group, /\$\{\{ github\.workflow \}\}/);
      assert.match(workflow.concurrency.group, /\$\{\{ github\.ref \}\}/);
    });

    if (projectCase.ownTests) {
      it("has no test job: the module's own workflow runs its tests, this one builds, smoke-tests and pushes", () => {
        const expected = projectCase.layout === 'single' ? ['image'] : ['image', 'merge'];
        assert.deepEqual(Object.keys(workflow.jobs).sort(), expected);
        assert.deepEqual(needsOf(workflow.jobs['image']!), []);
      });
    } else {
      it('has exactly the jobs of its layout, the image built only after the tests pass', () => {
        const expected = projectCase.layout === 'single' ? ['image', 'test'] : ['image', 'merge', 'test'];
        assert.deepEqual(Object.keys(workflow.jobs).sort(), expected);
        assert.deepEqual(needsOf(workflow.jobs['test']!), []);
        assert.deepEqual(needsOf(workflow.jobs['image']!), ['test']);
        if (projectCase.layout === 'native') assert.deepEqual(needsOf(workflow.jobs['merge']!), ['image']);
      });

      it('sets up Go and its module cache from go.mod', () => {
        const setupGo = onlyStep(workflow.jobs['test']!, 'actions/setup-go');
        assert.equal(setupGo.with?.['go-version-file'], 'go.mod');
        assert.equal(setupGo.with?.['go-version'], undefined);
        assert.notEqual(setupGo.with?.['cache'], false);
      });

      if (projectCase.makefile === 'Makefile') {
        it('vets, tests and lints with the Makefile targets a developer runs: go vet, go test -race', async () => {
          assert.deepEqual(runs(workflow.jobs['test']!), ['make vet', 'make test', 'make lint']);
          const { stdout } = await run('make', ['-n', 'vet', 'test'], { cwd: dir });
          assert.match(stdout, /^go vet \.\/\.\.\.$/m);
          assert.match(stdout, /^go test -race \.\/\.\.\.$/m);
        });
      } else {
        it("vets and tests with go itself: the module's own Makefile need not have such targets", () => {
          assert.deepEqual(runs(workflow.jobs['test']!), ['go vet ./...', 'go test -race ./...']);
        });
      }

      it('lints Go with golangci-lint from its official action, and the Dockerfile with hadolint', () => {
        const test = workflow.jobs['test']!;
        const lintAction = onlyStep(test, 'golangci/golangci-lint-action');
        if (projectCase.makefile === 'Makefile') {
          assert.equal(lintAction.with?.['install-only'], true);
          const makeLint = test.steps.findIndex((step) => step.run === 'make lint');
          assert.ok(
            makeLint > test.steps.indexOf(lintAction),
            'make lint must run after the action installs golangci-lint',
          );
        } else {
          assert.equal(lintAction.with?.['install-only'], undefined, 'the action runs golangci-lint itself');
        }
        assert.equal(onlyStep(test, 'hadolint/hadolint-action').with?.['dockerfile'], 'Dockerfile');
      });
    }

    it('takes the Go version from go.mod only, through the Makefile, for setup-go and the image', async () => {
      const image = workflow.jobs['image']!;
      const go = image.steps.find((step) => step.id === 'go');
      const command = projectCase.makefile === 'Makefile' ? 'make -s go-version' : 'make -s -f docker.mk go-version';
      assert.equal(go?.run, `echo "version=$(${command})" >> "$GITHUB_OUTPUT"`);
      assert.match(
        String(pushingBuild(image).with?.['build-args']),
        /^GO_VERSION=\$\{\{ steps\.go\.outputs\.version \}\}$/m,
      );
      assert.doesNotMatch(JSON.stringify(workflow), /go-version"?:\s*"?1\.|golang:1\./);
      // Run the step as the runner would, in the generated project: it must print go.mod's version.
      const goMod = readFileSync(join(dir, 'go.mod'), 'utf8');
      const expected = projectCase.goVersion ?? /^toolchain go(\S+)/m.exec(goMod)?.[1] ?? /^go (\S+)/m.exec(goMod)?.[1];
      const output = join(mkdtempSync(join(tmpdir(), 'github-output-')), 'output');
      writeFileSync(output, '');
      await run('bash', ['-e', '-c', go!.run!], { cwd: dir, env: { ...process.env, GITHUB_OUTPUT: output } });
      assert.equal(readFileSync(output, 'utf8'), `version=${expected}\n`);
    });

    it('uses the current major version of every action, and no QEMU', () => {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps.filter((candidate) => candidate.uses)) {
          const [name = '', version] = step.uses!.split('@');
          assert.ok(name in CURRENT_ACTIONS, `unexpected action ${step.uses}`);
          assert.equal(version, CURRENT_ACTIONS[name], `${name} is not at its current version`);
        }
      }
      assert.doesNotMatch(JSON.stringify(workflow), /setup-qemu-action|binfmt/);
    });

    for (const event of EVENTS) {
      it(`${event.pushes ? 'logs in and pushes' : 'builds without logging in or pushing'} for ${event.what}`, () => {
        for (const name of pushingJobs) {
          const job = workflow.jobs[name]!;
          const contexts = (env: Value): Readonly<Record<string, Value>> => ({
            github: event.github,
            env: { ...workflow.env, ...(env as object) },
            matrix: { 'runs-natively': true },
          });
          if (job.if !== undefined) {
            const runsJob = evaluateText(job.if, contexts({})) === 'true';
            assert.equal(runsJob, event.pushes, `${name} job condition for ${event.what}`);
            if (!runsJob) continue;
          }
          const env = { PUSH: job.env?.['PUSH'] ? evaluateText(job.env['PUSH'], contexts({})) : 'true' };
          const login = onlyStep(job, 'docker/login-action');
          const logsIn = login.if === undefined || evaluateText(login.if, contexts(env)) === 'true';
          assert.equal(logsIn, event.pushes, `${name} job login for ${event.what}`);
          if (name === 'merge') {
            assert.ok(runs(job).some((script) => script.includes('docker buildx imagetools create')));
            continue;
          }
          const build = pushingBuild(job);
          const push =
            build.with?.['push'] !== undefined
              ? String(build.with['push'])
              : (/,push=(\$\{\{.*\}\})$/.exec(String(build.with?.['outputs']))?.[1] ?? 'false');
          const pushes = evaluateText(push, contexts(env)) === 'true';
          assert.equal(pushes, event.pushes, `${name} job build push for ${event.what}`);
        }
      });
    }

    it(`grants packages: write only to the jobs that push${projectCase.registry === 'ghcr.io' ? ' to GHCR' : ', and none for ' + projectCase.registry}`, () => {
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const expected =
          pushingJobs.includes(name) && projectCase.registry === 'ghcr.io'
            ? { contents: 'read', packages: 'write' }
            : pushingJobs.includes(name)
              ? { contents: 'read' }
              : undefined;
        assert.deepEqual(job.permissions, expected, `permissions of the ${name} job`);
      }
      for (const name of pushingJobs) {
        const login = onlyStep(workflow.jobs[name]!, 'docker/login-action');
        assert.equal(login.with?.['registry'], projectCase.registry);
        assert.equal(
          login.with?.['password'],
          projectCase.registry === 'ghcr.io' ? '${{ secrets.GITHUB_TOKEN }}' : '${{ secrets.REGISTRY_PASSWORD }}',
        );
      }
    });

    if (projectCase.layout === 'single') describeSingleLayout(projectCase, () => workflow);
    else describeNativeLayout(projectCase, () => workflow);
  });
}

function describeSingleLayout(projectCase: ProjectCase, workflowOf: () => Workflow): void {
  it(`builds ${projectCase.platforms.join(', ')} on one amd64 runner, cross-compiled`, () => {
    const image = workflowOf().jobs['image']!;
    assert.equal(image['runs-on'], 'ubuntu-24.04');
    assert.equal(image.strategy, undefined);
    onlyStep(image, 'docker/setup-buildx-action');
    assert.equal(pushingBuild(image).with?.['platforms'], projectCase.platforms.join(','));
  });

  it('tags by branch, pull request, semver and commit, and annotates the manifests and the index', () => {
    const image = workflowOf().jobs['image']!;
    const meta = onlyStep(image, 'docker/metadata-action');
    assertTagRules(meta);
    assert.equal(meta.env?.['DOCKER_METADATA_ANNOTATIONS_LEVELS'], 'manifest,index');
    const build = pushingBuild(image);
    assert.equal(build.with?.['tags'], '${{ steps.meta.outputs.tags }}');
    assert.equal(build.with?.['annotations'], '${{ steps.meta.outputs.annotations }}');
    assert.equal(build.with?.['labels'], '${{ steps.meta.outputs.labels }}');
  });

  it('caches layers in the gha cache under its own scope, with max provenance and an SBOM', () => {
    assertCachedWithAttestations(pushingBuild(workflowOf().jobs['image']!), 'demo');
  });

  if (projectCase.platforms.includes('linux/amd64')) {
    it(`starts the amd64 image it built and checks ${projectCase.healthz ? '/healthz and a clean stop' : 'that it keeps running'} before pushing`, () => {
      const image = workflowOf().jobs['image']!;
      const { build, test } = smokeSteps(image);
      assert.equal(build?.with?.['platforms'], 'linux/amd64');
      assert.equal(build?.with?.['tags'], 'demo:smoke');
      assertSmokeTest(projectCase, test);
      assert.ok(image.steps.indexOf(test!) < image.steps.indexOf(pushingBuild(image)), 'smoke test before the push');
    });
  } else {
    it('has no smoke test, as no platform it builds runs on the amd64 runner', () => {
      const { build, test } = smokeSteps(workflowOf().jobs['image']!);
      assert.equal(build, undefined);
      assert.equal(test, undefined);
    });
  }
}

function describeNativeLayout(projectCase: ProjectCase, workflowOf: () => Workflow): void {
  it('builds each platform in its own job on a runner of that architecture (arm/v7 cross-compiled on amd64)', () => {
    const image = workflowOf().jobs['image']!;
    assert.equal(image['runs-on'], '${{ matrix.runner }}');
    const include = image.strategy?.matrix.include ?? [];
    assert.deepEqual(
      include.map((entry) => [entry['platform'], entry['runner'], entry['runs-natively']]),
      projectCase.platforms.map((platform) => [
        platform,
        NATIVE_RUNNERS[platform]!.runner,
        NATIVE_RUNNERS[platform]!.runsNatively,
      ]),
    );
    assert.equal(pushingBuild(image).with?.['platforms'], '${{ matrix.platform }}');
  });

  it('pushes each platform by digest and keeps the digest for the merge job', () => {
    const image = workflowOf().jobs['image']!;
    const outputs = String(pushingBuild(image).with?.['outputs']);
    assert.match(outputs, /^type=image,name=\$\{\{ env\.IMAGE \}\},push-by-digest=true,name-canonical=true,push=/);
    const upload = onlyStep(image, 'actions/upload-artifact');
    assert.equal(upload.with?.['name'], 'digests-${{ matrix.slug }}');
    assert.equal(upload.if, "env.PUSH == 'true'");
  });

  it('merges the digests into one index with imagetools create, tagged and annotated at index level', () => {
    const merge = workflowOf().jobs['merge']!;
    assert.equal(onlyStep(merge, 'actions/download-artifact').with?.['pattern'], 'digests-*');
    const meta = onlyStep(merge, 'docker/metadata-action');
    assertTagRules(meta);
    assert.equal(meta.env?.['DOCKER_METADATA_ANNOTATIONS_LEVELS'], 'index');
    const script = runs(merge).find((text) => text.includes('imagetools create')) ?? '';
    assert.match(script, /--annotation/);
    assert.match(script, /--tag/);
    assert.match(script, new RegExp(`!= ${projectCase.platforms.length} \\]`), 'checks that every platform arrived');
  });

  it('caches each platform under a scope of its own, with max provenance and an SBOM', () => {
    assertCachedWithAttestations(pushingBuild(workflowOf().jobs['image']!), 'demo-${{ matrix.slug }}');
  });

  it('smoke-tests the image of every platform whose runner can run it', () => {
    const image = workflowOf().jobs['image']!;
    const { build, test } = smokeSteps(image);
    assert.equal(build?.if, 'matrix.runs-natively');
    assert.equal(test?.if, 'matrix.runs-natively');
    assert.equal(build?.with?.['platforms'], '${{ matrix.platform }}');
    assertSmokeTest(projectCase, test);
  });
}
