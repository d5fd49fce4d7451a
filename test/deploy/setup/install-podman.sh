#!/usr/bin/env bash
# Installs podman, buildah and skopeo and gives podman the base images the generated Dockerfile names, for the
# podman tests (test/deploy/podman/): `make docker-build CONTAINER_TOOL=podman` and `make docker-run
# CONTAINER_TOOL=podman` on the unmodified Dockerfile.
#
# Why this recipe:
#   - bookworm's podman 4.3, buildah 1.28 and skopeo 1.9 are the newest that run here: trixie's podman 5.4 and
#     buildah 1.39 need glibc 2.38 (bookworm has 2.36). They run as root with runc, cgroup v1 and overlay storage.
#   - No registry is reachable: the stand-in base images that test/e2e/setup/build-base-images.sh made in the Docker
#     engine are copied into podman's storage (containers-storage) with skopeo, one platform at a time, and gathered
#     per name into a manifest list, as a registry would serve them; buildah then picks each FROM's platform from it.
#     Each copy carries the stand-in's key (label dev.go-container-e2e.key): a second run copies nothing.
#
# Usage: install-podman.sh [GO_MINOR]   the builder image's Go (default: major.minor of `go env GOVERSION`)
# Needs: root, the Docker engine with the stand-in images (install-engine.sh, build-base-images.sh).
set -euo pipefail

KEY_LABEL=dev.go-container-e2e.key
go_minor="${1:-$(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')}"
# The podman test builds the default variant: the Go builder runs on the build machine's platform only, the runtime
# image is needed for every target platform.
IMAGES=("golang:$go_minor-trixie=amd64" "gcr.io/distroless/static-debian13:nonroot=amd64,arm64")

say() { printf 'install-podman: %s\n' "$*"; }
die() { printf 'install-podman: ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, podman's root storage)"
started=$SECONDS

missing=()
for package in podman buildah skopeo; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
  say "apt-get install ${missing[*]} (bookworm)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "podman, buildah and skopeo are installed"
fi
podman_version="$(podman version --format '{{.Client.Version}}')"
case "$podman_version" in 4.3.*) ;; *) die "podman $podman_version: the tests expect bookworm's 4.3" ;; esac

docker info >/dev/null 2>&1 || die "the Docker engine does not answer: run test/e2e/setup/install-engine.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for entry in "${IMAGES[@]}"; do
  name="${entry%=*}"
  IFS=, read -r -a arches <<<"${entry#*=}"
  key="$(docker image inspect --format "{{index .Config.Labels \"$KEY_LABEL\"}}" "$name" 2>/dev/null)" ||
    die "$name is not in the Docker engine: run test/e2e/setup/build-base-images.sh"
  have="$(podman image inspect --format "{{index .Labels \"$KEY_LABEL\"}}" "$name" 2>/dev/null || true)"
  if [ -n "$key" ] && [ "$have" = "$key" ] &&
    [ "$(podman manifest inspect "$name" 2>/dev/null | grep -c '"architecture"')" = "${#arches[@]}" ]; then
    say "$name ($key, ${arches[*]}) is up to date in podman's storage"
    continue
  fi
  say "copying $name (${arches[*]}) from the Docker engine into podman's storage"
  archive="$work/image.tar"
  docker save --output "$archive" "$name"
  podman manifest rm "$name" >/dev/null 2>&1 || true
  podman rmi --force "$name" >/dev/null 2>&1 || true
  podman manifest create "$name" >/dev/null
  for arch in "${arches[@]}"; do
    instance="localhost/go-container-base/$(printf '%s' "$name" | tr -c 'a-z0-9\n' '-'):$arch"
    skopeo --override-arch "$arch" copy --quiet "oci-archive:$archive" "containers-storage:$instance"
    podman manifest add "$name" "containers-storage:$instance" >/dev/null
  done
  rm -f "$archive"
done

say "ready in $((SECONDS - started)) s: podman $podman_version, buildah $(buildah version --json | sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' | head -n 1), base images: ${IMAGES[*]%%=*}"
