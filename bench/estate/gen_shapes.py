#!/usr/bin/env python3
"""Generates a synthetic estate of one of four flow-graph shapes, for the
scale benchmark (bench/estate/run.py). Deterministic for a seed.

  gen_shapes.py OUT_DIR --shape SHAPE --workloads N [--flows-per-workload 10]
                [--staff fixed|growing] [--latency P] [--horizon YEARS] [--seed S]

Shapes (flows are workload to workload, within one agency):
  shared      three agencies; applications of 3-12 servers in web/app/db
              tiers; 55 % of flows within an application (web-app, app-db,
              30 % of app-db latency-sensitive), 30 % to the agency's shared
              services (directory, DNS, backup, monitoring: one server per
              500, at least 8) that every server talks to, 15 % between
              applications
  neighbours  one agency, one giant component: servers on a square grid,
              every flow between two servers at most 3 apart in each
              direction (a 7 x 7 neighbourhood); applications are runs of
              3-12 consecutive servers
  apps        three agencies; applications as in `shared`, 95 % of flows
              within an application, 5 % between applications, no shared
              services
  powerlaw    three agencies; preferential attachment (Barabasi-Albert,
              10 links per new server), so degrees follow a power law and
              the few hubs become shared services

Staff: `fixed` gives every joining agency 260 migration hours a week,
whatever the size (thousands of small move groups); `growing` gives it a
quarter of an hour per server, at least 100 (bench/gen_estate.py's rule:
few, large groups). --latency P marks every flow not to a shared service
latency-sensitive with probability P instead of the shape's own rule
(hard edges that chain applications into clusters larger than a window).
"""
import argparse
import math
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from gen_estate import INVENTORY_HEADER, workload_row, write_scenario  # noqa: E402

SHAPES = ("shared", "neighbours", "apps", "powerlaw")
FIXED_HOURS = 260


def app_runs(rng, pre, n):
    """Applications as runs of 3-12 consecutive servers: (name, first, size, tier)."""
    runs, at, no = [], 0, 0
    while at < n:
        size = min(rng.randint(3, 12), n - at)
        runs.append((f"{pre}-app{no}", at, size, rng.randint(1, 4)))
        at += size
        no += 1
    return runs


class Agency:
    def __init__(self, rng, name, n, n_shared):
        self.name, self.pre = name, name.lower()
        self.n_shared = n_shared
        self.runs = app_runs(rng, self.pre, n - n_shared)
        self.app_of = []
        for i, (_, first, size, _) in enumerate(self.runs):
            self.app_of += [i] * size
        self.n_plain = n - n_shared
        self.ids = [f"{self.pre}-w{i}" for i in range(n)]

    def write_inventory(self, rng, out):
        with open(os.path.join(out, f"{self.pre}.csv"), "w") as f:
            f.write(INVENTORY_HEADER)
            for app, first, size, tier in self.runs:
                cls = "classified" if rng.random() < 0.05 else "internal"
                for i in range(first, first + size):
                    f.write(workload_row(rng, self.ids[i], self.name, app, tier, cls))
            for i in range(self.n_plain, self.n_plain + self.n_shared):
                f.write(workload_row(rng, self.ids[i], self.name, f"{self.pre}-shared", 1,
                                     "internal"))


def tier_pair(rng, first, size):
    """Two servers of one application in adjacent tiers (thirds of the
    run: web, app, db); is_db says the pair is app -> db."""
    third = max(1, size // 3)
    if size < 3 or rng.random() < 0.5:
        a = first + rng.randrange(min(third, size))
        b = first + min(size - 1, third + rng.randrange(max(1, size - 2 * third)))
        return a, b, False
    a = first + third + rng.randrange(max(1, size - 2 * third))
    b = first + min(size - 1, 2 * third + rng.randrange(max(1, size - 2 * third)))
    return a, b, True


def flows_apps(rng, ag, n_flows, within, to_shared, latency):
    """Flows of the `shared` and `apps` shapes."""
    for _ in range(n_flows):
        r = rng.random()
        if r < within:
            _, first, size, _ = ag.runs[rng.randrange(len(ag.runs))]
            if size < 2:
                continue
            a, b, is_db = tier_pair(rng, first, size)
            if a == b:
                continue
            hard = rng.random() < (latency if latency is not None else 0.3 if is_db else 0)
            yield a, b, rng.uniform(1, 200), hard
        elif r < within + to_shared:
            a = rng.randrange(ag.n_plain)
            yield a, ag.n_plain + rng.randrange(ag.n_shared), rng.uniform(0.01, 2), False
        else:
            a, b = rng.randrange(ag.n_plain), rng.randrange(ag.n_plain)
            if ag.app_of[a] == ag.app_of[b]:
                continue
            yield a, b, rng.uniform(0.01, 5), latency is not None and rng.random() < latency


def flows_neighbours(rng, ag, n_flows, latency):
    n = ag.n_plain
    side = max(1, math.isqrt(n - 1) + 1)
    for _ in range(n_flows):
        a = rng.randrange(n)
        x, y = a % side + rng.randint(-3, 3), a // side + rng.randint(-3, 3)
        b = y * side + x
        if not (0 <= x < side and 0 <= b < n) or b == a:
            continue
        yield a, b, rng.uniform(0.1, 50), latency is not None and rng.random() < latency


def flows_powerlaw(rng, ag, n_flows, latency):
    """Barabasi-Albert: each new server links to m distinct earlier ones,
    chosen with probability proportional to their degree."""
    n = ag.n_plain
    m = max(1, min(n - 1, round(n_flows / max(1, n))))
    ends = list(range(m + 1))  # a small clique to start from: each once
    for a in range(m + 1):
        for b in range(a + 1, m + 1):
            ends += [a, b]
            yield a, b, rng.uniform(0.1, 20), latency is not None and rng.random() < latency
    for a in range(m + 1, n):
        chosen = set()
        while len(chosen) < m:
            chosen.add(ends[rng.randrange(len(ends))])
        for b in sorted(chosen):
            ends += [a, b]
            yield a, b, rng.uniform(0.1, 20), latency is not None and rng.random() < latency


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--shape", choices=SHAPES, required=True)
    ap.add_argument("--workloads", type=int, default=10000)
    ap.add_argument("--flows-per-workload", type=float, default=10)
    ap.add_argument("--staff", choices=("fixed", "growing"), default="fixed")
    ap.add_argument("--latency", type=float, default=None)
    ap.add_argument("--horizon", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    n_agencies = 1 if args.shape == "neighbours" else 3
    names = [f"AG{i}" for i in range(n_agencies)]
    per_agency = args.workloads // n_agencies
    n_flows = round(args.flows_per_workload * per_agency)
    hours = FIXED_HOURS if args.staff == "fixed" else max(100, per_agency // 4)
    write_scenario(args.out, names, {a: hours for a in names}, args.seed, args.horizon)
    for name in names:
        n_shared = max(8, per_agency // 500) if args.shape == "shared" else 0
        ag = Agency(rng, name, per_agency, n_shared)
        ag.write_inventory(rng, args.out)
        if args.shape == "shared":
            flows = flows_apps(rng, ag, n_flows, 0.55, 0.30, args.latency)
        elif args.shape == "apps":
            flows = flows_apps(rng, ag, n_flows, 0.95, 0.0, args.latency)
        elif args.shape == "neighbours":
            flows = flows_neighbours(rng, ag, n_flows, args.latency)
        else:
            flows = flows_powerlaw(rng, ag, n_flows, args.latency)
        with open(os.path.join(args.out, f"{ag.pre}-flows.csv"), "w") as f:
            f.write("src,dst,mbps,latency_sensitive\n")
            for a, b, mbps, hard in flows:
                f.write(f"{ag.ids[a]},{ag.ids[b]},{mbps:.2f},{'true' if hard else 'false'}\n")


if __name__ == "__main__":
    main()
