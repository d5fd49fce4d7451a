/**
 * The local Go toolchain against the Go version a new service asks for. go.mod's go line is the least toolchain
 * the module builds with, so a line newer than the local `go` makes `make build` and `make test` here download
 * that toolchain (GOTOOLCHAIN=auto, the default) or fail (GOTOOLCHAIN=local). The image never needs the local
 * toolchain, so this is a warning, not a refusal.
 */
import { goEnv } from './go-env.js';

/** `1.26.8` from `go env GOVERSION` (`go1.26.8`); undefined without `go` on the PATH, or for a devel build. */
export function localGoVersion(): string | undefined {
  const printed = goEnv('GOVERSION');
  return printed === undefined ? undefined : /^go(1\.\d+(?:\.\d+)?)/.exec(printed)?.[1];
}

/** [minor, patch] of `1.N` or `1.N.P` (`1.N` is the release 1.N.0, as a go line means it). */
const release = (version: string): [number, number] => {
  const [, minor = '0', patch = '0'] = /^1\.(\d+)(?:\.(\d+))?/.exec(version) ?? [];
  return [Number(minor), Number(patch)];
};

/**
 * The warning for a new service whose go line (`goVersion`) is newer than the local toolchain, naming the flag,
 * both versions and the rule; undefined when the local toolchain is as new, or unknown.
 */
export function newerThanLocalToolchainWarning(goVersion: string, local: string | undefined): string | undefined {
  if (local === undefined) return undefined;
  const [minor, patch] = release(goVersion);
  const [localMinor, localPatch] = release(local);
  if (minor < localMinor || (minor === localMinor && patch <= localPatch)) return undefined;
  return (
    `Warning: --go-version ${goVersion} is newer than the local Go toolchain (go${local}). go.mod's go line is the ` +
    `least Go that builds the module, so make build, make test and make run here need Go ${goVersion}: with ` +
    `GOTOOLCHAIN=local they fail, with GOTOOLCHAIN=auto (the default) go downloads it. The image needs no local ` +
    `Go (it builds with golang:${goVersion}). Install Go ${goVersion}, or pass --go-version ${local} or older.`
  );
}
