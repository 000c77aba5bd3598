#!/usr/bin/env python3
"""End-to-end placement benchmark: 10,000 workloads x 4 dimensions in 50 pools.

  bench/pack/place_bench.py [--samlok build/cli/samlok] [--workloads 10000] [--runs 5]

Generates (deterministically, in a temporary folder) a scenario with ten
joining agencies and five security classes, isolated by both (50 pools),
with local storage and power as host dimensions (vCPU, RAM, storage, busy
threads), performance sizing and anti-affinity groups of two or three;
then times `samlok plan` end to end (every stage, placement of the shared
and the separate platforms among them, and the terminal summary) and
`samlok plan --json` (the same plus the whole plan document, about 7 MB here), and prints the
median CPU time (user + system of the process: what one core spends, even
on a busy machine) and wall clock of --runs runs, and the packing figures.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

CLASSES = ["open", "internal", "restricted", "confidential", "secret"]


def write_inputs(folder, n):
    rnd = random.Random(2014)
    agencies = [f"A{i:02d}" for i in range(10)]
    lines = ["samlok: 1", "name: placement benchmark", "start: 2026-09-01",
             "deadline: 2028-12-31", f"security_classes: [{', '.join(CLASSES)}]",
             "agencies:", "  - {id: HOST, role: host}"]
    for a in agencies:
        lines += [f"  - id: {a}", "    role: joining", f"    inventory: [{a.lower()}.csv]"]
    lines += ["sites:",
              "  - {id: T, owner: HOST, role: target, capacity: {racks: 400, kw: 4000, floor_m2: 1500},",
              f"     rack_kw: 12, pue: 1.3, security_classes: [{', '.join(CLASSES)}]}}"]
    lines += [f"  - {{id: S{a}, owner: {a}, role: source}}" for a in agencies]
    lines += ["host_models:",
              "  - {id: H64, cores: 64, threads_per_core: 2, ram_gb: 1024, storage_gb: 30000, watts: 750,",
              "     price: 320000, rack_units: 2, licence_per_year: 40000}",
              "  - {id: H96, cores: 96, threads_per_core: 2, ram_gb: 2048, storage_gb: 60000, watts: 950,",
              "     price: 560000, rack_units: 2, licence_per_year: 60000}",
              "pools:", "  isolation: [agency, security_class]", "  cpu_overcommit: 3",
              "  max_utilisation: 0.8", "  ha_spare_hosts: 1", "  anti_affinity: host",
              "  storage: local", "  power: true", "  sizing: performance"]
    with open(os.path.join(folder, "scenario.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    per = n // len(agencies)
    sizes = [(1, 2), (2, 4), (2, 8), (4, 8), (4, 16), (8, 32), (8, 64), (16, 64), (16, 128), (32, 256)]
    weights = [5, 15, 20, 20, 15, 10, 6, 5, 3, 1]
    for a in agencies:
        rows = ["id,agency,site,app,env,tier,vcpu,ram_gb,storage_gb,cpu_p95,ram_p95,os,"
                "security_class,legal_tags,ha_group,method"]
        for i in range(per):
            v, r = rnd.choices(sizes, weights)[0]
            cls = rnd.choice(CLASSES)
            ha = f"{a}-g{i // 3}" if rnd.random() < 0.3 else ""
            cpu = "" if rnd.random() < 0.1 else f"{rnd.uniform(5, 90):.0f}"
            ram = "" if cpu == "" else f"{rnd.uniform(30, 95):.0f}"
            rows.append(f"{a}-{i:05d},{a},S{a},app{i // 20},prod,{rnd.randint(1, 4)},{v},{r},"
                        f"{rnd.choice([40, 80, 120, 200, 500, 1000])},{cpu},{ram},RHEL 9,{cls},,{ha},")
        with open(os.path.join(folder, f"{a.lower()}.csv"), "w") as f:
            f.write("\n".join(rows) + "\n")


def run_timed(args, cwd):
    """Runs args; returns (CPU seconds, wall seconds, exit status). CPU time
    (user + system of the child) is what one core spends, whatever else the
    machine is doing; the wall clock is shown too."""
    t0 = time.perf_counter()
    p = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return ru.ru_utime + ru.ru_stime, wall, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samlok", default=os.path.join(ROOT, "build", "cli", "samlok"))
    ap.add_argument("--workloads", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        write_inputs(tmp, a.workloads)
        times = {"plan": [], "plan --json": []}
        for _ in range(a.runs):
            for label, extra in (("plan", []), ("plan --json", ["--json", "plan.json"])):
                cpu, wall, status = run_timed([a.samlok, "plan", "scenario.yaml", "-q"] + extra, tmp)
                times[label].append((cpu, wall))
                if status != 0:
                    print(f"samlok {label} failed with status {status}")
                    return 1
        with open(os.path.join(tmp, "plan.json")) as f:
            doc = json.load(f)
    pl = doc["placement"]
    pools = pl["pools"]
    print(f"{a.workloads} workloads, {len(pools)} pools, dimensions "
          f"{', '.join(pools[0]['dimensions'])}")
    for label, ts in times.items():
        cpu = statistics.median(t[0] for t in ts) * 1000
        wall = statistics.median(t[1] for t in ts) * 1000
        print(f"samlok {label + ':':13} median CPU time {cpu:5.0f} ms (wall clock {wall:5.0f} ms) "
              f"over {a.runs} runs, one thread")
    used = sum(p["hosts_used"] for p in pools)
    lb = sum(p["lower_bound"] for p in pools)
    print(f"shared: hosts {pl['hosts_total']} ({used} used + spares), lower bound on used {lb}, "
          f"gap {used - lb}; racks {pl['racks']}; kW {pl['kw']:.1f}")
    s = pl["separate"]
    print(f"separate: hosts {s['hosts_total']}, racks {s['racks']}, kW {s['kw']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
