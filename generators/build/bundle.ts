/**
 * Builds the `go-container` bin as one ES module (dist/generators/go-container.js) plus the chunks only some runs
 * load (`go-container update`): run by `npm run build` after tsc. Why: Node spends most of a scaffold loading
 * the ~2,200 modules of yeoman-environment and yeoman-generator one file at a time (1.5-2 s of CPU); one bundled
 * file loads in a fraction of that. `yo go-container` still loads dist/generators/app/index.js unbundled.
 *
 * Bundled dependencies keep finding their own files: a module that reads a file next to itself (yeoman-generator
 * and yeoman-environment read their package.json through `import.meta.url`; CommonJS ones use `__dirname`) is
 * given its own location, looked up where the installed package really is (hoisted or not), not the bundle's.
 * Not shipped: the package's files leave out dist/generators/build.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { PACKAGE_ROOT } from '../lib/templates-root.js';

const OUT_DIR = join(PACKAGE_ROOT, 'dist/generators');
const ENTRY = join(OUT_DIR, 'cli.js');
/** The bin's file name (package.json "bin" points at it). */
export const BUNDLE_NAME = 'go-container';
const LOCATE = 'go-container:locate-module';

/** `node_modules/a/node_modules/@b/c/lib/x.js` → the chain of packages [a, @b/c] and the path in the last one. */
function packageChain(path: string): { chain: string[]; inPackage: string } | undefined {
  const parts = relative(PACKAGE_ROOT, path).split(sep);
  const chain: string[] = [];
  let index = 0;
  while (parts[index] === 'node_modules') {
    const scoped = parts[index + 1]?.startsWith('@') === true;
    const name = scoped ? `${parts[index + 1]}/${parts[index + 2]}` : parts[index + 1];
    if (name === undefined) return undefined;
    chain.push(name);
    index += scoped ? 3 : 2;
  }
  return chain.length > 0 ? { chain, inPackage: parts.slice(index).join('/') } : undefined;
}

/**
 * At run time: the URL a bundled module had before bundling. Each package of the chain is looked up as Node
 * looks up a bare specifier (node_modules of each directory above the previous one), from the bundle's place.
 */
const LOCATE_SOURCE = `
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
const here = dirname(fileURLToPath(import.meta.url));
function packageDir(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error('go-container: cannot find the installed package ' + name);
  }
}
export function moduleUrl(chain, inPackage) {
  const dir = chain.reduce((from, name) => packageDir(name, from), here);
  return pathToFileURL(join(dir, inPackage)).href;
}
`;

/**
 * fly-import (yeoman-environment installs generators with it, which the bin never asks for) imports npm's
 * Arborist, a third of the bundle, only to construct it on its first install. This stand-in has what fly-import
 * uses (construct, loadActual, reify, actualTree) and at the first call requires the real, installed Arborist,
 * unbundled, as fly-import would.
 */
const lazyArboristSource = (flyImport: readonly string[]): string => `
import { createRequire } from 'node:module';
import { moduleUrl } from '${LOCATE}';
export default class Arborist {
  #options;
  #real;
  constructor(options) {
    this.#options = options;
  }
  #arborist() {
    if (this.#real === undefined) {
      const Real = createRequire(moduleUrl(${JSON.stringify(flyImport)}, 'package.json'))('@npmcli/arborist');
      this.#real = new Real(this.#options);
    }
    return this.#real;
  }
  get actualTree() {
    return this.#real?.actualTree;
  }
  async loadActual(...options) {
    return this.#arborist().loadActual(...options);
  }
  async reify(...options) {
    return this.#arborist().reify(...options);
  }
}
`;
const LAZY_ARBORIST = 'go-container:lazy-arborist';

const lazyArborist: Plugin = {
  name: 'lazy-arborist',
  setup(builder) {
    builder.onResolve({ filter: /^@npmcli\/arborist$/ }, (args) => {
      const importer = packageChain(args.importer);
      return importer?.chain.at(-1) === 'fly-import'
        ? { path: importer.chain.join(' '), namespace: LAZY_ARBORIST }
        : undefined;
    });
    builder.onLoad({ filter: /.*/, namespace: LAZY_ARBORIST }, (args) => ({
      contents: lazyArboristSource(args.path.split(' ')),
      loader: 'js',
      resolveDir: PACKAGE_ROOT,
    }));
  },
};

/**
 * yeoman-generator imports latest-version (and with it an HTTP client whose first lines start Node's fetch) for
 * `addDependencies` without a version, which we never call: this stand-in loads it, as a chunk, at its first call.
 */
const LAZY_LATEST_VERSION = 'go-container:lazy-latest-version';
const lazyLatestVersion: Plugin = {
  name: 'lazy-latest-version',
  setup(builder) {
    builder.onResolve({ filter: /^latest-version$/ }, (args) =>
      args.namespace === LAZY_LATEST_VERSION ? undefined : { path: args.resolveDir, namespace: LAZY_LATEST_VERSION },
    );
    builder.onLoad({ filter: /.*/, namespace: LAZY_LATEST_VERSION }, (args) => ({
      contents:
        "export default async function latestVersion(...args) { return (await import('latest-version')).default(...args); }",
      loader: 'js',
      resolveDir: args.path,
    }));
  },
};

/**
 * @yeoman/adapter makes its prompt module when the adapter is made, and with it loads every Inquirer prompt (and
 * rxjs): a run given all its answers never asks. This stand-in is Inquirer's createPromptModule (inquirer 13's
 * own shape: `prompts`, `registerPrompt`, `restoreDefaultPrompts`) whose built-in prompts and runner are loaded,
 * as a chunk, at the first question. Prompts registered or redefined before then (the adapter's deprecated `list`
 * alias) keep their place over the built-in ones.
 */
const LAZY_INQUIRER_SOURCE = `
export function createPromptModule(options) {
  let withBuiltIns = false;
  function promptModule(questions, answers) {
    return import('inquirer').then(({ default: inquirer }) => {
      if (!withBuiltIns) {
        const builtIns = inquirer.createPromptModule().prompts;
        promptModule.prompts = Object.defineProperties({ ...builtIns }, Object.getOwnPropertyDescriptors(promptModule.prompts));
        withBuiltIns = true;
      }
      const runner = new inquirer.ui.Prompt(promptModule.prompts, options);
      return Object.assign(runner.run(questions, answers), { ui: runner });
    });
  }
  promptModule.prompts = {};
  promptModule.registerPrompt = function (name, prompt) {
    promptModule.prompts[name] = prompt;
    return this;
  };
  promptModule.restoreDefaultPrompts = function () {
    promptModule.prompts = {};
    withBuiltIns = false;
  };
  return promptModule;
}
`;
const LAZY_INQUIRER = 'go-container:lazy-inquirer';
const lazyInquirer: Plugin = {
  name: 'lazy-inquirer',
  setup(builder) {
    builder.onResolve({ filter: /^inquirer$/ }, (args) =>
      args.namespace !== LAZY_INQUIRER && packageChain(args.importer)?.chain.at(-1) === '@yeoman/adapter'
        ? { path: args.resolveDir, namespace: LAZY_INQUIRER }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: LAZY_INQUIRER }, (args) => ({
      contents: LAZY_INQUIRER_SOURCE,
      loader: 'js',
      resolveDir: args.path,
    }));
  },
};

/** Gives each bundled dependency that asks where it is its own location (see the module comment). */
const ownLocations: Plugin = {
  name: 'own-locations',
  setup(builder) {
    builder.onResolve({ filter: new RegExp(`^${LOCATE}$`) }, () => ({ path: LOCATE, namespace: LOCATE }));
    builder.onLoad({ filter: /.*/, namespace: LOCATE }, () => ({ contents: LOCATE_SOURCE, loader: 'js' }));
    builder.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const located = packageChain(args.path);
      // An ES module has import.meta.url (and no __dirname: it may declare its own); a CommonJS one __dirname.
      const isEsm =
        args.path.endsWith('.mjs') || (!args.path.endsWith('.cjs') && /^\s*(import|export)\s/m.test(source));
      const usesUrl = isEsm && source.includes('import.meta.url');
      const usesDirname = !isEsm && /\b__(dirname|filename)\b/.test(source);
      if ((!usesUrl && !usesDirname) || located === undefined) return undefined;
      const where = `${JSON.stringify(located.chain)}, ${JSON.stringify(located.inPackage)}`;
      const header = isEsm
        ? `import { moduleUrl as __goContainerModuleUrl } from '${LOCATE}';\n`
        : `const { moduleUrl: __goContainerModuleUrl } = require('${LOCATE}');\n`;
      const ownUrl = `__goContainerModuleUrl(${where})`;
      const file = `require('node:url').fileURLToPath(${ownUrl})`;
      const definitions = usesDirname
        ? `var __filename = ${file};\nvar __dirname = require('node:path').dirname(__filename);\n`
        : '';
      const contents = header + definitions + source.replaceAll('import.meta.url', ownUrl);
      return { contents, loader: 'js', resolveDir: join(args.path, '..') };
    });
  },
};

await build({
  entryPoints: { [BUNDLE_NAME]: ENTRY },
  outdir: OUT_DIR,
  chunkNames: 'bin-chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [lazyArborist, lazyLatestVersion, lazyInquirer, ownLocations],
  // CommonJS dependencies call require(): an ES module bundle has none of its own.
  banner: {
    js: "import { createRequire as __goContainerRequire } from 'node:module';\nconst require = __goContainerRequire(import.meta.url);",
  },
});
