/**
 * `npm run bench`: figures of the generated project, measured in one run on this machine's engine, printed side
 * by side with their goals and written to bench-results.json (for the README). Not a test: nothing fails on a
 * missed goal, but the run fails if the engine or the stand-in base images are missing.
 *
 * Cold builds are truly cold: `docker builder prune --all --force` before each removes BuildKit's layer cache AND
 * its cache mounts (Go's module and build caches); the base images stay, as they would after a pull.
 * BENCH_SECTIONS (default all: generator,rebuilds,cross,containers,reproducible,compose,ci) picks the sections to
 * run; only rebuilds and cross empty the build cache, and generator alone needs no engine. BENCH_RUNS (default 5) sets how many runs the start/stop and generator
 * medians take, BENCH_CROSS_RUNS (default 2) how many cold builds per architecture the arm64/amd64 ratios average.
 * The arm64 builds of those ratios run with the kernel's arm64 emulation (binfmt_misc qemu-aarch64) switched off:
 * their success proves no QEMU was used.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DOCKER_STOP_TIMEOUT_SECONDS, SHUTDOWN } from '../../generators/lib/shutdown.js';
import { CLI, PACKAGE_ROOT } from '../helpers/paths.js';
import { freePort, waitFor200 } from '../helpers/http.js';
import { VARIANT_CASES, type VariantCase } from '../helpers/variant-cases.js';
import { imagesNeeded } from '../e2e/lib/built-images.js';
import { parseBuildLog, type BuildStep } from '../e2e/lib/buildkit-log.js';
import { inspect, removeContainer, runContainer } from '../e2e/lib/container.js';
import { imagePlatforms } from '../e2e/lib/docker.js';
import { withoutArm64Emulation } from '../e2e/lib/emulation.js';
import { requireEngine } from '../e2e/lib/engine.js';
import { exec, execOk, type Ran } from '../e2e/lib/exec.js';
import { layerSizes, listLayer, saveImage } from '../e2e/lib/oci.js';
import {
  E2E_BUILDX_FLAGS,
  makeDockerBuildOk,
  removeScratchDirs,
  scaffold,
  scratchDir,
  type Project,
} from '../e2e/lib/project.js';
import { secondsToServeEdit, startWatch, writeHostNetworkOverride } from '../deploy/lib/compose.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
/** Cold single-platform builds per architecture for the arm64/amd64 ratio (BENCH_CROSS_RUNS, default 2). */
const CROSS_RUNS = Number(process.env['BENCH_CROSS_RUNS'] ?? 2);
const DOCKER_INIT_DOCKERFILE = join(PACKAGE_ROOT, 'test/bench/docker-init.Dockerfile');
const RESULTS = join(PACKAGE_ROOT, 'bench-results.json');
const MiB = 1024 * 1024;

interface Figure {
  readonly section: string;
  readonly name: string;
  readonly value: number;
  readonly unit: 's' | 'ms' | 'x' | 'MiB' | 'yes/no';
  /** The issue's goal for this figure (`≤ 0.10`), and whether the value meets it. */
  readonly goal?: string;
  readonly met?: boolean;
  /** Decimals printed for seconds (default 1). */
  readonly digits?: number;
  readonly note?: string;
}

const figures: Figure[] = [];
const references = new Set<string>();

function record(figure: Figure): void {
  figures.push(figure);
  const value = formatValue(figure);
  const goal = figure.goal ? `  (goal ${figure.goal}: ${figure.met ? 'met' : 'MISSED'})` : '';
  console.log(`  ${figure.section} | ${figure.name}: ${value}${goal}${figure.note ? `  [${figure.note}]` : ''}`);
}

function formatValue(figure: Figure): string {
  switch (figure.unit) {
    case 's':
      return `${figure.value.toFixed(figure.digits ?? 1)} s`;
    case 'ms':
      return `${Math.round(figure.value)} ms`;
    case 'x':
      return figure.value.toFixed(2);
    case 'MiB':
      return `${figure.value.toFixed(2)} MiB`;
    case 'yes/no':
      return figure.value ? 'yes' : 'no';
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
};

const caseOf = (id: string): VariantCase => {
  const found = VARIANT_CASES.find((testCase) => testCase.id === id);
  if (!found) throw new Error(`no case ${id}`);
  return found;
};

/** Empties BuildKit's cache, cache mounts included, so the next build is cold. */
async function pruneBuildCache(): Promise<void> {
  await execOk('docker', ['builder', 'prune', '--all', '--force']);
}

async function timedBuild(project: Project, variables: Readonly<Record<string, string>> = {}): Promise<Ran> {
  const ran = await makeDockerBuildOk(project, variables);
  return ran;
}

const seconds = (ran: Ran): number => ran.ms / 1000;

/** Appends a line to main.go, as a developer's small change would. */
let edits = 0;
function editMainGo(project: Project): void {
  edits += 1;
  appendFileSync(join(project.dir, 'main.go'), `\nvar benchEdit${edits} = "one more line"\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// Rebuilds: generated Dockerfile vs docker init's style, same project, same Makefile, both platforms.
// ---------------------------------------------------------------------------------------------------------------
async function rebuilds(): Promise<void> {
  const testCase = caseOf('static-distroless-trixie');
  // docker init's style recompiles everything after an edit (no go-build cache mount): one such rebuild is enough.
  const styles = [
    { label: 'generated Dockerfile', flags: E2E_BUILDX_FLAGS, edits: 3 },
    { label: "docker init's style", flags: `${E2E_BUILDX_FLAGS} --file ${DOCKER_INIT_DOCKERFILE}`, edits: 1 },
  ];
  for (const style of styles) {
    const section = `rebuild, ${style.label} (static, linux/amd64+arm64)`;
    const project = await scaffold(testCase, { image: 'localhost/bench-rebuild' });
    references.add(project.reference);
    await pruneBuildCache();
    const cold = seconds(await timedBuild(project, { BUILDX_FLAGS: style.flags }));
    record({ section, name: 'cold build', value: cold, unit: 's' });
    const noop = seconds(await timedBuild(project, { BUILDX_FLAGS: style.flags }));
    record({ section, name: 'no-op rebuild', value: noop, unit: 's' });
    const editTimes: number[] = [];
    for (let i = 0; i < style.edits; i++) {
      editMainGo(project);
      editTimes.push(seconds(await timedBuild(project, { BUILDX_FLAGS: style.flags })));
    }
    const edit = median(editTimes);
    const of = style.edits > 1 ? ` (median of ${style.edits})` : '';
    record({ section, name: `rebuild after a one-line edit of main.go${of}`, value: edit, unit: 's' });
    const ratio = edit / cold;
    record({
      section,
      name: 'edit / cold',
      value: ratio,
      unit: 'x',
      ...(style.label === 'generated Dockerfile' ? { goal: '≤ 0.10', met: ratio <= 0.1 } : {}),
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// arm64 vs amd64 cold build time, from this amd64 machine: cross-compiled, no QEMU in any step.
// ---------------------------------------------------------------------------------------------------------------
async function crossBuildRatio(id: string): Promise<void> {
  const testCase = caseOf(id);
  const section = `arm64 / amd64 cold build (${testCase.variant}, ${testCase.debian}, mean of ${CROSS_RUNS} each)`;
  const project = await scaffold(testCase, { image: `localhost/bench-cross-${id}` });
  references.add(project.reference);
  const times: Record<string, number[]> = { amd64: [], arm64: [] };
  const toolchain: Record<string, number[]> = { amd64: [], arm64: [] };
  // Alternating order (amd64 arm64, arm64 amd64, ...) so that a drift in the machine's load favours neither.
  const order = Array.from({ length: CROSS_RUNS }, (_, run) =>
    run % 2 ? ['arm64', 'amd64'] : ['amd64', 'arm64'],
  ).flat();
  for (const arch of order) {
    await pruneBuildCache();
    const build = (): Promise<Ran> => timedBuild(project, { PLATFORMS: `linux/${arch}` });
    // The arm64 build runs with the kernel's arm64 emulation off: it succeeds only if no step runs arm64 code.
    const ran = arch === 'arm64' ? await withoutArm64Emulation(build) : await build();
    times[arch]?.push(seconds(ran));
    const steps = parseBuildLog(ran.output).filter((step: BuildStep) => step.instruction === 'RUN');
    toolchain[arch]?.push(
      steps.filter((step) => step.stage?.startsWith('cc-')).reduce((sum, step) => sum + (step.seconds ?? 0), 0),
    );
  }
  const mean = (values: readonly number[] = []): number => values.reduce((a, b) => a + b, 0) / values.length;
  for (const arch of ['amd64', 'arm64']) {
    record({
      section,
      name: `linux/${arch} cold build${arch === 'arm64' ? ', arm64 emulation switched off' : ''}`,
      value: mean(times[arch]),
      unit: 's',
      note: (times[arch] ?? []).map((time) => time.toFixed(1)).join(' s, ') + ' s',
    });
  }
  const ratio = mean(times['arm64']) / mean(times['amd64']);
  record({ section, name: 'arm64 / amd64', value: ratio, unit: 'x', goal: '≤ 1.25', met: ratio <= 1.25 });
  if (testCase.cgo) {
    const install = mean(toolchain['arm64']) - mean(toolchain['amd64']);
    record({
      section,
      name: 'arm64 / amd64 without the cross gcc install step',
      value: (mean(times['arm64']) - mean(toolchain['arm64'])) / (mean(times['amd64']) - mean(toolchain['amd64'])),
      unit: 'x',
      note: `installing the cross gcc took ${install.toFixed(1)} s; a cached layer after the first build`,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Image size minus binary size, per variant (linux/amd64).
// ---------------------------------------------------------------------------------------------------------------
async function sizes(id: string): Promise<Project> {
  const testCase = caseOf(id);
  const section = `image size (${testCase.variant}, ${testCase.debian}, linux/amd64, uncompressed layers)`;
  const project = await scaffold(testCase, { image: `localhost/bench-size-${id}` });
  references.add(project.reference);
  await timedBuild(project);
  const image = (await saveImage(project.reference, scratchDir('bench-image-'))).platform('linux/amd64');
  const imageBytes = (await layerSizes(image.layers)).uncompressed;
  let binaryBytes = 0;
  for (const layer of image.layers) {
    const entry = (await listLayer(layer)).find((e) => e.path === 'usr/local/bin/demo');
    if (entry) binaryBytes = entry.size;
  }
  const overhead = (imageBytes - binaryBytes) / MiB;
  record({ section, name: 'binary', value: binaryBytes / MiB, unit: 'MiB' });
  if (testCase.runtimeImage === 'scratch') {
    record({ section, name: 'image − binary', value: overhead, unit: 'MiB', goal: '≤ 1 MiB', met: overhead <= 1 });
  } else {
    const base = (await saveImage(testCase.runtimeImage, scratchDir('bench-base-'))).platform('linux/amd64');
    const baseMiB = (await layerSizes(base.layers)).uncompressed / MiB;
    record({ section, name: `base (${testCase.runtimeImage})`, value: baseMiB, unit: 'MiB' });
    record({
      section,
      name: 'image − binary',
      value: overhead,
      unit: 'MiB',
      goal: `≤ base + 1 = ${(baseMiB + 1).toFixed(2)} MiB`,
      met: overhead <= baseMiB + 1,
    });
  }
  return project;
}

// ---------------------------------------------------------------------------------------------------------------
// Reproducible images: two cold builds of one commit (--no-cache: every step runs again; the second in a fresh clone
// elsewhere) give the same image digest on every platform. Not pruned: this section also runs on a shared engine.
// ---------------------------------------------------------------------------------------------------------------
async function reproducibility(id: string): Promise<void> {
  const testCase = caseOf(id);
  const project = await scaffold(testCase, { image: `localhost/bench-reproducible-${id}` });
  const clone: Project = { ...project, dir: scratchDir('bench-clone-') };
  await execOk('git', ['clone', '--quiet', project.dir, clone.dir]);
  const digests: Array<Record<string, string>> = [];
  for (const [where, tag] of [
    [project, 'first'],
    [clone, 'second'],
  ] as const) {
    references.add(`${project.image}:${tag}`);
    await timedBuild(where, { TAG: tag, BUILDX_FLAGS: `${E2E_BUILDX_FLAGS} --no-cache` });
    const images = await imagePlatforms(`${project.image}:${tag}`);
    digests.push(Object.fromEntries(images.map((image) => [image.platform, image.manifestDigest])));
  }
  const [first = {}, second = {}] = digests;
  const same = Object.keys(first).length > 0 && JSON.stringify(first) === JSON.stringify(second);
  record({
    section: `reproducible image (${testCase.variant}, ${testCase.debian}, linux/amd64+arm64)`,
    name: 'two cold builds of one commit give one digest per platform',
    value: same ? 1 : 0,
    unit: 'yes/no',
    goal: 'yes',
    met: same,
    note: Object.entries(first)
      .map(([platform, digest]) => `${platform} ${digest.slice(0, 19)}`)
      .join(', '),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Container start → first 200 of /healthz, and docker stop → exit (idle, with the service's default drain), median
// of RUNS.
// ---------------------------------------------------------------------------------------------------------------
async function startStop(project: Project): Promise<void> {
  const { testCase } = project;
  const section = `container (${testCase.variant}, ${testCase.debian}, linux/amd64, median of ${RUNS})`;
  const starts: number[] = [];
  const stops: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const container = await runContainer(project.reference, { port: await freePort() });
    try {
      starts.push((await waitFor200(`http://127.0.0.1:${container.port}/healthz`, 10_000)) - container.startedAt);
      stops.push((await execOk('docker', ['stop', container.name])).ms);
      const code = await inspect(container.name, '{{.State.ExitCode}}');
      if (code !== '0') throw new Error(`${container.name} exited ${code}`);
    } finally {
      await removeContainer(container.name);
    }
  }
  record({
    section,
    name: 'docker run → first /healthz 200',
    value: median(starts),
    unit: 'ms',
    goal: '< 2000 ms',
    met: median(starts) < 2000,
  });
  record({
    section,
    name: `docker stop → exited (code 0), after the ${SHUTDOWN.drainSeconds} s drain`,
    value: median(stops),
    unit: 'ms',
    goal: `< ${DOCKER_STOP_TIMEOUT_SECONDS * 1000} ms`,
    met: median(stops) < DOCKER_STOP_TIMEOUT_SECONDS * 1000,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// docker compose watch (compose.yaml's develop.watch): a one-line edit of main.go → the first response showing it.
// ---------------------------------------------------------------------------------------------------------------
async function composeWatch(): Promise<void> {
  const project = await scaffold(caseOf('static-distroless-trixie'), {
    image: `localhost/bench-compose-${process.pid}`,
  });
  const port = await freePort();
  const env = { ...process.env, COMPOSE_PROJECT_NAME: `bench-compose-${process.pid}` };
  writeHostNetworkOverride(project.dir, 'demo', port);
  const watch = await startWatch(project.dir, env);
  const times: number[] = [];
  try {
    await waitFor200(`http://127.0.0.1:${port}/healthz`, 300_000);
    let status = 'ok';
    for (let i = 1; i <= 3; i++) {
      times.push(await secondsToServeEdit(project.dir, port, status, `edit-${i}`));
      status = `edit-${i}`;
    }
  } finally {
    await watch.stop();
    await exec('docker', ['compose', 'down', '--timeout', '2'], { cwd: project.dir, env });
    references.add(`${project.image}:dev`);
  }
  record({
    section: 'compose (static-distroless, trixie, median of 3)',
    name: 'make watch: one-line edit of main.go → new /healthz response',
    value: median(times),
    unit: 's',
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Generator wall time and CPU for one scaffold: the bin with --defaults, as a user runs it.
// ---------------------------------------------------------------------------------------------------------------
/**
 * Loaded into the bin with --import: at exit it writes the process's own CPU time (user + system, from process
 * start, so Node's bootstrap counts) to the file GO_CONTAINER_BENCH_CPU names. Node gives a parent no child's usage.
 */
const CPU_REPORTER =
  'data:text/javascript,' +
  encodeURIComponent(
    "import { writeFileSync } from 'node:fs';" +
      "process.on('exit', () => { const { user, system } = process.cpuUsage();" +
      'writeFileSync(process.env.GO_CONTAINER_BENCH_CPU, String((user + system) / 1e6)); });',
  );

async function generatorTime(): Promise<void> {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = scratchDir('bench-scaffold-');
    const cpuFile = join(scratchDir('bench-cpu-'), 'seconds');
    const ran = await exec(process.execPath, ['--import', CPU_REPORTER, CLI, '--defaults', '--name', 'demo'], {
      cwd: dir,
      env: { ...process.env, GO_CONTAINER_BENCH_CPU: cpuFile },
    });
    if (ran.code !== 0) throw new Error(`go-container failed: ${ran.output}`);
    times.push(ran.ms);
    cpu.push(Number(readFileSync(cpuFile, 'utf8')));
  }
  const section = `generator (median of ${RUNS})`;
  record({ section, name: 'go-container --defaults --name demo: wall time', value: median(times), unit: 'ms' });
  record({
    section,
    name: 'the same: CPU time (user + system) of the process',
    value: median(cpu),
    unit: 's',
    digits: 2,
    goal: '≤ 0.6 s',
    met: median(cpu) <= 0.6,
    note: cpu.map((seconds) => seconds.toFixed(2)).join(' s, ') + ' s',
  });
}

function printTable(): void {
  const rows = figures.map((figure) => [
    figure.section,
    figure.name,
    formatValue(figure),
    figure.goal ? `${figure.goal} ${figure.met ? '✓' : '✗'}` : '',
    figure.note ?? '',
  ]);
  const header = ['section', 'figure', 'value', 'goal', 'note'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join(' | ')
      .trimEnd();
  console.log(`\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('-|-')}`);
  let previous = '';
  for (const row of rows) {
    console.log(line(row[0] === previous ? ['', ...row.slice(1)] : row));
    previous = row[0] ?? '';
  }
}

/**
 * Go's caches across CI runs, measured side by side under act with its cache server (test/ci): the same push of a
 * generated static service twice, the second after a one-line edit of main.go, each run on a fresh builder as on a
 * GitHub runner. Compared: the build step that pushes both platforms. Only with SHARED_ACTIONS_DIR and the act
 * suite's stand-ins (test/ci/setup/install-stand-ins.sh); skipped with a note otherwise.
 */
async function ciCacheRound(): Promise<void> {
  if (!process.env['SHARED_ACTIONS_DIR']) {
    console.log('  (CI cache round skipped: SHARED_ACTIONS_DIR is not set, see test/ci/stand-ins/README.md)');
    return;
  }
  const { startWorld } = await import('../ci/lib/world.js');
  const { generateProject, commitAll } = await import('../ci/lib/project.js');
  const { runCase } = await import('../ci/lib/run-case.js');
  const { freePort } = await import('../ci/lib/loopback.js');
  const world = await startWorld();
  try {
    const project = generateProject({ name: 'ci-bench', flags: ['--no-cgo'], port: await freePort() });
    const PUSH_STEP = 'Build linux/amd64, linux/arm64 and push';
    /**
     * The push build step, whole and split where BuildKit starts exporting: before it, the build the Go caches speed
     * up; from it, exporting and pushing to ghcr.io (the stand-in registry here), which they cannot.
     */
    const buildStep = (run: Awaited<ReturnType<typeof runCase>>): { whole: number; build: number; push: number } => {
      const time = run.act.stepTimes.find((step) => step.step.startsWith(PUSH_STEP));
      if (!time || Object.values(run.act.jobs).some((result) => result !== 'success')) {
        throw new Error(`the act run failed or has no push build step (log: ${run.logFile})`);
      }
      const lines = run.act.ran.stdout
        .split('\n')
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as { step?: string; msg?: string; time?: string }];
          } catch {
            return [];
          }
        })
        .filter((line) => line.step?.startsWith(PUSH_STEP) && line.time);
      const at = (predicate: (msg: string) => boolean): number =>
        Date.parse(lines.find((line) => predicate(line.msg ?? ''))?.time ?? '');
      const build = (at((msg) => msg.includes('exporting to image')) - at((msg) => msg.includes('Run Main'))) / 1000;
      if (!Number.isFinite(build)) throw new Error(`no export found in the push build step (log: ${run.logFile})`);
      return { whole: time.ms / 1000, build, push: time.ms / 1000 - build };
    };
    const first = buildStep(await runCase(world, project, 'push to the default branch'));
    const main = join(project.dir, 'main.go');
    writeFileSync(
      main,
      readFileSync(main, 'utf8').replace(/^package main$/m, 'package main\n\n// Edited for the bench.'),
    );
    const edited = { ...project, sha: commitAll(project.dir, 'a one-line edit') };
    // The same ghcr.io as the first run: a repository's next push finds its earlier layers there.
    const second = buildStep(await runCase(world, edited, 'push to the default branch', { registry: 'kept' }));
    const section = 'CI, under act (act log times, whole seconds)';
    const row = (name: string, part: 'whole' | 'build' | 'push'): void => {
      record({ section, name: `${name}: first run, cold caches`, value: first[part], unit: 's' });
      record({ section, name: `${name}: next run after a one-line edit of main.go`, value: second[part], unit: 's' });
      const ratio = second[part] / first[part];
      record({ section, name: `${name}: second / first`, value: ratio, unit: 'x', goal: '≤ 0.30', met: ratio <= 0.3 });
    };
    row('image build step (both platforms, push)', 'whole');
    row('  its build, up to the export', 'build');
    record({
      section,
      name: '  its export and push to the registry stand-in: first / next run',
      value: first.push,
      unit: 's',
      note: `next run ${second.push.toFixed(1)} s`,
    });
  } finally {
    await world.stop();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const variants = ['static-distroless-trixie', 'static-scratch-trixie', 'cgo-trixie'];
  const sections: Record<string, () => Promise<void>> = {
    generator: generatorTime,
    rebuilds,
    cross: async () => {
      await crossBuildRatio('static-distroless-trixie');
      await crossBuildRatio('cgo-trixie');
    },
    containers: async () => {
      for (const id of variants) await startStop(await sizes(id));
    },
    reproducible: async () => {
      for (const id of variants) await reproducibility(id);
    },
    compose: composeWatch,
    ci: ciCacheRound,
  };
  const wanted = (process.env['BENCH_SECTIONS'] ?? Object.keys(sections).join(',')).split(',');
  // The generator section alone needs no engine: `BENCH_SECTIONS=generator npm run bench` runs anywhere.
  const needsEngine = wanted.some((name) => name !== 'generator');
  let machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} CPUs, Node ${process.version}`;
  if (needsEngine) {
    await requireEngine([...new Set(variants.map(caseOf).flatMap(imagesNeeded))]);
    machine += `, engine ${(await execOk('docker', ['version', '--format', '{{.Server.Version}}'])).stdout.trim()}`;
  }
  const loadBefore = loadavg()[0]?.toFixed(1);
  console.log(`npm run bench: ${machine}, load average ${loadBefore}\n`);
  try {
    for (const name of wanted) {
      const section = sections[name];
      if (!section) throw new Error(`BENCH_SECTIONS: no section ${name} (${Object.keys(sections).join(', ')})`);
      await section();
    }
  } finally {
    for (const reference of references) await exec('docker', ['image', 'rm', '--force', reference]);
    removeScratchDirs();
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const load = `load average ${loadBefore} at the start, ${loadavg()[0]?.toFixed(1)} at the end`;
  printTable();
  console.log(`\n${machine}; ${load}.`);
  console.log(
    'Reproduce: test/e2e/setup/install-engine.sh && test/e2e/setup/build-base-images.sh && ' +
      'test/deploy/setup/install-compose.sh && npm run bench',
  );
  console.log(`bench took ${totalSeconds.toFixed(0)} s; figures written to ${RESULTS}`);
  const results = { measuredAt: new Date().toISOString(), machine, load, totalSeconds, figures };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
}

await main();
