/**
 * The deployment files describe the same service as the code and the image: the port, the user, the health probes
 * and the stop timing read from main.go, the Dockerfile, compose.yaml and the Kubernetes base must agree, for every
 * variant and for an existing module.
 */
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { generateInFixture } from '../existing/support.js';
import { generate, type Generated } from '../helpers/generate.js';
import { VARIANT_CASES } from '../helpers/variant-cases.js';

interface Probe {
  httpGet?: { path: string; port: string };
  tcpSocket?: { port: string };
}
interface DeploymentYaml {
  spec: {
    template: {
      spec: {
        securityContext: { runAsUser: number; runAsGroup: number; runAsNonRoot: boolean };
        terminationGracePeriodSeconds: number;
        containers: {
          ports?: { name: string; containerPort: number }[];
          env?: { name: string; value?: string }[];
          securityContext: { runAsUser: number; runAsGroup: number };
          startupProbe?: Probe;
          livenessProbe?: Probe;
          readinessProbe?: Probe;
          lifecycle?: { preStop?: { sleep?: { seconds: number } } };
        }[];
      };
    };
  };
}
interface ComposeYaml {
  services: Record<
    string,
    {
      user: string;
      ports?: string[];
      healthcheck?: { test: string[]; interval: string; timeout: string; start_period: string; retries: number };
      stop_grace_period: string;
    }
  >;
}

/** What the Dockerfile says: its USER, EXPOSE, ENV PORT, HEALTHCHECK command and options. */
function readDockerfile(text: string): {
  user: string;
  expose?: number;
  port?: number;
  healthcheck?: string[];
  healthcheckOptions?: Record<string, string>;
} {
  const instruction = /^HEALTHCHECK ([^\n]*)\\\n\s*CMD (\[.*\])$/m.exec(text);
  const healthcheck = instruction?.[2];
  const healthcheckOptions = instruction
    ? Object.fromEntries(
        [...(instruction[1] ?? '').matchAll(/--([a-z-]+)=(\S+)/g)].map((match) => [match[1], match[2]]),
      )
    : undefined;
  const expose = /^EXPOSE (\d+)$/m.exec(text)?.[1];
  const port = /^ENV PORT=(\d+)$/m.exec(text)?.[1];
  return {
    user: /^USER (\S+)$/m.exec(text)?.[1] ?? '',
    ...(expose ? { expose: Number(expose) } : {}),
    ...(port ? { port: Number(port) } : {}),
    ...(healthcheck ? { healthcheck: JSON.parse(healthcheck) as string[], healthcheckOptions } : {}),
  };
}

/** What the generated main.go says: its default port, its routes, its stop timing (in seconds). */
function readMainGo(text: string): { port: number; routes: string[]; shutdownSeconds: number; drainSeconds: number } {
  const seconds = (name: string): number => {
    const match = new RegExp(`^\\s*${name}\\s*=\\s*(\\d+) \\* time\\.Second`, 'm').exec(text);
    return match ? Number(match[1]) : 0;
  };
  return {
    port: Number(/^\s*defaultPort\s*=\s*"(\d+)"/m.exec(text)?.[1]),
    routes: [...text.matchAll(/HandleFunc\("GET (\/[a-z]*)/g)].map((match) => match[1] ?? ''),
    shutdownSeconds: seconds('shutdownTimeout'),
    drainSeconds: seconds('defaultShutdownDrain') || seconds('shutdownDrain') || seconds('drainDelay'),
  };
}

const seconds = (duration: string): number => {
  const match = /^(\d+)s$/.exec(duration);
  assert.ok(match, `a duration in seconds: ${duration}`);
  return Number(match[1]);
};

describe('deployment files agree with main.go and the Dockerfile', function () {
  for (const testCase of VARIANT_CASES.filter((candidate) => candidate.debian === 'trixie')) {
    describe(`a new service, ${testCase.variant}`, function () {
      let generated: Generated;
      let deployment: DeploymentYaml['spec']['template']['spec'];
      let container: DeploymentYaml['spec']['template']['spec']['containers'][number];

      before(async function () {
        generated = await generate(testCase.flags);
        deployment = (parse(generated.read('deploy/kubernetes/base/deployment.yaml')) as DeploymentYaml).spec.template
          .spec;
        const [first] = deployment.containers;
        assert.ok(first);
        container = first;
      });

      it('one port: main.go default, Dockerfile EXPOSE and ENV PORT, the container port, PORT in the pod, compose target', function () {
        const main = readMainGo(generated.read('main.go'));
        const dockerfile = readDockerfile(generated.read('Dockerfile'));
        const compose = (parse(generated.read('compose.yaml')) as ComposeYaml).services['demo'];
        assert.equal(dockerfile.expose, main.port);
        assert.equal(dockerfile.port, main.port);
        assert.deepEqual(container.ports, [{ name: 'http', containerPort: main.port, protocol: 'TCP' }]);
        assert.equal(container.env?.find((variable) => variable.name === 'PORT')?.value, String(main.port));
        assert.deepEqual(compose?.ports, [`127.0.0.1:\${HOST_PORT:-${main.port}}:${main.port}`]);
      });

      it("one user: the Dockerfile's USER is the pod's, the container's and compose's", function () {
        const { user } = readDockerfile(generated.read('Dockerfile'));
        const [uid, gid] = user.split(':').map(Number);
        assert.deepEqual([deployment.securityContext.runAsUser, deployment.securityContext.runAsGroup], [uid, gid]);
        assert.deepEqual([container.securityContext.runAsUser, container.securityContext.runAsGroup], [uid, gid]);
        assert.equal(deployment.securityContext.runAsNonRoot, true);
        assert.equal((parse(generated.read('compose.yaml')) as ComposeYaml).services['demo']?.user, user);
      });

      it("the probes are main.go's own routes; compose checks health with the image's HEALTHCHECK command", function () {
        const main = readMainGo(generated.read('main.go'));
        assert.equal(container.startupProbe?.httpGet?.path, '/healthz');
        assert.equal(container.livenessProbe?.httpGet?.path, '/healthz');
        assert.equal(container.readinessProbe?.httpGet?.path, '/readyz');
        for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
          assert.ok(main.routes.includes(probe?.httpGet?.path ?? ''), `main.go serves ${probe?.httpGet?.path}`);
          assert.equal(probe?.httpGet?.port, container.ports?.[0]?.name);
        }
        const { healthcheck, healthcheckOptions } = readDockerfile(generated.read('Dockerfile'));
        assert.ok(healthcheck, 'the Dockerfile has a HEALTHCHECK');
        const composeCheck = (parse(generated.read('compose.yaml')) as ComposeYaml).services['demo']?.healthcheck;
        assert.deepEqual(
          {
            interval: composeCheck?.interval,
            timeout: composeCheck?.timeout,
            'start-period': composeCheck?.start_period,
            retries: String(composeCheck?.retries),
          },
          healthcheckOptions,
          "compose checks with the image's own timings (and a start interval on top)",
        );
        assert.deepEqual((parse(generated.read('compose.yaml')) as ComposeYaml).services['demo']?.healthcheck?.test, [
          'CMD',
          ...healthcheck,
        ]);
        assert.match(generated.read('main.go'), /flag\.Bool\("healthcheck"/);
      });

      it('the stop timing fits the drain: compose waits out drain + shutdown; Kubernetes the preStop sleep too', function () {
        const main = readMainGo(generated.read('main.go'));
        assert.ok(main.shutdownSeconds > 0, 'main.go has a shutdown timeout');
        const compose = (parse(generated.read('compose.yaml')) as ComposeYaml).services['demo'];
        const stopGrace = seconds(compose?.stop_grace_period ?? '');
        assert.ok(stopGrace > main.drainSeconds + main.shutdownSeconds, `stop_grace_period ${stopGrace} s`);
        const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
        assert.ok(preStop > 0, 'a preStop sleep while the pod leaves the endpoints');
        // A drain variable in the pod must be one main.go reads; set to 0 there, the preStop sleep was the drain.
        const drainVariable = container.env?.find((variable) => /DRAIN/.test(variable.name));
        if (drainVariable) assert.ok(generated.read('main.go').includes(`os.Getenv("${drainVariable.name}")`));
        const drainInPod = drainVariable?.value === '0s' ? 0 : main.drainSeconds;
        const grace = deployment.terminationGracePeriodSeconds;
        assert.ok(grace > preStop + drainInPod + main.shutdownSeconds, `terminationGracePeriodSeconds ${grace} s`);
      });
    });
  }

  describe('an existing module (no health endpoints of ours)', function () {
    let generated: Generated;
    before(async function () {
      generated = await generateInFixture('root-main', { name: 'root-main' });
    });

    it('TCP probes on the port the image exposes, no HEALTHCHECK in compose.yaml, user as in the Dockerfile', function () {
      const deployment = (parse(generated.read('deploy/kubernetes/base/deployment.yaml')) as DeploymentYaml).spec
        .template.spec;
      const container = deployment.containers[0];
      const dockerfile = readDockerfile(generated.read('Dockerfile'));
      assert.equal(container?.ports?.[0]?.containerPort, dockerfile.expose);
      for (const probe of [container?.startupProbe, container?.livenessProbe, container?.readinessProbe]) {
        assert.deepEqual(probe?.tcpSocket, { port: 'http' });
      }
      assert.equal(dockerfile.healthcheck, undefined);
      const compose = parse(generated.read('compose.yaml')) as ComposeYaml;
      assert.equal(Object.values(compose.services)[0]?.healthcheck, undefined);
      assert.equal(deployment.securityContext.runAsUser, Number(dockerfile.user.split(':')[0]));
    });
  });
});
