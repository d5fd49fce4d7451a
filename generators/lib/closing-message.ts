/** What the generator prints when it is done: the equivalent command, what it left alone, and the next steps. */
import { INCLUDE_LINE } from './detect/index.js';
import { type TemplateContext } from './context.js';

export interface ClosingMessageInput {
  /**
   * How the user started it, to type again: `yo go-container`, `yo go-container:docker`, `go-container`, or
   * `npx -p generator-go-container go-container`.
   */
  readonly command: string;
  /** Every option that applies, as a flag (`--port 8080`). */
  readonly flags: readonly string[];
  /** Files that differ from what the generator writes and were kept, because no one could be asked. */
  readonly keptFiles: readonly string[];
  /** Files that differ and were kept by the user's answer at a terminal. */
  readonly keptByChoice: readonly string[];
  /** The answers changed by this run, as flags (`--port 9090`), now in .yo-rc.json. */
  readonly changedAnswers: readonly string[];
  /** With docker.mk: whether the module's own Makefile includes it. */
  readonly dockerMkIncluded: boolean;
  /** --dry-run: nothing was written. */
  readonly dryRun: boolean;
  readonly context: TemplateContext;
}

export function closingMessage({
  command,
  flags,
  keptFiles,
  keptByChoice,
  changedAnswers,
  dockerMkIncluded,
  dryRun,
  context,
}: ClosingMessageInput): string {
  const notes = dryRun ? ['Dry run: nothing was written.'] : [];
  notes.push(
    ...keptFiles.map(
      (kept) =>
        `conflict ${kept}: kept as it is (it differs from what this generator writes, and there is no terminal ` +
        'to ask): run again in a terminal to choose, or with --force to overwrite it',
    ),
  );
  if (keptByChoice.length > 0 && changedAnswers.length > 0) {
    // The user's choice stands, but it is worth knowing that update will not bring the change to those files.
    notes.push(
      `Kept as you chose: ${keptByChoice.join(', ')}. .yo-rc.json now records ${changedAnswers.join(' ')}, which ` +
        `${keptByChoice.length === 1 ? 'it does' : 'they do'} not follow: go-container update will take the ` +
        'difference for your own edit, so change it there by hand if you want it.',
    );
  }
  if (context.makefile === 'docker.mk') {
    notes.push(
      dockerMkIncluded
        ? 'Your Makefile includes docker.mk: the container targets are in docker.mk.'
        : 'Your Makefile is unchanged. For the container targets (docker.mk), add this line to it, or run again ' +
            `with --include-makefile:\n  ${INCLUDE_LINE}`,
    );
  }
  if (context.gitHubWorkflow && context.workflowFile === 'container.yml') {
    notes.push('Your workflows are unchanged: the image is built by .github/workflows/container.yml.');
  }
  const platforms = context.platforms.join(',');
  // Without the include line, make knows docker.mk's targets only when told the file.
  const make = context.makefile === 'docker.mk' && !dockerMkIncluded ? 'make -f docker.mk' : 'make';
  const nextSteps = context.existingModule
    ? [
        `  ${make} docker-build   build the image for ${platforms}`,
        `  ${make} docker-run     run it${context.listenPort === undefined ? '' : ` on :${context.listenPort}`}`,
      ]
    : [
        '  make help           list every target',
        `  make run            build and run the service on :${context.port}`,
        `  make docker-build   build the image for ${platforms}`,
      ];
  const lines = ['', 'The same service, without questions:', `  ${command} ${flags.join(' ')}`, ''];
  if (notes.length > 0) lines.push(...notes, '');
  lines.push('Next steps:', ...nextSteps, '');
  return lines.join('\n');
}
