/**
 * update's own flags, beside every option of the generator (an answer to change): one table for the bin's
 * subcommand, the yo generator and --help.
 */

/** update's own options; every option of the generator is also one (an answer to change). */
export const UPDATE_OPTIONS = [
  {
    flag: 'from-version',
    type: String,
    placeholder: '<version>',
    description:
      'The version of go-container that generated the project, when .yo-rc.json records none (such projects are ' +
      'taken as 0.1.0) or a wrong one',
  },
  {
    flag: 'from',
    type: String,
    placeholder: '<tarball|dir>',
    description:
      'A tarball (npm pack) or directory of the package of that version, instead of fetching it from the npm ' +
      'registry (works offline)',
  },
  {
    flag: 'dry-run',
    type: Boolean,
    placeholder: undefined,
    description: 'Print the unified diff of what would change, and write nothing',
  },
  {
    flag: 'allow-dirty',
    type: Boolean,
    placeholder: undefined,
    description: 'Update even though the git work tree has uncommitted changes (or there is no git work tree)',
  },
] as const;
