/**
 * The cases the end-to-end suite builds, and one build per case shared by every test file (memoised, so the
 * first test that needs an image pays for it, and the run stays within minutes).
 */
import { VARIANT_CASES, type VariantCase } from '../../helpers/variant-cases.js';
import { requireEngine } from './engine.js';
import { exec, type Ran } from './exec.js';
import { saveImage, type SavedImage } from './oci.js';
import { makeDockerBuildOk, scaffold, scratchDir, type Project } from './project.js';

/**
 * Every variant on trixie, and cgo on bookworm as well: the release pair matters most for cgo, whose binary
 * needs the glibc it was linked against.
 */
export const E2E_CASE_IDS = ['static-distroless-trixie', 'static-scratch-trixie', 'cgo-trixie', 'cgo-bookworm'];

export const E2E_CASES: readonly VariantCase[] = E2E_CASE_IDS.map((id) => {
  const found = VARIANT_CASES.find((testCase) => testCase.id === id);
  if (!found) throw new Error(`no variant case ${id}`);
  return found;
});

export const PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;

/** The builder image the Makefile's GO_VERSION (from go.mod) selects, as the Dockerfile names it. */
export function builderImage(testCase: VariantCase): string {
  return testCase.builderImage.replace('${GO_VERSION}', String(testCase.flags['go-version']));
}

/** The images a case's build needs from the engine's store. */
export function imagesNeeded(testCase: VariantCase): string[] {
  return [builderImage(testCase), ...(testCase.runtimeImage === 'scratch' ? [] : [testCase.runtimeImage])];
}

export interface BuiltImage {
  readonly project: Project;
  readonly build: Ran;
  readonly image: SavedImage;
  /** The runtime base image, saved the same way; undefined for scratch. */
  readonly base: SavedImage | undefined;
}

/** Image references made by this process, removed by the root hook at the end of the run. */
export const builtReferences = new Set<string>();

const builds = new Map<string, Promise<BuiltImage>>();

/**
 * The case's project, scaffolded with secrets lying next to the code, built with `make docker-build` (for
 * linux/amd64 and linux/arm64, the Makefile's default), and saved for inspection.
 */
export function builtImage(testCase: VariantCase): Promise<BuiltImage> {
  let built = builds.get(testCase.id);
  if (!built) {
    built = (async () => {
      await requireEngine(imagesNeeded(testCase));
      const project = await scaffold(testCase, { secrets: true });
      builtReferences.add(project.reference);
      // PLATFORMS is the Makefile's own default, linux/amd64,linux/arm64 (the generator's --platforms).
      const build = await makeDockerBuildOk(project);
      const image = await saveImage(project.reference, scratchDir(`go-container-e2e-${testCase.id}-image-`));
      const base =
        testCase.runtimeImage === 'scratch'
          ? undefined
          : await saveImage(testCase.runtimeImage, scratchDir(`go-container-e2e-${testCase.id}-base-`));
      return { project, build, image, base };
    })();
    builds.set(testCase.id, built);
  }
  return built;
}

export async function removeBuiltImages(): Promise<void> {
  for (const reference of builtReferences) await exec('docker', ['image', 'rm', '--force', reference]);
  builtReferences.clear();
}

/** Where a file of the image's own layers is extracted to. */
export function extractionDir(testCase: VariantCase, label: string): string {
  return scratchDir(`go-container-e2e-${testCase.id}-${label.replaceAll('/', '-')}-`);
}
