/**
 * The values the deployment files print, derived once: for a worker (no port) there is nothing to publish, probe or
 * drain; the stop timing always covers the binary's shutdown.
 */
import assert from 'node:assert/strict';
import { deployContext, stopTiming, type DeployInputs } from '../../generators/lib/deploy-context.js';
import { filesFor } from '../../generators/lib/files.js';
import { defaultAnswers } from '../../generators/lib/answers.js';
import { templateContext } from '../../generators/lib/context.js';

const answers = defaultAnswers({ dirName: 'svc', localGoMinor: '1.26', gitHubUser: 'acme' });
const inputs: DeployInputs = {
  answers,
  listenPort: 8080,
  portEnvironment: { name: 'PORT', prefix: '' },
  binaryPath: '/usr/local/bin/svc',
  goMinor: 26,
  healthEndpoints: true,
  makefile: 'Makefile',
  ignoredBuildOutputs: ['bin', 'dist', 'svc'],
  stop: { drainSeconds: 5, timeoutSeconds: 4, stopGraceSeconds: 10 },
  deployFiles: undefined,
};

describe('deploy context', () => {
  it('a service: HTTP probes, the image healthcheck, a preStop sleep inside a grace period that covers the shutdown', () => {
    const context = deployContext(inputs);
    assert.equal(context.httpPort, 8080);
    assert.deepEqual(
      context.kubernetes.probes.map((probe) => `${probe.field} ${probe.httpPath}`),
      ['startupProbe /healthz', 'livenessProbe /healthz', 'readinessProbe /readyz'],
    );
    assert.deepEqual(context.imageHealthcheck?.command, ['/usr/local/bin/svc', '-healthcheck']);
    const { preStopSleepSeconds, terminationGracePeriodSeconds, composeStopGraceSeconds, podEnvironment } =
      context.stopTiming;
    assert.equal(composeStopGraceSeconds, 10, "compose waits the binary's whole stop sequence");
    assert.equal(preStopSleepSeconds, 5, 'the preStop sleep is the drain');
    assert.deepEqual(podEnvironment, [
      { name: 'SHUTDOWN_DRAIN', value: '0s', why: 'The preStop sleep has drained the pod: no second drain.' },
    ]);
    assert.equal(terminationGracePeriodSeconds, 5 + 4 + 1, 'preStop, then the shutdown timeout and a second to exit');
  });

  it('a worker (no port): no Service, no probes, no healthcheck, no preStop sleep; the grace period still covers the shutdown', () => {
    const context = deployContext({ ...inputs, answers: { ...answers, port: 'none' }, listenPort: undefined });
    assert.equal(context.httpPort, undefined);
    assert.equal(context.kubernetes.servicePort, undefined);
    assert.deepEqual(context.kubernetes.probes, []);
    assert.equal(context.imageHealthcheck, undefined);
    assert.equal(context.stopTiming.preStopSleepSeconds, 0);
    assert.ok(context.stopTiming.terminationGracePeriodSeconds > 4);
  });

  it('writes a Kubernetes Service only for a program that listens', () => {
    assert.equal(deployContext(inputs).kubernetes.service, true);
    const worker = deployContext({ ...inputs, answers: { ...answers, port: 'none' }, listenPort: undefined });
    assert.equal(worker.kubernetes.service, false);
  });

  it('make up waits for the container to be healthy when the image has a healthcheck, else only running', () => {
    assert.equal(deployContext(inputs).composeReadyState, 'healthy');
    assert.equal(deployContext({ ...inputs, healthEndpoints: false }).composeReadyState, 'running');
    const worker = deployContext({ ...inputs, answers: { ...answers, port: 'none' }, listenPort: undefined });
    assert.equal(worker.composeReadyState, 'running', 'a worker has no endpoint to probe');
  });

  it("a worker's file list has no service.yaml", () => {
    const worker = {
      ...templateContext(answers),
      kubernetes: { ...templateContext(answers).kubernetes, servicePort: undefined, service: false },
    };
    const destinations = filesFor(worker, ['container']).map((file) => file.destination);
    assert.ok(destinations.includes('deploy/kubernetes/base/deployment.yaml'));
    assert.ok(!destinations.includes('deploy/kubernetes/base/service.yaml'));
  });

  it('an existing module without our health endpoints gets TCP probes and no image healthcheck', () => {
    const context = deployContext({ ...inputs, healthEndpoints: false });
    assert.deepEqual(
      context.kubernetes.probes.map((probe) => probe.httpPath),
      [undefined, undefined, undefined],
    );
    assert.equal(context.imageHealthcheck, undefined);
  });

  it('the preStop sleep is at least 5 s (endpoint propagation) and at least the drain', () => {
    assert.equal(
      stopTiming({ drainSeconds: 0, timeoutSeconds: 8, stopGraceSeconds: 9 }, true, true).preStopSleepSeconds,
      5,
    );
    assert.equal(
      stopTiming({ drainSeconds: 7, timeoutSeconds: 2, stopGraceSeconds: 10 }, true, true).preStopSleepSeconds,
      7,
    );
  });

  it("a module's own binary, whose stop is unknown, gets the runtimes' default waits after the preStop sleep", () => {
    const timing = stopTiming({ drainSeconds: 5, timeoutSeconds: 4, stopGraceSeconds: 10 }, true, false);
    assert.equal(timing.composeStopGraceSeconds, 10);
    assert.equal(timing.terminationGracePeriodSeconds, 5 + 30);
    assert.deepEqual(timing.podEnvironment, []);
  });
});
