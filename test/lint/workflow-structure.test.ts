/**
 * The generated GitHub Actions workflow, parsed: the jobs, what they need, their permissions, when they push, and
 * what they run, for every variant and both CI layouts. The conditions are evaluated, not matched as text.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  readonly 'timeout-minutes'?: number;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly strategy?: { readonly matrix: { readonly include: readonly Readonly<Record<string, string | boolean>>[] } };
  readonly steps: readonly Step[];
}

interface Workflow {
  readonly name: string;
  readonly on: Readonly<Record<string, { branches?: string[]; tags?: string[] } | null>>;
  readonly permissions: Readonly<Record<string, string>>;
  readonly concurrency: { readonly group: string; readonly 'cancel-in-progress': string };
  readonly env: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

/**
 * The release of every action the workflow may use, each pinned to the full commit SHA of that release (written
 * out here by hand from the actions' release tags, not read from the generator's table).
 */
const PINNED_ACTIONS: Readonly<Record<string, { readonly commit: string; readonly version: string }>> = {
  'actions/checkout': { commit: '3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1' },
  'actions/setup-go': { commit: 'b7ad1dad31e06c5925ef5d2fc7ad053ef454303e', version: 'v7.0.0' },
  'golangci/golangci-lint-action': { commit: 'ba0d7d2ec06a0ea1cb5fa41b2e4a3ab91d21278a', version: 'v9.3.0' },
  'hadolint/hadolint-action': { commit: '2332a7b74a6de0dda2e2221d575162eba76ba5e5', version: 'v3.3.0' },
  'docker/setup-buildx-action': { commit: '37fe631027851001ddb9b187196cc803df7f5f0e', version: 'v4.3.0' },
  'docker/metadata-action': { commit: 'dc802804100637a589fabce1cb79ff13a1411302', version: 'v6.2.0' },
  'docker/build-push-action': { commit: '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a', version: 'v7.3.0' },
  'docker/login-action': { commit: '4907a6ddec9925e35a0a9e82d7399ccc52663121', version: 'v4.1.0' },
  'actions/upload-artifact': { commit: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', version: 'v7.0.0' },
  'actions/download-artifact': { commit: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', version: 'v8.0.1' },
  'actions/attest': { commit: '1e69f48acb82d1966a394da916b4c1698aa569d6', version: 'v4.2.2' },
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

const PRIVATE_MODULES_STEP = 'Git credentials for the private modules';

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
    assert.match(script, /\{\{\.State\.Health\.Status\}\}/);
    assert.match(script, /"\$status" != healthy/);
    assert.match(script, /curl .*http:\/\/127\.0\.0\.1:8080\/healthz/);
    assert.match(script, /\{\{\.State\.ExitCode\}\}/);
  } else {
    assert.match(script, /\{\{\.State\.Running\}\}/);
  }
}

/** Reads the gha cache on every run; writes it only when the run pushes (never for a pull request). */
function assertCachedWithAttestations(build: Step, scope: string, slug?: string): void {
  const expand = (text: string): string => text.replace('${{ matrix.slug }}', slug ?? '');
  assert.equal(build.with?.['cache-from'], `type=gha,scope=${scope}`);
  const cacheTo = String(build.with?.['cache-to']);
  const contexts = (push: string): Readonly<Record<string, Value>> => ({
    env: { PUSH: push },
    matrix: { slug: slug ?? '' },
  });
  assert.equal(evaluateText(cacheTo, contexts('true')), expand(`type=gha,scope=${scope},mode=max`));
  assert.equal(evaluateText(cacheTo, contexts('false')), '');
  assert.equal(build.with?.['provenance'], 'mode=max');
  assert.equal(build.with?.['sbom'], true);
}

/**
 * Go's caches go round through the gha cache: restored into the builder before every build, saved from it after the
 * pushing build, and only by pushes; both with .github/go-caches.Dockerfile, under a scope of their own.
 */
function assertGoCachesCarried(job: Job, scope: string): void {
  const cacheSteps = stepsUsing(job, 'docker/build-push-action').filter(
    (step) => step.with?.['file'] === '.github/go-caches.Dockerfile',
  );
  const restore = cacheSteps.find((step) => step.with?.['target'] === 'restore');
  const save = cacheSteps.find((step) => step.with?.['target'] === 'caches');
  assert.ok(restore && save, 'a restore and a save step');
  assert.equal(restore.if, undefined, 'restored on every run');
  assert.equal(restore.with?.['cache-from'], `type=gha,scope=${scope}`);
  assert.equal(restore.with?.['cache-to'], undefined);
  assert.equal(save.if, "env.PUSH == 'true'", 'saved only by pushes');
  assert.equal(save.with?.['cache-to'], `type=gha,scope=${scope},mode=max`);
  // Made anew under the key the restore looks up: the builder's layer records are dropped just before (its cache
  // mounts kept), never with no-cache, which would empty the cache mounts it is meant to copy.
  assert.equal(save.with?.['no-cache-filters'], undefined, 'no-cache would prune the cache mounts first');
  const forget = job.steps[job.steps.indexOf(save) - 1];
  assert.equal(forget?.run, 'docker buildx prune --force --filter type=regular');
  assert.equal(forget?.if, save.if);
  for (const step of [restore, save]) {
    assert.equal(step.with?.['outputs'], 'type=cacheonly');
    assert.equal(step.with?.['context'], '.github');
  }
  const builds = stepsUsing(job, 'docker/build-push-action').filter((step) => !cacheSteps.includes(step));
  for (const build of builds) {
    assert.ok(job.steps.indexOf(restore) < job.steps.indexOf(build), 'restored before every build');
  }
  assert.ok(job.steps.indexOf(save) > job.steps.indexOf(pushingBuild(job)), 'saved after the pushing build');
}

/** The job attests the provenance of the digest it pushed, with the image's full name, and pushes the attestation. */
function assertAttests(job: Job, digestOutput: string, registry: string): void {
  const attest = onlyStep(job, 'actions/attest');
  assert.equal(attest.with?.['subject-name'], `${registry}/acme/demo`);
  assert.equal(attest.with?.['subject-digest'], `\${{ ${digestOutput} }}`);
  assert.equal(attest.with?.['push-to-registry'], true);
}

for (const projectCase of PROJECT_CASES) {
  describe(`the ${projectCase.id} CI workflow`, () => {
    let dir: string;
    let workflow: Workflow;
    let text: string;
    const pushingJobs = projectCase.layout === 'single' ? ['image'] : ['image', 'merge'];

    before(async () => {
      const generated = await project(projectCase);
      dir = generated.dir;
      text = generated.read(projectCase.workflowPath);
      workflow = parse(text) as Workflow;
    });

    it('runs for pull requests, pushes to main and v* tags, and may only read the repository by default', () => {
      assert.deepEqual(workflow.on['push'], { branches: ['main'], tags: ['v*'] });
      assert.ok('pull_request' in workflow.on);
      assert.deepEqual(workflow.permissions, { contents: 'read' });
    });

    it(`is named ${projectCase.workflowPath.endsWith('container.yml') ? "container, apart from the module's own workflows" : 'ci'}`, () => {
      assert.equal(workflow.name, projectCase.workflowPath.endsWith('container.yml') ? 'container' : 'ci');
    });

    it('cancels a pull request run that a newer push supersedes, never a run of the default branch or a tag', () => {
      const contexts = (github: Value): Readonly<Record<string, Value>> => ({
        github: { workflow: 'ci', run_id: Math.floor(Math.random() * 1e9), ...(github as object) },
      });
      const pullRequest = contexts({ event_name: 'pull_request', ref: 'refs/pull/7/merge' });
      const cancels = (github: Readonly<Record<string, Value>>): string =>
        evaluateText(workflow.concurrency['cancel-in-progress'], github);
      const group = (github: Readonly<Record<string, Value>>): string =>
        evaluateText(workflow.concurrency.group, github);
      assert.equal(cancels(pullRequest), 'true');
      assert.equal(group(pullRequest), group(contexts({ event_name: 'pull_request', ref: 'refs/pull/7/merge' })));
      for (const ref of ['refs/heads/main', 'refs/tags/v1.2.3']) {
        const push = contexts({ event_name: 'push', ref });
        assert.equal(cancels(push), 'false', `cancel-in-progress for ${ref}`);
        // A group of its own, so that a later push does not cancel this run while it waits either.
        assert.notEqual(group(push), group(contexts({ event_name: 'push', ref })), `group for ${ref}`);
      }
    });

    it('gives every job a timeout', () => {
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const minutes = job['timeout-minutes'];
        assert.ok(
          typeof minutes === 'number' && minutes > 0 && minutes <= 60,
          `timeout-minutes of ${name}: ${minutes}`,
        );
      }
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

      it("sets up Go from go.mod, without setup-go's cache in a workflow that publishes", () => {
        const setupGo = onlyStep(workflow.jobs['test']!, 'actions/setup-go');
        assert.equal(setupGo.with?.['go-version-file'], 'go.mod');
        assert.equal(setupGo.with?.['go-version'], undefined);
        assert.equal(setupGo.with?.['cache'], false);
      });

      const toolRuns = (job: Job): string[] =>
        job.steps.filter((step) => step.name !== PRIVATE_MODULES_STEP).flatMap((step) => (step.run ? [step.run] : []));

      if (projectCase.makefile === 'Makefile') {
        it('vets, tests, lints and checks vulnerabilities with the Makefile targets a developer runs', async () => {
          assert.deepEqual(toolRuns(workflow.jobs['test']!), ['make vet', 'make test', 'make lint', 'make vuln']);
          const { stdout } = await run('make', ['-n', 'vet', 'test', 'vuln'], { cwd: dir });
          assert.match(stdout, /^go vet \.\/\.\.\.$/m);
          assert.match(stdout, /^go test -race \.\/\.\.\.$/m);
          assert.match(stdout, /^go run golang\.org\/x\/vuln\/cmd\/govulncheck@v1\.9\.0 +\.\/\.\.\.$/m);
        });
      } else {
        it("vets, tests and checks vulnerabilities with go itself: the module's own Makefile need not have such targets", () => {
          assert.deepEqual(toolRuns(workflow.jobs['test']!), [
            'go vet ./...',
            'go test -race ./...',
            'go run golang.org/x/vuln/cmd/govulncheck@v1.9.0 ./...',
          ]);
        });
      }

      if (projectCase.flags['goprivate']) {
        it('fetches the private modules with GOPRIVATE and git credentials from the NETRC secret, in tests and builds', () => {
          const test = workflow.jobs['test']!;
          assert.equal(test.env?.['GOPRIVATE'], projectCase.flags['goprivate']);
          const credentials = test.steps.find((step) => step.name === PRIVATE_MODULES_STEP);
          assert.equal(credentials?.env?.['NETRC'], '${{ secrets.NETRC }}');
          assert.match(credentials?.run ?? '', /umask 077\n.*> "\$HOME\/\.netrc"/s);
          assert.ok(test.steps.indexOf(credentials) < test.steps.findIndex((step) => step.name === 'Vet'));
          const builds = Object.values(workflow.jobs)
            .flatMap((job) => stepsUsing(job, 'docker/build-push-action'))
            .filter((step) => step.with?.['file'] !== '.github/go-caches.Dockerfile');
          assert.equal(builds.length, 2, 'the smoke build and the pushing build');
          for (const build of builds) assert.equal(build.with?.['secrets'], 'netrc=${{ secrets.NETRC }}\n');
        });
      } else {
        it('asks for no git credentials', () => {
          assert.doesNotMatch(text, /NETRC|GOPRIVATE/);
        });
      }

      it('lints Go with golangci-lint from its official action, and the Dockerfile with hadolint', () => {
        const test = workflow.jobs['test']!;
        const lintAction = onlyStep(test, 'golangci/golangci-lint-action');
        assert.equal(lintAction.with?.['version'], 'v2.15.0', 'the release the generated .golangci.yml is written for');
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

    it("takes the Go version from go.mod only and VERSION from make, through the Makefile, and dates the image by the commit's time", async () => {
      const image = workflow.jobs['image']!;
      const source = image.steps.find((step) => step.id === 'source');
      const make = projectCase.makefile === 'Makefile' ? 'make -s' : 'make -s -f docker.mk';
      assert.ok(source?.run?.includes(`echo "go-version=$(${make} go-version)" >> "$GITHUB_OUTPUT"`), source?.run);
      assert.ok(source?.run?.includes(`echo "version=$(${make} image-version)" >> "$GITHUB_OUTPUT"`), source?.run);
      const buildArgs = String(pushingBuild(image).with?.['build-args']);
      assert.match(buildArgs, /^GO_VERSION=\$\{\{ steps\.source\.outputs\.go-version \}\}$/m);
      assert.match(buildArgs, /^SOURCE_DATE_EPOCH=\$\{\{ steps\.source\.outputs\.epoch \}\}$/m);
      assert.match(buildArgs, /^VERSION=\$\{\{ steps\.source\.outputs\.version \}\}$/m);
      const meta = onlyStep(image, 'docker/metadata-action');
      for (const input of ['labels', 'annotations']) {
        assert.match(
          String(meta.with?.[input]),
          /^org\.opencontainers\.image\.created=\$\{\{ steps\.source\.outputs\.created \}\}$/m,
          `metadata-action ${input} keep the time of the run`,
        );
        assert.match(
          String(meta.with?.[input]),
          /^org\.opencontainers\.image\.version=\$\{\{ steps\.source\.outputs\.version \}\}$/m,
          `metadata-action ${input} keep the branch name, not make's VERSION`,
        );
      }
      assert.doesNotMatch(JSON.stringify(workflow), /go-version"?:\s*"?1\.|golang:1\./);
      // Run the step as the runner would, in a commit of the generated project: it must print go.mod's version, make's
      // VERSION (sha-<commit>: no tag) and the commit's time.
      const checkout = mkdtempSync(join(tmpdir(), 'checkout-'));
      cpSync(dir, checkout, { recursive: true });
      const git = (...args: string[]): Promise<unknown> =>
        run('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], {
          cwd: checkout,
          env: { ...process.env, GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z' },
        });
      await git('init', '--quiet');
      await git('add', '--all');
      await git('commit', '--quiet', '--message', 'first');
      const sha = (await run('git', ['rev-parse', 'HEAD'], { cwd: checkout })).stdout;
      const goMod = readFileSync(join(dir, 'go.mod'), 'utf8');
      const expected = projectCase.goVersion ?? /^toolchain go(\S+)/m.exec(goMod)?.[1] ?? /^go (\S+)/m.exec(goMod)?.[1];
      const output = join(mkdtempSync(join(tmpdir(), 'github-output-')), 'output');
      writeFileSync(output, '');
      await run('bash', ['-e', '-c', source!.run!], { cwd: checkout, env: { ...process.env, GITHUB_OUTPUT: output } });
      assert.equal(
        readFileSync(output, 'utf8'),
        `go-version=${expected}\nversion=sha-${sha.slice(0, 7)}\nepoch=1767323045\ncreated=2026-01-02T03:04:05Z\n`,
      );
    });

    it('pins every action to the full commit SHA of its current release, named in a comment, and uses no QEMU', () => {
      const uses = text.split('\n').filter((line) => /^\s*(- )?uses:/.test(line));
      assert.ok(uses.length > 0);
      for (const line of uses) {
        const match = /^\s*(?:- )?uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v[0-9]+\.[0-9]+\.[0-9]+)$/.exec(line);
        assert.ok(match, `not pinned by SHA with a # vX.Y.Z comment: ${line.trim()}`);
        const [, name = '', commit, version] = match;
        assert.deepEqual({ commit, version }, PINNED_ACTIONS[name], name);
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

    it(`grants packages: write only to the jobs that push${projectCase.registry === 'ghcr.io' ? ' to GHCR' : ', and none for ' + projectCase.registry}, and attestation rights only to the job that attests`, () => {
      const attestingJob = projectCase.layout === 'single' ? 'image' : 'merge';
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const expected = !pushingJobs.includes(name)
          ? undefined
          : {
              contents: 'read',
              ...(projectCase.registry === 'ghcr.io' ? { packages: 'write' } : {}),
              ...(name === attestingJob ? { 'id-token': 'write', attestations: 'write' } : {}),
            };
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

  it("carries Go's module and build caches to the next run through the gha cache", () => {
    assertGoCachesCarried(workflowOf().jobs['image']!, 'demo-go-caches');
  });

  it('attests the provenance of the pushed image by its digest, only when it pushes', () => {
    const image = workflowOf().jobs['image']!;
    assertAttests(image, 'steps.build.outputs.digest', projectCase.registry);
    assert.equal(pushingBuild(image).id, 'build');
    assert.equal(onlyStep(image, 'actions/attest').if, "env.PUSH == 'true'");
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
    assertCachedWithAttestations(pushingBuild(workflowOf().jobs['image']!), 'demo-${{ matrix.slug }}', 'linux-arm64');
  });

  it("carries each platform's Go caches to the next run under a scope of its own", () => {
    assertGoCachesCarried(workflowOf().jobs['image']!, 'demo-go-caches-${{ matrix.slug }}');
  });

  it('attests the provenance of the merged index by its digest', () => {
    const merge = workflowOf().jobs['merge']!;
    assertAttests(merge, 'steps.index.outputs.digest', projectCase.registry);
    const inspect = merge.steps.find((step) => step.id === 'index');
    assert.match(
      inspect?.run ?? '',
      /imagetools inspect .*--format '\{\{json \.Manifest\}\}' \| jq --raw-output \.digest/,
    );
    assert.equal(stepsUsing(workflowOf().jobs['image']!, 'actions/attest').length, 0);
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
