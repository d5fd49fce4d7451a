import assert from 'node:assert/strict';
import { DOCKER_STOP_TIMEOUT_SECONDS, SHUTDOWN } from '../../generators/lib/shutdown.js';

describe('the stop sequence of the generated service', () => {
  it('drains for a few seconds, long enough for endpoints to stop routing to it', () => {
    assert.ok(SHUTDOWN.drainSeconds >= 3, `drain ${SHUTDOWN.drainSeconds} s`);
  });

  it("drains and shuts down within docker stop's 10 s, with a second to spare for the process to exit", () => {
    assert.equal(DOCKER_STOP_TIMEOUT_SECONDS, 10);
    assert.ok(SHUTDOWN.drainSeconds + SHUTDOWN.timeoutSeconds + 1 <= DOCKER_STOP_TIMEOUT_SECONDS);
  });
});
