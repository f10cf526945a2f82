#!/usr/bin/env bash
# One run, same cloud, same N: N floating IPs allocated and associated with N existing ports on the
# real Neutron — openstacksdk 4.22 the way its users do it (create_ip, update_ip(port_id=…), then
# wait_for_status(…, 'ACTIVE', interval=2) in a thread per IP) versus Stratus (a create handle
# chained into an associate handle, all resolved by one batching monitor; and, as a third line,
# one create with port_id). The ports are made first and are not measured. Neutron's own counters
# (GET /_sim/stats) are zeroed by each peer after its warm-up and read when its last IP is ACTIVE.
#
#   Benchmarks/networking/run.sh [COUNT]      (default 100)
# Env: CLOUDS_YAML (/tmp/stratus-realcloud/5000/clouds.yaml), CLOUD (realcloud-demo),
#      STATS_URL (http://127.0.0.1:9696/_sim/stats), SDK_PYTHON (the openstacksdk venv's python),
#      OUT (/tmp/stratus-bench-networking)
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT="${1:-100}"
CLOUDS_YAML="${CLOUDS_YAML:-/tmp/stratus-realcloud/5000/clouds.yaml}"
CLOUD="${CLOUD:-realcloud-demo}"
STATS_URL="${STATS_URL:-http://127.0.0.1:9696/_sim/stats}"
SDK_PYTHON="${SDK_PYTHON:-${STRATUS_OPENSTACKSDK_PYTHON:-${XDG_CACHE_HOME:-$HOME/.cache}/stratus-ci/openstacksdk-venv/bin/python}}"
OUT="${OUT:-/tmp/stratus-bench-networking}"
mkdir -p "$OUT"
rm -f "$OUT"/*.json

if [ ! -x "$SDK_PYTHON" ]; then
  echo "no openstacksdk venv at $SDK_PYTHON: python3 -m venv <dir> && <dir>/bin/pip install openstacksdk==4.22.0" >&2
  exit 2
fi

# The Stratus side runs as a test of the IntegrationTests target (no benchmark target of its own).
swift build --build-tests >&2
stratus() {  # MODE [VARIANT]
  STRATUS_REALCLOUD_CLOUDS_YAML="$CLOUDS_YAML" STRATUS_REALCLOUD_CLOUD="$CLOUD" \
  STRATUS_BENCH_NETWORKING_MODE="$1" STRATUS_BENCH_NETWORKING_VARIANT="${2:-two-step}" \
  STRATUS_BENCH_NETWORKING_COUNT="$COUNT" STRATUS_BENCH_NETWORKING_OUT="$OUT" STRATUS_BENCH_NETWORKING_STATS_URL="$STATS_URL" \
    swift test --skip-build --filter RealCloudNetworkingBenchmark >>"$OUT/stratus.log" 2>&1
}
teardown() { echo "== teardown" >&2; stratus teardown || echo "teardown failed: see $OUT/stratus.log" >&2; }

echo "== setup: network, subnet, router, $COUNT ports (not measured)" >&2
stratus setup
trap teardown EXIT
echo "== openstacksdk, N=$COUNT" >&2
"$SDK_PYTHON" Benchmarks/networking/openstacksdk_peer.py --clouds-yaml "$CLOUDS_YAML" --cloud "$CLOUD" \
  --setup "$OUT/setup.json" --stats-url "$STATS_URL" --json-out "$OUT/openstacksdk.json" >"$OUT/openstacksdk.log" 2>&1 \
  || echo "openstacksdk peer reported failures: see $OUT/openstacksdk.log" >&2
echo "== stratus (create → associate), N=$COUNT" >&2
stratus stratus two-step || echo "stratus peer reported failures: see $OUT/stratus.log" >&2
echo "== stratus (create with port_id), N=$COUNT" >&2
stratus stratus one-post || echo "stratus one-post peer reported failures: see $OUT/stratus.log" >&2

python3 Benchmarks/networking/summarize.py "$OUT"
