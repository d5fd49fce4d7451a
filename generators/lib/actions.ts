/**
 * The GitHub Actions the generated workflows use, each pinned to the full commit SHA of one release. A tag can be
 * moved to other code; a commit cannot, so a workflow that publishes images runs exactly the code reviewed here.
 * The `# vX.Y.Z` comment beside each SHA is what Dependabot reads to propose the next release (with its SHA).
 * Bump a row here (commit and version together, from the action's release page), never in a template.
 */
export interface PinnedAction {
  /** owner/repo of the action. */
  readonly repository: string;
  /** Full 40-hex commit SHA that the release tag points to. */
  readonly commit: string;
  /** The release tag, `vX.Y.Z`, written as a comment after the SHA. */
  readonly version: string;
}

export const ACTIONS = {
  checkout: { repository: 'actions/checkout', commit: '3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1' },
  setupGo: { repository: 'actions/setup-go', commit: 'b7ad1dad31e06c5925ef5d2fc7ad053ef454303e', version: 'v7.0.0' },
  uploadArtifact: {
    repository: 'actions/upload-artifact',
    commit: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f',
    version: 'v7.0.0',
  },
  downloadArtifact: {
    repository: 'actions/download-artifact',
    commit: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c',
    version: 'v8.0.1',
  },
  // Its build provenance, as attest-build-provenance (now a composite around an older actions/attest) makes it.
  attest: { repository: 'actions/attest', commit: '1e69f48acb82d1966a394da916b4c1698aa569d6', version: 'v4.2.2' },
  golangciLint: {
    repository: 'golangci/golangci-lint-action',
    commit: 'ba0d7d2ec06a0ea1cb5fa41b2e4a3ab91d21278a',
    version: 'v9.3.0',
  },
  hadolint: {
    repository: 'hadolint/hadolint-action',
    commit: '2332a7b74a6de0dda2e2221d575162eba76ba5e5',
    version: 'v3.3.0',
  },
  setupBuildx: {
    repository: 'docker/setup-buildx-action',
    commit: '37fe631027851001ddb9b187196cc803df7f5f0e',
    version: 'v4.3.0',
  },
  metadata: {
    repository: 'docker/metadata-action',
    commit: 'dc802804100637a589fabce1cb79ff13a1411302',
    version: 'v6.2.0',
  },
  buildPush: {
    repository: 'docker/build-push-action',
    commit: '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a',
    version: 'v7.3.0',
  },
  login: { repository: 'docker/login-action', commit: '4907a6ddec9925e35a0a9e82d7399ccc52663121', version: 'v4.1.0' },
} as const satisfies Record<string, PinnedAction>;

export type ActionName = keyof typeof ACTIONS;

/** `owner/repo@<sha> # vX.Y.Z`: what a workflow's `uses:` says. */
export function usesLine(action: PinnedAction): string {
  return `${action.repository}@${action.commit} # ${action.version}`;
}

/** Every action's `uses:` line, by name, for the templates. */
export function usesLines(): Readonly<Record<ActionName, string>> {
  return Object.fromEntries(Object.entries(ACTIONS).map(([name, action]) => [name, usesLine(action)])) as Record<
    ActionName,
    string
  >;
}
