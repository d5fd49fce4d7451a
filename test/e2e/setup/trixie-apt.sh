# shellcheck shell=bash
# Sourced by the setup scripts that take packages from Debian trixie on this bookworm machine (install-engine.sh,
# test/deploy/setup/install-compose.sh): a separate apt configuration for trixie in DIR, so the host's sources and
# package state are left untouched.
#
#   trixie_apt DIR    writes DIR's sources, sets the array APT_TRIXIE (apt-get/apt-cache options that use them),
#                     creates DIR/debs for downloads and runs `apt-get update` on those lists.
trixie_apt() {
  local dir=$1
  mkdir -p "$dir/sources" "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/debs"
  cat >"$dir/sources/trixie.sources" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  APT_TRIXIE=(
    -oDir::Etc::SourceList=/dev/null
    -oDir::Etc::SourceParts="$dir/sources"
    -oDir::State::Lists="$dir/lists"
    -oDir::Cache="$dir/cache"
    -oAPT::Sandbox::User=root
  )
  printf 'apt-get update (trixie, separate lists in %s)\n' "$dir"
  apt-get "${APT_TRIXIE[@]}" update -qq || {
    printf 'apt-get update for trixie failed: is deb.debian.org reachable?\n' >&2
    return 1
  }
}
