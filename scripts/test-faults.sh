#!/usr/bin/env bash
# Fault-injection scenarios (issue 6): the pipeline as real processes on
# loopback, one fault per scenario mid-stream, every casualty report counted
# by dispatch id. One line per scenario:
#   fault NAME: sent=N received=N lost=0 duplicated=0
# and a non-zero exit on any loss, duplicate or scenario that could not run.
#
#   scripts/test-faults.sh                 # 2,000 dispatches per scenario
#   scripts/test-faults.sh --short         # CI: 300 per scenario (FAULTS_DISPATCHES overrides)
#   scripts/test-faults.sh --scenarios stage-kill --keep   # any harness flag passes through
#
# Scenarios: stage-kill, nats-restart, cluster-node-loss, stage-outage.
# Logs and JetStream stores of failing scenarios are kept; the path is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

short=0
args=()
for a in "$@"; do
	case "$a" in
	--short) short=1 ;;
	*) args+=("$a") ;;
	esac
done

bin=$(mktemp -d "${TMPDIR:-/tmp}/newswire-faults-bin.XXXXXX")
pid=
cleanup() {
	if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$bin"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for s in newswire parser enricher casualties; do
	go build -o "$bin/$s" "./services/$s"
done
go build -o "$bin/faults" ./scripts/faults

opts=(--bin "$bin")
if [ "$short" = 1 ]; then
	export FAULTS_DISPATCHES="${FAULTS_DISPATCHES:-300}"
	opts+=(--publish-for 5s --nats-down 4s --timeout 90s)
fi

# In the background so that a TERM to this script reaches the harness, which
# then kills every server and stage it started.
"$bin/faults" "${opts[@]}" ${args[@]+"${args[@]}"} &
pid=$!
set +e
wait "$pid"
rc=$?
set -e
pid=
exit "$rc"
