#!/usr/bin/env bash
# Service benchmark, one run: wrk on loopback against a minimal Hummingbird hello-world (the
# ceiling), then `stratus serve` (SQLite, built-in simulator): DescribeJobs and RunInstances.
#
#   Benchmarks/service/run.sh [SECONDS] [CONNECTIONS]     (defaults 10, 64; release build; needs wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN="${1:-10}"
CONNECTIONS="${2:-64}"
THREADS=2
OUT="${OUT:-/tmp/stratus-bench-service}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT/state"
swift build -c release --scratch-path .build-release --product stratus >&2
swift build -c release --scratch-path .build-release --product stratus-bench-hello >&2
BIN=.build-release/release
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_port() { for _ in $(seq 100); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
run_wrk() {  # label lua-file url
  local line
  line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$2" "$3" | grep '^JSON ' | sed 's/^JSON //')
  echo "{\"label\":\"$1\",${line#\{}" >>"$OUT/results.jsonl"
}

"$BIN/stratus-bench-hello" 18090 >"$OUT/hello.log" 2>&1 & PIDS+=($!)
wait_port 18090
printf 'wrk.method = "POST"\nwrk.body = "{}"\nwrk.headers["Content-Type"] = "application/json"\n' >"$OUT/hello.lua"
python3 - "$OUT/hello.lua" <<'PY'
import sys
lua = open(sys.argv[1]).read()
lua += '''
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\":%d,\\"seconds\\":%.3f,\\"rps\\":%.1f,\\"p50_ms\\":%.3f,\\"p99_ms\\":%.3f,\\"errors\\":%d}\\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
'''
open(sys.argv[1], "w").write(lua)
PY
run_wrk "hummingbird hello-world (ceiling)" "$OUT/hello.lua" http://127.0.0.1:18090/
kill "${PIDS[0]}"

(cd "$OUT/state" && exec "$OLDPWD/$BIN/stratus" serve --public-port 18080 --manage-port 18081 --metrics-port 18089 --log-level warning) >"$OUT/serve.log" 2>&1 & PIDS+=($!)
wait_port 18080
for _ in $(seq 50); do [ -f "$OUT/state/.stratus/manage.env" ] && break; sleep 0.1; done
# shellcheck disable=SC1091
source "$OUT/state/.stratus/manage.env"
"$BIN/stratus" api CreateProject ProjectId=bench >/dev/null
"$BIN/stratus" api UpdateQuota ProjectId=bench 'Quotas={"instance":{"Count":1000000}}' >/dev/null
KEY_JSON=$("$BIN/stratus" api CreateAccessKey ProjectId=bench)
KEY_ID=$(echo "$KEY_JSON" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["AccessKeyId"])')
SECRET=$(echo "$KEY_JSON" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["Secret"])')
export STRATUS_ENDPOINT=http://127.0.0.1:18080 STRATUS_ACCESS_KEY_ID="$KEY_ID" STRATUS_SECRET_KEY="$SECRET"
"$BIN/stratus" api RunInstances ImageId=155d900f-4e14-4e4c-a73d-069cbf4541e6 'FlavorId="1"' 'NetworkIds=[]' >/dev/null

# Answers with code 0 for an action, from the server's own counters (wrk does not read bodies).
answered_ok() {
  curl -s http://127.0.0.1:18089/metrics |
    awk -v a="action=\"$1\"" 'index($0, "stratus_api_requests_total{") == 1 && index($0, a) && index($0, "code=\"0\"") { n += $2 } END { print n + 0 }'
}
run_stratus() {  # label action lua-file
  local before; before=$(answered_ok "$2")
  run_wrk "$1" "$3" http://127.0.0.1:18080/
  local ok=$(( $(answered_ok "$2") - before ))
  python3 - "$OUT/results.jsonl" "$ok" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
rows[-1]["ok"] = int(sys.argv[2])
open(sys.argv[1], "w").write("".join(json.dumps(r) + "\n" for r in rows))
PY
}

python3 Benchmarks/service/signed.lua.py "$KEY_ID" "$SECRET" '{"action":"DescribeJobs","Limit":10}' >"$OUT/describe.lua"
run_stratus "stratus DescribeJobs (signed, SQLite)" DescribeJobs "$OUT/describe.lua"
python3 Benchmarks/service/signed.lua.py "$KEY_ID" "$SECRET" \
  '{"action":"RunInstances","ImageId":"155d900f-4e14-4e4c-a73d-069cbf4541e6","FlavorId":"1","NetworkIds":[]}' >"$OUT/run.lua"
run_stratus "stratus RunInstances (signed, SQLite + simulator)" RunInstances "$OUT/run.lua"
RSS=$(grep VmHWM /proc/"${PIDS[1]}"/status | awk '{print $2}')

python3 - "$OUT/results.jsonl" "$RSS" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ceiling = rows[0]["rps"]
print(f"{'run':52} {'req/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'code 0':>8} {'of ceiling':>10}")
for r in rows:
    ok = f"{r['ok'] / r['requests']:.1%}" if "ok" in r else "-"
    print(f"{r['label']:52} {r['rps']:>9,.0f} {r['p50_ms']:>7.2f} {r['p99_ms']:>7.2f} {r['errors']:>6} {ok:>8} {r['rps']/ceiling:>9.0%}")
print("code 0: answers the server counted as successful (its metrics), over the requests wrk completed")
print(f"stratus serve peak RSS: {int(sys.argv[2])/1024:.0f} MiB")
PY
