import assert from 'node:assert/strict';
import { ONE_CASE_PER_VARIANT } from '../helpers/variant-cases.js';
import { buildService, run, startService, type RunningService } from '../helpers/go-service.js';
import { freePort, slowEcho, waitFor200 } from '../helpers/http.js';

const jsonLines = (output: string): Array<Record<string, unknown>> =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('generated service binary, run for real', function () {
  this.timeout(240_000);

  for (const testCase of ONE_CASE_PER_VARIANT) {
    describe(testCase.variant, () => {
      let service: RunningService | undefined;
      afterEach(() => {
        service?.process.kill('SIGKILL');
        service = undefined;
      });

      it('answers /healthz with 200 on the port from $PORT and logs JSON', async () => {
        const { binary } = await buildService(testCase);
        service = await startService(binary, await freePort());
        await waitFor200(`http://127.0.0.1:${service.port}/healthz`, 5000);
        const readyz = await fetch(`http://127.0.0.1:${service.port}/readyz`);
        assert.equal(readyz.status, 200);
        const listening = jsonLines(service.stdout()).find((line) => line['msg'] === 'listening');
        assert.ok(listening, `no JSON "listening" line in: ${service.stdout()}`);
        assert.equal(listening['service'], 'demo');
        assert.equal(listening['addr'], `[::]:${service.port}`);
      });

      it('self-probes with -healthcheck: exit 0 when healthy, non-zero when nothing listens', async () => {
        const { binary } = await buildService(testCase);
        service = await startService(binary, await freePort());
        await waitFor200(`http://127.0.0.1:${service.port}/healthz`, 5000);
        await run(binary, ['-healthcheck'], { env: { PORT: String(service.port) } });
        const nothing = await freePort();
        await assert.rejects(
          run(binary, ['-healthcheck'], { env: { PORT: String(nothing) } }),
          (error: { code?: number; stderr?: string }) => {
            assert.equal(error.code, 1);
            assert.match(error.stderr ?? '', /^unhealthy: /);
            return true;
          },
        );
      });

      it('on SIGTERM drains: /readyz answers 503 while it keeps serving, an in-flight request finishes, then exit 0', async () => {
        const { binary } = await buildService(testCase);
        const running = await startService(binary, await freePort(), { SHUTDOWN_DRAIN: '1s' });
        service = running;
        const base = `http://127.0.0.1:${running.port}`;
        await waitFor200(`${base}/healthz`, 5000);
        let signalledAt = 0;
        const response = slowEcho(running.port, ['in ', 'flight'], 500, () => {
          setTimeout(() => {
            signalledAt = performance.now();
            running.process.kill('SIGTERM');
          }, 100);
        });
        // Within the drain: not ready, but alive and answering.
        await new Promise((resolve) => setTimeout(resolve, 400));
        assert.equal((await fetch(`${base}/readyz`)).status, 503);
        assert.equal((await fetch(`${base}/healthz`)).status, 200);
        const { status, body } = await response;
        assert.equal(status, 200);
        assert.equal(body, 'in flight');
        assert.equal(await running.exited, 0);
        const stoppedAfter = performance.now() - signalledAt;
        assert.ok(
          stoppedAfter >= 1000 && stoppedAfter < 1000 + 4000,
          `exited ${Math.round(stoppedAfter)} ms after SIGTERM`,
        );
        const messages = jsonLines(running.stdout()).map((line) => line['msg']);
        assert.deepEqual(
          messages.filter((msg) => msg !== 'request'),
          ['listening', 'draining', 'shutting down', 'stopped'],
        );
        await assert.rejects(fetch(`${base}/healthz`), 'still listening after exit');
      });

      it('refuses a SHUTDOWN_DRAIN that is not a duration, naming it, with exit code 1', async () => {
        const { binary } = await buildService(testCase);
        const running = await startService(binary, await freePort(), { SHUTDOWN_DRAIN: '5' });
        service = running;
        assert.equal(await running.exited, 1);
        assert.match(running.stdout(), /^SHUTDOWN_DRAIN="5": want a duration such as 5s, 500ms or 0$/m);
      });
    });
  }
});
