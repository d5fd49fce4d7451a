/** Negative control: the image build really compiles the code, so a compile error fails `make docker-build`. */
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtReferences, E2E_CASES, imagesNeeded } from './lib/built-images.js';
import { requireEngine } from './lib/engine.js';
import { exec, tail } from './lib/exec.js';
import { makeDockerBuild, scaffold } from './lib/project.js';

const [staticCase, , cgoCase] = E2E_CASES;

for (const testCase of [staticCase, cgoCase]) {
  if (!testCase) continue;
  describe(`${testCase.id}: a compile error`, function () {
    it("makes make docker-build fail with the Go compiler's message, and loads no image", async () => {
      await requireEngine(imagesNeeded(testCase));
      const project = await scaffold(testCase, { image: `localhost/e2e-compile-error-${testCase.id}` });
      builtReferences.add(project.reference);
      appendFileSync(join(project.dir, 'main.go'), '\nfunc broken() { notDefinedAnywhere() }\n');
      const build = await makeDockerBuild(project);
      assert.notEqual(build.code, 0, `make docker-build succeeded:\n${tail(build.output)}`);
      assert.match(build.output, /main\.go:\d+:\d+: undefined: notDefinedAnywhere/);
      assert.match(build.output, /make: \*\*\* \[Makefile:\d+: docker-build\] Error/);
      const image = await exec('docker', ['image', 'inspect', project.reference]);
      assert.notEqual(image.code, 0, `${project.reference} exists after a failed build`);
    });
  });
}
