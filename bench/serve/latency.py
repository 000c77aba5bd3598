#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""How long `samlok serve :demo` takes from a change to its verdicts on the
page: the server answers with the quick pass first, then the full count.
Sends CHANGES changes one at a time (SKV's staff hours, the deadline, the
legal gate and SKV's participation, in turn, so every one is a new
question and no answer comes from the variant list), and for each times
the POST until /api/state shows the quick pass of that change, and until
it shows the full pass. Prints medians and the 90th percentiles. A
benchmark, not a test: run it on the release build.

    bench/serve/latency.py build/cli/samlok [--changes 40] [--threads 2]
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'tests', 'serve'))
from serve_common import Server  # noqa: E402


def change(i):
    k = i % 4
    if k == 0:
        return [('set', f'agencies.SKV.staff.migration_hours_per_week={300 + 10 * i}')]
    if k == 1:
        return [('set', f'deadline=2028-{1 + i % 12:02d}-28')]
    if k == 2:
        return [('set', 'gates.LEGAL-CONTENT.pass_probability=0'),
                ('set', f'agencies.AGY.budget={1000000 * (i + 1)}')]
    return [('set', 'agencies.SKV.joins=false'), ('set', f'agencies.AGY.budget={1000000 * i}')]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('samlok')
    ap.add_argument('--changes', type=int, default=40)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    s = Server(a.samlok, '--threads', str(a.threads))
    s.wait_full(0)
    quick, full = [], []
    for i in range(a.changes):
        t0 = time.perf_counter()
        _, _, body = s.post('/api/plan', change(i))
        request = int(body.split(b':')[1].rstrip(b'}'))
        t_quick = None
        while True:
            st = s.state()
            r = st['result']
            if r and r['request'] == request:
                if t_quick is None:
                    t_quick = time.perf_counter() - t0
                if r['pass'] == 'full':
                    break
            time.sleep(0.002)
        quick.append(t_quick)
        full.append(time.perf_counter() - t0)
    s.stop()
    st = lambda v: (statistics.median(v), sorted(v)[int(0.9 * (len(v) - 1))])  # noqa: E731
    print(f'{a.changes} changes, {a.threads} threads, scenario iterations (10,000) and 1,000 '
          f'for the quick pass:')
    print('  first verdicts (quick pass) shown: median %.3f s, P90 %.3f s' % st(quick))
    print('  full pass shown:                   median %.3f s, P90 %.3f s' % st(full))


if __name__ == '__main__':
    main()
