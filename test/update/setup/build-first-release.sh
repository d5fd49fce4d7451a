#!/usr/bin/env bash
# Builds generator-go-container 0.1.0, the first released version, from this repository's own history, as
# `npm pack` made it: it was never published to npm, and the update tests upgrade projects it generated.
# Idempotent: the tarball is kept in the cache below (keyed by the commit) and reused; prints its path.
#
# COMMIT is the release users have: the tip of main when 0.1.0 landed, the last commit before the 0.2.0 round.
# It is not the last commit whose package.json says 0.1.0: the 0.2.0 round's first commits (b1b947c..8e310a5,
# existing-module detection) landed before the commit that raised the version (62bfde0), and no user ever had them.
# Nor is it the first commit that stored answers: every 0.1.0 commit stores them in .yo-rc.json, and a project made
# by the release differs from one made by that early commit wherever the templates changed in between, which an
# update from the wrong base would take for the user's edits. test/update/first-release.test.ts checks the facts.
set -euo pipefail

COMMIT=3d56714a7bf62f9c924eaaca46fec1d5282f0b47

repo=$(cd "$(dirname "$0")/../../.." && pwd)
cache=${GO_CONTAINER_TEST_CACHE:-$repo/node_modules/.cache/generator-go-container-tests}
tarball=$cache/generator-go-container-0.1.0-${COMMIT:0:12}.tgz
if [ -s "$tarball" ]; then
  echo "$tarball"
  exit 0
fi

if ! git -C "$repo" cat-file -e "$COMMIT^{commit}" 2>/dev/null; then
  echo "build-first-release: commit $COMMIT (0.1.0) is not in $repo: the tests need the repository's history (not a shallow clone)" >&2
  exit 1
fi

started=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$repo" archive "$COMMIT" | tar -x -C "$work"
(
  cd "$work"
  # Its own lockfile, its own TypeScript: built as it was then. No install scripts: dist/ is built just below.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  npm run --silent build >&2
  npm pack --ignore-scripts --silent --pack-destination "$work" >/dev/null
)
mkdir -p "$cache"
mv "$work/generator-go-container-0.1.0.tgz" "$tarball.partial"
mv "$tarball.partial" "$tarball"
echo "build-first-release: built 0.1.0 from ${COMMIT:0:12} in $(($(date +%s) - started)) s" >&2
echo "$tarball"
