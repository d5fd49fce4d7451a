/** What the generator tells the user about an existing module: its findings, and the docker.mk include line. */
import { type Detection } from './detect.js';
import { type Finding } from './finding.js';

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
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(' ');
  return String(value);
};

/** One line per finding: what, the value, and the evidence. `main` is the main package the answers chose. */
export function findingsReport(detection: Detection, main: string): string[] {
  const rows: [string, Finding<unknown> | undefined][] = [
    ['module', detection.module],
    ['Go version', detection.goVersion],
    ['main package', detection.main],
    ['port', detection.ports[main]],
    ['cgo', detection.cgo],
    ['//go:embed', detection.embeds],
    ['vendor/', detection.vendor],
    ['GOPRIVATE', detection.goPrivate],
    ['make targets', detection.makefile],
    ['workflow', detection.workflow],
  ];
  const width = Math.max(...rows.map(([, finding]) => shown(finding?.value).length));
  return [
    `Found in ${detection.root} (defaults only: a flag or an answer stored in .yo-rc.json wins):`,
    ...rows.map(
      ([label, finding]) =>
        `  ${label.padEnd(13)} ${shown(finding?.value).padEnd(Math.min(width, 30))}  ${finding?.because ?? ''}`,
    ),
    ...detection.cNeeds.map((need) => `  ${'C needs'.padEnd(13)} ${need}`),
  ];
}
