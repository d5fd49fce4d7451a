/**
 * The file list (files.ts): which files each kind of project gets. A new service gets its module and every
 * container file; an existing module only the container files, beside (never over) its own Makefile and workflows.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultAnswers } from '../../generators/lib/answers.js';
import { templateContext } from '../../generators/lib/context.js';
import { detect } from '../../generators/lib/detect/index.js';
import { FILES, filesFor, type TemplateFile } from '../../generators/lib/files.js';
import { type Answers } from '../../generators/lib/options.js';
import { TEMPLATES_ROOT } from '../../generators/lib/templates-root.js';
import { FIXTURES } from '../helpers/paths.js';

const SERVICE: readonly TemplateFile['scope'][] = ['service', 'container'];
const CONTAINER: readonly TemplateFile['scope'][] = ['container'];
const defaults = defaultAnswers({ dirName: 'svc', localGoMinor: '1.26', gitHubUser: 'acme' });

const destinations = (changes: Partial<Answers> = {}, scopes = SERVICE): string[] =>
  filesFor(templateContext({ ...defaults, ...changes }), scopes).map((file) => file.destination);

/** The destinations for an existing fixture module, with its detected defaults. */
function moduleDestinations(fixture: string): string[] {
  const detection = detect(join(FIXTURES, fixture));
  const answers = defaultAnswers({ dirName: fixture, localGoMinor: '1.26', gitHubUser: 'acme', detection });
  return filesFor(templateContext(answers, detection), CONTAINER).map((file) => file.destination);
}

const KUBERNETES_BASE = [
  'deploy/kubernetes/base/kustomization.yaml',
  'deploy/kubernetes/base/serviceaccount.yaml',
  'deploy/kubernetes/base/deployment.yaml',
  'deploy/kubernetes/base/poddisruptionbudget.yaml',
];

describe('file list', () => {
  it('names only templates that exist', () => {
    for (const file of FILES) {
      assert.ok(existsSync(join(TEMPLATES_ROOT, `${file.template}.ejs`)), `no template ${file.template}.ejs`);
    }
  });

  it('a new service with every default: its module, the container files, CI, compose and kubernetes', () => {
    const files = destinations();
    for (const path of ['main.go', 'main_test.go', 'go.mod', 'README.md', '.gitignore', '.golangci.yml']) {
      assert.ok(files.includes(path), `no ${path}`);
    }
    for (const path of ['Dockerfile', '.dockerignore', 'Makefile', '.github/workflows/ci.yml', 'compose.yaml']) {
      assert.ok(files.includes(path), `no ${path}`);
    }
    for (const path of [...KUBERNETES_BASE, 'deploy/kubernetes/base/service.yaml']) {
      assert.ok(files.includes(path), `no ${path}`);
    }
    assert.ok(files.includes('.github/dependabot.yml') && files.includes('.github/go-caches.Dockerfile'));
    assert.ok(!files.includes('docker.mk'), 'docker.mk is only for a module with its own Makefile');
    assert.ok(!files.includes('.github/workflows/container.yml'), 'container.yml is only beside own workflows');
  });

  it('writes each destination once, whatever the answers', () => {
    for (const changes of [{}, { ci: 'none' as const }, { deploy: [] }, { port: 'none' as const }]) {
      const files = destinations(changes);
      assert.equal(new Set(files).size, files.length, JSON.stringify(changes));
    }
  });

  it('the container scope alone writes no file of the module (its code is the user’s)', () => {
    const service = FILES.filter((file) => file.scope === 'service').map((file) => file.destination);
    const files = destinations({}, CONTAINER);
    assert.deepEqual(
      files.filter((path) => service.includes(path)),
      [],
    );
    assert.ok(files.includes('Dockerfile'));
  });

  it('--ci none: nothing under .github', () => {
    assert.deepEqual(
      destinations({ ci: 'none' }).filter((path) => path.startsWith('.github/')),
      [],
    );
  });

  it('--deploy with neither target: no compose.yaml and no deploy/', () => {
    const files = destinations({ deploy: [] });
    assert.ok(!files.includes('compose.yaml'));
    assert.deepEqual(
      files.filter((path) => path.startsWith('deploy/')),
      [],
    );
  });

  it('--deploy kubernetes only: the kustomize base and example overlay, no compose.yaml', () => {
    const files = destinations({ deploy: ['kubernetes'] });
    assert.ok(!files.includes('compose.yaml'));
    for (const path of [...KUBERNETES_BASE, 'deploy/kubernetes/overlays/example/kustomization.yaml']) {
      assert.ok(files.includes(path), `no ${path}`);
    }
  });

  it('a worker (no port) gets the kubernetes files except the Service, which would have nothing to route to', () => {
    const files = moduleDestinations('worker');
    assert.ok(!files.includes('deploy/kubernetes/base/service.yaml'));
    for (const path of KUBERNETES_BASE) assert.ok(files.includes(path), `no ${path}`);
  });

  it('a module with its own Makefile and workflows gets docker.mk and container.yml beside them, never over them', () => {
    const files = moduleDestinations('root-main');
    assert.ok(files.includes('docker.mk'));
    assert.ok(!files.includes('Makefile'));
    assert.ok(files.includes('.github/workflows/container.yml'));
    assert.ok(!files.includes('.github/workflows/ci.yml'));
  });

  it('a module without a Makefile or workflows of its own gets the Makefile and ci.yml', () => {
    const files = moduleDestinations('multi-main');
    assert.ok(files.includes('Makefile') && !files.includes('docker.mk'));
    assert.ok(files.includes('.github/workflows/ci.yml'));
  });
});
