#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A bounded load test of `samlok serve` on the loopback address: ROUNDS
rounds of N requests sent at once (state, front page, exports, compare,
changes), each answered (200 or 202) or refused with 503, none left
without an answer or failing otherwise, the server alive throughout, and
its memory back at its baseline (within a margin) once the rounds are
over: the resident size, or under AddressSanitizer (whose allocator keeps
what is freed) the heap bytes in use. The baseline is taken after a
warm-up round of the same requests, so caches and the variant they ask
for exist before it.

    load.py SAMLOK [--requests 200] [--rounds 3] [--margin-mib 8] [--heap-margin-mib 1]
"""
import argparse
import threading
import time
import urllib.parse

from serve_common import Server, finish


def mix(n):
    """N requests: mostly reads, some exports and comparisons (the heavy
    ones), some changes, in a fixed order."""
    out = []
    for i in range(n):
        k = i % 20
        if k < 12:
            out.append(('GET', '/api/state', None))
        elif k < 14:
            out.append(('GET', '/api/front', None))
        elif k == 14:
            out.append(('GET', '/export/plan?id=0', None))
        elif k == 15:
            out.append(('GET', '/export/scenario?id=0', None))
        elif k == 16:
            out.append(('GET', '/api/compare?ids=0', None))
        elif k == 17:
            out.append(('GET', '/api/sweep', None))
        else:
            # one change, the same every time: after the first it is a
            # variant, answered from the list
            body = urllib.parse.urlencode([('set', 'deadline=2028-06-30')])
            out.append(('POST', '/api/plan', body))
    return out


def round_of(s, requests, results):
    start = threading.Barrier(len(requests))

    def one(i, method, path, body):
        try:
            start.wait(timeout=60)
            token = 'header' if method == 'POST' else 'query'
            status, _, data = s.request(method, path, body=body, token=token, timeout=120)
            results[i] = (status, len(data))
        except Exception as e:  # a connection refused, reset or timed out
            results[i] = (f'{type(e).__name__}: {e}', 0)

    threads = [threading.Thread(target=one, args=(i, *r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


MEASURE = ['resident memory']


def memory(s):
    """KiB: the heap in use where the server reports it, else resident."""
    heap = s.state()['heap_bytes']
    if heap is None:
        return s.rss_kib()
    MEASURE[0] = 'heap in use'
    return heap // 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('samlok')
    ap.add_argument('--requests', type=int, default=200)
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--margin-mib', type=float, default=8, help='for the resident size')
    ap.add_argument('--heap-margin-mib', type=float, default=1, help='for the heap in use')
    a = ap.parse_args()
    failures = []
    s = Server(a.samlok, '--iterations', '1000', '--quick-iterations', '200', '--threads', '2')
    s.wait_full(0)
    requests = mix(a.requests)
    warm = [None] * len(requests)
    round_of(s, requests, warm)
    s.wait_full(s.state()['request'])
    time.sleep(1)
    base = memory(s)
    counts = {}
    t0 = time.time()
    for r in range(a.rounds):
        results = [None] * len(requests)
        round_of(s, requests, results)
        for (method, path, _), (status, _) in zip(requests, results):
            counts[status] = counts.get(status, 0) + 1
            if status not in (200, 202, 503):
                failures.append(f'round {r + 1}: {method} {path}: {status}')
        if s.proc.poll() is not None:
            failures.append(f'the server died in round {r + 1}: '
                            f'{s.proc.stderr.read()[-3000:].decode(errors="replace")}')
            break
    took = time.time() - t0
    if s.proc.poll() is None:
        s.wait_full(s.state()['request'])
        time.sleep(1)
        after = memory(s)
        print(f'{a.rounds} rounds of {a.requests} requests at once in {took:.1f} s: '
              f'{dict(sorted(counts.items(), key=str))}; {MEASURE[0]} {base / 1024:.1f} MiB '
              f'after the warm-up, {after / 1024:.1f} MiB after the rounds')
        margin = a.margin_mib if MEASURE[0] == 'resident memory' else a.heap_margin_mib
        if after > base + margin * 1024:
            failures.append(f'{MEASURE[0]} grew from {base} KiB to {after} KiB')
        code, err = s.stop()
        if code != 0:
            failures.append(f'exit {code}: {err[-2000:]!r}')
    finish('serve/load', sorted(failures, key=lambda f: 'died' not in f))


if __name__ == '__main__':
    main()
