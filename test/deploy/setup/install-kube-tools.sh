#!/usr/bin/env bash
# Installs what the Kubernetes deploy tests (test/deploy/kubernetes/) hand the generated manifests to, all built from
# the Go module proxy (no cluster, no kind node image and no container registry can be reached here):
#   kustomize            sigs.k8s.io/kustomize/kustomize/v5 at KUSTOMIZE_VERSION: renders the base and overlay, as
#                        `make k8s-render` does (go install).
#   kube-check           test/deploy/kube-check: strict decoding into the k8s.io/api types and the Pod Security
#                        Standards evaluated by k8s.io/pod-security-admission, the code of the API server's admission.
#   kube-apiserver-etcd  test/deploy/kube-apiserver: the real kube-apiserver of k8s.io/kubernetes v1.37.2 with an
#                        embedded etcd, for server-side dry-runs. A heavy build (minutes, ~3 GB of Go build cache): the
#                        binary is cached under $DEPLOY_TOOLS_CACHE, keyed by its sources and the Go version, so a
#                        second run reuses it at once.
#   kubectl              test/deploy/kube-apiserver/kubectl: the upstream kubectl of the same release, in the same
#                        module (most of its packages are the API server's): the tests run `make k8s-apply` with it
#                        against that API server. Cached the same way.
# Everything lands in $(go env GOPATH)/bin, where the tests look (besides PATH). Idempotent. Prints how long each
# step took, so that CI's log shows the cold build time of the API server.
set -euo pipefail

KUSTOMIZE_VERSION=5.8.2
CACHE_DIR="${DEPLOY_TOOLS_CACHE:-/var/cache/go-container-deploy}"
here="$(cd "$(dirname "$0")" && pwd)"

say() { printf 'install-kube-tools: %s\n' "$*"; }
timed() { # LABEL COMMAND...
  local started=$SECONDS
  "${@:2}"
  say "$1 took $((SECONDS - started)) s"
}

command -v go >/dev/null || { say "go is not installed: every tool here is built with it" >&2; exit 1; }
gobin="$(go env GOPATH | cut -d: -f1)/bin"
mkdir -p "$gobin" "$CACHE_DIR"

if [ -x "$gobin/kustomize" ] && "$gobin/kustomize" version | grep -qx "v$KUSTOMIZE_VERSION"; then
  say "kustomize v$KUSTOMIZE_VERSION is already in $gobin"
else
  say "go install sigs.k8s.io/kustomize/kustomize/v5@v$KUSTOMIZE_VERSION (into $gobin)"
  timed "kustomize build" env GOBIN="$gobin" go install "sigs.k8s.io/kustomize/kustomize/v5@v$KUSTOMIZE_VERSION"
fi

# kube-check: always rebuilt (seconds from the build cache), so it follows its go.mod.
say "go build test/deploy/kube-check into $gobin/kube-check"
timed "kube-check build" bash -c "cd '$here/../kube-check' && go build -trimpath -o '$gobin/kube-check' ."

source_dir="$here/../kube-apiserver"
key="$(cat "$source_dir/go.mod" "$source_dir/go.sum" "$source_dir/main.go" "$source_dir/kubectl/main.go" <(go env GOVERSION) | sha256sum | cut -c1-16)"
for tool in kube-apiserver-etcd kubectl; do
  package=.
  [ "$tool" = kubectl ] && package=./kubectl
  cached="$CACHE_DIR/$tool-$key"
  if [ -x "$cached" ]; then
    say "$tool $key is cached: $cached"
  else
    say "go build $tool (k8s.io/kubernetes v1.37.2: several minutes when the Go build cache is cold)"
    timed "$tool build" bash -c "cd '$source_dir' && go build -trimpath -o '$cached.partial' $package && mv '$cached.partial' '$cached'"
    # Builds of other sources are of no further use.
    find "$CACHE_DIR" -maxdepth 1 -name "$tool-*" ! -name "$tool-$key" -delete
  fi
  ln -sfn "$cached" "$gobin/$tool"
done

say "ready: kustomize $("$gobin/kustomize" version), kube-check, kube-apiserver-etcd and kubectl ($key, k8s.io/kubernetes $(cd "$source_dir" && go list -m -f '{{.Version}}' k8s.io/kubernetes))"
