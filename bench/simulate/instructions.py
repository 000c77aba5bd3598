#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Machine instructions and mispredicted branches per Monte Carlo iteration.

    bench/simulate/instructions.py SCENARIO.yaml [ITERATIONS] [--bench PROGRAM]

Runs build/bench/bench_simulate (one thread) under valgrind's callgrind
twice, with 1 and with ITERATIONS iterations (default 200), counting only
inside sl_simulate_run, and prints the fixed cost (setup and statistics)
and the cost of one more iteration. Unlike wall time these counts do not
move when other jobs share the machine, so two builds can be compared on a
busy one; the branch counts come from callgrind's simple predictor model,
not the processor's.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile


def counts(bench, scenario, iterations, out):
    cmd = ["valgrind", "--tool=callgrind", "--branch-sim=yes",
           "--toggle-collect=sl_simulate_run", f"--callgrind-out-file={out}",
           bench, scenario, str(iterations), "1", "1"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text = open(out).read()
    events = re.search(r"^events: (.*)$", text, re.M).group(1).split()
    total = re.search(r"^(?:totals|summary): (.*)$", text, re.M).group(1).split()
    c = dict(zip(events, map(int, total)))
    return c["Ir"], c.get("Bcm", 0) + c.get("Bim", 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("iterations", type=int, nargs="?", default=200)
    ap.add_argument("--bench", default="build/bench/bench_simulate")
    a = ap.parse_args()
    if a.iterations < 2:
        sys.exit("instructions.py: ITERATIONS must be at least 2")
    if not os.access(a.bench, os.X_OK):
        sys.exit(f"instructions.py: no {a.bench}: build first (tools/run build)")
    with tempfile.TemporaryDirectory() as tmp:
        ir1, br1 = counts(a.bench, a.scenario, 1, os.path.join(tmp, "one"))
        irn, brn = counts(a.bench, a.scenario, a.iterations, os.path.join(tmp, "many"))
    per = (irn - ir1) / (a.iterations - 1)
    per_br = (brn - br1) / (a.iterations - 1)
    print(f"{a.scenario}: fixed {ir1 / 1e6:.1f} M instructions; "
          f"per iteration {per / 1e3:.1f} k instructions, "
          f"{per_br / 1e3:.2f} k mispredicted branches (model)")


if __name__ == "__main__":
    main()
