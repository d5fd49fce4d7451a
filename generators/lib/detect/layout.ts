/**
 * Where the container build files go so that the user's own files are never replaced: the container targets go to
 * docker.mk when the module has its own Makefile, the workflow to container.yml when it has its own workflows.
 * A file this generator wrote in an earlier run (its answers are in .yo-rc.json) is its own and is updated.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { found, type Finding } from './finding.js';

export type MakefileLayout = 'Makefile' | 'docker.mk';
export type WorkflowLayout = 'ci.yml' | 'container.yml';

/** The key of this generator's answers in .yo-rc.json. */
export const CONFIG_KEY = 'generator-go-container';

/** The answers an earlier run stored in .yo-rc.json, if any. */
function storedAnswers(root: string): Record<string, unknown> | undefined {
  try {
    const config = JSON.parse(readFileSync(join(root, '.yo-rc.json'), 'utf8')) as Record<string, unknown>;
    const answers = config[CONFIG_KEY];
    return typeof answers === 'object' && answers !== null ? (answers as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const ranHereBefore = (root: string): boolean => storedAnswers(root) !== undefined;

/** Whether this generator ran here before: then the Dockerfile and make files are its own, not the project's. */
export const scaffoldedBefore = ranHereBefore;

/**
 * Whether this generator created the module here as a new service: its answers are stored, without the `main`
 * answer that only a run on an existing module stores. Such a module is regenerated as the new service it was.
 */
export function scaffoldedAsNewService(root: string): boolean {
  const answers = storedAnswers(root);
  return answers !== undefined && !('main' in answers);
}

export function makefileLayout(root: string): Finding<MakefileLayout> {
  const ranBefore = ranHereBefore(root);
  if (ranBefore && existsSync(join(root, 'docker.mk'))) {
    return found('docker.mk', 'docker.mk was written by an earlier run (.yo-rc.json)');
  }
  if (!existsSync(join(root, 'Makefile'))) return found('Makefile', 'there is no Makefile yet');
  if (ranBefore) return found('Makefile', 'the Makefile was written by an earlier run (.yo-rc.json)');
  return found('docker.mk', 'the module has its own Makefile: the container targets go to docker.mk');
}

export function workflowLayout(root: string): Finding<WorkflowLayout> {
  const directory = join(root, '.github', 'workflows');
  const ranBefore = ranHereBefore(root);
  if (existsSync(join(directory, 'container.yml'))) {
    return found('container.yml', 'container.yml is already there');
  }
  if (ranBefore && existsSync(join(directory, 'ci.yml'))) {
    return found('ci.yml', '.github/workflows/ci.yml was written by an earlier run (.yo-rc.json)');
  }
  const workflows = existsSync(directory) ? readdirSync(directory).filter((name) => /\.ya?ml$/.test(name)) : [];
  if (workflows.length === 0) return found('ci.yml', 'there is no workflow yet');
  return found(
    'container.yml',
    `the module has its own workflows (${workflows.sort().join(', ')}): the image gets container.yml`,
  );
}

/** The module's own workflow that runs its tests (go test, make test, gotestsum, golangci-lint), if any. */
export function ownTestWorkflow(root: string, ours: WorkflowLayout): Finding<boolean> {
  const directory = join(root, '.github', 'workflows');
  const workflows = existsSync(directory) ? readdirSync(directory).filter((name) => /\.ya?ml$/.test(name)) : [];
  for (const name of workflows.sort()) {
    if (name === ours) continue;
    const lines = readFileSync(join(directory, name), 'utf8').split('\n');
    const index = lines.findIndex((line) => /\b(go test|make test|gotestsum|golangci-lint|make check)\b/.test(line));
    if (index >= 0) {
      return found(
        true,
        `.github/workflows/${name}:${index + 1} runs ${lines[index]?.trim() ?? ''}: the container workflow only builds, smoke-tests and pushes`,
      );
    }
  }
  return found(false, 'no workflow of the module runs its tests: the container workflow runs them first');
}

/** The first line of the dependabot.yml this generator writes: how a later run knows the file is its own. */
export const DEPENDABOT_FIRST_LINE = '# Dependabot keeps what';

/** Whether to write .github/dependabot.yml: only where the module has none (a user's own is never replaced). */
export function dependabotLayout(root: string): Finding<boolean> {
  const own = ['dependabot.yml', 'dependabot.yaml'].find((name) => existsSync(join(root, '.github', name)));
  if (own === undefined) return found(true, 'there is no .github/dependabot.yml yet');
  const path = join(root, '.github', own);
  if (own === 'dependabot.yml' && readFileSync(path, 'utf8').startsWith(DEPENDABOT_FIRST_LINE)) {
    return found(true, '.github/dependabot.yml was written by an earlier run');
  }
  return found(false, `the module has its own .github/${own}: it is left as it is`);
}
