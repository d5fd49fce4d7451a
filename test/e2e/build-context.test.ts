/**
 * The generated .dockerignore keeps secrets and version control out of the build context (so out of every layer
 * and build cache), while keeping what the Go build and //go:embed may read.
 */
import assert from 'node:assert/strict';
import { builtImage, E2E_CASES } from './lib/built-images.js';
import { listFiles } from '../helpers/generate.js';
import { execOk } from './lib/exec.js';
import { scratchDir, SECRET_FILES } from './lib/project.js';
import { join } from 'node:path';

/** A Dockerfile that only copies its whole context out, so the context can be looked at. */
const DUMP_CONTEXT = 'FROM scratch\nCOPY . /context/\n';

for (const testCase of E2E_CASES) {
  describe(`${testCase.id}: the build context`, function () {
    it('leaves out .git, .env and *.pem lying in the project, and keeps main.go, go.mod and README.md', async () => {
      const { project } = await builtImage(testCase);
      const out = scratchDir(`go-container-e2e-${testCase.id}-context-`);
      // The project's own directory as context: its .dockerignore applies as in `make docker-build`.
      await execOk(
        'docker',
        ['buildx', 'build', '--network=host', '--file', '-', '--output', `type=local,dest=${out}`, '.'],
        { cwd: project.dir, input: DUMP_CONTEXT },
      );
      const files = listFiles(join(out, 'context'));
      const secrets = Object.keys(SECRET_FILES);
      assert.deepEqual(
        files.filter((path) => secrets.includes(path) || path.startsWith('.git/') || path.endsWith('.pem')),
        [],
        'in the build context',
      );
      for (const kept of ['main.go', 'main_test.go', 'go.mod', 'README.md', 'Makefile']) {
        assert.ok(files.includes(kept), `${kept} is not in the build context: ${files.join(', ')}`);
      }
      // Files it must not see, so that editing them does not invalidate the cached Go build.
      for (const left of ['Dockerfile', '.dockerignore', '.github/workflows/ci.yml']) {
        assert.ok(!files.includes(left), `${left} is in the build context`);
      }
    });
  });
}
