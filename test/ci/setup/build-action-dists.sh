#!/usr/bin/env bash
# Builds the dist/ that an action's snapshot in the shared actions directory lacks (LOCK.tsv names the files), from
# that same source at the same commit, with the action's own build script: `npm ci` (packages from the npm registry),
# then the script its package.json uses for releases. GitHub runs dist/ from the release commit; a snapshot without
# it cannot run at all. Each result is cached by commit: a second run does nothing.
#
#   actions/upload-artifact    npm run release          (ncc build src/upload and src/merge)
#   actions/download-artifact  ncc build src/download-artifact.ts (its release script, less its `git add -f dist/`)
#   actions/attest             npm run package          (ncc build src/index.ts --license licenses.txt)
#
# When `npm ci` cannot install the lockfile exactly (a version it pins was withdrawn from the registry: the lockfile of
# upload-artifact v7.0.0 pins @actions/artifact 6.2.0, of which the registry now has only 6.2.1), `npm install`
# takes the newest release of that package within package.json's range (`npm update NAME`), and the change to the
# lockfile is written to LOCKFILE-CHANGES beside dist/.
#
# A Docker action (runs.using: docker) is built by the runner from its own Dockerfile, which may name a script of the
# repository as its ENTRYPOINT without a `chmod`: hadolint-action's hadolint.sh. Git records such a script as
# executable (mode 100755) and a checkout on a GitHub runner keeps that mode; the snapshot does not (its files are
# all read-only, 0444), so the image act builds from it cannot start ("exec: /usr/local/bin/hadolint.sh: permission
# denied"). For these actions the copy here gives back the executable mode to exactly the files git has it for
# (EXECUTABLE_IN_GIT below: checked against the action's tree at the pinned commit), and nothing else changes.
#
# Usage: build-action-dists.sh            prints, per action, "owner/repo@commit=DIR" for act's --local-repository
# Environment: SHARED_ACTIONS_DIR (required: the directory that holds LOCK.tsv), CI_ACT_CACHE (default
# /var/cache/go-container-ci).
set -euo pipefail

ACTIONS_DIR="${SHARED_ACTIONS_DIR:?set SHARED_ACTIONS_DIR to the shared actions directory (the one with LOCK.tsv)}"
CACHE_DIR="${CI_ACT_CACHE:-/var/cache/go-container-ci}/action-dists"
LOCK="$ACTIONS_DIR/LOCK.tsv"
[[ -f $LOCK ]] || { echo "build-action-dists: no $LOCK" >&2; exit 1; }

say() { printf 'build-action-dists: %s\n' "$*" >&2; }

build_command() { # REPOSITORY -> the build command
  case "$1" in
    actions/upload-artifact) echo 'npm run release' ;;
    actions/download-artifact) echo 'npx ncc build src/download-artifact.ts' ;;
    actions/attest) echo 'npm run package' ;;
    *) return 1 ;;
  esac
}

executable_in_git() { # REPOSITORY -> the files its tree at the pinned commit records as 100755
  case "$1" in
    hadolint/hadolint-action) echo 'hadolint.sh' ;;
    *) return 1 ;;
  esac
}

mkdir -p "$CACHE_DIR"

# Docker actions: the snapshot with its executable files' mode restored.
while IFS=$'\t' read -r action tag commit _date runtime _absent; do
  [[ $action == action || $runtime != docker ]] && continue
  executables=$(executable_in_git "$action") || { say "$action is a Docker action whose executable files are not known"; exit 1; }
  target="$CACHE_DIR/$action@$commit"
  if [[ -f $target/.built && $(cat "$target/.built") == "$executables" ]]; then
    say "$action@$tag ($commit): already prepared in $target"
  else
    say "$action@$tag ($commit): copying the snapshot, mode 0755 for $executables (as in git)"
    rm -rf "$target.new"
    mkdir -p "$target.new"
    cp -a "$ACTIONS_DIR/$action@$tag/." "$target.new/"
    chmod -R u+w "$target.new"
    for file in $executables; do
      [[ -f $target.new/$file ]] || { say "$action: $file is not in the snapshot"; exit 1; }
      chmod 0755 "$target.new/$file"
    done
    echo "$executables" >"$target.new/.built"
    rm -rf "$target"
    mv "$target.new" "$target"
  fi
  printf '%s@%s=%s\n' "$action" "$commit" "$target"
done <"$LOCK"

while IFS=$'\t' read -r action tag commit _date runtime absent; do
  [[ $action == action || $runtime == docker || $absent == - || -z $absent ]] && continue
  command=$(build_command "$action") || { say "$action lacks $absent and has no known build script"; exit 1; }
  source_dir="$ACTIONS_DIR/$action@$tag"
  target="$CACHE_DIR/$action@$commit"
  if [[ -f $target/.built ]]; then
    say "$action@$tag ($commit): already built in $target"
  else
    say "$action@$tag ($commit): copying the snapshot, npm ci, $command"
    rm -rf "$target.new"
    mkdir -p "$target.new"
    cp -a "$source_dir/." "$target.new/"
    chmod -R u+w "$target.new"
    (
      cd "$target.new"
      if ! npm ci --no-audit --no-fund --loglevel=error 2>npm-ci.log; then
        withdrawn=$(sed -n "s/.*The requested resource '\\(@\\?[^@']*\\)@https.*/\\1/p" npm-ci.log | sort -u)
        [[ -n $withdrawn ]] || { cat npm-ci.log >&2; exit 1; }
        say "$action: the registry no longer has the locked version of: $withdrawn; npm update within package.json's range"
        cp package-lock.json package-lock.json.release
        # shellcheck disable=SC2086 # one word per package
        npm update --no-audit --no-fund --loglevel=error $withdrawn >&2
        diff package-lock.json.release package-lock.json >LOCKFILE-CHANGES || true
        npm ci --no-audit --no-fund --loglevel=error >&2
      fi
      rm -f npm-ci.log
      eval "$command" >&2
    )
    for file in $absent; do
      [[ -f $target.new/$file ]] || { say "$action: $file is still missing after '$command'"; exit 1; }
    done
    # The action runs from dist/: its node_modules are not needed (and would be thousands of files to copy).
    rm -rf "$target.new/node_modules"
    touch "$target.new/.built"
    rm -rf "$target"
    mv "$target.new" "$target"
  fi
  printf '%s@%s=%s\n' "$action" "$commit" "$target"
done <"$LOCK"
