/**
 * The generated workflows, run by act as GitHub runs them on a first push: the real code of every action at the
 * commit the workflow pins, every job on this machine, a registry standing in for ghcr.io, and stand-ins only for
 * what an action must fetch from GitHub or a registry (test/ci/stand-ins/README.md). The cases take every path of
 * the workflow template once:
 *
 *   static, single layout:  pull request, push to the default branch, push of tag v1.2.3 (every event);
 *   cgo, native layout:     pull request and push (a job per platform, push by digest, artifacts, merge);
 *   an existing module:     its container.yml beside its own workflow (which runs its tests) and Makefile.
 *
 * The variant changes only the Dockerfile (which the e2e suite builds and runs for every variant) and the layout
 * only the image jobs, so static × native and cgo × single would take no path these do not.
 */
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertAllJobsGreen,
  assertMultiPlatformIndex,
  assertSignedProvenance,
  restoredGoCachesBytes,
} from './lib/checks.js';
import { freePort } from './lib/loopback.js';
import { commitAll, generateProject, type CaseEvent, type CiProject } from './lib/project.js';
import { IMAGE_REPOSITORY, RegistryView, runCase, type CaseRun } from './lib/run-case.js';
import { REGISTRY_HOST, REPOSITORY, startWorld, type World } from './lib/world.js';

describe('the generated workflows, run by act as a first push runs them', function () {
  this.timeout(30 * 60_000);
  let world: World;

  before(async function () {
    this.timeout(10 * 60_000);
    world = await startWorld();
  });

  after(async function () {
    await world?.stop();
  });

  const registryOf = (project: CiProject): RegistryView => new RegistryView(world, IMAGE_REPOSITORY(project.name));
  const imageOf = (project: CiProject): string => `${REGISTRY_HOST}/${IMAGE_REPOSITORY(project.name)}`;
  const shortSha = (project: CiProject): string => `sha-${project.sha.slice(0, 7)}`;

  describe('a new static service, single layout', () => {
    let project: CiProject;
    const run = (kind: CaseEvent): Promise<CaseRun> => runCase(world, project, kind);

    before(async () => {
      project = generateProject({ name: 'ci-static', flags: ['--no-cgo'], port: await freePort() });
    });

    it('pull request: tests, lint, vulnerability check and the smoke-tested image build pass; nothing is pushed', async () => {
      const { act, logFile } = await run('pull_request');
      assertAllJobsGreen(act, ['test', 'image'], logFile);
      assert.deepEqual(await registryOf(project).repositories(), []);
    });

    it(`push to the default branch (${REPOSITORY.defaultBranch}): the index of both platforms, tagged by branch and commit, with signed provenance`, async () => {
      const { act, logFile } = await run('push to the default branch');
      assertAllJobsGreen(act, ['test', 'image'], logFile);
      const registry = registryOf(project);
      assert.deepEqual(await registry.tags(), [REPOSITORY.defaultBranch, shortSha(project)].sort());
      const digest = await assertMultiPlatformIndex(registry, REPOSITORY.defaultBranch, shortSha(project));
      assert.equal((await registry.manifest(shortSha(project))).digest, digest);
      await assertSignedProvenance(registry, imageOf(project), digest, project.sha);
    });

    it("push of tag v1.2.3: tagged 1.2.3, 1.2, latest and by commit, built with the Go caches the branch's push saved", async () => {
      const { act, logFile } = await run('push of tag v1.2.3');
      assertAllJobsGreen(act, ['test', 'image'], logFile);
      // The push to the default branch saved the builder's Go caches; this run restores them (megabytes of the
      // standard library compiled for both platforms; empty caches would be a layer of some hundred bytes).
      const restored = restoredGoCachesBytes(act);
      assert.ok(restored > 1e6, `Go caches restored: ${restored} bytes (log: ${logFile})`);
      const registry = registryOf(project);
      assert.deepEqual(await registry.tags(), ['1.2', '1.2.3', 'latest', shortSha(project)].sort());
      const digest = await assertMultiPlatformIndex(registry, '1.2.3', '1.2.3');
      await assertSignedProvenance(registry, imageOf(project), digest, project.sha);
    });
  });

  describe('a new cgo service, native layout (a job per platform, ubuntu-24.04-arm mapped to this machine)', () => {
    let project: CiProject;

    before(async () => {
      project = generateProject({ name: 'ci-cgo', flags: ['--cgo', '--ci-layout', 'native'], port: await freePort() });
    });

    it('pull request: both platform jobs build and smoke-test their image; no merge, nothing pushed', async () => {
      const { act, logFile } = await runCase(world, project, 'pull_request');
      assertAllJobsGreen(act, ['test', 'image (linux/amd64)', 'image (linux/arm64)'], logFile);
      assert.deepEqual(await registryOf(project).repositories(), []);
    });

    it('push to the default branch: each platform pushed by digest, merged into one tagged index, attested', async () => {
      const { act, logFile } = await runCase(world, project, 'push to the default branch');
      assertAllJobsGreen(act, ['test', 'image (linux/amd64)', 'image (linux/arm64)', 'merge'], logFile);
      const registry = registryOf(project);
      assert.deepEqual(await registry.tags(), [REPOSITORY.defaultBranch, shortSha(project)].sort());
      const digest = await assertMultiPlatformIndex(registry, REPOSITORY.defaultBranch, shortSha(project));
      await assertSignedProvenance(registry, imageOf(project), digest, project.sha);
    });
  });

  describe('an existing module (test/fixtures/root-main: its own Makefile, and a workflow that runs its tests)', () => {
    it('pull request: container.yml (no test job of its own) builds the image and sees it keep running', async () => {
      const project = generateProject({ name: 'ci-existing', fixture: 'root-main', flags: [], port: await freePort() });
      const { act, logFile } = await runCase(world, project, 'pull_request');
      assertAllJobsGreen(act, ['image'], logFile);
      assert.deepEqual(await registryOf(project).repositories(), []);
    });
  });

  describe('the harness goes red where GitHub would', () => {
    it('an unchecked Close() fails the test job at golangci-lint, and the image is never built', async () => {
      const project = generateProject({ name: 'ci-red-lint', flags: [], port: await freePort() });
      appendFileSync(
        join(project.dir, 'main.go'),
        '\n// closeBody drops the error of Close: errcheck must report it.\nfunc closeBody(response *http.Response) {\n\tresponse.Body.Close()\n}\n\nvar _ = closeBody\n',
      );
      const red = { ...project, sha: commitAll(project.dir, 'an unchecked Close') };
      const { act, logFile } = await runCase(world, red, 'pull_request');
      const failed = act.steps.filter((step) => step.result === 'failure').map((step) => `${step.job} / ${step.step}`);
      assert.deepEqual(failed, ['test / Lint'], `log: ${logFile}`);
      // golangci-lint reports a line once: errcheck's or gosec's G104 finding, whichever comes first, names the call.
      assert.match(
        act.ran.output,
        /Error return value of `response\.Body\.Close` is not checked \(errcheck\)|G104: Errors unhandled/,
      );
      assert.match(act.ran.output, /response\.Body\.Close\(\)/);
      assert.equal(act.jobs['test'], 'failure');
      assert.notEqual(act.jobs['image'], 'success', 'the image job ran after a failed test job');
      assert.notEqual(act.ran.code, 0);
    });

    it('a Dockerfile that does not build fails the image job at its build step', async () => {
      const project = generateProject({ name: 'ci-red-build', flags: [], port: await freePort() });
      const dockerfile = join(project.dir, 'Dockerfile');
      writeFileSync(
        dockerfile,
        readFileSync(dockerfile, 'utf8').replace('COPY --from=build /out/', 'COPY --from=build /out/missing-'),
      );
      const red = { ...project, sha: commitAll(project.dir, 'a Dockerfile that does not build') };
      const { act, logFile } = await runCase(world, red, 'pull_request');
      const failed = act.steps.filter((step) => step.result === 'failure').map((step) => `${step.job} / ${step.step}`);
      assert.deepEqual(failed, ['image / Build linux/amd64 and load it for the smoke test'], `log: ${logFile}`);
      assert.equal(act.jobs['test'], 'success');
      assert.equal(act.jobs['image'], 'failure');
      assert.notEqual(act.ran.code, 0);
    });
  });
});
