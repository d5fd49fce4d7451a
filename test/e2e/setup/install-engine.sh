#!/usr/bin/env bash
# Installs and starts a Docker engine with BuildKit and buildx, plus QEMU user emulation for arm64,
# using Debian packages only (no container registry, no download.docker.com is reachable here).
#
# Why this recipe:
#   - bookworm's own docker.io (20.10) cannot load multi-platform images, so the engine comes from Debian
#     trixie: docker.io 26.1, containerd 1.7 and docker-buildx 0.13. Their binaries need only glibc 2.34,
#     so they run on bookworm once extracted with `dpkg -x` (they cannot be installed with dpkg: trixie's
#     dependency versions do not exist on bookworm).
#   - trixie's runc needs glibc 2.38 (bookworm has 2.36), so runc comes from bookworm (1.1.5, fine for
#     containerd 1.7).
#   - The docker CLI already on PATH (the machine ships /usr/local/bin/docker 28.x) is kept as the client:
#     it negotiates the API down to the 26.1 engine, and keeping it avoids two `docker` binaries that
#     shadow each other. Only when no CLI is on PATH is trixie's 26.1 CLI linked into /usr/local/bin.
#   - buildx goes into /usr/libexec/docker/cli-plugins, a system plugin dir every docker CLI searches
#     whatever $HOME is (CI may run with another HOME than a developer).
#   - dockerd runs with the containerd image store (`containerd-snapshotter`): only that store keeps a
#     multi-platform image (an index with amd64 and arm64) under one tag after `buildx build --load`.
#   - There is no bridge/iptables in this VM: dockerd runs with --bridge=none --iptables=false, so builds
#     must use `--network=host` and containers `--network host`.
#   - qemu-user-static + binfmt-support (bookworm) let the kernel run arm64 binaries, in containers too.
#
# Idempotent: a second run finds the engine answering and the arm64 handler enabled, and does nothing heavy.
#
# Environment (all optional):
#   E2E_ENGINE_DIR   where the trixie packages are extracted   (default /opt/go-container-e2e/engine)
#   E2E_STATE_DIR    apt lists/cache for trixie, daemon.json, logs (default /var/lib/go-container-e2e)
#   E2E_ENGINE_WAIT  seconds to wait for `docker info` to answer  (default 90)
set -euo pipefail

ENGINE_DIR="${E2E_ENGINE_DIR:-/opt/go-container-e2e/engine}"
STATE_DIR="${E2E_STATE_DIR:-/var/lib/go-container-e2e}"
ENGINE_WAIT="${E2E_ENGINE_WAIT:-90}"
DOCKERD_LOG="$STATE_DIR/dockerd.log"
DAEMON_JSON="$STATE_DIR/daemon.json"
PLUGIN_DIR=/usr/libexec/docker/cli-plugins
# Packages taken from trixie. docker-cli only when no client is on PATH (see above).
TRIXIE_PACKAGES=(docker.io containerd docker-buildx tini)
# Packages installed normally from the machine's own release (bookworm).
HOST_PACKAGES=(runc qemu-user-static binfmt-support)

step() { printf '\n==> [install-engine] %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() {
  printf '\nERROR [install-engine]: %s\n' "$*" >&2
  exit 1
}

started_at=$SECONDS
[[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages and starts dockerd)"
[[ $(dpkg --print-architecture) == amd64 ]] || die "expects an amd64 host (arm64 is emulated with QEMU)"
mkdir -p "$STATE_DIR"

apt_updated=false
apt_update_once() {
  if [[ $apt_updated == false ]]; then
    info "apt-get update (host release)"
    apt-get update -qq || die "apt-get update failed: is deb.debian.org reachable?"
    apt_updated=true
  fi
}

# ---------------------------------------------------------------------------------------------------------
step "1/4 host packages: ${HOST_PACKAGES[*]} (runc for containers, QEMU + binfmt for arm64)"
missing=()
for pkg in "${HOST_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  apt_update_once
  info "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed"
else
  info "already installed"
fi

# ---------------------------------------------------------------------------------------------------------
step "2/4 binfmt_misc: let the kernel hand arm64 binaries to qemu-aarch64-static"
if [[ ! -e /proc/sys/fs/binfmt_misc/register ]]; then
  info "mounting binfmt_misc on /proc/sys/fs/binfmt_misc (not mounted in this VM)"
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || die "cannot mount binfmt_misc (kernel without CONFIG_BINFMT_MISC?)"
fi
handler=/proc/sys/fs/binfmt_misc/qemu-aarch64
if [[ ! -e $handler ]]; then
  info "update-binfmts --enable qemu-aarch64"
  update-binfmts --enable qemu-aarch64 || die "update-binfmts --enable qemu-aarch64 failed"
elif [[ $(head -1 "$handler") != enabled ]]; then
  # Registered but switched off (tests that prove a build needs no emulation switch it off for a while).
  info "qemu-aarch64 is registered but disabled: enabling it"
  echo 1 >"$handler"
fi
[[ $(head -1 "$handler") == enabled ]] || die "$handler is not enabled: $(cat "$handler")"
# The F (fix-binary) flag makes the kernel open the interpreter now, so it also works inside containers,
# whose root filesystem has no /usr/libexec/qemu-binfmt/... of their own.
flags=$(sed -n 's/^flags: //p' "$handler")
[[ $flags == *F* ]] || die "$handler lacks the F (fix-binary) flag (flags: '$flags'): arm64 containers would fail"
info "qemu-aarch64 handler enabled, flags: $flags"

# Prove it with a real arm64 program (built once with the machine's Go, kept in the state dir).
probe="$STATE_DIR/arm64-probe"
if [[ ! -x $probe ]]; then
  command -v go >/dev/null || die "go is needed to build the arm64 probe binary (expected at /usr/local/go/bin)"
  probe_src=$(mktemp -d)
  printf 'package main\n\nimport (\n\t"fmt"\n\t"runtime"\n)\n\nfunc main() { fmt.Println(runtime.GOOS + "/" + runtime.GOARCH) }\n' >"$probe_src/main.go"
  (cd "$probe_src" && GOOS=linux GOARCH=arm64 CGO_ENABLED=0 GOFLAGS='' GO111MODULE=off go build -o "$probe" main.go) ||
    die "building the arm64 probe failed"
  rm -rf "$probe_src"
fi
probe_out=$("$probe" 2>&1) || die "an arm64 binary does not run under QEMU: $probe_out"
[[ $probe_out == linux/arm64 ]] || die "arm64 probe printed '$probe_out', expected linux/arm64"
info "arm64 binary runs: $probe_out"

# ---------------------------------------------------------------------------------------------------------
step "3/4 engine binaries (trixie docker.io, containerd, docker-buildx, tini) in $ENGINE_DIR"
need_cli=false
command -v docker >/dev/null || need_cli=true
if [[ $need_cli == true ]]; then
  TRIXIE_PACKAGES+=(docker-cli)
fi
stamp="$ENGINE_DIR/.installed-packages"
if [[ -x $ENGINE_DIR/usr/sbin/dockerd && -f $stamp && ($need_cli == false || -x $ENGINE_DIR/usr/bin/docker) ]]; then
  info "already extracted: $(tr '\n' ' ' <"$stamp")"
else
  # trixie's apt lists beside the host's, never in place of them (trixie-apt.sh).
  # shellcheck source=SCRIPTDIR/trixie-apt.sh
  source "$(dirname "$0")/trixie-apt.sh"
  trixie_apt_dir="$STATE_DIR/apt-trixie"
  trixie_apt "$trixie_apt_dir" || die "no trixie package lists"
  info "apt-get download ${TRIXIE_PACKAGES[*]}"
  rm -f "$trixie_apt_dir/debs"/*.deb
  (cd "$trixie_apt_dir/debs" && apt-get "${APT_TRIXIE[@]}" download -qq "${TRIXIE_PACKAGES[@]}") ||
    die "apt-get download of trixie packages failed"
  rm -rf "$ENGINE_DIR.new"
  mkdir -p "$ENGINE_DIR.new"
  for deb in "$trixie_apt_dir/debs"/*.deb; do
    info "dpkg -x $(basename "$deb")"
    dpkg -x "$deb" "$ENGINE_DIR.new"
    # shellcheck disable=SC2016 # dpkg-deb's own ${Field} syntax
    dpkg-deb --show --showformat='${Package}=${Version}\n' "$deb" >>"$ENGINE_DIR.new/.installed-packages"
  done
  rm -rf "$ENGINE_DIR"
  mv "$ENGINE_DIR.new" "$ENGINE_DIR"
  rm -rf "$trixie_apt_dir/cache/archives"/*.deb "$trixie_apt_dir/debs"
fi
for bin in usr/sbin/dockerd usr/bin/containerd usr/bin/containerd-shim-runc-v2 usr/bin/docker-init \
  usr/libexec/docker/cli-plugins/docker-buildx; do
  [[ -x $ENGINE_DIR/$bin ]] || die "$ENGINE_DIR/$bin is missing after extraction"
done

mkdir -p "$PLUGIN_DIR"
if [[ $(readlink "$PLUGIN_DIR/docker-buildx" || true) != "$ENGINE_DIR/usr/libexec/docker/cli-plugins/docker-buildx" ]]; then
  info "linking buildx into $PLUGIN_DIR (searched by every docker CLI, whatever \$HOME is)"
  ln -sfn "$ENGINE_DIR/usr/libexec/docker/cli-plugins/docker-buildx" "$PLUGIN_DIR/docker-buildx"
fi
if [[ $need_cli == true ]]; then
  info "no docker CLI on PATH: linking trixie's $ENGINE_DIR/usr/bin/docker into /usr/local/bin"
  ln -sfn "$ENGINE_DIR/usr/bin/docker" /usr/local/bin/docker
fi
info "client: $(command -v docker) ($(docker --version))"
docker buildx version >/dev/null 2>&1 || die "'docker buildx' is not found by $(command -v docker)"
info "buildx: $(docker buildx version)"

# ---------------------------------------------------------------------------------------------------------
step "4/4 dockerd (containerd image store, no bridge, no iptables)"
if docker info >/dev/null 2>&1; then
  info "engine already answering: server $(docker version --format '{{.Server.Version}}'), storage $(docker info --format '{{.Driver}}')"
else
  cat >"$DAEMON_JSON" <<'EOF'
{
  "features": { "containerd-snapshotter": true }
}
EOF
  # A dockerd that is starting up: its pid file names a live dockerd (a killed one can linger as a zombie,
  # which `kill -0` would still find).
  old_pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  if [[ -n $old_pid && $(ps -o comm= -p "$old_pid" 2>/dev/null) == dockerd &&
    $(ps -o stat= -p "$old_pid" 2>/dev/null) != Z* ]]; then
    info "a dockerd (pid $old_pid) is already starting: waiting for it"
  else
    rm -f /var/run/docker.pid
    [[ ! -f $DOCKERD_LOG ]] || mv "$DOCKERD_LOG" "$DOCKERD_LOG.previous"
    info "starting dockerd in the background, log: $DOCKERD_LOG"
    # dockerd starts and supervises its own containerd; both find containerd, the shim, docker-init and
    # runc on this PATH. They must not inherit any descriptor beyond 0-2: run as `flock /tmp/e2e.lock
    # install-engine.sh`, the lock's descriptor would otherwise live on in dockerd and containerd, and hold the
    # shared lock for as long as the engine runs (everyone's next `flock` waits forever).
    (
      for open_fd in /proc/"$BASHPID"/fd/*; do
        open_fd=${open_fd##*/}
        if ((open_fd > 2)); then eval "exec $open_fd>&-" 2>/dev/null || true; fi
      done
      PATH="$ENGINE_DIR/usr/sbin:$ENGINE_DIR/usr/bin:$PATH" exec setsid nohup dockerd \
        --config-file "$DAEMON_JSON" \
        --iptables=false --ip6tables=false --bridge=none \
        >"$DOCKERD_LOG" 2>&1 </dev/null
    ) &
    old_pid=$!
  fi
  deadline=$((SECONDS + ENGINE_WAIT))
  until docker info >/dev/null 2>&1; do
    if [[ $(ps -o stat= -p "$old_pid" 2>/dev/null || echo gone) == @(gone|Z*) ]]; then
      printf '\n--- %s ---\n' "$DOCKERD_LOG" >&2
      tail -n 40 "$DOCKERD_LOG" >&2 || true
      die "dockerd (pid $old_pid) exited before answering 'docker info' (see $DOCKERD_LOG)"
    fi
    if ((SECONDS >= deadline)); then
      printf '\n--- last 40 lines of %s ---\n' "$DOCKERD_LOG" >&2
      tail -n 40 "$DOCKERD_LOG" >&2 || true
      die "dockerd did not answer 'docker info' within ${ENGINE_WAIT}s (see $DOCKERD_LOG)"
    fi
    sleep 1
  done
  info "engine up: server $(docker version --format '{{.Server.Version}}')"
fi
[[ $(docker info --format '{{.Driver}}') == overlayfs ]] ||
  die "the engine does not use the containerd image store (driver: $(docker info --format '{{.Driver}}')); multi-platform --load needs it"
info "image store: containerd (overlayfs snapshotter)"

printf '\n[install-engine] done in %ss\n' "$((SECONDS - started_at))"
