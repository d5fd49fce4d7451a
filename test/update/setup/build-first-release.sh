#!/usr/bin/env bash
# Builds generator-go-container 0.1.0, the first released version, from this repository's own history, as
# `npm pack` made it: it was never published to npm, and the update tests upgrade projects it generated.
# Idempotent: the tarball is kept in the cache below (keyed by the commit) and reused; prints its path.
#
# COMMIT is the first commit whose generator stores its answers in .yo-rc.json, found with
#   git log --reverse --format=%H -S 'config.set' -- generators | head -1
# (test/update/first-release.test.ts checks that it still is, and that its package.json says 0.1.0).
set -euo pipefail

COMMIT=586693fcf07ae975ed136714a2ffde122ed53a0b

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
