/**
 * linux/amd64/v2 and /v3 are not among the --platforms choices: engines pick an amd64 variant by the CPU only since
 * moby#52773 (2026) and podman not at all (container-libs#351), so an image of them alone is a trap. The Dockerfile
 * still honours them for a fleet known to have the CPUs: `make docker-build PLATFORMS=linux/amd64/v3` compiles
 * with GOAMD64=v3 and labels the image's platform so.
 */
import assert from 'node:assert/strict';
import { builtReferences, E2E_CASES, extractionDir, imagesNeeded } from './lib/built-images.js';
import { requireEngine } from './lib/engine.js';
import { execOk } from './lib/exec.js';
import { extractFromLayer, listLayer, saveImage } from './lib/oci.js';
import { makeDockerBuildOk, scaffold, scratchDir } from './lib/project.js';

const testCase = E2E_CASES.find((c) => c.id === 'static-distroless-trixie')!;

describe('make docker-build PLATFORMS=linux/amd64/v3', function () {
  it('compiles with GOAMD64=v3, in an image whose platform is linux/amd64/v3', async () => {
    await requireEngine(imagesNeeded(testCase));
    const project = await scaffold(testCase, { image: 'localhost/e2e-amd64-v3' });
    builtReferences.add(project.reference);
    await makeDockerBuildOk(project, { PLATFORMS: 'linux/amd64/v3' });
    const image = await saveImage(project.reference, scratchDir('go-container-e2e-amd64-v3-'));
    assert.deepEqual(
      image.platforms.map((platform) => platform.platform),
      ['linux/amd64/v3'],
    );
    let binary: string | undefined;
    for (const layer of image.platform('linux/amd64/v3').layers) {
      if ((await listLayer(layer)).some((entry) => entry.path === 'usr/local/bin/demo')) {
        binary = await extractFromLayer(layer, 'usr/local/bin/demo', extractionDir(testCase, 'amd64-v3'));
      }
    }
    assert.ok(binary, 'no /usr/local/bin/demo');
    assert.match((await execOk('go', ['version', '-m', binary])).stdout, /\bGOAMD64=v3\b/);
  });
});
