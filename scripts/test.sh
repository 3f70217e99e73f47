#!/usr/bin/env bash
# Runs every workspace module's tests (go test ./... does not cross go.work modules).
# Heavier suites (fault injection, clusters, long fuzzing) have their own scripts.
set -euo pipefail
cd "$(dirname "$0")/.."
mods=$(go list -m -f '{{.Dir}}')
pkgs=()
for m in $mods; do pkgs+=("${m#"$PWD"/}/..."); done
pkgs=("${pkgs[@]/#/./}")
exec go test -short -count=1 -timeout 15m "$@" "${pkgs[@]}"
