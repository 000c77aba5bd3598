#!/usr/bin/env python3
"""Property test of placement and schedule: random scenarios (fixed seeds)
and the built-in demo go through `samlok plan --json`, and every plan must
pass both independent checkers: check_packing.py (capacity, isolation,
anti-affinity on hosts and racks, counts) and check_schedule.py (freezes,
gates, staff hours, bandwidth, caps, nothing dropped). Also: not_ready
workloads are never placed, every other joining workload with a size is.

  run_plan_checks.py SAMLOK [N]     N random scenarios (default 25)
"""
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_packing  # noqa: E402

CLASSES = ["open", "internal", "secret"]


def scenario(rnd, folder):
    n_ag = rnd.randint(1, 3)
    iso = rnd.choice(["[]", "[agency]", "[security_class]", "[agency, security_class]",
                      "[env]", "[agency, env]"])
    models = []
    for k in range(rnd.randint(1, 3)):
        cores = rnd.choice([8, 16, 32, 64])
        models.append(f"  - {{id: M{k}, cores: {cores}, threads_per_core: {rnd.choice([1, 2])}, "
                      f"ram_gb: {rnd.choice([64, 128, 256, 512])}, storage_gb: "
                      f"{rnd.choice([2000, 8000])}, watts: {rnd.choice([300, 500, 800])}, price: "
                      f"{rnd.randint(50, 400) * 1000}, rack_units: {rnd.choice([1, 2])}}}")
    lines = ["samlok: 1", "name: random placement", "start: 2026-09-01",
             "deadline: 2028-12-31", f"security_classes: [{', '.join(CLASSES)}]",
             "unsupported_os: [CentOS 6]",
             "agencies:", "  - {id: HOST, role: host}"]
    for a in range(n_ag):
        lines.append(f"  - {{id: A{a}, role: joining, inventory: a{a}.csv}}")
    lines += ["sites:",
              f"  - {{id: T, owner: HOST, role: target, capacity: {{racks: 20, kw: 200}}, "
              f"rack_kw: {rnd.choice([4, 8, 12])}, security_classes: [open, internal]}}"]
    lines += [f"  - {{id: S{a}, owner: A{a}, role: source}}" for a in range(n_ag)]
    lines += ["host_models:"] + models
    lines += ["pools:", f"  isolation: {iso}",
              f"  cpu_overcommit: {rnd.choice([1, 2, 4])}",
              f"  ram_overcommit: {rnd.choice([1, 1.2])}",
              f"  max_utilisation: {rnd.choice([0.6, 0.8, 1])}",
              f"  ha_spare_hosts: {rnd.randint(0, 2)}",
              f"  anti_affinity: {rnd.choice(['host', 'rack'])}",
              f"  storage: {rnd.choice(['shared', 'local'])}",
              f"  power: {rnd.choice(['true', 'false'])}",
              f"  sizing: {rnd.choice(['as_is', 'performance'])}"]
    lines += ["gates:", "  - {id: SEC, kind: security, lead_time_months: 4,",
              "     applies_to: {security_classes: [secret]}}",
              "  - {id: HW, kind: hardware, lead_time_months: 3, applies_to: {all: true}}"]
    with open(os.path.join(folder, "scenario.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    for a in range(n_ag):
        rows = ["id,agency,site,app,env,tier,vcpu,ram_gb,storage_gb,cpu_p95,ram_p95,os,"
                "security_class,legal_tags,ha_group,method"]
        for i in range(rnd.randint(1, 120)):
            cpu = "" if rnd.random() < 0.2 else str(rnd.randint(1, 100))
            ram = "" if rnd.random() < 0.2 else str(rnd.randint(1, 100))
            ha = f"g{rnd.randint(0, 8)}" if rnd.random() < 0.3 else ""
            rows.append(f"a{a}w{i},A{a},S{a},app,{rnd.choice(['prod', 'test'])},2,"
                        f"{rnd.choice([1, 2, 4, 8, 16, 48])},{rnd.choice([1, 4, 16, 64, 200])},"
                        f"{rnd.choice([10, 100, 1000])},{cpu},{ram},"
                        f"{rnd.choice(['RHEL 9', 'CentOS 6', ''])},{rnd.choice(CLASSES)},,{ha},")
        with open(os.path.join(folder, f"a{a}.csv"), "w") as f:
            f.write("\n".join(rows) + "\n")


def check(samlok, folder, label):
    p = subprocess.run([samlok, "plan", "scenario.yaml", "--json", "plan.json", "-q"], cwd=folder,
                       capture_output=True, env=dict(os.environ, LC_ALL="C"))
    if p.returncode != 0:
        return [f"{label}: exit {p.returncode}: {p.stderr.decode()[:400]}"]
    with open(os.path.join(folder, "plan.json")) as f:
        doc = json.load(f)
    problems = [f"{label}: {x}" for x in check_packing.check_plan(doc)]
    sched = subprocess.run([sys.executable, os.path.join(HERE, "check_schedule.py"),
                            "scenario.yaml", "plan.json"], cwd=folder, capture_output=True,
                           text=True)
    if sched.returncode != 0:
        problems.append(f"{label}: schedule: {sched.stdout.strip()[:600]}")
    roles = {a["id"]: a["role"] for a in doc["scenario"]["agencies"]}
    for w in doc["workloads"]:
        placed = w.get("host") is not None
        want = roles[w["agency"]] == "joining" and w["readiness"] != "not_ready"
        if placed != want:
            problems.append(f"{label}: workload {w['id']} ({w['readiness']}) placed={placed}")
    return problems


def main(argv):
    samlok = os.path.abspath(argv[0])
    n = int(argv[1]) if len(argv) > 1 else 25
    problems = []
    for seed in range(n):
        with tempfile.TemporaryDirectory() as tmp:
            scenario(random.Random(seed), tmp)
            problems += check(samlok, tmp, f"seed {seed}")
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run([samlok, "demo", "--write-scenario", os.path.join(tmp, "d")],
                           capture_output=True)
        if p.returncode == 0:
            problems += check(samlok, os.path.join(tmp, "d"), "demo")
        else:
            problems.append("demo: could not write the scenario")
    for p in problems[:50]:
        print(p)
    print(f"{n + 1} plans checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
