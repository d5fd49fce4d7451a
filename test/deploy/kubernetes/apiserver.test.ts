/**
 * The rendered manifests handed to a REAL kube-apiserver (v1.37.2 built from k8s.io/kubernetes, embedded etcd):
 * server-side dry-run with strict field validation in the overlay's own namespace, which enforces the restricted
 * Pod Security Standard. PodSecurity admission only warns on a Deployment and enforces on Pods, so the Deployment's
 * pod template is also dry-run as a Pod.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { scalarText } from '../../../generators/lib/scalar-text.js';
import { exec } from '../../e2e/lib/exec.js';
import { FIXED_FLAGS, generate, type Generated } from '../../helpers/generate.js';
import { DEPLOY_CASES, generateCase, overlayOf } from '../lib/deploy-cases.js';
import { startKubeApiserver, type ApiResponse, type KubeApiserver, type KubeObject } from '../lib/kube-apiserver.js';
import { kustomizeBuild, objectsOf } from '../lib/manifests.js';
import { requireDeployTool } from '../lib/tools.js';

const describeAnswer = (answer: ApiResponse): string =>
  `${answer.status} ${scalarText(answer.body['message'])} ${answer.warnings.join('; ')}`.trim();

/** The Pod the Deployment's ReplicaSet would create: the template's metadata and spec, in the same namespace. */
function podOf(deployment: KubeObject, name: string): KubeObject {
  const template = (deployment as unknown as { spec: { template: { metadata: object; spec: object } } }).spec.template;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...template.metadata, name, namespace: deployment.metadata.namespace ?? 'default' },
    spec: template.spec,
  };
}

describe('a real kube-apiserver accepts the manifests, in a namespace that enforces restricted Pod Security', function () {
  let apiserver: KubeApiserver;

  before(async function () {
    this.timeout(180_000);
    apiserver = await startKubeApiserver();
  });

  after(async function () {
    this.timeout(60_000);
    await apiserver?.stop();
  });

  for (const deployCase of DEPLOY_CASES) {
    describe(deployCase.about, function () {
      let project: Generated;
      let objects: KubeObject[];
      const find = (kind: string): KubeObject => {
        const found = objects.find((object) => object.kind === kind);
        assert.ok(found, `no ${kind}`);
        return found;
      };

      before(async function () {
        this.timeout(120_000);
        project = await generateCase(deployCase);
        objects = objectsOf(await kustomizeBuild(overlayOf(project)));
        // The overlay's Namespace is created for real: the other objects are dry-run into it.
        const created = await apiserver.create(find('Namespace'));
        assert.equal(created.status, 201, describeAnswer(created));
      });

      it('every object of the overlay passes a server-side dry-run with strict field validation, without a warning', async function () {
        for (const object of objects.filter((candidate) => candidate.kind !== 'Namespace')) {
          const answer = await apiserver.create(object, { dryRun: true });
          assert.equal(answer.status, 201, `${object.kind}/${object.metadata.name}: ${describeAnswer(answer)}`);
          assert.deepEqual(answer.warnings, [], `${object.kind}/${object.metadata.name}`);
        }
      });

      it('a Pod made from the Deployment template is admitted (PodSecurity enforces restricted on Pods)', async function () {
        // The ServiceAccount admission plugin needs the pod's ServiceAccount to exist: created for real first.
        const account = await apiserver.create(find('ServiceAccount'));
        assert.equal(account.status, 201, describeAnswer(account));
        const answer = await apiserver.create(podOf(find('Deployment'), `${deployCase.id}-pod`), { dryRun: true });
        assert.equal(answer.status, 201, describeAnswer(answer));
        assert.deepEqual(answer.warnings, []);
        const spec = answer.body['spec'] as { serviceAccountName?: string; automountServiceAccountToken?: boolean };
        assert.equal(spec.serviceAccountName, deployCase.id);
        assert.equal(spec.automountServiceAccountToken, false, 'no token mounted');
      });
    });
  }

  describe('make k8s-apply, with the real kubectl of the same release', function () {
    it('applies the overlay (server-side apply) with the image $(IMAGE):$(TAG); a second apply changes no object', async function () {
      this.timeout(180_000);
      const project = await generate({ ...FIXED_FLAGS, name: 'applied', image: 'ghcr.io/acme/applied' });
      const kubeconfig = join(project.dir, '..', `kubeconfig-${process.pid}.json`);
      apiserver.writeKubeconfig(kubeconfig);
      const env = {
        ...process.env,
        KUBECONFIG: kubeconfig,
        PATH: [
          dirname(requireDeployTool('kustomize')),
          dirname(requireDeployTool('kubectl')),
          process.env['PATH'],
        ].join(':'),
      };
      const apply = () =>
        exec('make', ['-s', 'k8s-apply', 'IMAGE=registry.example/acme/applied', 'TAG=v2.0.0'], {
          cwd: project.dir,
          env,
        });
      const objects = [
        '/api/v1/namespaces/applied',
        '/api/v1/namespaces/applied/serviceaccounts/applied',
        '/api/v1/namespaces/applied/services/applied',
        '/apis/apps/v1/namespaces/applied/deployments/applied',
        '/apis/policy/v1/namespaces/applied/poddisruptionbudgets/applied',
      ];
      const versions = async (): Promise<string[]> =>
        Promise.all(
          objects.map(async (path) => {
            const answer = await apiserver.call('GET', path);
            assert.equal(answer.status, 200, `${path}: ${describeAnswer(answer)}`);
            return String((answer.body['metadata'] as { resourceVersion: string }).resourceVersion);
          }),
        );
      const first = await apply();
      assert.equal(first.code, 0, first.output);
      assert.equal(first.stdout.match(/ serverside-applied$/gm)?.length, objects.length, first.stdout);
      const deployment = await apiserver.call('GET', '/apis/apps/v1/namespaces/applied/deployments/applied');
      const containers = (deployment.body['spec'] as { template: { spec: { containers: { image: string }[] } } })
        .template.spec.containers;
      assert.equal(containers[0]?.image, 'registry.example/acme/applied:v2.0.0');
      const applied = await versions();
      const second = await apply();
      assert.equal(second.code, 0, second.output);
      assert.deepEqual(await versions(), applied, 'a second apply changes no object');
    });
  });

  describe('the API server goes red where it should', function () {
    let objects: KubeObject[];
    let namespace: string;

    before(async function () {
      this.timeout(120_000);
      const [first] = DEPLOY_CASES;
      assert.ok(first);
      objects = objectsOf(await kustomizeBuild(overlayOf(await generateCase(first))));
      namespace = first.id;
    });

    const deploymentWith = (edit: (container: Record<string, unknown>) => void): KubeObject => {
      const deployment = structuredClone(objects.find((object) => object.kind === 'Deployment')) as KubeObject;
      const container = (
        deployment as unknown as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } }
      ).spec.template.spec.containers[0];
      assert.ok(container);
      edit(container);
      return deployment;
    };

    it('a Pod that may escalate privileges is refused 403 by PodSecurity restricted:latest', async function () {
      const deployment = deploymentWith((container) => {
        (container['securityContext'] as Record<string, unknown>)['allowPrivilegeEscalation'] = true;
      });
      const answer = await apiserver.create(podOf(deployment, 'escalating'), { dryRun: true });
      assert.equal(answer.status, 403, describeAnswer(answer));
      assert.match(
        String(answer.body['message']),
        /violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/,
      );
    });

    it('the same Deployment is only warned (why the pod template is also dry-run as a Pod)', async function () {
      const deployment = deploymentWith((container) => {
        (container['securityContext'] as Record<string, unknown>)['allowPrivilegeEscalation'] = true;
      });
      const answer = await apiserver.create(deployment, { dryRun: true });
      assert.equal(answer.status, 201, describeAnswer(answer));
      assert.match(answer.warnings.join('\n'), /would violate PodSecurity "restricted:latest"/);
      assert.equal(namespace, deployment.metadata.namespace);
    });

    it('an unknown field is refused 400 by strict field validation', async function () {
      const deployment = deploymentWith((container) => {
        container['imagePullPolicyy'] = 'Always';
      });
      const answer = await apiserver.create(deployment, { dryRun: true });
      assert.equal(answer.status, 400, describeAnswer(answer));
      assert.match(
        String(answer.body['message']),
        /unknown field "spec\.template\.spec\.containers\[0\]\.imagePullPolicyy"/,
      );
    });
  });
});
