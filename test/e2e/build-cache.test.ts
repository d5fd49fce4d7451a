/**
 * BuildKit's cache as a user meets it: `make docker-build` again with nothing changed does no work; after a
 * one-line edit of main.go only the Go build runs again: the dependency step stays cached; after a change to go.mod
 * the dependencies are downloaded again, but the cgo variant's C toolchain stays cached. (How much faster that is
 * belongs to `npm run bench`; here the log says which steps ran.)
 */
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtReferences, E2E_CASES, imagesNeeded } from './lib/built-images.js';
import { describeSteps, parseBuildLog, workSteps, type BuildStep } from './lib/buildkit-log.js';
import { requireEngine } from './lib/engine.js';
import { makeDockerBuildOk, scaffold, type Project } from './lib/project.js';

// Makes each run's edits its own: an edit an earlier run made on this engine would come from BuildKit's cache.
const RUN = `${process.pid}-${Date.now()}`;
const isGoBuild = (step: BuildStep): boolean => step.instruction === 'RUN' && /\bgo build\b/.test(step.text);
const isModDownload = (step: BuildStep): boolean => step.instruction === 'RUN' && /\bgo mod download\b/.test(step.text);

for (const testCase of E2E_CASES.filter((c) => c.id === 'static-distroless-trixie' || c.id === 'cgo-trixie')) {
  describe(`${testCase.id}: rebuilds`, function () {
    let project: Project;
    before(async function () {
      await requireEngine(imagesNeeded(testCase));
      project = await scaffold(testCase, { image: `localhost/e2e-cache-${testCase.id}` });
      builtReferences.add(project.reference);
      await makeDockerBuildOk(project);
    });

    it('are fully cached when nothing changed: every RUN and COPY step is CACHED', async () => {
      const steps = workSteps(parseBuildLog((await makeDockerBuildOk(project)).output));
      assert.ok(steps.filter(isGoBuild).length >= 2, `no go build step per platform in:\n${describeSteps(steps)}`);
      const ran = steps.filter((step) => step.status !== 'cached');
      assert.deepEqual(ran, [], `steps that ran again:\n${describeSteps(ran)}`);
    });

    it('after a one-line edit of main.go run the Go build again but keep the dependency step cached', async () => {
      appendFileSync(join(project.dir, 'main.go'), `\nvar editedByTheE2ETest = "one more line (run ${RUN})"\n`);
      const steps = workSteps(parseBuildLog((await makeDockerBuildOk(project)).output));
      const downloads = steps.filter(isModDownload);
      const builds = steps.filter(isGoBuild);
      assert.ok(downloads.length >= 1, `no go mod download step in:\n${describeSteps(steps)}`);
      assert.ok(
        downloads.every((step) => step.status === 'cached'),
        `go mod download ran:\n${describeSteps(downloads)}`,
      );
      assert.ok(builds.length >= 2 && builds.every((step) => step.status === 'done'), describeSteps(builds));
      if (testCase.cgo) {
        const toolchains = steps.filter((step) => step.stage?.startsWith('cc-'));
        assert.ok(
          toolchains.every((step) => step.status === 'cached'),
          `the C toolchain step ran:\n${describeSteps(toolchains)}`,
        );
      }
    });

    it('after a change to go.mod download the dependencies again, and keep the C toolchain cached', async () => {
      // Unique to this run: the same change made by an earlier run on this engine would be in its cache.
      appendFileSync(join(project.dir, 'go.mod'), `\n// A change as a dependency bump makes it (run ${RUN}).\n`);
      const steps = workSteps(parseBuildLog((await makeDockerBuildOk(project)).output));
      const downloads = steps.filter(isModDownload);
      assert.ok(downloads.length >= 1 && downloads.every((step) => step.status === 'done'), describeSteps(downloads));
      const toolchains = steps.filter((step) => step.stage?.startsWith('cc-') && step.instruction === 'RUN');
      assert.equal(toolchains.length, testCase.cgo ? 2 : 0, describeSteps(steps));
      assert.ok(
        toolchains.every((step) => step.status === 'cached'),
        `the C toolchain was installed again:\n${describeSteps(toolchains)}`,
      );
    });
  });
}
