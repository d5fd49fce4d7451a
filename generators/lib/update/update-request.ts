/** What `go-container update` is asked to do, and what came of it. */

export const COMMAND = 'go-container update';

export interface UpdateRequest {
  readonly projectDir: string;
  /** Answers given now, by option flag as the user types it (`{ cgo: true, platforms: 'linux/amd64' }`). */
  readonly flags: Readonly<Record<string, unknown>>;
  /** The version that generated a project whose .yo-rc.json records none (or records a wrong one). */
  readonly fromVersion?: string | undefined;
  /** A tarball or directory of that version's package, instead of fetching it from the npm registry. */
  readonly from?: string | undefined;
  readonly dryRun: boolean;
  readonly allowDirty: boolean;
  /** The report, line by line (the generator's log: stderr). */
  readonly log: (line: string) => void;
  /** The diff of --dry-run (stdout, so that it can be saved and applied). */
  readonly print: (text: string) => void;
}

export interface UpdateOutcome {
  /** Files that hold conflict markers the user must resolve; the exit code is 1 while there are any. */
  readonly conflicts: readonly string[];
}
