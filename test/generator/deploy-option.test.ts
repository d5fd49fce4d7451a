/**
 * --deploy: which deployment files a project gets (compose.yaml, deploy/kubernetes, their Makefile targets), for a
 * new service and for an existing module, whose own Compose file and manifests are never replaced.
 */
import { KUBERNETES_FILES } from '../helpers/deploy-files.js';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { copyFixture, generateInFixture, hashTree } from '../existing/support.js';
import { runCli } from '../helpers/cli.js';
import { FIXED_FLAGS, freshDir, generate, listFiles } from '../helpers/generate.js';

const deployFiles = (paths: readonly string[]): string[] =>
  paths.filter((path) => path === 'compose.yaml' || path.startsWith('deploy/'));
const targets = (makefile: string): string[] =>
  [...makefile.matchAll(/^([a-z][a-z0-9-]*):/gm)].map((match) => match[1] ?? '');
const storedDeploy = (yoRc: string): unknown => JSON.parse(yoRc)['generator-go-container'].deploy;

describe('--deploy: compose.yaml and deploy/kubernetes', function () {
  this.timeout(120_000);

  it('by default a new service gets both, with make up/down/watch and k8s-render/k8s-apply', async function () {
    const generated = await generate(FIXED_FLAGS);
    assert.deepEqual(deployFiles(generated.paths), ['compose.yaml', ...KUBERNETES_FILES]);
    const makeTargets = targets(generated.read('Makefile'));
    for (const target of ['up', 'down', 'watch', 'k8s-render', 'k8s-apply'])
      assert.ok(makeTargets.includes(target), target);
    assert.deepEqual(storedDeploy(generated.read('.yo-rc.json')), ['compose', 'kubernetes']);
  });

  for (const [value, compose, kubernetes] of [
    ['compose', true, false],
    ['kubernetes', false, true],
    ['kubernetes,compose', true, true],
    ['none', false, false],
  ] as const) {
    it(`--deploy ${value}: ${compose ? 'compose.yaml and its targets' : 'no compose.yaml'}, ${kubernetes ? 'deploy/kubernetes and its targets' : 'no deploy/kubernetes'}`, async function () {
      const generated = await generate({ ...FIXED_FLAGS, deploy: value });
      assert.deepEqual(deployFiles(generated.paths), [
        ...(compose ? ['compose.yaml'] : []),
        ...(kubernetes ? KUBERNETES_FILES : []),
      ]);
      const makefile = generated.read('Makefile');
      const makeTargets = targets(makefile);
      assert.equal(makeTargets.includes('up') && makeTargets.includes('watch'), compose);
      assert.equal(makeTargets.includes('k8s-render') && makeTargets.includes('k8s-apply'), kubernetes);
      assert.equal(makefile.includes('COMPOSE'), compose);
      assert.equal(makefile.includes('KUSTOMIZE'), kubernetes);
      assert.match(makefile, /^CONTAINER_TOOL \?= docker$/m, 'podman works whatever --deploy says');
      assert.equal(
        /^deploy\/kubernetes$/m.test(generated.read('.dockerignore')),
        kubernetes,
        'the manifests stay out of the build context',
      );
    });
  }

  for (const [value, compose, kubernetes] of [
    ['compose,kubernetes', true, true],
    ['compose', true, false],
    ['kubernetes', false, true],
    ['none', false, false],
  ] as const) {
    it(`--deploy ${value}: the service README shows how to run what was generated, each make target one the Makefile has`, async function () {
      const generated = await generate({ ...FIXED_FLAGS, deploy: value });
      const readme = generated.read('README.md');
      const makeTargets = targets(generated.read('Makefile'));
      for (const [, target] of readme.matchAll(/^make ([a-z0-9-]+)/gm)) {
        assert.ok(makeTargets.includes(target ?? ''), `README names make ${target}, which the Makefile lacks`);
      }
      const deploySection = /^## Deploy it\n([\s\S]*?)^## /m.exec(readme)?.[1];
      assert.equal(
        deploySection !== undefined,
        compose || kubernetes,
        'a "Deploy it" section only with something to deploy',
      );
      const shown = (pattern: RegExp): boolean => pattern.test(deploySection ?? '');
      assert.equal(shown(/`compose\.yaml`/), compose);
      assert.equal(shown(/^make up +#/m) && shown(/^make watch +#/m) && shown(/^make down +#/m), compose);
      assert.equal(shown(/`deploy\/kubernetes`/), kubernetes);
      assert.equal(shown(/^make k8s-render +#/m) && shown(/^make k8s-apply +#/m), kubernetes);
      assert.equal(
        /compose\.yaml|deploy\/kubernetes/.test(readme),
        compose || kubernetes,
        'no mention of files not written',
      );
    });
  }

  for (const deploy of ['compose,kubernetes', 'compose'] as const) {
    it(`--deploy ${deploy}: the service README's GOMEMLIMIT advice is what deployment.yaml does (the whole memory limit)`, async function () {
      const generated = await generate({ ...FIXED_FLAGS, deploy });
      const readme = generated.read('README.md').replace(/\s+/g, ' ');
      assert.doesNotMatch(readme, /GOMEMLIMIT[^.]*\d+ ?%/, 'a fraction of the limit the manifests do not set');
      if (!generated.paths.includes('deploy/kubernetes/base/deployment.yaml')) {
        assert.match(
          readme,
          /set `GOMEMLIMIT` to the container's memory limit in the deployment \(in Kubernetes, from `limits\.memory`/,
        );
        return;
      }
      const deployment = parse(generated.read('deploy/kubernetes/base/deployment.yaml')) as {
        spec: {
          template: {
            spec: {
              containers: {
                env: { name: string; valueFrom?: { resourceFieldRef?: { resource: string } } }[];
                resources: { limits: { memory: string } };
              }[];
            };
          };
        };
      };
      const container = deployment.spec.template.spec.containers[0];
      const variable = container?.env.find((entry) => entry.name === 'GOMEMLIMIT');
      const resource = variable?.valueFrom?.resourceFieldRef?.resource;
      assert.equal(resource, 'limits.memory', 'deployment.yaml sets GOMEMLIMIT from the whole memory limit');
      assert.ok(
        readme.includes(
          `\`deploy/kubernetes\` sets \`GOMEMLIMIT\` to the pod's whole memory limit (\`${resource}\`, ${container?.resources.limits.memory} in the base)`,
        ),
        readme,
      );
    });
  }

  it('the printed command repeats --deploy none', async function () {
    const dir = freshDir();
    const first = await runCli(['--defaults', '--name', 'quiet', '--deploy', 'none'], dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /^ {2}go-container .* --deploy none( |$)/m);
    assert.deepEqual(deployFiles(listFiles(dir)), []);
  });

  for (const bad of ['helm', 'compose,compose', 'none,compose', '']) {
    it(`refuses --deploy ${JSON.stringify(bad)} naming the flag, the value and the rule, and writes nothing`, async function () {
      const dir = freshDir();
      const result = await runCli(['--defaults', '--deploy', bad], dir);
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        new RegExp(
          `Invalid --deploy ${JSON.stringify(bad).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: must be none, or a comma-separated list, without duplicates, of: compose, kubernetes`,
        ),
      );
      assert.deepEqual(listFiles(dir), []);
    });
  }

  describe('an existing module', function () {
    it('gets both when it has neither; the container targets of docker.mk are prefixed (compose-up), its Makefile untouched', async function () {
      const generated = await generateInFixture('root-main');
      assert.deepEqual(deployFiles(generated.paths), ['compose.yaml', ...KUBERNETES_FILES]);
      const dockerMk = targets(generated.read('docker.mk'));
      for (const target of ['compose-up', 'compose-down', 'compose-watch', 'k8s-render', 'k8s-apply']) {
        assert.ok(dockerMk.includes(target), target);
      }
      assert.ok(!dockerMk.includes('up'), 'no bare `up` that could clash with the module Makefile');
      assert.equal(
        hashTree(generated.dir)['Makefile'],
        generated.before['Makefile'],
        'the module Makefile is untouched',
      );
    });

    it('with its own docker-compose.yml and Kubernetes manifests: writes neither, changes neither, says why', async function () {
      const dir = copyFixture('root-main');
      writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  app:\n    build: .\n');
      mkdirSync(join(dir, 'k8s'));
      writeFileSync(join(dir, 'k8s', 'app.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n');
      const before = hashTree(dir);
      const result = await runCli(['--defaults'], dir);
      assert.equal(result.code, 0, result.stderr);
      const after = hashTree(dir);
      for (const [path, hash] of Object.entries(before)) assert.equal(after[path], hash, `${path} changed`);
      assert.deepEqual(deployFiles(Object.keys(after)), []);
      assert.match(result.stderr, /compose\s+docker-compose\.yml\s+the module has its own docker-compose\.yml/);
      assert.match(result.stderr, /kubernetes\s+k8s\/app\.yaml\s+the module has its own Kubernetes manifests/);
      assert.match(result.stderr, /^ {2}go-container .* --deploy none( |$)/m);
    });

    it('re-run over its own earlier compose.yaml and deploy/kubernetes: every file identical', async function () {
      const first = await generateInFixture('root-main');
      const again = await generateInFixture('root-main', {}, { dir: first.dir });
      assert.deepEqual(again.files, first.files);
      assert.deepEqual(deployFiles(again.paths), ['compose.yaml', ...KUBERNETES_FILES]);
    });
  });
});
