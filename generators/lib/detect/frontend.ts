/**
 * Embedded frontends: a `//go:embed ui/build/*` whose files a JavaScript build produces, so they are absent from a
 * fresh clone (and so from the build context) and `go build` fails with "pattern ui/build/*: no matching files
 * found". When such a pattern matches nothing (or only what .gitignore keeps out of git) and a package.json with
 * a build script sits at or above it, the image gets a frontend stage that builds it; otherwise the generator warns.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { scalarText } from '../scalar-text.js';
import { NODE_MAJOR } from '../tool-versions.js';

export type PackageManager = 'npm' | 'yarn' | 'pnpm';

export interface Frontend {
  /** Module-relative directory of package.json ('' for the root). */
  readonly packageDir: string;
  /** Module-relative directory the build writes and //go:embed reads. */
  readonly outputDir: string;
  readonly packageManager: PackageManager;
  /** The lockfile the install follows, module-relative; undefined when there is none. */
  readonly lockfile: string | undefined;
  readonly installCommand: string;
  readonly buildCommand: string;
  /** The package manager's download cache, kept in a BuildKit cache mount. */
  readonly cacheDir: string;
  readonly nodeMajor: number;
  /** Evidence, file:line. */
  readonly because: string;
}

export interface EmbedCheck {
  readonly frontends: readonly Frontend[];
  /** Embed patterns that match nothing and that nothing here builds: `go build` will fail. */
  readonly warnings: readonly string[];
}

/** One element of a path.Match pattern as a regular expression. */
function elementPattern(element: string): RegExp {
  const source = element
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${source}$`);
}

/** Whether a path holds anything //go:embed would take (a file; a directory with a file not hidden). */
function embeddable(path: string, all: boolean): boolean {
  if (!existsSync(path)) return false;
  if (!statSync(path).isDirectory()) return true;
  return readdirSync(path).some((name) => (all || !/^[._]/.test(name)) && embeddable(join(path, name), all));
}

/** The module-relative paths a pattern matches. */
function matches(root: string, pattern: string): string[] {
  let paths = [''];
  for (const element of pattern.split('/')) {
    const regex = elementPattern(element);
    paths = paths.flatMap((dir) => {
      const absolute = join(root, dir);
      if (!existsSync(absolute) || !statSync(absolute).isDirectory()) return [];
      if (!/[*?[]/.test(element)) return existsSync(join(absolute, element)) ? [posix.join(dir, element)] : [];
      return readdirSync(absolute)
        .filter((name) => regex.test(name))
        .map((name) => posix.join(dir, name));
    });
  }
  return paths;
}

/** Plain .gitignore entries (no wildcard) of the root and of the directories down to `path`, that cover `path`. */
function gitIgnored(root: string, path: string): string | undefined {
  const elements = path.split('/');
  for (let depth = 0; depth < elements.length; depth++) {
    const dir = elements.slice(0, depth).join('/');
    const file = join(root, dir, '.gitignore');
    if (!existsSync(file)) continue;
    const rest = elements.slice(depth);
    for (const [index, raw] of readFileSync(file, 'utf8').split('\n').entries()) {
      const entry = raw.trim().replace(/\/$/, '');
      if (entry === '' || entry.startsWith('#') || entry.startsWith('!') || /[*?[]/.test(entry)) continue;
      const anchored = entry.startsWith('/') || entry.slice(0, -1).includes('/');
      const parts = entry.replace(/^\//, '').split('/');
      const covered = anchored
        ? parts.every((part, at) => rest[at] === part)
        : rest.some((_, at) => parts.every((part, offset) => rest[at + offset] === part));
      if (covered) return `${posix.join(dir, '.gitignore')}:${index + 1} ignores ${entry}`;
    }
  }
  return undefined;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function nodeMajorOf(root: string, packageDir: string, packageJson: Record<string, unknown>): number {
  for (const name of ['.nvmrc', '.node-version']) {
    for (const dir of [packageDir, '']) {
      const file = join(root, dir, name);
      const major = existsSync(file) ? /^v?(\d+)/.exec(readFileSync(file, 'utf8').trim())?.[1] : undefined;
      if (major) return Number(major);
    }
  }
  const engines = (packageJson['engines'] as Record<string, unknown> | undefined)?.['node'];
  const pinned = typeof engines === 'string' ? /^\s*[\^~]?v?(\d+)(?:\.x|\.\d+)*\s*$/.exec(engines)?.[1] : undefined;
  if (pinned) return Number(pinned);
  const atLeast = typeof engines === 'string' ? /^\s*>=?\s*v?(\d+)/.exec(engines)?.[1] : undefined;
  return atLeast && Number(atLeast) > NODE_MAJOR ? Number(atLeast) : NODE_MAJOR;
}

function packageManagerOf(
  root: string,
  packageDir: string,
  packageJson: Record<string, unknown>,
): Pick<Frontend, 'packageManager' | 'lockfile' | 'installCommand' | 'buildCommand' | 'cacheDir'> {
  const lockfileIn = (name: string): string | undefined =>
    [packageDir, ''].map((dir) => posix.join(dir, name)).find((path) => existsSync(join(root, path)));
  const declared = scalarText(packageJson['packageManager']).split('@')[0];
  const pnpm = lockfileIn('pnpm-lock.yaml');
  if (pnpm || declared === 'pnpm') {
    return {
      packageManager: 'pnpm',
      lockfile: pnpm,
      installCommand: `corepack pnpm install ${pnpm ? '--frozen-lockfile' : '--no-frozen-lockfile'}`,
      buildCommand: 'corepack pnpm run build',
      cacheDir: '/root/.local/share/pnpm/store',
    };
  }
  const yarn = lockfileIn('yarn.lock');
  if (yarn || declared === 'yarn') {
    return {
      packageManager: 'yarn',
      lockfile: yarn,
      installCommand: yarn ? 'yarn install --frozen-lockfile' : 'yarn install',
      buildCommand: 'yarn run build',
      cacheDir: '/usr/local/share/.cache/yarn',
    };
  }
  const npm = lockfileIn('package-lock.json') ?? lockfileIn('npm-shrinkwrap.json');
  return {
    packageManager: 'npm',
    lockfile: npm,
    installCommand: npm ? 'npm ci' : 'npm install',
    buildCommand: 'npm run build',
    cacheDir: '/root/.npm',
  };
}

/** The directory part of a pattern before its first wildcard (`web/ui/build/*` → `web/ui/build`). */
function fixedPrefix(pattern: string): string {
  const elements = pattern.split('/');
  const firstWildcard = elements.findIndex((element) => /[*?[]/.test(element));
  return elements.slice(0, firstWildcard < 0 ? elements.length : firstWildcard).join('/');
}

/** `embeds`: each directive as its path from the module root, and where it is (file:line). */
export function checkEmbeds(root: string, embeds: readonly { path: string; at: string; all: boolean }[]): EmbedCheck {
  const frontends: Frontend[] = [];
  const warnings: string[] = [];
  for (const embed of embeds) {
    const matched = matches(root, embed.path).filter((path) => embeddable(join(root, path), embed.all));
    const ignored = matched.map((path) => gitIgnored(root, path));
    const absent = matched.length === 0 || ignored.every((reason) => reason !== undefined);
    if (!absent) continue;
    const why =
      matched.length === 0
        ? `${embed.at} embeds ${embed.path}, which matches no file`
        : `${embed.at} embeds ${embed.path}, which is not in git (${ignored[0] ?? ''})`;
    const outputDir = fixedPrefix(embed.path);
    const elements = outputDir.split('/');
    let packageDir: string | undefined;
    for (let depth = elements.length - 1; depth >= 0; depth--) {
      const dir = elements.slice(0, depth).join('/');
      const scripts = readJson(join(root, dir, 'package.json'))?.['scripts'] as Record<string, unknown> | undefined;
      if (typeof scripts?.['build'] === 'string') {
        packageDir = dir;
        break;
      }
    }
    if (packageDir === undefined) {
      warnings.push(
        `${why}, and no package.json with a build script is at or above it: \`go build\` in the image will fail ` +
          `("pattern ${embed.path}: no matching files found"). Commit the files, or add a build step before COPY.`,
      );
      continue;
    }
    if (frontends.some((frontend) => frontend.outputDir === outputDir)) continue;
    const packageJson = readJson(join(root, packageDir, 'package.json')) ?? {};
    const manager = packageManagerOf(root, packageDir, packageJson);
    frontends.push({
      packageDir,
      outputDir,
      ...manager,
      nodeMajor: nodeMajorOf(root, packageDir, packageJson),
      because:
        `${why}; ${posix.join(packageDir, 'package.json')} has a build script` +
        (manager.lockfile
          ? `; ${manager.lockfile} pins the install`
          : '; no lockfile: the install is not reproducible'),
    });
  }
  return { frontends, warnings };
}
