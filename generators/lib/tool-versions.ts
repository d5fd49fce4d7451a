/**
 * The tools a generated project runs, each pinned to one release. The Makefile, the CI workflow and this
 * repository's tests all take the version from here, so they can never disagree. Bump a version here (and re-run
 * the suites that run the tool for real), never in a template.
 */
export interface PinnedTool {
  /** What `go install` (or `go run`) takes, without the version. */
  readonly goPackage: string;
  /** A release tag, `vX.Y.Z`. */
  readonly version: string;
}

export const TOOLS = {
  /** The linter of `make lint` and of the CI test job; the generated .golangci.yml is written for this release. */
  golangciLint: { goPackage: 'github.com/golangci/golangci-lint/v2/cmd/golangci-lint', version: 'v2.15.0' },
  /** Known-vulnerability check of `make vuln` and of the CI test job. */
  govulncheck: { goPackage: 'golang.org/x/vuln/cmd/govulncheck', version: 'v1.9.0' },
} as const satisfies Record<string, PinnedTool>;

/**
 * Node.js of a frontend stage (`node:<major>-slim`) when the project pins none (.nvmrc, .node-version, engines):
 * the current LTS line. Its stand-in for the tests is built by test/e2e/setup/build-base-images.sh.
 */
export const NODE_MAJOR = 24;

/**
 * The oldest Go release the Go team still supports (it supports the two newest: 1.27 and 1.26 since August
 * 2026). An existing module whose go line is older is built with this one: the go line is a minimum.
 */
export const OLDEST_SUPPORTED_GO = '1.26';
