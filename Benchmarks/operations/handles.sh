#!/usr/bin/env bash
# N pending operation handles in one process: the memory each costs, and what the monitor's ticks
# cost over all of them. The cloud is the built-in simulator in its own process, with builds that
# never finish, so its memory is not counted. Release build, as a service would run it.
#
# Two figures: RSS growth ÷ handles (includes pages the allocator keeps after the ticks' large
# transient list answers are freed, so it varies from run to run) and live heap growth ÷ handles
# (glibc's mallinfo2, main arena only — hence MALLOC_ARENA_MAX=1: what the handles hold).
#
#   Benchmarks/operations/handles.sh [COUNT]     (default 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT="${1:-100000}"
DIR="$(mktemp -d)"
trap 'kill "$SIM" 2>/dev/null || true; rm -rf "$DIR"' EXIT
BIN=.build-release/release
swift build -c release --scratch-path .build-release --product stratus >&2
swift build -c release --scratch-path .build-release --product stratus-bench-operations >&2
"$BIN/stratus" simulator --port 0 --build-seconds 36000 --write-clouds-yaml "$DIR/clouds.yaml" --log-level warning \
  >"$DIR/simulator.log" 2>&1 &
SIM=$!
for _ in $(seq 100); do [ -s "$DIR/clouds.yaml" ] && break; sleep 0.1; done
MALLOC_ARENA_MAX=1 "$BIN/stratus-bench-operations" handles "$COUNT" "$DIR/clouds.yaml" stratus-simulator
