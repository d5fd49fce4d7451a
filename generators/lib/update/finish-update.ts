/**
 * An update that wrote conflicts is finished by running update again: once no file holds its markers, the
 * answers and version it was waiting with are stored. Until then the old ones stay.
 */
import { hasConflictMarkers } from './merge.js';
import { CONFIG_FILE, storeSection, type ProjectConfig, type UpdateInProgress } from './project-config.js';
import { projectReader } from './project-files.js';
import { conflictLines, givenFlags } from './report.js';
import { UpdateError } from './update-error.js';
import { type UpdateOutcome, type UpdateRequest, COMMAND } from './update-request.js';
import { GENERATOR_VERSION, VERSION_KEY } from './version.js';
import { scalarText } from '../scalar-text.js';

export function finishUpdate(
  request: UpdateRequest,
  config: ProjectConfig,
  inProgress: UpdateInProgress,
): UpdateOutcome {
  const version = scalarText(inProgress.section[VERSION_KEY], GENERATOR_VERSION);
  const given = [
    ...givenFlags(request.flags),
    ...(request.from === undefined ? [] : ['--from']),
    ...(request.fromVersion === undefined ? [] : ['--from-version']),
  ];
  if (given.length > 0) {
    throw new UpdateError(
      `an update to go-container ${version} is waiting for its conflicts to be resolved ` +
        `(${inProgress.conflicts.join(', ')}): resolve them and run ${COMMAND} without ${given.join(' ')} to ` +
        'finish it, or undo it with git',
    );
  }
  const ours = projectReader(request.projectDir);
  const remaining = inProgress.conflicts.filter((path) => hasConflictMarkers(ours(path) ?? ''));
  if (remaining.length > 0) {
    request.log(`The update to go-container ${version} is not finished yet.`);
    for (const line of conflictLines(remaining, `Then run ${COMMAND} again to finish it.`)) request.log(line);
    return { conflicts: remaining };
  }
  if (!request.dryRun) storeSection(request.projectDir, config, inProgress.section);
  request.log(
    `${request.dryRun ? 'Would finish' : 'Finished'} the update to go-container ${version}: no conflict is left, ` +
      `and ${CONFIG_FILE} ${request.dryRun ? 'would record' : 'records'} your answers and that version.`,
  );
  return { conflicts: [] };
}
