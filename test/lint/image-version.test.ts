/**
 * One version rule for make and CI. make names an image by VERSION (docker-build's tag, docker-push's, k8s-render's)
 * and stamps VERSION into the binary; CI tags by docker/metadata-action and builds with the VERSION its source step
 * reads from make. Here make runs for real in a git repository in each state a project is in, the workflow's source
 * step runs as a runner runs it, and the tags are those metadata-action derives from the workflow's own tag rules:
 * for a commit CI pushes, make's tag is one CI pushes and the VERSION both build with is one.
 *
 * metadataActionTags models the action for exactly the rules the workflow declares (an unknown rule fails the test);
 * the act suite (test/ci/first-push.test.ts) runs the real action and asserts the tags it pushes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generate, type Generated } from '../helpers/generate.js';
import { gitIn } from '../helpers/git-states.js';
import { generateInFixture } from '../existing/support.js';
import { make } from './support/make.js';

/** A GitHub event that runs the workflow's image build: a push of a branch or of a tag. */
type CiEvent = { readonly branch: string } | { readonly tag: string };

/** semver.valid of the action's semver package, for a tag with its leading v. */
const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** The tags docker/metadata-action gives a push of `event` at commit `sha` under `rules` (flavor latest=auto). */
function metadataActionTags(rules: readonly string[], event: CiEvent, sha: string): string[] {
  const tags: string[] = [];
  const semver = 'tag' in event ? SEMVER.exec(event.tag) : null;
  const prerelease = semver?.[4] !== undefined;
  for (const rule of rules) {
    if (rule === 'type=ref,event=branch') {
      if ('branch' in event) tags.push(event.branch);
    } else if (rule === 'type=ref,event=pr') {
      // Pull requests are built, never pushed.
    } else if (rule === 'type=semver,pattern={{version}}') {
      if (semver) tags.push(`${semver[1]}.${semver[2]}.${semver[3]}${semver[4] ?? ''}`);
    } else if (rule === 'type=semver,pattern={{major}}.{{minor}}') {
      if (semver)
        tags.push(prerelease ? `${semver[1]}.${semver[2]}.${semver[3]}${semver[4]}` : `${semver[1]}.${semver[2]}`);
    } else if (rule === 'type=sha') {
      tags.push(`sha-${sha.slice(0, 7)}`);
    } else {
      assert.fail(`the workflow tags by ${rule}, which metadataActionTags does not model: add it`);
    }
  }
  if (semver && !prerelease) tags.push('latest');
  return [...new Set(tags)].sort();
}

interface WorkflowStep {
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
}

/** The image job's steps of a generated workflow. */
function imageSteps(project: Generated, workflow: string): readonly WorkflowStep[] {
  const parsed = parse(project.read(`.github/workflows/${workflow}`)) as {
    jobs: Record<string, { steps: WorkflowStep[] }>;
  };
  return parsed.jobs['image']!.steps;
}

/** What make says of the project in dir: VERSION, and the tag docker-build, docker-push and k8s-render name. */
async function makeNames(
  dir: string,
  makefile: string[],
): Promise<{ version: string; buildArg: string; tag: string; pushTag: string; k8sTag: string }> {
  const printed = await make(dir, [...makefile, '-s', 'image-version']);
  assert.equal(printed.code, 0, printed.stderr);
  const dryRun = async (target: string): Promise<string> => {
    const ran = await make(dir, [...makefile, '-n', target]);
    assert.equal(ran.code, 0, ran.stderr);
    return ran.stdout;
  };
  const build = await dryRun('docker-build');
  const push = await dryRun('docker-push');
  const k8s = await dryRun('k8s-render');
  return {
    version: printed.stdout.trim(),
    buildArg: /--build-arg VERSION=(\S+)/.exec(build)?.[1] ?? '',
    tag: /--tag [^ :]+:(\S+) --load/.exec(build)?.[1] ?? '',
    pushTag: /--tag [^ :]+:(\S+) --push/.exec(push)?.[1] ?? '',
    k8sTag: /newTag: "([^"]*)"/.exec(k8s)?.[1] ?? '',
  };
}

/** Runs the workflow's source step in dir as a runner does (bash -e, GITHUB_OUTPUT) and returns its outputs. */
function runSourceStep(steps: readonly WorkflowStep[], dir: string): Record<string, string> {
  const source = steps.find((step) => step.id === 'source');
  assert.ok(source?.run, 'the image job has a source step');
  const output = join(mkdtempSync(join(tmpdir(), 'github-output-')), 'output');
  writeFileSync(output, '');
  execFileSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', source.run], {
    cwd: dir,
    env: { ...process.env, GITHUB_OUTPUT: output },
  });
  return Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

const commit = (dir: string): string => {
  gitIn(dir, 'init', '-q');
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '-m', 'first');
  return gitIn(dir, 'rev-parse', 'HEAD');
};

const LAYOUTS = [
  {
    name: 'a new service (its Makefile, ci.yml)',
    workflow: 'ci.yml',
    makefile: [] as string[],
    project: () => generate({ cgo: false }),
  },
  {
    name: 'an existing module with its own Makefile (docker.mk, container.yml; fixture root-main)',
    workflow: 'container.yml',
    makefile: ['-f', 'docker.mk'],
    project: () => generateInFixture('root-main', { deploy: 'kubernetes' }),
  },
];

for (const layout of LAYOUTS) {
  describe(`make and CI name an image by one version rule: ${layout.name}`, function () {
    this.timeout(120_000);
    let project: Generated;
    let steps: readonly WorkflowStep[];
    let rules: string[];

    before(async () => {
      project = await layout.project();
      steps = imageSteps(project, layout.workflow);
      const metadata = steps.find((step) => step.id === 'meta');
      assert.match(metadata?.uses ?? '', /^docker\/metadata-action@/);
      rules = (metadata?.with?.['tags'] ?? '').split('\n').filter(Boolean);
      const build = steps.find((step) => step.id === 'build');
      assert.match(build?.with?.['build-args'] ?? '', /^VERSION=\$\{\{ steps\.source\.outputs\.version \}\}$/m);
      assert.match(
        metadata?.with?.['labels'] ?? '',
        /^org\.opencontainers\.image\.version=\$\{\{ steps\.source\.outputs\.version \}\}$/m,
      );
    });

    /** A copy of the generated project, so that each git state starts from the same files. */
    const copy = (): string => {
      const dir = mkdtempSync(join(tmpdir(), 'image-version-'));
      execFileSync('cp', ['-a', `${project.dir}/.`, dir]);
      rmSync(join(dir, '.git'), { recursive: true, force: true });
      return dir;
    };

    it('a commit tagged v1.2.3 is 1.2.3 to make (tag, VERSION, k8s-render) and to CI (a tag it pushes, its VERSION)', async () => {
      const dir = copy();
      const sha = commit(dir);
      gitIn(dir, 'tag', '-a', 'v1.2.3', '-m', 'v1.2.3');
      const names = await makeNames(dir, layout.makefile);
      assert.deepEqual(names, { version: '1.2.3', buildArg: '1.2.3', tag: '1.2.3', pushTag: '1.2.3', k8sTag: '1.2.3' });
      const pushed = metadataActionTags(rules, { tag: 'v1.2.3' }, sha);
      assert.deepEqual(pushed, ['1.2', '1.2.3', 'latest', `sha-${sha.slice(0, 7)}`]);
      assert.ok(pushed.includes(names.tag));
      assert.equal(runSourceStep(steps, dir)['version'], names.version);
    });

    it('an untagged commit is sha-<7 hex digits>, the tag CI pushes for it on the default branch, and its VERSION', async () => {
      const dir = copy();
      const sha = commit(dir);
      // A tag that is no version (no vX.Y.Z) names no image, in make as in metadata-action.
      gitIn(dir, 'tag', 'v2-beta');
      const names = await makeNames(dir, layout.makefile);
      const expected = `sha-${sha.slice(0, 7)}`;
      assert.deepEqual(names, {
        version: expected,
        buildArg: expected,
        tag: expected,
        pushTag: expected,
        k8sTag: expected,
      });
      assert.deepEqual(metadataActionTags(rules, { branch: 'main' }, sha), ['main', expected]);
      assert.deepEqual(metadataActionTags(rules, { tag: 'v2-beta' }, sha), [expected]);
      const outputs = runSourceStep(steps, dir);
      assert.equal(outputs['version'], expected);
      // Every build argument CI passes is the one make passes, with the same value: the same binary and layers.
      const ciArgs = (steps.find((step) => step.id === 'build')?.with?.['build-args'] ?? '')
        .split('\n')
        .filter(Boolean)
        .map((line) =>
          line
            .replace(/\$\{\{ steps\.source\.outputs\.([a-z-]+) \}\}/g, (_, name: string) => outputs[name] ?? '?')
            .replace('${{ github.sha }}', sha),
        );
      const built = await make(dir, [...layout.makefile, '-n', 'docker-build']);
      const makeArgs = [...built.stdout.matchAll(/--build-arg (\S+)/g)].map((match) => match[1]!);
      assert.deepEqual(ciArgs.sort(), makeArgs.sort());
    });

    it('a tree with uncommitted changes is the commit’s version with -dirty: never a tag CI pushes', async () => {
      const dir = copy();
      const sha = commit(dir);
      gitIn(dir, 'tag', 'v1.2.3');
      appendFileSync(join(dir, 'go.mod'), '\n');
      const names = await makeNames(dir, layout.makefile);
      assert.deepEqual(names, {
        version: '1.2.3-dirty',
        buildArg: '1.2.3-dirty',
        tag: '1.2.3-dirty',
        pushTag: '1.2.3-dirty',
        k8sTag: '1.2.3-dirty',
      });
      assert.ok(!metadataActionTags(rules, { tag: 'v1.2.3' }, sha).includes(names.tag));
      gitIn(dir, 'tag', '-d', 'v1.2.3');
      assert.equal((await makeNames(dir, layout.makefile)).version, `sha-${sha.slice(0, 7)}-dirty`);
    });

    it('outside git the version is dev, in docker-build, docker-push and k8s-render alike', async () => {
      const dir = copy();
      const names = await makeNames(dir, layout.makefile);
      assert.deepEqual(names, { version: 'dev', buildArg: 'dev', tag: 'dev', pushTag: 'dev', k8sTag: 'dev' });
    });
  });
}
