#!/usr/bin/env python3
"""openstacksdk peer for the Stratus batched-polling benchmark.

Creates N servers concurrently the way a typical openstacksdk user does
(one thread per server: ``create_server`` then ``wait_for_server``), then
deletes them the same way (``delete_server`` then ``wait_for_delete``), and
reports how many requests Nova received in each phase, how long it took until
every server had settled, the per-server polling pattern and the process's
peak RSS.

Request counts come from two independent places:

* Nova's own counters (``GET /_sim/stats``; ``POST /_sim/reset`` zeroes them),
  which count every request Nova received, from any client;
* a client-side recorder (a wrapper around ``requests.adapters.HTTPAdapter.send``)
  that counts the requests this process sent. If the two disagree, something
  else was talking to Nova during the phase and the JSON says so
  (``counters_match: false``).

Run it with the openstacksdk venv, e.g.::

    /root/.cache/stratus-ci/openstacksdk-venv/bin/python \\
        Benchmarks/operations/openstacksdk_peer.py \\
        --clouds-yaml /tmp/stratus-realcloud/5000/clouds.yaml \\
        --cloud realcloud-demo --count 100 \\
        --stats-url http://127.0.0.1:8774/_sim/stats \\
        --json-out /tmp/bench-sdk-100.json

See README.md next to this file for what it measures and the caveats.
"""

import argparse
import collections
import concurrent.futures
import datetime
import json
import logging
import os
import platform
import re
import resource
import signal
import statistics
import sys
import threading
import time
import traceback
import urllib.parse
import urllib.request
import uuid

try:
    import openstack
    import openstack.compute.v2.server
    import openstack.exceptions
    import requests.adapters
except ImportError as exc:  # pragma: no cover - environment problem
    sys.exit('openstacksdk is not importable from %s (%s); run this with the '
             'openstacksdk venv, e.g. '
             '/root/.cache/stratus-ci/openstacksdk-venv/bin/python'
             % (sys.executable, exc))

UUID_RE = re.compile(
    r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
    r'|[0-9a-f]{32}')
SERVER_PATH_RE = re.compile(
    r'/servers/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'
    r'(?:$|[/?])')
CREATE_POST_ROUTE = 'POST /v2.1/servers'


def kib_maxrss():
    # Linux: ru_maxrss is in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def iso_utc(epoch):
    return datetime.datetime.fromtimestamp(
        epoch, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ')


def parse_nova_time(value):
    """Nova 'updated': '2026-11-22T03:53:28Z' (second granularity)."""
    if not value:
        return None
    v = value.strip()
    if v.endswith('Z'):
        v = v[:-1] + '+00:00'
    dt = datetime.datetime.fromisoformat(v)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return dt.timestamp()


def dist(values):
    """min/median/mean/p90/max of a list of numbers (None if empty)."""
    vals = sorted(v for v in values if v is not None)
    if not vals:
        return None
    p90 = vals[min(len(vals) - 1, int(round(0.9 * (len(vals) - 1))))]
    return {
        'n': len(vals),
        'min': round(vals[0], 3),
        'median': round(statistics.median(vals), 3),
        'mean': round(statistics.fmean(vals), 3),
        'p90': round(p90, 3),
        'max': round(vals[-1], 3),
    }


# --------------------------------------------------------------------------
# Client-side request recorder
# --------------------------------------------------------------------------

class Recorder(object):
    """Counts every HTTP request this process sends through `requests`."""

    def __init__(self):
        self.lock = threading.Lock()
        self.events = []          # dicts, appended in completion order
        self.phase = 'setup'
        self._orig_send = None

    def install(self):
        recorder = self
        orig = requests.adapters.HTTPAdapter.send
        self._orig_send = orig

        def send(adapter, request, *args, **kwargs):
            t0 = time.time()
            status = None
            try:
                resp = orig(adapter, request, *args, **kwargs)
                status = resp.status_code
                return resp
            except Exception as exc:
                status = 'EXC:%s' % type(exc).__name__
                raise
            finally:
                recorder.add(request.method, request.url, status, t0,
                             time.time())

        requests.adapters.HTTPAdapter.send = send

    def add(self, method, url, status, t0, t1):
        parts = urllib.parse.urlsplit(url)
        path = parts.path
        m = SERVER_PATH_RE.search(path)
        ev = {
            'phase': self.phase,
            'method': method,
            'netloc': parts.netloc,
            'route': '%s %s' % (method, UUID_RE.sub('{id}', path)),
            'server_id': m.group(1) if m else None,
            'status': status,
            't0': t0,
            't1': t1,
            'thread': threading.current_thread().name,
        }
        with self.lock:
            self.events.append(ev)

    def of_phase(self, phase):
        with self.lock:
            return [e for e in self.events if e['phase'] == phase]


def summarize_client(events, nova_netloc):
    nova = [e for e in events if e['netloc'] == nova_netloc]
    other = [e for e in events if e['netloc'] != nova_netloc]
    latency = collections.defaultdict(list)
    for e in nova:
        latency[e['route']].append(e['t1'] - e['t0'])
    return {
        'nova_latency_seconds_by_route': {
            r: dist(v) for r, v in sorted(latency.items())},
        'nova_total': len(nova),
        'nova_by_route': dict(collections.Counter(
            e['route'] for e in nova).most_common()),
        'nova_by_status': dict(collections.Counter(
            str(e['status']) for e in nova).most_common()),
        'other_total': len(other),
        'other_by_route': dict(collections.Counter(
            '%s %s' % (e['netloc'], e['route']) for e in other).most_common()),
    }


class CountingHandler(logging.Handler):
    """Counts urllib3 'Connection pool is full' warnings (shared sessions)."""

    def __init__(self):
        logging.Handler.__init__(self, logging.WARNING)
        self.counts = collections.Counter()

    def emit(self, record):
        try:
            msg = record.getMessage()
        except Exception:
            msg = str(record.msg)
        key = ('connection pool is full' if 'pool is full' in msg
               else msg[:80])
        self.counts[key] += 1


# --------------------------------------------------------------------------
# Nova counters
# --------------------------------------------------------------------------

class NovaStats(object):
    def __init__(self, stats_url):
        self.stats_url = stats_url
        base = stats_url.rstrip('/')
        if not base.endswith('/stats'):
            raise SystemExit('--stats-url must end in /_sim/stats: %s'
                             % stats_url)
        self.reset_url = base[:-len('stats')] + 'reset'

    def read(self):
        with urllib.request.urlopen(self.stats_url, timeout=30) as r:
            return json.loads(r.read().decode())

    def reset(self):
        req = urllib.request.Request(self.reset_url, data=b'', method='POST')
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read().decode())


# --------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------

class Peer(object):
    def __init__(self, args):
        self.args = args
        self.recorder = Recorder()
        self.stats = NovaStats(args.stats_url)
        self.run_id = uuid.uuid4().hex[:6]
        self.name_base = '%s-%s' % (args.name_prefix, self.run_id)
        self.created = {}                 # server id -> Server, for cleanup
        self.created_lock = threading.Lock()
        self.conns = []
        self.nova_netloc = urllib.parse.urlsplit(args.stats_url).netloc
        self.pool_warnings = CountingHandler()
        self.result = {
            'tool': 'openstacksdk',
            'openstacksdk_version': _version('openstacksdk'),
            'keystoneauth1_version': _version('keystoneauth1'),
            'python': platform.python_version(),
            'argv': sys.argv,
            'args': vars(args),
            'run_id': self.run_id,
            'name_pattern': self.name_base + '-NNN',
            'connection_mode': ('shared' if args.shared_connection
                                else 'per-thread'),
            'warm_connections': not args.cold,
            'rss_kib': {'start': kib_maxrss()},
            'phases': {},
            'notes': [
                'Nova timestamps ("updated") have 1 s granularity (truncated),'
                ' so detection_lag = waiter_returned - updated over-estimates'
                ' the true lag by 0..1 s (true lag is in (lag-1, lag]).',
                'Nova counters count every request Nova received (any client);'
                ' client counters count what this process sent.'
                ' counters_match=false means another client was active.',
                'ru_maxrss is the peak resident set of this Python process'
                ' (interpreter + openstacksdk + threads), in KiB.',
            ],
        }

    # -- connections -------------------------------------------------------
    def connect(self):
        os.environ['OS_CLIENT_CONFIG_FILE'] = self.args.clouds_yaml
        n = 1 if self.args.shared_connection else self.args.count
        self.conns = [openstack.connect(cloud=self.args.cloud)
                      for _ in range(n)]

    def conn_for(self, i):
        return self.conns[0 if self.args.shared_connection else i]

    def warm(self):
        """Authenticate and run version discovery on every connection.

        Done before the create phase's counters are reset (unless --cold),
        so the phases count the operation, not N token issues + discovery.
        The requests it costs are recorded under 'warmup'.
        """
        self.recorder.phase = 'warmup'
        t0 = time.time()

        def one(c):
            c.authorize()
            # Touching the compute proxy and asking for its endpoint data
            # triggers the same discovery the first compute call would do.
            c.compute.get_endpoint_data()
            return c.compute.get_api_major_version()

        with concurrent.futures.ThreadPoolExecutor(
                max_workers=min(len(self.conns), 32)) as ex:
            list(ex.map(one, self.conns))
        self.result['warmup'] = {
            'seconds': round(time.time() - t0, 3),
            'connections': len(self.conns),
            'client': summarize_client(self.recorder.of_phase('warmup'),
                                       self.nova_netloc),
        }

    # -- phases ------------------------------------------------------------
    def _pool(self):
        return concurrent.futures.ThreadPoolExecutor(
            max_workers=self.args.count, thread_name_prefix='sdk')

    def _run_phase(self, name, fn, items):
        self.recorder.phase = name
        before = self.stats.read()
        self.stats.reset()
        t0 = time.time()
        records = []
        ex = self._pool()
        try:
            futs = [ex.submit(fn, i, item, t0) for i, item in items]
            for f in concurrent.futures.as_completed(futs):
                records.append(f.result())
        finally:
            ex.shutdown(wait=False, cancel_futures=True)
        wall = time.time() - t0
        nova = self.stats.read()
        self.recorder.phase = name + '-after'
        records.sort(key=lambda r: r['index'])
        return before, nova, wall, t0, records

    def _phase_summary(self, name, before, nova, wall, t0, records, ok_key):
        events = self.recorder.of_phase(name)
        client = summarize_client(events, self.nova_netloc)
        by_route = dict(sorted(nova.get('by_route', {}).items(),
                               key=lambda kv: -kv[1]))
        total = nova.get('total', 0)
        create_posts = by_route.get(CREATE_POST_ROUTE, 0)
        # polling GETs per server (client side: the ids are in the URLs)
        gets = collections.Counter(
            e['server_id'] for e in events
            if e['netloc'] == self.nova_netloc and e['method'] == 'GET'
            and e['server_id'])
        for r in records:
            if r.get('id'):
                r['polling_gets'] = gets.get(r['id'], 0)
        finished = [r for r in records if r.get('status') == ok_key]
        failed = [r for r in records if r.get('status') != ok_key]
        settle = [r.get('wait_returned') for r in records]
        per_second = collections.Counter(
            int(e['t0'] - t0) for e in events
            if e['netloc'] == self.nova_netloc)
        last = max(per_second) if per_second else -1
        s = {
            'count': len(records),
            'finished': len(finished),
            'failed': len(failed),
            'failures': dict(collections.Counter(
                r.get('status') for r in failed)),
            'failure_messages': sorted(set(
                r.get('error', '')[:300] for r in failed if r.get('error'))),
            'wall_seconds_until_all_settled': round(wall, 3),
            'settle_seconds': dist(settle),
            'nova': {
                'total': total,
                'excluding_create_posts': total - create_posts,
                'by_route': by_route,
                'by_method': nova.get('by_method', {}),
                'by_status': nova.get('by_status', {}),
                'spawn': nova.get('spawn'),
                'seconds_since_reset': nova.get('seconds_since_reset'),
            },
            'nova_before_reset': {
                'total': before.get('total'),
                'seconds_since_reset': before.get('seconds_since_reset'),
            },
            'client': client,
            'counters_match': client['nova_total'] == total,
            # someone else POSTed /_sim/reset during the phase if Nova's
            # counters are younger than the phase
            'nova_reset_by_someone_else': (
                nova.get('seconds_since_reset') is not None
                and nova['seconds_since_reset'] < wall - 0.5),
            'polling_gets_per_server': dist(
                [r.get('polling_gets') for r in records if r.get('id')]),
            'client_nova_requests_per_second': [
                per_second.get(i, 0) for i in range(last + 1)],
            'rss_kib_after': kib_maxrss(),
            'servers': records,
        }
        return s

    def create_phase(self):
        a = self.args

        def work(i, _item, t0):
            conn = self.conn_for(i)
            name = '%s-%03d' % (self.name_base, i)
            rec = {'index': i, 'name': name}
            try:
                server = conn.compute.create_server(
                    name=name, image_id=a.image, flavor_id=a.flavor,
                    networks='none')
            except Exception as exc:
                rec.update(status='POST_FAILED', post_returned=round(
                    time.time() - t0, 3), error=_err(exc))
                rec['wait_returned'] = rec['post_returned']
                return rec
            with self.created_lock:
                self.created[server.id] = (i, server)
            rec['id'] = server.id
            rec['post_returned'] = round(time.time() - t0, 3)
            try:
                server = conn.compute.wait_for_server(
                    server, status='ACTIVE', failures=['ERROR'],
                    interval=a.interval, wait=a.timeout)
                t = time.time()
                rec['status'] = server.status
                rec['updated'] = server.updated_at
                up = parse_nova_time(server.updated_at)
                if up is not None:
                    rec['detection_lag'] = round(t - up, 3)
            except openstack.exceptions.ResourceTimeout as exc:
                t = time.time()
                rec.update(status='TIMEOUT', error=_err(exc))
            except openstack.exceptions.ResourceFailure as exc:
                t = time.time()
                m = re.search(r'failure state (\S+)', str(exc))
                rec.update(status=m.group(1) if m else 'FAILURE',
                           error=_err(exc))
            except Exception as exc:
                t = time.time()
                rec.update(status='WAIT_ERROR', error=_err(exc))
            rec['wait_returned'] = round(t - t0, 3)
            rec['wait_returned_at'] = iso_utc(t)
            return rec

        items = [(i, None) for i in range(a.count)]
        before, nova, wall, t0, records = self._run_phase('create', work,
                                                          items)
        s = self._phase_summary('create', before, nova, wall, t0, records,
                                'ACTIVE')
        s['started_at'] = iso_utc(t0)
        s['posts_returned_seconds'] = dist(
            [r.get('post_returned') for r in records])
        s['detection_lag_seconds'] = dist(
            [r.get('detection_lag') for r in records])
        s['detection_lag_note'] = (
            'returned - updated; updated is from the waiter\'s final GET and '
            'has 1 s granularity, so each value over-estimates by 0..1 s')
        self.result['phases']['create'] = s
        return s

    def delete_phase(self):
        a = self.args
        with self.created_lock:
            targets = sorted(self.created.values(), key=lambda t: t[0])

        def work(i, server, t0):
            conn = self.conn_for(i)
            rec = {'index': i, 'id': server.id, 'name': server.name}
            try:
                conn.compute.delete_server(server)
            except Exception as exc:
                rec.update(status='DELETE_FAILED', error=_err(exc))
                rec['delete_returned'] = rec['wait_returned'] = round(
                    time.time() - t0, 3)
                return rec
            rec['delete_returned'] = round(time.time() - t0, 3)
            try:
                res = conn.compute.wait_for_delete(server, interval=a.interval,
                                                   wait=a.timeout)
                t = time.time()
                rec['status'] = 'DELETED'
                # wait_for_delete ends either on a 404 or on a 200 whose
                # status is DELETED (the instance row is still there); only
                # in the second case does its final GET carry 'updated'.
                if (getattr(res, 'status', None) or '').upper() == 'DELETED':
                    rec['wait_ended_by'] = 'GET 200 status DELETED'
                    rec['updated'] = res.updated_at
                    rec['updated_source'] = 'waiter final GET'
                else:
                    rec['wait_ended_by'] = 'GET 404'
                with self.created_lock:
                    self.created.pop(server.id, None)
            except openstack.exceptions.ResourceTimeout as exc:
                t = time.time()
                rec.update(status='TIMEOUT', error=_err(exc))
            except Exception as exc:
                t = time.time()
                rec.update(status='WAIT_ERROR', error=_err(exc))
            rec['wait_returned'] = round(t - t0, 3)
            rec['wait_returned_epoch'] = t
            rec['wait_returned_at'] = iso_utc(t)
            return rec

        before, nova, wall, t0, records = self._run_phase('delete', work,
                                                          targets)
        s = self._phase_summary('delete', before, nova, wall, t0, records,
                                'DELETED')
        s['started_at'] = iso_utc(t0)
        s['delete_requests_returned_seconds'] = dist(
            [r.get('delete_returned') for r in records])
        # Detection lag for deletes: wait_for_delete ends on a 404, which has
        # no timestamp. After the counters are read, one list call with
        # changes-since (outside the measured phase) returns the deleted
        # servers with status DELETED and 'updated' (set by the compute
        # service's last save before it destroys the instance).
        s['wait_ended_by'] = dict(collections.Counter(
            r.get('wait_ended_by') for r in records if r.get('wait_ended_by')))
        self.recorder.phase = 'delete-lag-lookup'
        try:
            conn = self.conn_for(0)
            since = datetime.datetime.fromtimestamp(
                t0 - 5, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
            upd = {}
            for srv in conn.compute.servers(details=True, changes_since=since,
                                            name='^%s-' % self.name_base):
                upd[srv.id] = (srv.status, srv.updated_at)
            for r in records:
                st, up = upd.get(r['id'], (None, None))
                r['listed_status'] = st
                r['listed_updated'] = up
                if not r.get('updated') and st == 'DELETED':
                    r['updated'] = up
                    r['updated_source'] = 'changes-since list after phase'
                e = parse_nova_time(r.get('updated'))
                if e is not None and r.get('status') == 'DELETED':
                    r['detection_lag'] = round(r['wait_returned_epoch'] - e, 3)
            s['detection_lag_seconds'] = dist(
                [r.get('detection_lag') for r in records])
            s['detection_lag_note'] = (
                'waiter_returned - updated of the DELETED server: from the '
                'waiter\'s final GET when that GET still returned the server '
                'with status DELETED, else from one changes-since list after '
                'the phase (not counted in the phase); 1 s granularity, '
                'over-estimates by 0..1 s')
        except Exception as exc:
            s['detection_lag_seconds'] = None
            s['detection_lag_note'] = 'lookup failed: %s' % _err(exc)
        for r in records:
            r.pop('wait_returned_epoch', None)
        self.recorder.phase = 'after'
        self.result['phases']['delete'] = s
        return s

    # -- cleanup -----------------------------------------------------------
    def sweep(self):
        """Delete anything of this run that is still there (by name)."""
        self.recorder.phase = 'cleanup'
        conn = openstack.connect(cloud=self.args.cloud)
        left = []
        try:
            for srv in conn.compute.servers(details=True,
                                            name='^%s-' % self.name_base):
                if (srv.status or '').upper() != 'DELETED':
                    left.append(srv)
        except Exception as exc:
            print('cleanup: listing failed: %s' % _err(exc), file=sys.stderr)
        with self.created_lock:
            known = {sid: srv for sid, (_i, srv) in self.created.items()}
        ids = {s.id for s in left} | set(known)
        if not ids:
            return []
        print('cleanup: deleting %d server(s) of run %s'
              % (len(ids), self.run_id), file=sys.stderr)

        def rm(sid):
            try:
                conn.compute.delete_server(sid, ignore_missing=True)
                conn.compute.wait_for_delete(
                    conn.compute._get_resource(
                        openstack.compute.v2.server.Server, sid),
                    interval=2, wait=self.args.timeout)
                return sid, 'deleted'
            except Exception as exc:
                return sid, 'error: %s' % _err(exc)

        with concurrent.futures.ThreadPoolExecutor(max_workers=10) as ex:
            out = list(ex.map(rm, sorted(ids)))
        with self.created_lock:
            for sid, st in out:
                if st == 'deleted':
                    self.created.pop(sid, None)
        return [{'id': sid, 'result': st} for sid, st in out]

    # -- main --------------------------------------------------------------
    def run(self):
        logging.getLogger('urllib3.connectionpool').addHandler(
            self.pool_warnings)
        self.recorder.install()
        self.connect()
        self.result['rss_kib']['connected'] = kib_maxrss()
        if not self.args.cold:
            self.warm()
        self.result['rss_kib']['warm'] = kib_maxrss()
        ok = False
        try:
            self.create_phase()
            self.result['rss_kib']['after_create'] = kib_maxrss()
            self.delete_phase()
            self.result['rss_kib']['after_delete'] = kib_maxrss()
            ok = True
        except BaseException as exc:
            self.result['error'] = _err(exc)
            self.result['traceback'] = traceback.format_exc()
            raise
        finally:
            try:
                self.result['leftovers_cleaned'] = self.sweep()
            except BaseException as exc:
                self.result['cleanup_error'] = _err(exc)
            self.result['peak_rss_kib'] = kib_maxrss()
            self.result['urllib3_warnings'] = dict(self.pool_warnings.counts)
            self.result['completed'] = ok
            if self.args.json_out:
                d = os.path.dirname(os.path.abspath(self.args.json_out))
                os.makedirs(d, exist_ok=True)
                with open(self.args.json_out, 'w') as f:
                    json.dump(self.result, f, indent=1, sort_keys=False)
                    f.write('\n')
        return self.result


def _err(exc):
    return '%s: %s' % (type(exc).__name__, str(exc).strip()[:500])


def _version(dist_name):
    try:
        from importlib.metadata import version
        return version(dist_name)
    except Exception:
        return None


def print_summary(res, out=sys.stdout):
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p('openstacksdk %s peer, run %s, %s connection(s)%s'
      % (res['openstacksdk_version'], res['run_id'], res['connection_mode'],
         '' if res['warm_connections'] else ', cold (auth+discovery counted)'))
    w = res.get('warmup')
    if w:
        p('warm-up (not in the phases): %d connection(s), %.2f s, nova %d '
          'requests %s, other %d %s'
          % (w['connections'], w['seconds'], w['client']['nova_total'],
             w['client']['nova_by_route'], w['client']['other_total'],
             w['client']['other_by_route']))
    for name in ('create', 'delete'):
        s = res['phases'].get(name)
        if not s:
            continue
        n = s['nova']
        p('')
        p('[%s] %d servers: %d finished, %d failed %s'
          % (name, s['count'], s['finished'], s['failed'],
             s['failures'] or ''))
        for m in s['failure_messages'][:5]:
            p('    failure: %s' % m)
        p('  wall time until all settled: %.2f s' %
          s['wall_seconds_until_all_settled'])
        p('  per-server settle time (s): %s' % s['settle_seconds'])
        p('  nova requests: %d total, %d excluding %s'
          % (n['total'], n['excluding_create_posts'], CREATE_POST_ROUTE))
        for route, c in n['by_route'].items():
            p('    %6d  %s' % (c, route))
        p('  by method: %s   by status: %s' % (n['by_method'], n['by_status']))
        p('  client-side count: nova %d (%s), other services %d %s'
          % (s['client']['nova_total'],
             'matches' if s['counters_match']
             else 'DOES NOT MATCH nova counters: another client was active',
             s['client']['other_total'], s['client']['other_by_route']))
        if not s['counters_match']:
            p('  client-side nova requests by route: %s'
              % s['client']['nova_by_route'])
        if s.get('nova_reset_by_someone_else'):
            p('  WARNING: Nova counters were reset by another client during '
              'this phase; use the client-side counts')
        p('  polling GETs per server: %s' % s['polling_gets_per_server'])
        lat = s['client']['nova_latency_seconds_by_route']
        for route, d in lat.items():
            p('  latency %s: median %.3f s, p90 %.3f s, max %.3f s'
              % (route, d['median'], d['p90'], d['max']))
        if s.get('wait_ended_by'):
            p('  wait_for_delete ended by: %s' % s['wait_ended_by'])
        p('  detection lag (s, 1 s granularity of Nova "updated", '
          'over-estimates by 0..1 s): %s' % s.get('detection_lag_seconds'))
    p('')
    p('peak RSS: %d KiB (%.1f MiB); by stage: %s'
      % (res['peak_rss_kib'], res['peak_rss_kib'] / 1024.0, res['rss_kib']))
    if res.get('urllib3_warnings'):
        p('urllib3 warnings: %s' % res['urllib3_warnings'])
    if res.get('leftovers_cleaned'):
        p('cleanup: %s' % res['leftovers_cleaned'])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--clouds-yaml', required=True)
    ap.add_argument('--cloud', required=True)
    ap.add_argument('--count', type=int, default=100)
    ap.add_argument('--interval', type=float, default=2)
    ap.add_argument('--timeout', type=float, default=600)
    ap.add_argument('--image', default='155d900f-4e14-4e4c-a73d-069cbf4541e6')
    ap.add_argument('--flavor', default='1')
    ap.add_argument('--stats-url', required=True,
                    help='Nova counters, e.g. http://127.0.0.1:8774/_sim/stats'
                         ' (the reset is POSTed to .../_sim/reset)')
    ap.add_argument('--name-prefix', default='bench-sdk')
    ap.add_argument('--json-out')
    ap.add_argument('--shared-connection', action='store_true',
                    help='all threads share one openstack.connect() '
                         'connection (default: one connection per thread)')
    ap.add_argument('--cold', action='store_true',
                    help='do not authenticate / discover versions before the '
                         'create phase (those requests are then counted in it)')
    args = ap.parse_args(argv)
    if args.count < 1:
        ap.error('--count must be >= 1')

    def on_term(signum, _frame):
        raise KeyboardInterrupt('signal %d' % signum)
    signal.signal(signal.SIGTERM, on_term)

    peer = Peer(args)
    try:
        res = peer.run()
    except BaseException:
        print_summary_safe(peer.result)
        raise
    print_summary(res)
    if args.json_out:
        print('JSON: %s' % args.json_out)
    failed = sum(s['failed'] for s in res['phases'].values())
    return 1 if failed else 0


def print_summary_safe(res):
    try:
        res.setdefault('peak_rss_kib', kib_maxrss())
        print_summary(res, out=sys.stderr)
    except Exception:
        pass


if __name__ == '__main__':
    sys.exit(main())
