#!/usr/bin/env python3
"""Writes a wrk Lua script that replays one signed request (valid for the server's 300 s window).

usage: signed.lua.py KEY_ID SECRET 'JSON BODY' > request.lua
"""
import hashlib, hmac, json, sys, time

key_id, secret, body = sys.argv[1], sys.argv[2], sys.argv[3]
ts = str(int(time.time()))
canonical = "STRATUS1\nPOST\n/\n" + ts + "\n" + hashlib.sha256(body.encode()).hexdigest()
signature = hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()
print('wrk.method = "POST"')
print("wrk.body = " + json.dumps(body))
print('wrk.headers["Content-Type"] = "application/json"')
print(f'wrk.headers["X-Stratus-Access-Key"] = "{key_id}"')
print(f'wrk.headers["X-Stratus-Timestamp"] = "{ts}"')
print(f'wrk.headers["X-Stratus-Signature"] = "{signature}"')
# No per-response Lua callback: wrk shares the two cores with the server, and parsing every
# body in Lua cost it about a fifth of the server's throughput. run.sh checks the answers' codes
# on the server's own metrics instead.
print("""
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\":%d,\\"seconds\\":%.3f,\\"rps\\":%.1f,\\"p50_ms\\":%.3f,\\"p99_ms\\":%.3f,\\"errors\\":%d}\\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
""")
