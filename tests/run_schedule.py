#!/usr/bin/env python3
"""Schedule tests that run samlok end to end and verify every schedule with
the independent checker (tests/oracles/check_schedule.py).

  run_schedule.py SAMLOK CASE_DIR
      CASE_DIR holds scenario.yaml (+ its CSVs) and `expect`, lines of:
        window WORKLOAD N            the workload moves in calendar window N
        start WORKLOAD YYYY-MM-DDTHH:MM
        finish YYYY-MM-DD
        agency_finish AGENCY YYYY-MM-DD
        workloads N COUNT            calendar window N moves COUNT workloads
        declared WORKLOAD DISPOSITION  the scenario declares it not to move
        accounted AGENCY INVENTORY MOVED UNMOVABLE DECLARED
        unscheduled WORKLOAD REASON
        binds AGENCY WHAT [GATE]
        exact used|unused
  run_schedule.py SAMLOK --mutations CASES_DIR
      the checker must catch plans broken on purpose
  run_schedule.py SAMLOK --random N [--seed S]
      N random small scenarios; each schedule must pass the checker, and
      where the exact MIP ran, the heuristic's finish must not beat it.
      Prints the gap statistics.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
checker = os.path.join(here, "oracles", "check_schedule.py")


def run_plan(samlok, work):
    proc = subprocess.run([samlok, "plan", "scenario.yaml", "--json", "plan.json", "--quiet"],
                          cwd=work, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"samlok plan failed ({proc.returncode}):\n{proc.stderr}")
    chk = subprocess.run([sys.executable, checker, "scenario.yaml", "plan.json"], cwd=work,
                         capture_output=True, text=True, timeout=300)
    with open(os.path.join(work, "plan.json"), encoding="utf-8") as f:
        plan = json.load(f)
    return plan, chk


def run_case(samlok, case):
    problems = []
    with tempfile.TemporaryDirectory() as work:
        for name in os.listdir(case):
            if name != "expect":
                shutil.copy(os.path.join(case, name), work)
        plan, chk = run_plan(samlok, work)
        if chk.returncode != 0:
            problems.append("checker: " + chk.stdout.strip())
        by_id = {w["id"]: w for w in plan["workloads"]}
        sched = plan["schedule"]
        windows = {w["index"]: w for w in sched["windows"]}
        unsched = {u["workload"]: u["reason"] for u in sched["unscheduled"]}
        agencies = {a["agency"]: a for a in sched["per_agency"]}
        with open(os.path.join(case, "expect"), encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if not parts or parts[0].startswith("#"):
                    continue
                kind = parts[0]
                if kind == "window":
                    got = by_id[parts[1]].get("window")
                    if got != int(parts[2]):
                        problems.append(f"{parts[1]} in window {got}, expected {parts[2]}")
                elif kind == "start":
                    win = by_id[parts[1]].get("window")
                    got = windows[win]["start"] if win is not None else None
                    if got != parts[2]:
                        problems.append(f"{parts[1]} starts {got}, expected {parts[2]}")
                elif kind == "finish":
                    if sched["finish"] != parts[1]:
                        problems.append(f"finish {sched['finish']}, expected {parts[1]}")
                elif kind == "agency_finish":
                    got = agencies[parts[1]]["finish"]
                    if got != parts[2]:
                        problems.append(f"{parts[1]} finishes {got}, expected {parts[2]}")
                elif kind == "workloads":
                    got = windows.get(int(parts[1]), {}).get("workloads", 0)
                    if got != int(parts[2]):
                        problems.append(f"window {parts[1]} moves {got} workloads, "
                                        f"expected {parts[2]}")
                elif kind == "declared":
                    d = {x["workload"]: x["disposition"]
                         for x in plan["accounting"]["declared"]}
                    if d.get(parts[1]) != parts[2]:
                        problems.append(f"{parts[1]} declared {d.get(parts[1])}, "
                                        f"expected {parts[2]}")
                elif kind == "accounted":
                    a = {x["agency"]: x for x in plan["accounting"]["per_agency"]}[parts[1]]
                    got = [a["inventory"], a["moved"], a["unmovable"], a["declared"]]
                    if got != [int(x) for x in parts[2:6]]:
                        problems.append(f"{parts[1]} accounted {got}, expected {parts[2:6]}")
                elif kind == "unscheduled":
                    if unsched.get(parts[1]) != parts[2]:
                        problems.append(f"{parts[1]} unscheduled as {unsched.get(parts[1])}, "
                                        f"expected {parts[2]}")
                elif kind == "binds":
                    a = agencies[parts[1]]
                    got = [a["binds"]] + ([a["binding_gate"]] if len(parts) > 3 else [])
                    if got != parts[2:]:
                        problems.append(f"{parts[1]} bound by {got}, expected {parts[2:]}")
                elif kind == "exact":
                    used = sched["exact"]["used"] or sched["exact"]["proven_optimal"]
                    if (parts[1] == "used") != used:
                        problems.append(f"exact solver {sched['exact']}, expected {parts[1]}")
                else:
                    problems.append(f"unknown expectation: {line.strip()}")
    name = os.path.basename(case)
    if problems:
        print(f"FAIL {name}")
        for p in problems:
            print("  " + p)
        return 1
    print(f"ok {name}: {chk.stdout.strip()}")
    return 0


def random_scenario(rng, work):
    n_agencies = rng.choice([1, 2])
    ags = [f"A{i}" for i in range(n_agencies)]
    lines = ["samlok: 1", "name: random schedule case", "start: 2026-09-01",
             "deadline: 2027-06-30", "horizon_years: 1", "agencies:",
             "  - {id: H, role: host}"]
    for a in ags:
        hours = rng.choice([12, 20, 30, 45])
        lines.append(f"  - id: {a}")
        lines.append("    role: joining")
        lines.append(f"    staff: {{migration_hours_per_week: {hours}}}")
        fr = []
        if rng.random() < 0.6:
            fr.append('{from: "10-01", to: "10-20"}')
        if rng.random() < 0.3:
            fr.append("{month_end_days: 1}")
        if fr:
            lines.append(f"    freeze: [{', '.join(fr)}]")
        lines.append(f"    inventory: inv-{a}.csv")
        lines.append(f"    flows: flows-{a}.csv")
    lines += ["sites:", "  - {id: T, owner: H, role: target, capacity: {racks: 100, kw: 1000}}"]
    for a in ags:
        lines.append(f"  - {{id: S{a}, owner: {a}, role: source}}")
    lines.append("links:")
    for a in ags:
        lines.append(f"  - {{from: S{a}, to: T, gbps: {rng.choice([0.1, 0.2, 1])}, usable_share: 0.5}}")
    lines += ["host_models: [{id: HM, cores: 64, ram_gb: 1024}]",
              "windows:", "  weekly: [{day: friday, start: \"18:00\", hours: 12}]",
              f"  max_critical_groups: {rng.choice([0, 1, 2])}",
              "migration:", "  methods:",
              "    - {id: rehost, effort_hours: {min: 3, likely: 5, max: 9}, effort_hours_per_tb: 2}",
              "    - {id: replatform, effort_hours: 9}"]
    gate_lines = []
    if rng.random() < 0.7:
        gate_lines.append("  - {id: G1, kind: security, lead_time_months: "
                          f"{rng.choice([0.5, 1, 1.5])}, applies_to: {{tiers: [1]}}}}")
    if rng.random() < 0.5:
        gate_lines.append("  - {id: HW, kind: hardware, lead_time_months: 0.25, "
                          "applies_to: {all: true}}")
    if gate_lines:
        lines += ["gates:"] + gate_lines
    with open(os.path.join(work, "scenario.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    for a in ags:
        n = rng.randint(3, 12)
        ids = [f"{a.lower()}w{i}" for i in range(n)]
        with open(os.path.join(work, f"inv-{a}.csv"), "w", encoding="utf-8") as f:
            f.write("id,agency,site,tier,vcpu,ram_gb,storage_gb,method\n")
            for i in ids:
                f.write(f"{i},{a},S{a},{rng.randint(1, 4)},2,4,{rng.choice([50, 200, 400, 800])},"
                        f"{rng.choice(['rehost', 'rehost', 'replatform'])}\n")
        with open(os.path.join(work, f"flows-{a}.csv"), "w", encoding="utf-8") as f:
            f.write("src,dst,mbps\n")
            for _ in range(n):
                x, y = rng.sample(ids, 2)
                f.write(f"{x},{y},{rng.choice([1, 5, 20])}\n")
    # a third of the cases: small hosts (three workloads each, one per
    # rack) and a target short of racks, so target capacity binds
    if rng.random() < 0.3:
        path = os.path.join(work, "scenario.yaml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("capacity: {racks: 100, kw: 1000}",
                            f"capacity: {{racks: {rng.choice([2, 3, 4, 6])}, kw: 1000}}")
        text = text.replace("host_models: [{id: HM, cores: 64, ram_gb: 1024}]",
                            "host_models: [{id: HM, cores: 4, ram_gb: 16, rack_units: 42}]\n"
                            "pools: {isolation: none}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def run_random(samlok, n, seed):
    rng = random.Random(seed)
    failures = 0
    gaps = []
    for k in range(n):
        with tempfile.TemporaryDirectory() as work:
            random_scenario(rng, work)
            plan, chk = run_plan(samlok, work)
            ex = plan["schedule"]["exact"]
            if chk.returncode != 0:
                failures += 1
                print(f"FAIL random case {k}: {chk.stdout.strip()}")
                with open(os.path.join(work, "scenario.yaml"), encoding="utf-8") as f:
                    print(f.read())
            if ex["heuristic_gap_windows"] < 0:
                failures += 1
                print(f"FAIL random case {k}: heuristic finish beats the exact optimum")
            if ex["proven_optimal"]:
                gaps.append(ex["heuristic_gap_windows"])
    if gaps:
        exact_hits = sum(1 for g in gaps if g == 0)
        print(f"exact MIP proved optimal in {len(gaps)} of {n} cases; heuristic finish equal "
              f"in {exact_hits}, mean gap {sum(gaps) / len(gaps):.3f} windows, "
              f"max {max(gaps):.0f}")
    print(f"{n - failures} of {n} random schedules pass the checker")
    return 1 if failures else 0


def run_mutations(samlok, cases_dir):
    """The checker must catch a schedule that breaks a rule: take correct
    plans, move one workload where it may not go, expect a complaint."""
    mutations = [("freeze-pushes", "w1", 0, "freeze"), ("gate-delays", "crit", 0, "before gate"),
                 ("staff-and-caps", "a2", 0, "staff hours"),
                 ("bandwidth-splits", "big2", 0, "TB of"),
                 # w5 was left out for room; in window 6 staff and gate allow it
                 ("capacity-binds", "w5", 6, "target capacity"),
                 # the one move of the week after, back into the window the
                 # freeze clipped to 54 hours of link time (60 would take it)
                 ("freeze-clips", None, 0, "TB of"),
                 # a declared workload moved: it may not be scheduled
                 ("stays-accounted", "w1", 0, "declared not to move")]
    failures = 0
    for case, workload, window, phrase in mutations:
        with tempfile.TemporaryDirectory() as work:
            src = os.path.join(cases_dir, case)
            for name in os.listdir(src):
                if name != "expect":
                    shutil.copy(os.path.join(src, name), work)
            plan, chk = run_plan(samlok, work)
            if chk.returncode != 0:
                failures += 1
                print(f"FAIL {case}: the unmutated plan fails the checker")
                continue
            if workload is None:  # the first workload of a later window
                workload = min((w["window"], w["id"]) for w in plan["workloads"]
                               if (w.get("window") or 0) > window)[1]
            for w in plan["workloads"]:
                if w["id"] == workload:
                    w["window"] = window
            # a workload taken from the unscheduled list breaks only the rule
            sched = plan["schedule"]
            sched["unscheduled"] = [u for u in sched["unscheduled"] if u["workload"] != workload]
            with open(os.path.join(work, "plan.json"), "w", encoding="utf-8") as f:
                json.dump(plan, f)
            chk = subprocess.run([sys.executable, checker, "scenario.yaml", "plan.json"],
                                 cwd=work, capture_output=True, text=True, timeout=60)
            if chk.returncode == 0 or phrase not in chk.stdout:
                failures += 1
                print(f"FAIL {case}: moving {workload} to window {window} not caught "
                      f"as '{phrase}':\n{chk.stdout}")
            else:
                print(f"ok {case}: checker caught {workload} in window {window}")
    return 1 if failures else 0


def main():
    samlok = os.path.abspath(sys.argv[1])
    if sys.argv[2] == "--mutations":
        return run_mutations(samlok, os.path.abspath(sys.argv[3]))
    if sys.argv[2] == "--random":
        n = int(sys.argv[3])
        seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1
        return run_random(samlok, n, seed)
    return run_case(samlok, os.path.abspath(sys.argv[2]))


if __name__ == "__main__":
    sys.exit(main())
