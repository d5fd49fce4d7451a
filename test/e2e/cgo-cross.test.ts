/**
 * The cgo variant cross-compiles: the arm64 image is built by stages that run on the amd64 build machine with
 * Debian's aarch64 cross gcc, so `make docker-build` (linux/amd64 and linux/arm64) succeeds with the kernel's
 * arm64 emulation switched off, and BuildKit's log names the arm64 build stage linux/amd64->arm64.
 */
import assert from 'node:assert/strict';
import { builtReferences, E2E_CASES, extractionDir, imagesNeeded } from './lib/built-images.js';
import { describeSteps, parseBuildLog, type BuildStep } from './lib/buildkit-log.js';
import { elfFacts } from './lib/elf.js';
import { withoutArm64Emulation } from './lib/emulation.js';
import { requireEngine } from './lib/engine.js';
import { exec, tail, type Ran } from './lib/exec.js';
import { extractFromLayer, listLayer, saveImage } from './lib/oci.js';
import {
  E2E_BUILDX_FLAGS,
  makeDockerBuild,
  RELEASE_VERSION,
  scaffold,
  scratchDir,
  type Project,
} from './lib/project.js';

const cgoCase = E2E_CASES.find((c) => c.id === 'cgo-trixie');

/** `docker run` of the image's arm64 binary, printing its version. */
const runArm64 = (reference: string): string[] => [
  'run',
  '--rm',
  '--network',
  'host',
  '--platform',
  'linux/arm64',
  reference,
  '-version',
];

describe('cgo-trixie: make docker-build with arm64 emulation switched off', function () {
  let project: Project;
  let build: Ran;
  let arm64Run: Ran;
  let arm64RunEmulated: Ran;
  let steps: BuildStep[];

  before(async function () {
    assert.ok(cgoCase);
    await requireEngine(imagesNeeded(cgoCase));
    project = await scaffold(cgoCase, { image: 'localhost/e2e-cgo-no-emulation' });
    builtReferences.add(project.reference);
    await withoutArm64Emulation(async () => {
      // --no-cache: every step runs now, none is taken from a build made while emulation was on. Both
      // platforms: a single-platform build's log names no platform at all.
      build = await makeDockerBuild(project, { BUILDX_FLAGS: `${E2E_BUILDX_FLAGS} --no-cache` });
      // The control: the arm64 program just built cannot start now, so nothing arm64 can have run.
      arm64Run = await exec('docker', runArm64(project.reference));
    });
    arm64RunEmulated = await exec('docker', runArm64(project.reference));
    steps = parseBuildLog(build.output);
  });

  it('leaves an arm64 image that cannot start while emulation is off, and starts once it is back on', () => {
    assert.notEqual(arm64Run.code, 0, `the arm64 container ran with emulation off:\n${arm64Run.output}`);
    assert.match(arm64Run.output, /exec format error/);
    assert.equal(arm64RunEmulated.code, 0, arm64RunEmulated.output);
    assert.ok(arm64RunEmulated.stdout.startsWith(`demo ${RELEASE_VERSION} `), arm64RunEmulated.stdout);
    assert.match(arm64RunEmulated.stdout, /^demo \S+ [0-9a-f]{40} go1\.\d+/);
  });

  it('succeeds, every step run afresh', () => {
    assert.equal(build.code, 0, tail(build.output, 60));
    const runs = steps.filter((step) => step.instruction === 'RUN');
    assert.ok(runs.length >= 3, describeSteps(steps));
    assert.deepEqual(
      runs.filter((step) => step.status !== 'done'),
      [],
      `RUN steps not run afresh:\n${describeSteps(runs)}`,
    );
  });

  it('runs every RUN step on the amd64 build platform, the arm64 Go build as linux/amd64->arm64', () => {
    const runs = steps.filter((step) => step.instruction === 'RUN');
    assert.deepEqual(
      runs.filter((step) => step.platform !== 'linux/amd64' && step.platform !== 'linux/amd64->arm64'),
      [],
      `steps not on the build platform:\n${describeSteps(runs)}`,
    );
    const arm64Build = runs.find((step) => /\bGOARCH=arm64\b.*\bgo build\b/.test(step.text));
    assert.ok(arm64Build, `no go build for GOARCH=arm64:\n${describeSteps(runs)}`);
    assert.equal(arm64Build.platform, 'linux/amd64->arm64', arm64Build.name);
    const crossGcc = runs.find((step) => step.stage === 'cc-arm64');
    assert.ok(crossGcc, `no cc-arm64 step:\n${describeSteps(runs)}`);
    assert.equal(crossGcc.platform, 'linux/amd64', 'the cross gcc is installed in an amd64 stage');
    assert.match(crossGcc.output.join('\n'), /Setting up gcc-aarch64-linux-gnu/, 'the cross gcc was installed now');
  });

  it('produces an aarch64 binary linked against glibc, run by the aarch64 loader', async () => {
    const image = await saveImage(project.reference, scratchDir('go-container-e2e-cgo-no-emulation-'));
    assert.deepEqual(image.platforms.map((p) => p.platform).sort(), ['linux/amd64', 'linux/arm64']);
    const dir = extractionDir(cgoCase!, 'no-emulation');
    let binary: string | undefined;
    for (const layer of image.platform('linux/arm64').layers) {
      if ((await listLayer(layer)).some((entry) => entry.path === 'usr/local/bin/demo')) {
        binary = await extractFromLayer(layer, 'usr/local/bin/demo', dir);
      }
    }
    assert.ok(binary, 'no /usr/local/bin/demo in the image');
    const facts = await elfFacts(binary);
    assert.equal(facts.machine, 'AArch64', facts.file);
    assert.equal(facts.interpreter, '/lib/ld-linux-aarch64.so.1');
    assert.ok(facts.needed.includes('libc.so.6'), facts.needed.join(', '));
  });
});
