#!/usr/bin/env bash
# Runs Jaeger all-in-one (github.com/jaegertracing/jaeger/cmd/jaeger) locally to
# look at Newswire's traces: OTLP gRPC on localhost:4317, OTLP HTTP on
# localhost:4318, UI and query API on :16686, traces kept in memory.
#
#   scripts/jaeger.sh [run]   build if needed, run in the foreground
#   scripts/jaeger.sh start   build if needed, run in the background, wait until it answers
#   scripts/jaeger.sh stop    stop the background instance
#   scripts/jaeger.sh status  is the query API answering?
#   scripts/jaeger.sh build   only build
#
# Then: OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 go run ./services/newswire up
#
# Jaeger is built from source with the Go toolchain (no container engine
# needed). Its module has replace directives, so `go install pkg@version`
# refuses it: the script copies the module out of the module cache and builds
# it as the main module, with exactly the dependency versions Jaeger released.
# The first build takes several minutes on two cores; later runs reuse it.
# The module does not include the compiled web UI (it comes from a separate
# JavaScript build), so :16686 serves Jaeger's placeholder page; the query
# API under /api/ (services, operations, traces) works in full.
set -euo pipefail

version="${JAEGER_VERSION:-v1.76.0}"
cache="${NEWSWIRE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/newswire}/jaeger-$version"
bin="$cache/bin/jaeger"
pidfile="$cache/jaeger.pid"
logfile="$cache/jaeger.log"
api="http://localhost:16686/api/services"

build() {
	[[ -x "$bin" ]] && return 0
	command -v go >/dev/null || { echo "jaeger.sh: the Go toolchain is required" >&2; exit 1; }
	mkdir -p "$cache/bin"
	echo "jaeger.sh: building jaeger $version into $cache (several minutes the first time)" >&2
	local dir src
	# Outside any workspace: Jaeger is its own main module, not part of ours.
	dir=$(cd "$cache" && GOWORK=off GOFLAGS=-mod=mod go mod download -json "github.com/jaegertracing/jaeger@$version" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[[ -n "$dir" && -d "$dir" ]] || { echo "jaeger.sh: downloading jaeger $version failed" >&2; exit 1; }
	src="$cache/src"
	rm -rf "$src"
	cp -r "$dir" "$src"
	chmod -R u+w "$src"
	# cmd/query/app/ui embeds actual/*: the released module ships that
	# directory empty, and an embed pattern matching nothing does not compile.
	# Any file other than index.html.gz keeps Jaeger on its placeholder page.
	echo "Jaeger UI assets are not part of the Go module." >"$src/cmd/query/app/ui/actual/README"
	(cd "$src" && GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -o "$bin.tmp" ./cmd/jaeger)
	mv "$bin.tmp" "$bin"
	rm -rf "$src"
}

answering() { curl -fsS --max-time 2 "$api" >/dev/null 2>&1; }

running_pid() {
	[[ -f "$pidfile" ]] || return 1
	local pid
	pid=$(cat "$pidfile")
	kill -0 "$pid" 2>/dev/null && echo "$pid"
}

case "${1:-run}" in
build)
	build
	echo "$bin"
	;;
run)
	build
	exec "$bin"
	;;
start)
	if pid=$(running_pid); then
		echo "jaeger.sh: already running (pid $pid)"
		exit 0
	fi
	build
	nohup "$bin" >"$logfile" 2>&1 &
	echo $! >"$pidfile"
	for _ in $(seq 1 60); do
		if answering; then
			echo "jaeger.sh: running (pid $(cat "$pidfile")): UI/API http://localhost:16686, OTLP localhost:4317 (gRPC) and localhost:4318 (HTTP); log $logfile"
			exit 0
		fi
		if ! running_pid >/dev/null; then
			echo "jaeger.sh: jaeger exited; see $logfile" >&2
			tail -n 20 "$logfile" >&2
			exit 1
		fi
		sleep 0.5
	done
	echo "jaeger.sh: jaeger started but $api does not answer; see $logfile" >&2
	exit 1
	;;
stop)
	if pid=$(running_pid); then
		kill "$pid"
		rm -f "$pidfile"
		echo "jaeger.sh: stopped (pid $pid)"
	else
		echo "jaeger.sh: not running"
	fi
	;;
status)
	if answering; then
		echo "jaeger.sh: answering on $api"
	else
		echo "jaeger.sh: not answering on $api" >&2
		exit 1
	fi
	;;
*)
	echo "usage: $0 [run|start|stop|status|build]" >&2
	exit 2
	;;
esac
