#!/usr/bin/env bash
# Runs every fuzz target of pkg/wire (and pkg/text/normalize) in turn.
# Usage: scripts/fuzz-wire.sh [duration per target, default 60s]
#        FUZZ_PARALLEL=2 scripts/fuzz-wire.sh 5m   (workers per target, default 1)
# Crashers are written by go test under testdata/fuzz/<Target>/ of the package;
# commit them once fixed so they stay regression tests.
set -euo pipefail
time="${1:-60s}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/pkg"
status=0
run() {
	local pkg="$1" target="$2"
	echo "== $pkg $target ($time)"
	# A short minimisation keeps the fuzzer fuzzing: by default every new
	# interesting input is minimised for up to a minute, during which
	# nothing else runs and the exec counter stands still.
	if ! go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$time" -fuzzminimizetime 2s -parallel "${FUZZ_PARALLEL:-1}"; then
		status=1
	fi
}
for target in $(go test ./wire -list '^Fuzz' | grep '^Fuzz'); do
	run ./wire "$target"
done
for target in $(go test ./text/normalize -list '^Fuzz' | grep '^Fuzz'); do
	run ./text/normalize "$target"
done
exit $status
