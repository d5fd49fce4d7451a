/**
 * The module's part of the template context (module-context.ts): a new service's fixed values, and what an
 * existing module's detection changes (build outputs kept in, port passing, vendoring, the Makefile layout).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { defaultAnswers } from '../../generators/lib/answers.js';
import { detect, type Detection } from '../../generators/lib/detect/index.js';
import { moduleContext } from '../../generators/lib/module-context.js';
import { type Answers } from '../../generators/lib/options.js';
import { OLDEST_SUPPORTED_GO } from '../../generators/lib/tool-versions.js';
import { FIXTURES } from '../helpers/paths.js';

const probe = { localGoMinor: '1.26', gitHubUser: 'acme' };
const newService = defaultAnswers({ dirName: 'svc', ...probe });

/** A fixture's detection and its default answers (as `--defaults` takes them there), with `changes`. */
function existing(fixture: string, changes: Partial<Answers> = {}): { answers: Answers; detection: Detection } {
  const detection = detect(join(FIXTURES, fixture));
  return { answers: { ...defaultAnswers({ dirName: fixture, ...probe, detection }), ...changes }, detection };
}

const contextOf = (fixture: string, changes: Partial<Answers> = {}) => {
  const { answers, detection } = existing(fixture, changes);
  return moduleContext(answers, detection);
};

describe('module context', () => {
  describe('a new service', () => {
    const context = moduleContext(newService, undefined);

    it('writes everything itself: its Makefile, ci.yml and dependabot.yml, with the -healthcheck self-probe', () => {
      assert.equal(context.existingModule, false);
      assert.equal(context.healthcheck, true);
      assert.equal(context.makefile, 'Makefile');
      assert.equal(context.workflowFile, 'ci.yml');
      assert.equal(context.dependabot, true);
      assert.equal(context.goVersionCommand, 'make -s go-version');
      assert.equal(context.versionCommand, 'make -s image-version');
    });

    it('names its make variables plainly (IMAGE, TAG, ...): the Makefile is its own', () => {
      assert.equal(context.makeVariables.image, 'IMAGE');
      assert.equal(context.makeVariables.buildArgs, 'DOCKER_BUILD_ARGS');
    });

    it('reads its Go version from its own go.mod, with no floor', () => {
      assert.equal(context.goVersionFromGoMod, true);
      assert.equal(context.goVersionFloor, '');
    });

    it('listens on the answered port, which the image passes in PORT', () => {
      assert.equal(context.listenPort, newService.port);
      assert.equal(context.listens, true);
      assert.deepEqual(context.portEnvironment, { name: 'PORT', prefix: '' });
      assert.equal(context.portFlag, undefined);
      assert.equal(context.command, undefined);
    });

    it('has no directories of its own to keep in volumes', () => {
      assert.deepEqual(context.dataVolumes, []);
      assert.equal(context.hasDataVolumes, false);
    });

    it('keeps build output out of the image context: bin, dist and the binary, each once', () => {
      assert.deepEqual(context.ignoredBuildOutputs, ['bin', 'dist', 'svc']);
      assert.deepEqual(moduleContext({ ...newService, name: 'bin' }, undefined).ignoredBuildOutputs, ['bin', 'dist']);
    });
  });

  describe('an existing module', () => {
    it('writes only container files, without the self-probe its code does not have, and never ignores node_modules less', () => {
      const context = contextOf('multi-main');
      assert.equal(context.existingModule, true);
      assert.equal(context.healthcheck, false);
      assert.deepEqual(context.ignoredDependencyDirs, ['**/node_modules']);
    });

    it('does not ignore a build-output name that holds Go packages (multi-main has an api/ package)', () => {
      const context = contextOf('multi-main', { name: 'api' });
      assert.ok(!context.ignoredBuildOutputs.includes('api'));
      assert.ok(context.ignoredBuildOutputs.includes('bin') && context.ignoredBuildOutputs.includes('dist'));
    });

    it('beside its own Makefile: docker.mk, and make reads the Go version through it', () => {
      const context = contextOf('root-main');
      assert.equal(context.makefile, 'docker.mk');
      assert.equal(context.goVersionCommand, 'make -s -f docker.mk go-version');
      assert.equal(context.workflowFile, 'container.yml');
    });

    it("docker.mk's variables all start with CONTAINER_, so that none collides with the module's own Makefile", () => {
      const { makeVariables } = contextOf('root-main');
      for (const name of Object.values(makeVariables)) assert.match(name, /^CONTAINER_[A-Z0-9_]+$/);
      assert.equal(makeVariables.image, 'CONTAINER_IMAGE');
      assert.equal(makeVariables.buildArgs, 'CONTAINER_BUILD_ARGS');
      assert.equal(new Set(Object.values(makeVariables)).size, Object.keys(makeVariables).length, 'one name per role');
    });

    it('CI reads the image version from the file that holds the image targets (docker.mk or the Makefile)', () => {
      assert.equal(contextOf('root-main').versionCommand, 'make -s -f docker.mk image-version');
      assert.equal(contextOf('vendored').versionCommand, 'make -s image-version');
    });

    it("follows go.mod's Go version, at least the oldest supported release, unless --go-version chose another", () => {
      const { answers, detection } = existing('makefile-collision');
      const followed = moduleContext({ ...answers, goVersion: detection.goVersion.value }, detection);
      assert.equal(followed.goVersionFromGoMod, true);
      assert.equal(followed.goVersionFloor, OLDEST_SUPPORTED_GO);
      const chosen = moduleContext({ ...answers, goVersion: '1.99' }, detection);
      assert.equal(chosen.goVersionFromGoMod, false);
    });

    it('passes the port in the variable the app reads, as a bare port when the app reads a port', () => {
      const context = contextOf('env-port', { port: 8080 });
      assert.equal(context.listenPort, 8080);
      assert.deepEqual(context.portEnvironment, { name: 'WHOAREYOU_PORT_NUMBER', prefix: '' });
      assert.equal(context.portFlag, undefined);
    });

    it('an ADDR variable the app does not read is given an address (:port)', () => {
      const context = contextOf('env-port', { port: 8080, portEnv: 'LISTEN_ADDR' });
      assert.deepEqual(context.portEnvironment, { name: 'LISTEN_ADDR', prefix: ':' });
    });

    it("passes the port with the app's own flag only when it differs from the app's default", () => {
      const { answers } = existing('config-data');
      const flag = moduleContext({ ...answers, port: 8080, portEnv: '' }, detect(join(FIXTURES, 'config-data')));
      assert.deepEqual(flag.portFlag, { name: 'web.listen-address', prefix: ':' });
      assert.equal(flag.command, JSON.stringify(['--web.listen-address=:8080']));
      const own = moduleContext({ ...answers, port: 9115, portEnv: '' }, detect(join(FIXTURES, 'config-data')));
      assert.equal(own.portFlag, undefined, "the app's default is the port: nothing to pass");
      assert.equal(own.command, undefined);
    });

    it('a program that does not listen has no port, no variable and no flag', () => {
      const context = contextOf('worker', { port: 'none' });
      assert.equal(context.listenPort, undefined);
      assert.equal(context.listens, false);
      assert.equal(context.portEnvironment, undefined);
      assert.equal(context.portFlag, undefined);
    });

    it('a vendored module builds from vendor/: no private module download, whatever GOPRIVATE says', () => {
      const context = contextOf('vendored', { goPrivate: 'example.com/private' });
      assert.equal(context.vendor, true);
      assert.equal(context.privateModules, false);
      const fetched = contextOf('multi-main', { goPrivate: 'example.com/private' });
      assert.equal(fetched.privateModules, true);
    });

    it('reports C needs only for a cgo build', () => {
      assert.ok(contextOf('cgo-zlib', { cgo: true }).cLibraries.length > 0);
      const staticBuild = contextOf('cgo-zlib', { cgo: false });
      assert.deepEqual(staticBuild.cNeeds, []);
      assert.deepEqual(staticBuild.cLibraries, []);
    });

    it('a relative config file or data directory makes the image work in /app, with a named volume per directory', () => {
      const { answers, detection } = existing('config-data');
      const context = moduleContext(answers, detection);
      assert.equal(context.workdir, '/app');
      assert.ok(context.configFiles.includes('probe.yml'));
      for (const volume of context.dataVolumes) {
        assert.ok(volume.volume.startsWith(`${answers.name}-`), `volume ${volume.volume} is named after the service`);
        assert.match(volume.volume, /^[a-z0-9-]+$/i, 'a volume name is a slug');
      }
      assert.ok(context.dataVolumes.length > 0);
      assert.equal(context.hasDataVolumes, true, 'the image declares them as volumes');
      assert.equal(contextOf('worker').hasDataVolumes, false);
    });

    it('a frontend built by npm gets a node stage of the major version it asks for, with its manifests', () => {
      const context = contextOf('frontend');
      assert.equal(context.frontends.length, 1);
      const [stage] = context.frontends;
      assert.ok(stage);
      assert.equal(stage.stage, 'frontend', 'one frontend: one stage named frontend');
      assert.equal(stage.image, `node:${stage.nodeMajor}-slim`);
      assert.equal(stage.manifests[0], `${stage.packageDir}/package.json`);
      assert.equal(stage.workdir, `/src/${stage.packageDir}`);
      assert.equal(stage.copySource, stage.packageDir, 'the stage copies in its package directory');
    });

    it("a frontend at the module's root copies the root, `.`", () => {
      const detection = detect(join(FIXTURES, 'frontend'));
      const [frontend] = detection.analyse('.', []).frontends;
      assert.ok(frontend);
      const atRoot = {
        ...detection,
        analyse: () => ({ ...detection.analyse('.', []), frontends: [{ ...frontend, packageDir: '' }] }),
      };
      const [stage] = moduleContext(existing('frontend').answers, atRoot).frontends;
      assert.equal(stage?.copySource, '.');
      assert.equal(stage?.workdir, '/src');
    });
  });
});
