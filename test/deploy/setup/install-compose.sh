#!/usr/bin/env bash
# Installs Docker Compose v2 as a docker CLI plugin, for the compose tests (test/deploy/compose/): `docker compose
# config`, `up --wait`, `down` and `watch` on the generated compose.yaml.
#
# Why this recipe: no download.docker.com or GitHub release is reachable here, and bookworm's docker-compose is the
# old Python 1.29, which knows neither the Compose Specification's `develop.watch` nor `up --wait`. Debian trixie's
# docker-compose package is Compose v2 (COMPOSE_VERSION), a Go binary that needs only glibc 2.34, so it runs on
# bookworm once extracted with `dpkg -x` (its package cannot be installed with dpkg: trixie's dependency versions do
# not exist on bookworm). It goes into /usr/libexec/docker/cli-plugins, which every docker CLI searches whatever
# $HOME is (as install-engine.sh does for buildx).
#
# Idempotent: a second run finds the plugin at its version and does nothing.
# Environment (optional): DEPLOY_STATE_DIR (trixie apt lists and the extracted package, default
# /var/lib/go-container-deploy).
set -euo pipefail

COMPOSE_VERSION=2.26.1
STATE_DIR="${DEPLOY_STATE_DIR:-/var/lib/go-container-deploy}"
PLUGIN_DIR=/usr/libexec/docker/cli-plugins

say() { printf 'install-compose: %s\n' "$*"; }
die() { printf 'install-compose: ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (it writes $PLUGIN_DIR)"
command -v docker >/dev/null || die "no docker CLI: run test/e2e/setup/install-engine.sh first"

installed="$(docker compose version --short 2>/dev/null | sed "s/-.*//" || true)"
if [ "$installed" = "$COMPOSE_VERSION" ]; then
  say "docker compose $COMPOSE_VERSION is already installed ($(readlink -f "$PLUGIN_DIR/docker-compose"))"
  exit 0
fi

# trixie's apt lists beside the host's, never in place of them (test/e2e/setup/trixie-apt.sh).
# shellcheck source=SCRIPTDIR/../../e2e/setup/trixie-apt.sh
source "$(dirname "$0")/../../e2e/setup/trixie-apt.sh"
apt_dir="$STATE_DIR/apt-trixie"
trixie_apt "$apt_dir" || die "no trixie package lists"
candidate="$(apt-cache "${APT_TRIXIE[@]}" policy docker-compose | sed -n 's/^ *Candidate: //p')"
case "$candidate" in
  "$COMPOSE_VERSION"-*) ;;
  *) die "trixie's docker-compose is '$candidate', not $COMPOSE_VERSION-*: update COMPOSE_VERSION after checking it" ;;
esac
say "apt-get download docker-compose=$candidate"
rm -f "$apt_dir/debs"/*.deb
(cd "$apt_dir/debs" && apt-get "${APT_TRIXIE[@]}" download -qq "docker-compose=$candidate") ||
  die "apt-get download docker-compose failed"
target="$STATE_DIR/docker-compose-$COMPOSE_VERSION"
rm -rf "$target"
dpkg -x "$apt_dir/debs"/docker-compose_*.deb "$target"
rm -f "$apt_dir/debs"/*.deb
binary="$target/usr/libexec/docker/cli-plugins/docker-compose"
[ -x "$binary" ] || binary="$(find "$target" -type f -name docker-compose -perm -u+x | head -n 1)"
[ -x "$binary" ] || die "no docker-compose binary in the trixie package"

mkdir -p "$PLUGIN_DIR"
ln -sfn "$binary" "$PLUGIN_DIR/docker-compose"
installed="$(docker compose version --short | sed "s/-.*//")" || die "docker compose does not run: $binary"
[ "$installed" = "$COMPOSE_VERSION" ] || die "docker compose reports $installed, expected $COMPOSE_VERSION"
say "ready: docker compose $installed ($binary)"
