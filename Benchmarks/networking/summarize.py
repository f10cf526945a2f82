#!/usr/bin/env python3
"""Prints the networking benchmark's table from the JSON files in OUT (run.sh calls it; run it
again on a finished run's directory to reprint)."""
import json
import os
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/stratus-bench-networking"


def load(name):
    path = os.path.join(out, name)
    return json.load(open(path)) if os.path.exists(path) else None


def waits(route_counts, peer):
    """Requests spent waiting for ACTIVE: the SDK's GET per IP per poll; Stratus's monitor lists."""
    route = "GET /v2.0/floatingips/{id}" if peer == "sdk" else "GET /v2.0/floatingips"
    return route_counts.get(route, 0)


sdk, st, one = load("openstacksdk.json"), load("stratus.json"), load("stratus-one-post.json")
rows = [("openstacksdk 4.22 (create_ip, update_ip, wait_for_status)", sdk, "sdk"),
        ("stratus (create → associate handles)", st, "stratus"),
        ("stratus (create with port_id)", one, "stratus")]
print(f"{'peer':58} {'N':>4} {'Neutron requests':>17} {'writes':>7} {'waiting':>8} {'wall (s)':>9} {'failed':>7}")
for label, r, peer in rows:
    if not r:
        print(f"{label:58} (no result)")
        continue
    routes = r["neutron"]["by_route"]
    writes = sum(v for k, v in routes.items() if k.split()[0] in ("POST", "PUT", "DELETE"))
    print(f"{label:58} {r['count']:>4} {r['neutron']['total']:>17} {writes:>7} {waits(routes, peer):>8}"
          f" {r['wall_seconds']:>9} {len(r['failed']):>7}")
for label, r, _ in rows[1:]:
    if sdk and r:
        print(f"openstacksdk / {label}: Neutron requests {sdk['neutron']['total'] / max(r['neutron']['total'], 1):.2f}x,"
              f" waiting requests {waits(sdk['neutron']['by_route'], 'sdk') / max(waits(r['neutron']['by_route'], 'stratus'), 1):.1f}x,"
              f" wall time {sdk['wall_seconds'] / max(r['wall_seconds'], 0.001):.2f}x")
for label, r, _ in rows:
    if r:
        print(f"routes, {label}:", json.dumps(r["neutron"]["by_route"], sort_keys=True))
if st:
    print("stratus monitor:", json.dumps(st.get("monitor", {}), sort_keys=True))
if sdk:
    print("openstacksdk: Neutron's count matches the client's own:", sdk["counters_match"],
          f"(client-side {sdk['client_side']['total']})")
for label, r, _ in rows:
    if r and r["failed"]:
        print(f"failures, {label}:", r["failed"][:3])
