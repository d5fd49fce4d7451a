/**
 * Renders a project as a given version of this generator does, from the answers stored in the project plus
 * flags, without writing anything: the version's own app generator (its file list and templates, the same code
 * `yo go-container` runs) runs in a Yeoman environment whose file system stays in memory. It runs on a copy of
 * the project, so that it reads what it always reads (go.mod, the module's files, .yo-rc.json) and so that
 * nothing it might do outside its in-memory files can reach the project.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@yeoman/adapter';
import type { InputOutputAdapter } from '@yeoman/adapter/types';
import type { BaseGenerator } from '@yeoman/types';
import { create as createMemFs } from 'mem-fs';
import { createEnv } from 'yeoman-environment';
import { CONFIG_KEY } from '../detect/index.js';
import { appGeneratorOf, type GeneratorPackage } from './generator-package.js';
import { CONFIG_FILE, type ConfigSection } from './project-config.js';

export interface Rendering {
  /** Every file the generator writes, by path relative to the project (with `/`), with its content. */
  readonly files: ReadonlyMap<string, string>;
  /**
   * The generator's section of .yo-rc.json as the generator stores it (the answers and the version); undefined
   * when the generator left .yo-rc.json as it was.
   */
  readonly section: ConfigSection | undefined;
}

/** A file of the in-memory file system, with mem-fs-editor's pending state. */
interface MemFile {
  readonly path: string;
  readonly contents: Buffer | null;
  readonly state?: string;
}

/** Directories the generator never reads (detection skips node_modules as go does), left out of the copy. */
const NOT_COPIED = new Set(['.git', 'node_modules']);

/** The project's files in a directory of the same name (the generator's defaults read its name). */
function scratchCopy(projectDir: string): { dir: string; dispose: () => void } {
  const parent = mkdtempSync(join(tmpdir(), 'go-container-render-'));
  const dir = join(parent, basename(projectDir));
  cpSync(projectDir, dir, {
    recursive: true,
    filter: (source) => source === projectDir || !NOT_COPIED.has(basename(source)),
  });
  return { dir, dispose: () => rmSync(parent, { recursive: true, force: true }) };
}

const discard = (): NodeJS.WriteStream =>
  new Writable({ write: (_chunk, _encoding, done) => done() }) as unknown as NodeJS.WriteStream;

/**
 * An adapter with no terminal of its own: the generator prints nothing, and a question is an error (every answer
 * is stored, given or defaulted, so none should be asked). Without a terminal to end, a generator that stops
 * early throws rather than ending the process.
 */
function embeddedAdapter(): InputOutputAdapter {
  const aborting = new AbortController();
  return {
    log: createLogger<object>({ stdout: discard(), stderr: discard() }),
    signal: aborting.signal,
    prompt: (questions) => {
      const asked = [questions].flat().map((question) => (question as { name?: string }).name);
      return Promise.reject(new Error(`it asked a question (${asked.join(', ')}), which an update cannot answer`));
    },
    // Deprecated, yet a required member of InputOutputAdapter.
    // oxlint-disable-next-line typescript/no-deprecated
    close: () => aborting.abort(),
    abort: (reason) => aborting.abort(reason),
  };
}

/**
 * Runs the package's app generator on a copy of the project with `--defaults` and `flags` (as the user types
 * them: `{ cgo: true, 'go-version': '1.26' }`). A bad flag or stored answer throws the generator's own message.
 */
export async function render(
  pkg: GeneratorPackage,
  projectDir: string,
  flags: Readonly<Record<string, unknown>>,
): Promise<Rendering> {
  const scratch = scratchCopy(projectDir);
  try {
    const store = createMemFs();
    const environment = createEnv({ cwd: scratch.dir, sharedFs: store, adapter: embeddedAdapter(), skipInstall: true });
    const meta = environment.register(appGeneratorOf(pkg), { namespace: 'go-container:app', packagePath: pkg.root });
    const generator = await meta.instantiate<
      BaseGenerator & { setFeatures(features: { customCommitTask: boolean }): void }
    >([], { ...flags, defaults: true, skipInstall: true });
    // A custom commit task that is not a function: the environment commits nothing, the files stay in memory.
    generator.setFeatures({ customCommitTask: true });
    await environment.runGenerator(generator);

    const files = new Map<string, string>();
    let section: ConfigSection | undefined;
    for (const file of store.all() as unknown as MemFile[]) {
      if (file.state !== 'modified' || file.contents === null) continue;
      const path = relative(scratch.dir, file.path).split(sep).join('/');
      if (path.startsWith('../')) continue;
      if (path === CONFIG_FILE) {
        section = (JSON.parse(file.contents.toString('utf8')) as Record<string, ConfigSection>)[CONFIG_KEY];
      } else {
        files.set(path, file.contents.toString('utf8'));
      }
    }
    return { files: new Map([...files].sort(([a], [b]) => a.localeCompare(b))), section };
  } finally {
    scratch.dispose();
  }
}
