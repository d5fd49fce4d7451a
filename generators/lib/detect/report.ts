/** What the generator tells the user about an existing module: its findings, and the docker.mk include line. */
import { serviceNameOf, type Detection } from './detect.js';
import { found, type Finding } from './finding.js';

/** The line that makes a Makefile read docker.mk's targets. */
export const INCLUDE_LINE = 'include docker.mk';

/** Whether a Makefile already includes docker.mk (`include docker.mk`, `-include docker.mk`, `sinclude ...`). */
export function includesDockerMk(makefile: string): boolean {
  return /^[ \t]*(?:-|s)?include[ \t]+(?:[^#\n]*[ \t])?docker\.mk(?:[ \t]|$)/m.test(makefile);
}

/** The Makefile with the include line appended after a blank line; unchanged when it already has it. */
export function withDockerMkIncluded(makefile: string): string {
  if (includesDockerMk(makefile)) return makefile;
  const body = makefile === '' || makefile.endsWith('\n') ? makefile : `${makefile}\n`;
  return `${body}${body === '' ? '' : '\n'}${INCLUDE_LINE}\n`;
}

const shown = (value: unknown): string => {
  if (value === undefined || value === '') return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(',');
  return typeof value === 'string' ? value : JSON.stringify(value);
};

/**
 * One entry per decision: what, the value, the evidence (file:line) and what would change it. `main` is the main
 * package the report is for (the detected one, before any question is asked), built with the detected tags.
 */
export function findingsReport(detection: Detection, main: string): string[] {
  const analysis = detection.analyse(main, detection.tags.value);
  const rows: [string, Finding<unknown>][] = [
    ['module', detection.module],
    ['Go version', detection.goVersion],
    ['main package', detection.main],
    ['name', serviceNameOf(detection, main)],
    ['build tags', detection.tags],
    ['link flags', analysis.ldflags],
    ['cgo', analysis.cgo],
    ['port', analysis.imagePort],
    ['port variable', analysis.portEnv],
    ['//go:embed', detection.embeds],
    ...analysis.frontends.map((frontend): [string, Finding<unknown>] => [
      'frontend',
      found(
        `${frontend.packageDir || '.'} → ${frontend.outputDir}`,
        `${frontend.because}: a node:${frontend.nodeMajor} stage runs ${frontend.installCommand} and ${frontend.buildCommand}`,
      ),
    ]),
    ...analysis.runtime.configFiles.map((file): [string, Finding<unknown>] => [
      'config file',
      found(file.path, `${file.because}: copied into the image's working directory`),
    ]),
    ...analysis.runtime.dataDirs.map((dir): [string, Finding<unknown>] => [
      'data directory',
      found(dir.path, `${dir.because}: a writable volume (the root is read-only), mounted by make docker-run`),
    ]),
    ['vendor/', detection.vendor],
    ['GOPRIVATE', detection.goPrivate],
    ['make targets', detection.makefile],
    ['workflow', detection.workflow],
    ['own tests', detection.ownTestWorkflow],
    ['compose', detection.deployFiles.compose],
    ['kubernetes', detection.deployFiles.kubernetes],
    ['dependabot', detection.dependabot],
  ];
  const width = Math.min(30, Math.max(...rows.map(([, finding]) => shown(finding.value).length)));
  const lines = [`Found in ${detection.root} (defaults only: a flag or an answer stored in .yo-rc.json wins):`];
  for (const [label, finding] of rows) {
    lines.push(`  ${label.padEnd(14)} ${shown(finding.value).padEnd(width)}  ${finding.because}`);
    if (finding.change) lines.push(`  ${''.padEnd(14)} ${''.padEnd(width)}  to change: ${finding.change}`);
  }
  lines.push(...analysis.cNeeds.map((need) => `  ${'C needs'.padEnd(14)} ${need}`));
  lines.push(...analysis.runtime.unhandled.map((need) => `  ${'run-time need'.padEnd(14)} ${need}`));
  lines.push(...analysis.warnings.map((warning) => `  ${'WARNING'.padEnd(14)} ${warning}`));
  return lines;
}
