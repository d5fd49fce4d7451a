/**
 * Private modules: the GOPRIVATE patterns (from the environment, else `go env`) that match a requirement of
 * go.mod. Only those make the Dockerfile fetch with git credentials; a global GOPRIVATE that matches nothing
 * here changes nothing.
 */
import { goEnv } from '../go-env.js';

export interface GoPrivateSetting {
  readonly value: string;
  /** Where it was read: 'the environment' or '`go env`'. */
  readonly source: string;
}

/** GOPRIVATE as `go` would see it: the environment variable wins over `go env` (its config file). */
export function readGoPrivate(environment: NodeJS.ProcessEnv = process.env): GoPrivateSetting | undefined {
  const fromEnvironment = environment['GOPRIVATE'];
  if (fromEnvironment !== undefined) return { value: fromEnvironment.trim(), source: 'GOPRIVATE in the environment' };
  const value = goEnv('GOPRIVATE', environment);
  return value === undefined || value === '' ? undefined : { value, source: 'GOPRIVATE of `go env`' };
}

/** A path.Match glob of one path element or more: `*` and `?` never match a slash, `[...]` is a class. */
function globRegExp(pattern: string): RegExp {
  let source = '';
  for (let at = 0; at < pattern.length; at++) {
    const char = pattern[at] ?? '';
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const end = pattern.indexOf(']', at + 1);
      if (end < 0) return /$^/;
      source += `[${pattern.slice(at + 1, end)}]`;
      at = end;
    } else if (char === '\\') {
      source += (pattern[++at] ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Whether a GOPRIVATE-style pattern matches a module path or one of its prefixes (module.MatchPrefixPatterns). */
export function matchesPrefixPattern(pattern: string, path: string): boolean {
  const elements = pattern.split('/').length;
  const pathElements = path.split('/');
  if (pathElements.length < elements) return false;
  return globRegExp(pattern).test(pathElements.slice(0, elements).join('/'));
}

export function goPrivatePatterns(value: string): string[] {
  return value
    .split(',')
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '');
}
