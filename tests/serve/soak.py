#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A soak test of `samlok serve`: CHANGES re-plans sent one after another,
cycling through more distinct overrides than the variant list keeps (so
variants are made and dropped all along), every WAIT-th one waited for
until its full pass shows and the others sent while a plan runs (so most
replace a queued request or cancel a running one), with the state, a
front page and an export read between them. The server's resident memory
is sampled as it goes, from the moment the variant list is full (the
warm-up fills it); it must stay flat: the last samples' median within
MARGIN of the first samples' median. A
build with AddressSanitizer reports the heap bytes it holds (its
allocator keeps freed memory, so its resident size says nothing); those
are judged there, the resident size otherwise.

    soak.py SAMLOK [--changes 2000] [--wait 10] [--gap 0.005] [--margin 0.10]
            [--iterations 400] [--quick N]
"""
import argparse
import statistics
import time

from serve_common import Server, finish


def overrides(i):
    """The i-th change: 48 distinct lists of overrides, cycled."""
    hours = 200 + 50 * (i % 8)
    deadline = ['2027-12-31', '2028-06-30', '2028-12-31'][(i // 8) % 3]
    sets = [('set', f'agencies.SKV.staff.migration_hours_per_week={hours}'),
            ('set', f'deadline={deadline}')]
    if (i // 24) % 2:
        sets.append(('set', 'gates.LEGAL-CONTENT.pass_probability=1'))
    return sets


def request_of(body):
    """The request id of a 202 answer {"request": N}."""
    return int(body.split(b':')[1].rstrip(b'}'))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('samlok')
    ap.add_argument('--changes', type=int, default=2000)
    ap.add_argument('--wait', type=int, default=10, help='wait for every Nth change')
    ap.add_argument('--gap', type=float, default=0.005, help='seconds between two changes')
    ap.add_argument('--margin', type=float, default=0.10)
    ap.add_argument('--iterations', type=int, default=400)
    ap.add_argument('--quick', type=int, default=0,
                    help='quick-pass iterations (default a quarter of --iterations; as many: '
                         'one pass a change)')
    a = ap.parse_args()
    failures = []
    s = Server(a.samlok, '--iterations', str(a.iterations), '--quick-iterations',
               str(a.quick or max(1, a.iterations // 4)), '--threads', '2')
    s.wait_full(0)
    # the warm-up: distinct full plans until the variant list stops growing
    sizes = []
    while len(sizes) < 60 and not (len(sizes) > 3 and sizes[-1] == sizes[-4]):
        _, _, body = s.post('/api/plan', overrides(len(sizes)))
        sizes.append(len(s.wait_full(request_of(body))['variants']))
    samples = []  # (change, KiB) after each waited change
    t0 = time.time()
    for i in range(a.changes):
        status, _, body = s.post('/api/plan', overrides(len(sizes) + i))
        if status != 202:
            failures.append(f'change {i}: {status} {body[:120]!r}')
            break
        if i % a.wait == a.wait - 1:
            st = s.wait_full(request_of(body))
            s.request('GET', '/api/front')
            s.request('GET', f'/export/plan?id={st["variants"][-1]["id"]}')
            time.sleep(0.02)  # the worker hands freed memory back as it goes idle
            heap = s.state()['heap_bytes']
            samples.append((i + 1, s.rss_kib() if heap is None else heap // 1024))
            measure = 'resident memory' if heap is None else 'heap in use'
        else:
            time.sleep(a.gap)
        if s.proc.poll() is not None:
            failures.append(f'the server died at change {i}')
            break
    took = time.time() - t0
    st = s.state()
    if samples and s.proc.poll() is None:
        warm = [r for _, r in samples]
        k = max(3, len(warm) // 10)
        early, late = statistics.median(warm[:k]), statistics.median(warm[-k:])
        peak = max(r for _, r in samples)
        print(f'warm-up: {len(sizes)} plans to fill the list of {sizes[-1]} variants; '
              f'{a.changes} changes in {took:.1f} s ({a.changes / took:.0f} a second; '
              f'{st["cancelled_runs"]} runs cancelled, {len(st["variants"])} variants kept): '
              f'{measure} after the warm-up {early / 1024:.1f} MiB, at the end '
              f'{late / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB')
        if not any(v['id'] == 0 and not v['sets'] for v in st['variants']):
            failures.append('the scenario as loaded fell off the variant list')
        if late > early * (1 + a.margin):
            failures.append(f'{measure} grew from {early} KiB to {late} KiB')
        code, err = s.stop()
        if code != 0:
            failures.append(f'exit {code}: {err[-2000:]!r}')
    finish('serve/soak', failures)


if __name__ == '__main__':
    main()
