#!/usr/bin/env bash
# One run, both peers, same Nova, same N: openstacksdk (create_server + wait_for_server, interval
# 2 s, a thread per server) and Stratus (operation handles + one batching monitor). Prints a
# comparison table; the raw JSON of each goes to $OUT.
#
#   Benchmarks/operations/run.sh [COUNT]        (default 100)
# Env: CLOUDS_YAML (/tmp/stratus-realcloud/5000/clouds.yaml), CLOUD (realcloud-demo),
#      STATS_URL (http://127.0.0.1:8774/_sim/stats), SDK_PYTHON (the openstacksdk venv's python),
#      OUT (/tmp/stratus-bench-operations)
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT="${1:-100}"
CLOUDS_YAML="${CLOUDS_YAML:-/tmp/stratus-realcloud/5000/clouds.yaml}"
CLOUD="${CLOUD:-realcloud-demo}"
STATS_URL="${STATS_URL:-http://127.0.0.1:8774/_sim/stats}"
SDK_PYTHON="${SDK_PYTHON:-${STRATUS_OPENSTACKSDK_PYTHON:-$HOME/.cache/stratus-ci/openstacksdk-venv/bin/python}}"
OUT="${OUT:-/tmp/stratus-bench-operations}"
mkdir -p "$OUT"

swift build --product stratus-bench-operations >&2
echo "== openstacksdk, N=$COUNT" >&2
"$SDK_PYTHON" Benchmarks/operations/openstacksdk_peer.py --clouds-yaml "$CLOUDS_YAML" --cloud "$CLOUD" \
  --count "$COUNT" --stats-url "$STATS_URL" --json-out "$OUT/openstacksdk.json" >"$OUT/openstacksdk.log" 2>&1
echo "== stratus, N=$COUNT" >&2
.build/debug/stratus-bench-operations --clouds-yaml "$CLOUDS_YAML" --cloud "$CLOUD" --count "$COUNT" \
  --stats-url "$STATS_URL" >"$OUT/stratus.json" 2>"$OUT/stratus.log"

python3 - "$OUT/openstacksdk.json" "$OUT/stratus.json" <<'PY'
import json, sys
sdk, st = (json.load(open(p)) for p in sys.argv[1:3])
def lag(d):
    return {k: d.get(k) for k in ("p50", "median", "p95", "max") if k in d}
print(f"{'phase':7} {'Nova requests':>22} {'excluding create POSTs':>26} {'ratio':>6} {'settled (s)':>20}")
print(f"{'':7} {'sdk':>10} {'stratus':>11} {'sdk':>12} {'stratus':>13} {'':>6} {'sdk':>9} {'stratus':>10}")
for name in ("create", "delete"):
    a, b = sdk["phases"][name], st[name]
    ea, eb = a["nova"]["excluding_create_posts"], b["nova_requests_excluding_create_posts"]
    print(f"{name:7} {a['nova']['total']:>10} {b['nova_requests_total']:>11} {ea:>12} {eb:>13} {ea / max(eb, 1):>6.1f}"
          f" {a['wall_seconds_until_all_settled']:>9} {b['seconds_until_all_settled']:>10}")
print("routes (create)  sdk:", sdk["phases"]["create"]["nova"]["by_route"], " stratus:", st["create"]["nova_requests_by_route"])
print("detection lag (create, s; Nova's `updated` has whole seconds)  sdk:", lag(sdk["phases"]["create"].get("detection_lag_seconds") or {}),
      " stratus:", lag(st["create"]["detection_lag_seconds"]))
print("failed  sdk:", sdk["phases"]["create"]["failed"], " stratus:", len(st["create"]["failed"]))
print("peak RSS (KiB)  sdk:", sdk.get("peak_rss_kib"), " stratus:", st.get("peak_rss_kib"))
PY
