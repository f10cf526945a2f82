#!/usr/bin/env python3
"""openstacksdk peer of the networking benchmark.

Allocates N floating IPs and associates each with one of N existing ports the way
openstacksdk users do it — a thread per floating IP:

    ip = conn.network.create_ip(floating_network_id=public_id)
    ip = conn.network.update_ip(ip, port_id=port_id)
    openstack.resource.wait_for_status(conn.network, ip, 'ACTIVE', ['ERROR'], interval=2, wait=600)

then writes a JSON report: Neutron's own request counters for the measured phase
(``GET /_sim/stats`` of the real Neutron, zeroed with ``POST /_sim/reset`` after the
warm-up), a client-side count of the requests this process sent to Neutron (to
see whether another client was talking to Neutron meanwhile), the wall time until
every floating IP was ACTIVE, and the failures. Afterwards (not measured) it
deletes the floating IPs it made.

    python openstacksdk_peer.py --clouds-yaml … --cloud realcloud-demo \\
        --setup /tmp/stratus-bench-networking/setup.json \\
        --stats-url http://127.0.0.1:9696/_sim/stats --json-out sdk.json
"""

import argparse
import importlib.metadata
import collections
import concurrent.futures
import json
import os
import sys
import threading
import time
import traceback
import urllib.parse
import urllib.request

try:
    import openstack
    import openstack.resource
    import requests.adapters
except ImportError as exc:  # pragma: no cover - environment problem
    sys.exit('openstacksdk is not importable from %s (%s); use the openstacksdk venv'
             % (sys.executable, exc))


class Recorder:
    """Counts the requests this process sends, per route (ids folded)."""

    def __init__(self, netloc):
        self.netloc = netloc
        self.lock = threading.Lock()
        self.routes = collections.Counter()
        self.active = False

    def install(self):
        original = requests.adapters.HTTPAdapter.send
        recorder = self

        def send(adapter, request, *args, **kwargs):
            response = original(adapter, request, *args, **kwargs)
            url = urllib.parse.urlsplit(request.url)
            if recorder.active and url.netloc == recorder.netloc:
                parts = ['{id}' if len(p) >= 32 and '-' in p else p for p in url.path.split('/')]
                with recorder.lock:
                    recorder.routes['%s %s' % (request.method, '/'.join(parts))] += 1
            return response

        requests.adapters.HTTPAdapter.send = send


def stats(url, reset=False):
    if reset:
        req = urllib.request.Request(url.replace('/_sim/stats', '/_sim/reset'), method='POST', data=b'')
        urllib.request.urlopen(req, timeout=10).read()
        return None
    return json.loads(urllib.request.urlopen(url, timeout=10).read())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--clouds-yaml', required=True)
    parser.add_argument('--cloud', default='realcloud-demo')
    parser.add_argument('--setup', required=True, help='setup.json written by the Stratus side')
    parser.add_argument('--stats-url', default='http://127.0.0.1:9696/_sim/stats')
    parser.add_argument('--interval', type=float, default=2)
    parser.add_argument('--timeout', type=float, default=600)
    parser.add_argument('--json-out', required=True)
    args = parser.parse_args()
    os.environ['OS_CLIENT_CONFIG_FILE'] = args.clouds_yaml
    setup = json.load(open(args.setup))
    ports = setup['port_ids']
    public_id = setup['public_network_id']

    recorder = Recorder(urllib.parse.urlsplit(args.stats_url).netloc)
    recorder.install()
    # One connection per thread, as each thread of a typical script has; warmed up (token,
    # endpoint discovery) before the counters are zeroed.
    conns = [openstack.connect(cloud=args.cloud) for _ in ports]
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda c: c.network.get_network(public_id), conns))

    results = [None] * len(ports)

    def work(i):
        conn = conns[i]
        t0 = time.monotonic()
        try:
            ip = conn.network.create_ip(floating_network_id=public_id)
            results[i] = {'id': ip.id}
            ip = conn.network.update_ip(ip, port_id=ports[i])
            ip = openstack.resource.wait_for_status(conn.network, ip, 'ACTIVE', ['ERROR'],
                                                    args.interval, args.timeout)
            results[i].update(status=ip.status, seconds=time.monotonic() - t0)
        except Exception as exc:  # report every failure, hide none
            results[i] = dict(results[i] or {}, error='%s: %s' % (type(exc).__name__, exc))

    stats(args.stats_url, reset=True)
    recorder.active = True
    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(ports))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - started
        recorder.active = False
        neutron = stats(args.stats_url)

        failed = [r for r in results if not r or 'error' in r]
        report = {
            'peer': 'openstacksdk %s' % importlib.metadata.version('openstacksdk'),
            'count': len(ports),
            'wall_seconds': round(wall, 3),
            'neutron': {'total': neutron.get('total'), 'by_route': neutron.get('by_route')},
            'client_side': {'total': sum(recorder.routes.values()), 'by_route': dict(recorder.routes)},
            'counters_match': neutron.get('total') == sum(recorder.routes.values()),
            'failed': failed,
        }
        json.dump(report, open(args.json_out, 'w'), indent=1)
        print(json.dumps({k: report[k] for k in ('peer', 'count', 'wall_seconds', 'counters_match')}))
        return 1 if failed else 0
    finally:
        # Clean up (not measured): every floating IP this run made.
        recorder.active = False
        conn = conns[0]
        ids = {r['id'] for r in results if r and 'id' in r}
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda i: conn.network.delete_ip(i, ignore_missing=True), ids))


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Exception:
        traceback.print_exc()
        sys.exit(2)
