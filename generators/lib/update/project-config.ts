/**
 * The project's .yo-rc.json as update reads and writes it: the generator's section (the answers and the version
 * that rendered the files), and, while conflicts are being resolved, the update in progress.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEY } from '../detect/index.js';
import { UpdateError } from './update-error.js';
import { FIRST_RELEASED_VERSION, VERSION_KEY, isReleaseVersion } from './version.js';

export const CONFIG_FILE = '.yo-rc.json';

/** The generator's section of .yo-rc.json: the stored answers, the version, maybe an update in progress. */
export type ConfigSection = Readonly<Record<string, unknown>>;

/** An update that wrote conflicts: its answers and version are stored only once they are resolved. */
export interface UpdateInProgress {
  /** The generator's section to store when the update completes. */
  readonly section: ConfigSection;
  /** The files written with conflict markers. */
  readonly conflicts: readonly string[];
}

const IN_PROGRESS_KEY = 'updateInProgress';

export interface ProjectConfig {
  /** The whole of .yo-rc.json (other generators' sections included), as read. */
  readonly json: Readonly<Record<string, unknown>>;
  /** The generator's section, without the update in progress. */
  readonly section: ConfigSection;
  /** The version that rendered the files: recorded, else the first release. */
  readonly version: string;
  readonly versionRecorded: boolean;
  readonly inProgress: UpdateInProgress | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function readProjectConfig(projectDir: string): ProjectConfig {
  const path = join(projectDir, CONFIG_FILE);
  const needed =
    `update works on a project go-container generated, from the answers it stored there (run go-container in ` +
    `${projectDir} to generate one)`;
  if (!existsSync(path)) throw new UpdateError(`no ${CONFIG_FILE} in ${projectDir}: ${needed}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UpdateError(`${path} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(json) || !isObject(json[CONFIG_KEY])) {
    throw new UpdateError(`${path} holds no answers of go-container (no "${CONFIG_KEY}" section): ${needed}`);
  }
  const { [IN_PROGRESS_KEY]: inProgress, ...section } = json[CONFIG_KEY];
  const recorded = section[VERSION_KEY];
  if (recorded !== undefined && !isReleaseVersion(recorded)) {
    throw new UpdateError(
      `Invalid ${VERSION_KEY} ${JSON.stringify(recorded)} in ${path}: must be a release version such as ` +
        `${FIRST_RELEASED_VERSION} (pass --from-version to say which version generated the project)`,
    );
  }
  return {
    json,
    section,
    version: recorded ?? FIRST_RELEASED_VERSION,
    versionRecorded: recorded !== undefined,
    inProgress: isObject(inProgress) ? (inProgress as unknown as UpdateInProgress) : undefined,
  };
}

function writeSection(projectDir: string, config: ProjectConfig, section: Record<string, unknown>): void {
  const json = { ...config.json, [CONFIG_KEY]: section };
  // As Yeoman writes it, so that a later run of the generator leaves it as it is.
  writeFileSync(join(projectDir, CONFIG_FILE), `${JSON.stringify(json, null, 2)}\n`);
}

/** Stores the answers and version of a completed update (and forgets the update in progress). */
export function storeSection(projectDir: string, config: ProjectConfig, section: ConfigSection): void {
  writeSection(projectDir, config, { ...section });
}

/** Keeps the stored answers as they are, and notes the update waiting for its conflicts to be resolved. */
export function storeInProgress(projectDir: string, config: ProjectConfig, inProgress: UpdateInProgress): void {
  writeSection(projectDir, config, { ...config.section, [IN_PROGRESS_KEY]: inProgress });
}
