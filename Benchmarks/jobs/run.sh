#!/usr/bin/env bash
# Job-queue benchmark, one run: densefog's cadence (claim 10 every 2 s) as the reference line,
# then Stratus's worker — drain N no-op jobs, and enqueue→start latency on an idle queue — on
# SQLite and (when STRATUS_POSTGRES_URL is set) PostgreSQL with 1 and 4 worker processes.
#
#   Benchmarks/jobs/run.sh [N]          (default 100000; release build)
# Env: STRATUS_POSTGRES_URL (postgres://user:pass@127.0.0.1:5432/db), OUT (/tmp/stratus-bench-jobs)
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-100000}"
OUT="${OUT:-/tmp/stratus-bench-jobs}"
mkdir -p "$OUT"
swift build -c release --scratch-path .build-release --product stratus-bench-jobs >&2
BIN=.build-release/release/stratus-bench-jobs

"$BIN" sqlite --jobs "$N" >"$OUT/results.jsonl" 2>"$OUT/sqlite.log"
if [ -n "${STRATUS_POSTGRES_URL:-}" ]; then
  for p in 1 4; do
    "$BIN" postgres "$STRATUS_POSTGRES_URL" --jobs "$N" --processes "$p" >>"$OUT/results.jsonl" 2>"$OUT/postgres-$p.log"
  done
else
  echo "(PostgreSQL skipped: set STRATUS_POSTGRES_URL)" >&2
fi

python3 - "$OUT/results.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
print(f"{'store':9} {'run':40} {'procs':>5} {'jobs':>7} {'jobs/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'peak RSS':>9}")
ref = next((r["jobsPerSecond"] for r in rows if r["label"].startswith("densefog")), None)
for r in rows:
    p50 = f"{r['latencyP50Milliseconds']:.2f}" if r.get("latencyP50Milliseconds") is not None else "-"
    p99 = f"{r['latencyP99Milliseconds']:.2f}" if r.get("latencyP99Milliseconds") is not None else "-"
    rate = f"{r['jobsPerSecond']:,.0f}" if r["jobsPerSecond"] else "-"
    print(f"{r['store']:9} {r['label']:40} {r['processes']:>5} {r['jobs']:>7} {rate:>9} {p50:>7} {p99:>7} {r['peakRSSMiB']:>7.0f}MiB")
    if ref and r["jobsPerSecond"] and not r["label"].startswith("densefog"):
        print(f"{'':9} {'  × densefog cadence':40} {'':>5} {'':>7} {r['jobsPerSecond']/ref:>8,.0f}×")
PY
