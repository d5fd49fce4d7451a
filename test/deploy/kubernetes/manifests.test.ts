/**
 * The generated deploy/kubernetes, handed to the real tools: kustomize renders the base and the example overlay,
 * every object decodes STRICTLY into its k8s.io/api type, and the pods pass the restricted Pod Security Standard
 * as k8s.io/pod-security-admission (the API server's own admission code) evaluates it.
 */
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { exec } from '../../e2e/lib/exec.js';
import { type Generated } from '../../helpers/generate.js';
import { DEPLOY_CASES, baseOf, generateCase, overlayOf } from '../lib/deploy-cases.js';
import { kubeCheck, kustomizeBuild, objectsOf, type CheckedObject } from '../lib/manifests.js';
import { type KubeObject } from '../lib/kube-apiserver.js';
import { requireDeployTool } from '../lib/tools.js';

type Container = {
  name: string;
  image: string;
  env?: { name: string; value?: string; valueFrom?: { resourceFieldRef?: { resource: string } } }[];
  startupProbe?: Record<string, unknown>;
  livenessProbe?: Record<string, unknown>;
  readinessProbe?: Record<string, unknown>;
  securityContext?: Record<string, unknown>;
};
const containerOf = (deployment: KubeObject): Container =>
  (deployment as unknown as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec
    .containers[0] as Container;
const byKind = (objects: readonly KubeObject[], kind: string): KubeObject => {
  const found = objects.find((object) => object.kind === kind);
  assert.ok(found, `no ${kind} among ${objects.map((object) => object.kind).join(', ')}`);
  return found;
};

describe('Kubernetes manifests: kustomize renders them, k8s.io/api decodes them strictly, Pod Security admits them', function () {
  for (const deployCase of DEPLOY_CASES) {
    describe(deployCase.about, function () {
      let project: Generated;
      let overlay: KubeObject[];
      let checked: CheckedObject[];
      let base: CheckedObject[];

      before(async function () {
        this.timeout(120_000);
        project = await generateCase(deployCase);
        const rendered = await kustomizeBuild(overlayOf(project));
        overlay = objectsOf(rendered);
        checked = await kubeCheck(rendered);
        base = await kubeCheck(await kustomizeBuild(baseOf(project)));
      });

      it('the example overlay renders a Namespace enforcing restricted, a ServiceAccount, a Service (if it listens), a Deployment and a PodDisruptionBudget', function () {
        assert.deepEqual(
          overlay.map(
            (object) =>
              `${object.apiVersion} ${object.kind} ${object.metadata.namespace ?? '-'}/${object.metadata.name}`,
          ),
          [
            `v1 Namespace -/${deployCase.id}`,
            `v1 ServiceAccount ${deployCase.id}/${deployCase.id}`,
            ...(deployCase.listens ? [`v1 Service ${deployCase.id}/${deployCase.id}`] : []),
            `apps/v1 Deployment ${deployCase.id}/${deployCase.id}`,
            `policy/v1 PodDisruptionBudget ${deployCase.id}/${deployCase.id}`,
          ],
        );
        assert.deepEqual(
          (byKind(overlay, 'Namespace').metadata['labels'] as Record<string, string>)[
            'pod-security.kubernetes.io/enforce'
          ],
          'restricted',
        );
        assert.equal(byKind(overlay, 'ServiceAccount')['automountServiceAccountToken'], false);
      });

      it('every object of the overlay and of the base decodes strictly into its k8s.io/api type', function () {
        for (const object of [...checked, ...base]) {
          assert.equal(object.strictError, undefined, `${object.kind}/${object.name}: ${object.strictError}`);
        }
        assert.equal(checked.length, deployCase.listens ? 5 : 4);
        assert.equal(base.length, deployCase.listens ? 4 : 3);
      });

      it('the pod template passes the restricted Pod Security Standard (restricted:latest)', function () {
        for (const objects of [checked, base]) {
          const deployment = objects.find((object) => object.kind === 'Deployment');
          assert.deepEqual(deployment?.podSecurity?.restricted, { allowed: true });
        }
      });

      it('the image is set through kustomize images: the overlay pins a release, make k8s-render uses $(IMAGE):$(TAG)', async function () {
        const image = String(deployCase.flags['image']);
        assert.equal(containerOf(byKind(overlay, 'Deployment')).image, `${image}:0.1.0`);
        // Beside a module's own Makefile the targets are in docker.mk, whose variables start with CONTAINER_.
        const dockerMk = project.paths.includes('docker.mk');
        const prefix = dockerMk ? 'CONTAINER_' : '';
        const ran = await exec(
          'make',
          [
            ...(dockerMk ? ['-f', 'docker.mk'] : []),
            '-s',
            'k8s-render',
            `${prefix}IMAGE=registry.example:5000/team/app`,
            `${prefix}TAG=v9.8.7`,
          ],
          {
            cwd: project.dir,
            env: { ...process.env, PATH: `${dirname(requireDeployTool('kustomize'))}:${process.env['PATH'] ?? ''}` },
          },
        );
        assert.equal(ran.code, 0, ran.output);
        const rendered = objectsOf(ran.stdout);
        assert.equal(containerOf(byKind(rendered, 'Deployment')).image, 'registry.example:5000/team/app:v9.8.7');
        assert.equal(rendered.length, overlay.length, 'the same objects as the overlay');
        assert.deepEqual(
          project.paths.filter((path) => path.includes('.render.')),
          [],
          'no file left behind',
        );
      });

      it(
        !deployCase.listens
          ? 'no port: no probes, no container port, no preStop sleep'
          : deployCase.healthEndpoints
            ? 'probes: startup and liveness GET /healthz, readiness GET /readyz, on the named port'
            : 'probes: TCP connects to the port (the module has no health endpoints of ours)',
        function () {
          const container = containerOf(byKind(overlay, 'Deployment'));
          if (!deployCase.listens) {
            const { startupProbe, livenessProbe, readinessProbe, ports, lifecycle } = container as Container & {
              ports?: unknown;
              lifecycle?: unknown;
            };
            assert.deepEqual(
              [startupProbe, livenessProbe, readinessProbe, ports, lifecycle],
              [undefined, undefined, undefined, undefined, undefined],
            );
            return;
          }
          const expected = (path: string): Record<string, unknown> =>
            deployCase.healthEndpoints ? { httpGet: { path, port: 'http' } } : { tcpSocket: { port: 'http' } };
          for (const [probe, path] of [
            ['startupProbe', '/healthz'],
            ['livenessProbe', '/healthz'],
            ['readinessProbe', '/readyz'],
          ] as const) {
            const { periodSeconds, timeoutSeconds, failureThreshold, ...action } = container[probe] ?? {};
            assert.deepEqual(action, expected(path), probe);
            assert.ok(Number(periodSeconds) > 0 && Number(timeoutSeconds) > 0 && Number(failureThreshold) > 0, probe);
          }
        },
      );

      it('GOMEMLIMIT comes from the memory limit through the downward API; GOMAXPROCS from the CPU limit only before Go 1.25', function () {
        const env = containerOf(byKind(overlay, 'Deployment')).env ?? [];
        const fromLimit = (name: string): string | undefined =>
          env.find((variable) => variable.name === name)?.valueFrom?.resourceFieldRef?.resource;
        assert.equal(fromLimit('GOMEMLIMIT'), 'limits.memory');
        // The Go of the image: the Dockerfile's default, which is go.mod's.
        const goMinor = Number(/^ARG GO_VERSION=1\.(\d+)/m.exec(project.read('Dockerfile'))?.[1]);
        assert.equal(fromLimit('GOMAXPROCS'), goMinor < 25 ? 'limits.cpu' : undefined);
      });
    });
  }

  describe('the checks can fail', function () {
    let deployment: KubeObject;

    before(async function () {
      this.timeout(120_000);
      const [first] = DEPLOY_CASES;
      assert.ok(first);
      deployment = byKind(objectsOf(await kustomizeBuild(overlayOf(await generateCase(first)))), 'Deployment');
    });

    it('a misspelled field is a strict decoding error', async function () {
      const text = stringify(deployment).replace('readOnlyRootFilesystem:', 'readOnlyRootFileSystem:');
      const [object] = await kubeCheck(text);
      assert.match(
        object?.strictError ?? '',
        /unknown field "spec\.template\.spec\.containers\[0\]\.securityContext\.readOnlyRootFileSystem"/,
      );
    });

    it('a container that may escalate privileges fails restricted (and passes baseline)', async function () {
      const text = stringify(deployment).replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true');
      const [object] = await kubeCheck(text);
      assert.equal(object?.strictError, undefined);
      assert.equal(object?.podSecurity?.restricted.allowed, false);
      assert.match(object?.podSecurity?.restricted.forbidden ?? '', /allowPrivilegeEscalation != false/);
      assert.equal(object?.podSecurity?.baseline.allowed, true);
    });
  });
});
