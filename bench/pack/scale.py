#!/usr/bin/env python3
"""Times `samlok pack` on large generated instances: N items in 4
dimensions (vCPU, RAM GB, storage GB, busy threads, x 1,000, against one
64-core host of the placement benchmark under an overcommit of 3 and 80 %
utilisation), in two kinds:

  alike     sizes drawn from the placement benchmark's VM sizes, six storage
            sizes and busy threads to 0.1 of a vCPU: a few thousand distinct
            items, as an estate's right-sized workloads are
  distinct  every item its own size (sizes jittered by up to 1 unit)

  bench/pack/scale.py [--samlok build/cli/samlok] [--items 100000] [--runs 3] [--effort N]

Prints per kind the bins, the lower bound, and the median CPU seconds
(user + system of the process: parse, pack, write) and wall seconds of
--runs runs. Deterministic instances, written to a temporary folder.
"""
import argparse
import os
import random
import resource
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CAP = [64 * 2 * 3 * 800, 1024 * 800, 30000 * 800, 64 * 2 * 800]
SIZES = [(1, 2), (2, 4), (2, 8), (4, 8), (4, 16), (8, 32), (8, 64), (16, 64), (16, 128), (32, 256)]
WEIGHTS = [5, 15, 20, 20, 15, 10, 6, 5, 3, 1]


def write(path, kind, n):
    rnd = random.Random(7)
    types = {}
    for _ in range(n):
        v, r = rnd.choices(SIZES, WEIGHTS)[0]
        st = rnd.choice([50, 100, 200, 500, 1000, 2000])
        busy = round(v * rnd.uniform(0.05, 0.8), 1)
        key = [v * 1000, r * 1000, st * 1000, int(busy * 1000)]
        if kind == "distinct":
            key = [x + rnd.randint(0, 999) for x in key]
        types[tuple(key)] = types.get(tuple(key), 0) + 1
    with open(path, "w") as f:
        f.write(f"4\n{' '.join(map(str, CAP))}\n{len(types)}\n")
        for k, c in types.items():
            f.write(" ".join(map(str, k)) + f" {c}\n")
    return len(types)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samlok", default=os.path.join(ROOT, "build", "cli", "samlok"))
    ap.add_argument("--items", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--effort", type=float, default=None)
    a = ap.parse_args()
    print(f"samlok pack, {a.items:,} items x 4 dimensions, median of {a.runs} runs; "
          f"load average {os.getloadavg()[0]:.1f}")
    print("| kind | distinct sizes | bins | lower bound | CPU s | wall s |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("alike", "distinct"):
            path = os.path.join(tmp, f"{kind}.vbp")
            n_types = write(path, kind, a.items)
            cmd = [a.samlok, "pack", path, "--json"]
            if a.effort is not None:
                cmd += ["--effort", str(a.effort)]
            cpu, wall, out = [], [], ""
            for _ in range(a.runs):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.perf_counter()
                out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
                wall.append(time.perf_counter() - t0)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            bins = out.split('"bins": ')[1].split(",")[0]
            lb = out.split('"lower_bound": ')[1].split(",")[0]
            print(f"| {kind} | {n_types:,} | {bins} | {lb} | {statistics.median(cpu):.2f} | "
                  f"{statistics.median(wall):.2f} |", flush=True)


if __name__ == "__main__":
    main()
