/**
 * The link flags a binary gets when its project declares none: -X for the version variables its main package
 * has (`var version string`, `Version`, `commit`, `buildDate`...) and for Prometheus' common/version package when
 * it is compiled in, each set to the image build's value. `-s` drops the symbol table and debug information.
 */
import { found, type Finding } from './finding.js';
import { type GoFile } from './go-source.js';

const MAIN_VARIABLES: readonly [RegExp, string][] = [
  [/^(version|Version|appVersion|AppVersion|buildVersion|BuildVersion|gitVersion|GitVersion)$/, '${VERSION}'],
  [
    /^(revision|Revision|commit|Commit|gitCommit|GitCommit|gitSHA|GitSHA|commitHash|CommitHash|sha|SHA)$/,
    '${REVISION}',
  ],
  [/^(date|Date|buildDate|BuildDate|buildTime|BuildTime|builtAt|BuiltAt)$/, '${CREATED}'],
];

const PROMETHEUS_VERSION = 'github.com/prometheus/common/version';

/** -s leaves out the symbol table and, since Go 1.22 (the oldest release built), the DWARF data too: -w is implied. */
export const STRIP_FLAGS = '-s';

/** `mainFiles`: the main package's files; `imports`: every import path the binary compiles, with where. */
export function versionLdflags(
  mainFiles: readonly GoFile[],
  imported: (importPath: string) => string | undefined,
): Finding<string> {
  const flags: string[] = [];
  const evidence: string[] = [];
  for (const file of mainFiles) {
    for (const variable of file.stringVars) {
      const value = MAIN_VARIABLES.find(([pattern]) => pattern.test(variable.name))?.[1];
      if (value && !flags.some((flag) => flag.startsWith(`-X main.${variable.name}=`))) {
        flags.push(`-X main.${variable.name}=${value}`);
        evidence.push(`${file.path}:${variable.line} var ${variable.name}`);
      }
    }
  }
  const prometheus = imported(PROMETHEUS_VERSION);
  if (prometheus) {
    flags.push(
      `-X ${PROMETHEUS_VERSION}.Version=\${VERSION}`,
      `-X ${PROMETHEUS_VERSION}.Revision=\${REVISION}`,
      `-X ${PROMETHEUS_VERSION}.BuildDate=\${CREATED}`,
    );
    evidence.push(`${prometheus} imports ${PROMETHEUS_VERSION}`);
  }
  const change = '--ldflags (e.g. with -X of your own variables, ${VERSION}, ${REVISION} and ${CREATED} available)';
  if (flags.length === 0) {
    return found(
      STRIP_FLAGS,
      'no link flags declared, and the main package has no version variable for -X to set',
      change,
    );
  }
  return found([STRIP_FLAGS, ...flags].join(' '), `no link flags declared; ${evidence.join(', ')}`, change);
}
