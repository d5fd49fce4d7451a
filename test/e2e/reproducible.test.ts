/**
 * Reproducible images: two builds of one commit with `make docker-build` give the same image, digest for digest, on
 * every platform. The second build runs in a fresh clone somewhere else (other paths, other file times), and both
 * with --no-cache, so that every step runs again; Go's build cache mount stays (its outputs are content-addressed:
 * what a cold compile gives), and `npm run bench` proves the same after emptying every cache. The control: the same
 * commit dated with another SOURCE_DATE_EPOCH gives other digests, so the comparison can fail.
 */
import assert from 'node:assert/strict';
import { builtReferences, E2E_CASES, imagesNeeded, PLATFORMS } from './lib/built-images.js';
import { imagePlatforms } from './lib/docker.js';
import { requireEngine } from './lib/engine.js';
import { execOk, note } from './lib/exec.js';
import { E2E_BUILDX_FLAGS, makeDockerBuildOk, scaffold, scratchDir, type Project } from './lib/project.js';

/** linux/amd64 → the digest of that platform's image manifest. */
async function platformDigests(reference: string): Promise<Record<string, string>> {
  const images = await imagePlatforms(reference);
  return Object.fromEntries(images.map((image) => [image.platform, image.manifestDigest]));
}

// scratch (the static binary plus the files the Dockerfile writes into its empty image) and cgo (a C toolchain, a
// dynamically linked binary); distroless/static is scratch's binary on a base image, and costs another two builds.
for (const testCase of E2E_CASES.filter((c) => c.id === 'static-scratch-trixie' || c.id === 'cgo-trixie')) {
  describe(`${testCase.id}: two builds of one commit`, function () {
    let first: Record<string, string>;
    let second: Record<string, string>;
    let redated: Record<string, string>;

    before(async function () {
      await requireEngine(imagesNeeded(testCase));
      const project = await scaffold(testCase, { image: `localhost/e2e-reproducible-${testCase.id}` });
      const clone: Project = { ...project, dir: scratchDir(`go-container-e2e-${testCase.id}-clone-`) };
      await execOk('git', ['clone', '--quiet', project.dir, clone.dir]);
      const build = async (where: Project, tag: string, variables: Record<string, string> = {}): Promise<string> => {
        const reference = `${project.image}:${tag}`;
        builtReferences.add(reference);
        const ran = await makeDockerBuildOk(where, { TAG: tag, ...variables });
        note(`${tag}: make docker-build took ${(ran.ms / 1000).toFixed(1)} s`);
        return reference;
      };
      const cold = { BUILDX_FLAGS: `${E2E_BUILDX_FLAGS} --no-cache` };
      first = await platformDigests(await build(project, 'first', cold));
      second = await platformDigests(await build(clone, 'second', cold));
      const otherEpoch = String(project.sourceDateEpoch + 3600);
      redated = await platformDigests(await build(project, 'redated', { SOURCE_DATE_EPOCH: otherEpoch }));
    });

    it('gives the same image digest on every platform, built again from scratch in another clone', () => {
      assert.deepEqual(Object.keys(first).sort(), [...PLATFORMS]);
      for (const platform of PLATFORMS) note(`${platform}: ${first[platform]}`);
      assert.deepEqual(second, first);
    });

    it('dates the image with SOURCE_DATE_EPOCH: another one gives other digests', () => {
      for (const platform of PLATFORMS) assert.notEqual(redated[platform], first[platform], platform);
    });
  });
}
