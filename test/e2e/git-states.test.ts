/**
 * `make docker-build` of a project that is not a tagged clone: outside git, right after `git init`, with commits but
 * no tag, and in a shallow clone. Each builds (before the fix, the first two passed buildx a stray `unknown`), and
 * the image carries what git said: the version and revision, and the commit's time only when there is a commit.
 */
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';
import { GIT_STATES, gitIn } from '../helpers/git-states.js';
import { builtReferences, E2E_CASES, imagesNeeded } from './lib/built-images.js';
import { imageConfig } from './lib/docker.js';
import { requireEngine } from './lib/engine.js';
import { exec, tail } from './lib/exec.js';
import { cliArgs, E2E_BUILDX_FLAGS, ociTime, scratchDir } from './lib/project.js';

const testCase = E2E_CASES.find((c) => c.id === 'static-distroless-trixie')!;

describe('make docker-build outside git, before the first commit, without tags and in a shallow clone', function () {
  before(async () => {
    await requireEngine(imagesNeeded(testCase));
  });

  GIT_STATES.forEach((state, index) => {
    it(`${state.name}: builds, labelled with what git says`, async () => {
      const generated = scratchDir(`go-container-e2e-git-${index}-`);
      const image = `localhost/e2e-git-state-${index}`;
      const cli = await runCli(cliArgs(testCase, { image }), generated);
      assert.equal(cli.code, 0, cli.stdout + cli.stderr);
      const dir = state.make(generated);
      const reference = `${image}:e2e`;
      builtReferences.add(reference);
      const build = await exec(
        'make',
        ['docker-build', 'PLATFORMS=linux/amd64', 'TAG=e2e', `BUILDX_FLAGS=${E2E_BUILDX_FLAGS}`],
        { cwd: dir, env: { ...process.env, GOFLAGS: '' } },
      );
      assert.equal(build.code, 0, tail(build.output, 40));
      const labels = (await imageConfig(reference, 'linux/amd64')).config.Labels ?? {};
      assert.match(labels['org.opencontainers.image.version'] ?? '', state.version);
      assert.match(labels['org.opencontainers.image.revision'] ?? '', state.revision);
      const created = labels['org.opencontainers.image.created'];
      if (state.committed) assert.equal(created, ociTime(Number(gitIn(dir, 'log', '-1', '--format=%ct'))));
      else assert.equal(created, undefined, 'a created label without a commit to date it');
    });
  });
});
