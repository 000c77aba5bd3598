#!/usr/bin/env python3
"""Independent check of how the group stage cuts clusters of hard edges too
large for a window: random small estates (fixed seeds), every flow
latency-sensitive and chaining all workloads into one cluster, a cap of a
few servers a window. The minimum traffic any cut can cut is found here by
enumerating every way to divide the workloads into pieces that fit (set
partitions, as restricted growth strings), sharing no code with samlok.
samlok's plan must then:
  - list exactly the flows between different groups as `grouping.cut_flows`,
    with their traffic, and `cut_flows_mbps` as their sum;
  - put no more workloads in a group than the cap, mark none over capacity;
  - cut no more traffic than the optimum (and never less: that would be a
    bug in this checker or in the plan's bookkeeping);
and the reports rendered from the first plan (CSV, workbook, HTML) must
list the same cut flows.

  check_hard_split.py SAMLOK [N]     N random estates (default 30)
"""
import csv
import json
import os
import random
import subprocess
import sys
import tempfile

try:
    import openpyxl
except ImportError:  # a python without Debian's python3-openpyxl: use Debian's
    if os.path.exists("/usr/bin/python3") and sys.executable != "/usr/bin/python3":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("python3-openpyxl is missing (tools/setup installs it)")
    sys.exit(1)

SCENARIO = """samlok: 1
name: hard split check
start: 2026-09-01
deadline: 2027-12-31
agencies:
  - {{id: HOST, role: host}}
  - id: A
    role: joining
    staff: {{migration_hours_per_week: 1000}}
    inventory: inv.csv
    flows: flows.csv
sites:
  - {{id: T, owner: HOST, role: target, capacity: {{racks: 10, kw: 100}}}}
  - {{id: S, owner: A, role: source}}
links:
  - {{from: S, to: T, gbps: 10, usable_share: 0.5, rtt_ms: 6}}
host_models:
  - {{id: H, cores: 32, ram_gb: 512}}
windows:
  weekly:
    - {{day: friday, start: "18:00", hours: 60}}
  max_workloads: {cap}
migration:
  hub_degree: 1000
"""


def estate(rnd):
    n = rnd.randint(5, 9)
    cap = rnd.randint(2, 4)
    edges = {}
    for v in range(1, n):  # a random spanning tree: one cluster
        edges[(rnd.randrange(v), v)] = rnd.randint(1, 60)
    for _ in range(rnd.randint(0, n)):
        a, b = sorted(rnd.sample(range(n), 2))
        edges.setdefault((a, b), rnd.randint(1, 60))
    return n, cap, edges


def optimum(n, cap, edges):
    """The least traffic between pieces over every division into pieces of
    at most cap workloads (restricted growth strings)."""
    best = None
    block = [0] * n
    size = [0] * n

    def rec(v, n_blocks):
        nonlocal best
        if v == n:
            cut = sum(w for (a, b), w in edges.items() if block[a] != block[b])
            if best is None or cut < best:
                best = cut
            return
        for b in range(n_blocks + 1):
            if size[b] < cap:
                block[v] = b
                size[b] += 1
                rec(v + 1, max(n_blocks, b + 1))
                size[b] -= 1

    rec(0, 0)
    return best


def check_one(samlok, seed, folder):
    rnd = random.Random(seed)
    n, cap, edges = estate(rnd)
    with open(os.path.join(folder, "scenario.yaml"), "w") as f:
        f.write(SCENARIO.format(cap=cap))
    with open(os.path.join(folder, "inv.csv"), "w") as f:
        f.write("id,agency,site,app,env,tier,vcpu,ram_gb,storage_gb,cpu_p95,ram_p95,os,"
                "security_class,legal_tags,ha_group,method\n")
        for v in range(n):
            f.write(f"w{v},A,S,app,prod,2,2,4,100,,,RHEL 9,open,,,\n")
    with open(os.path.join(folder, "flows.csv"), "w") as f:
        f.write("src,dst,mbps,latency_sensitive\n")
        for (a, b), w in edges.items():
            f.write(f"w{a},w{b},{w},true\n")
    out = os.path.join(folder, "plan.json")
    proc = subprocess.run([samlok, "plan", os.path.join(folder, "scenario.yaml"), "--json", out,
                           "--iterations", "20", "--quiet"], capture_output=True, text=True)
    if proc.returncode != 0:
        return [f"seed {seed}: samlok plan exited {proc.returncode}: {proc.stderr.strip()}"]
    plan = json.load(open(out))
    group = {w["id"]: w["group"] for w in plan["workloads"]}
    errors = []
    sizes = {}
    for g in plan["groups"]:
        sizes[g["id"]] = len(g["workloads"])
        if g["over_capacity"]:
            errors.append(f"seed {seed}: group {g['id']} marked over capacity")
        if len(g["workloads"]) > cap:
            errors.append(f"seed {seed}: group {g['id']} holds {len(g['workloads'])} > {cap}")
    crossing = {tuple(sorted((f"w{a}", f"w{b}"))): w for (a, b), w in edges.items()
                if group[f"w{a}"] != group[f"w{b}"]}
    listed = {}
    for c in plan["grouping"]["cut_flows"]:
        key = tuple(sorted((c["src"], c["dst"])))
        listed[key] = c["mbps"]
        if c["src_group"] != group[c["src"]] or c["dst_group"] != group[c["dst"]]:
            errors.append(f"seed {seed}: cut flow {key} names the wrong groups")
    if set(listed) != set(crossing):
        errors.append(f"seed {seed}: cut flows listed {sorted(listed)}, crossing groups "
                      f"{sorted(crossing)}")
    for key, w in crossing.items():
        if key in listed and abs(listed[key] - w) > 1e-9:
            errors.append(f"seed {seed}: cut flow {key} has {listed[key]} Mbit/s, not {w}")
    total = sum(crossing.values())
    if abs(plan["grouping"]["cut_flows_mbps"] - total) > 1e-6:
        errors.append(f"seed {seed}: cut_flows_mbps {plan['grouping']['cut_flows_mbps']}, "
                      f"the flows sum to {total}")
    best = optimum(n, cap, edges)
    if total != best:
        errors.append(f"seed {seed}: {n} workloads, {cap} a window, edges {edges}: samlok cuts "
                      f"{total} Mbit/s, the optimum is {best}")
    if seed == 0:
        errors += check_reports(samlok, folder, plan)
    return errors


def check_reports(samlok, folder, plan):
    """The reports rendered from the plan list the same cut flows: the CSV
    table, the workbook's sheet and the HTML section."""
    errors = []
    flows = plan["grouping"]["cut_flows"]
    if not flows:
        return ["seed 0 cuts nothing: pick a seed that does, to check the reports"]
    proc = subprocess.run([samlok, "report", os.path.join(folder, "plan.json"), "--csv",
                           os.path.join(folder, "csv"), "--html", os.path.join(folder, "r.html"),
                           "--xlsx", os.path.join(folder, "r.xlsx")], capture_output=True)
    if proc.returncode != 0:
        return [f"samlok report exited {proc.returncode}: {proc.stderr.decode()}"]
    with open(os.path.join(folder, "csv", "cut_flows.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    got = [(r["src"], r["dst"], float(r["mbps"])) for r in rows]
    want = [(c["src"], c["dst"], float(c["mbps"])) for c in flows]
    if got != want:
        errors.append(f"cut_flows.csv holds {got}, the plan {want}")
    html = open(os.path.join(folder, "r.html"), encoding="utf-8").read()
    if "Latency-sensitive flows cut" not in html:
        errors.append("the HTML report has no section on the cut flows")
    for c in flows:
        if f">{c['src']}<" not in html or f">{c['dst']}<" not in html:
            errors.append(f"the HTML report does not list the cut flow {c['src']}-{c['dst']}")
    wb = openpyxl.load_workbook(os.path.join(folder, "r.xlsx"), read_only=True)
    if "Cut flows" not in wb.sheetnames:
        errors.append(f"the workbook has no sheet 'Cut flows': {wb.sheetnames}")
    elif wb["Cut flows"].max_row != len(flows) + 1:
        errors.append(f"the workbook's 'Cut flows' has {wb['Cut flows'].max_row - 1} rows, "
                      f"the plan {len(flows)} flows")
    return errors


def main():
    samlok = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    errors = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(count):
            errors += check_one(samlok, seed, tmp)
    for e in errors:
        print(e)
    print(f"{count} estates, {len(errors)} problems")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
