#!/usr/bin/env python3
"""Generates a synthetic estate for benchmarks: a scenario with a host and
K joining agencies, N workloads in applications of web/app/db tiers plus
shared services, and M flows (within applications, between them, to the
shared services). Deterministic for a seed.

  gen_estate.py OUT_DIR --workloads N --flows M [--agencies K] [--seed S]
"""
import argparse
import os
import random


INVENTORY_HEADER = ("id,agency,site,app,env,tier,vcpu,ram_gb,storage_gb,cpu_p95,ram_p95,os,"
                    "security_class,legal_tags,ha_group,method\n")
OSES = ["Microsoft Windows Server 2019", "Red Hat Enterprise Linux 8",
        "Microsoft Windows Server 2012 R2", "CentOS 7"]


def workload_row(rng, wid, agency, app, tier, cls):
    """One inventory row: a random size, utilisation, OS and method; the
    application is its HA group."""
    vcpu = rng.choice([2, 4, 4, 8, 16])
    return (f"{wid},{agency},{agency}-HALL,{app},prod,{tier},{vcpu},{vcpu * rng.choice([2, 4, 8])},"
            f"{rng.randint(50, 2000)},{rng.uniform(3, 80):.1f},{rng.uniform(30, 95):.1f},"
            f"{rng.choice(OSES)},{cls},,{app}-ha,"
            f"{'replatform' if rng.random() < 0.08 else 'rehost'}\n")


def write_scenario(out, ags, hours_of, seed, horizon_years=10):
    """Writes OUT/scenario.yaml: a host agency, the joining agencies `ags`
    (each with hours_of[a] migration hours a week, its own hall, inventory
    a.csv and flows a-flows.csv), the target site, links, one host model,
    weekly windows, two migration methods and two gates."""
    lines = [
        "samlok: 1", "name: synthetic estate", "start: 2026-09-01", "deadline: 2028-12-31",
        f"horizon_years: {horizon_years}", f"seed: {seed}",
        "security_classes: [open, internal, classified]",
        'unsupported_os: ["Windows Server 2012", "CentOS 7"]',
        "agencies:", "  - {id: HOST, role: host, staff: {migration_hours_per_week: 100}}"]
    for a in ags:
        hours = hours_of[a]
        lines += [f"  - id: {a}", "    role: joining",
                  f"    staff: {{migration_hours_per_week: {{min: {hours * 0.7:.0f}, likely: {hours}, "
                  f"max: {hours * 1.2:.0f}}}, cost_per_hour: 850, "
                  "decline_share: {min: 0.3, likely: 0.5, max: 0.7}}",
                  '    freeze: [{from: "03-01", to: "05-15"}, {from: "12-15", to: "01-10"}]',
                  f"    inventory: {a.lower()}.csv", f"    flows: {a.lower()}-flows.csv"]
    lines += ["sites:",
              "  - {id: TARGET, owner: HOST, role: target, capacity: {racks: 5000, kw: 50000}, "
              "pue: 1.25, energy_price: {min: 0.3, likely: 0.45, max: 0.9}, energy_tax: 0.392}"]
    for a in ags:
        lines.append(f"  - {{id: {a}-HALL, owner: {a}, role: source, rent_per_year: 5000000, "
                     "energy_price: {min: 0.4, likely: 0.59, max: 1.2}, energy_tax: 0.392}")
    lines.append("links:")
    for a in ags:
        lines.append(f"  - {{from: {a}-HALL, to: TARGET, gbps: 40, usable_share: 0.5, "
                     "rtt_ms: {min: 5, likely: 6, max: 8}}")
    lines += ["host_models:",
              "  - {id: H64, cores: 64, threads_per_core: 2, ram_gb: 1024, watts: 750, price: 320000}",
              "pools: {isolation: [agency, security_class], cpu_overcommit: 3, sizing: performance}",
              "windows:", '  weekly: [{day: friday, start: "18:00", hours: 60}]',
              "  max_critical_groups: 3",
              "migration:", "  methods:",
              "    - {id: rehost, effort_hours: {min: 4, likely: 6, max: 8}, "
              "failure_rate: {min: 0.05, likely: 0.1, max: 0.2}}",
              "    - {id: replatform, effort_hours: {min: 14, likely: 20, max: 32}, "
              "failure_rate: {min: 0.1, likely: 0.18, max: 0.3}}",
              "gates:",
              "  - {id: SEC, kind: security, lead_time_months: {min: 3, likely: 5, max: 9}, "
              "pass_probability: 0.95, applies_to: {security_classes: [classified]}}",
              "  - {id: HW, kind: hardware, lead_time_months: {min: 3, likely: 4, max: 7}, "
              "applies_to: {all: true}}"]
    with open(os.path.join(out, "scenario.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--workloads", type=int, default=10000)
    ap.add_argument("--flows", type=int, default=100000)
    ap.add_argument("--agencies", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    ags = [f"AG{i}" for i in range(args.agencies)]
    per_agency = args.workloads // len(ags)
    flows_per_agency = args.flows // len(ags)
    hours = max(100, per_agency // 4)
    write_scenario(args.out, ags, {a: hours for a in ags}, args.seed)
    for a in ags:
        pre = a.lower()
        ids, apps = [], []
        with open(os.path.join(args.out, f"{pre}.csv"), "w") as f:
            f.write(INVENTORY_HEADER)
            n = 0
            app_no = 0
            while n < per_agency:
                app = f"{pre}-app{app_no}"
                size = min(rng.randint(2, 12), per_agency - n)
                tier = rng.randint(1, 4)
                cls = "classified" if rng.random() < 0.05 else "internal"
                members = []
                for k in range(size):
                    wid = f"{app}-s{k}"
                    f.write(workload_row(rng, wid, a, app, tier, cls))
                    members.append(wid)
                ids += members
                apps.append((app, members))
                n += size
                app_no += 1
        with open(os.path.join(args.out, f"{pre}-flows.csv"), "w") as f:
            f.write("src,dst,mbps,latency_sensitive\n")
            for _ in range(flows_per_agency):
                r = rng.random()
                if r < 0.6:
                    app, members = apps[rng.randrange(len(apps))]
                    if len(members) < 2:
                        continue
                    s, d = rng.sample(members, 2)
                    f.write(f"{s},{d},{rng.uniform(1, 200):.2f},{'true' if rng.random() < 0.3 else 'false'}\n")
                else:
                    s = ids[rng.randrange(len(ids))]
                    d = ids[rng.randrange(len(ids))] if r < 0.9 else apps[rng.randrange(len(apps))][0]
                    if s != d:
                        f.write(f"{s},{d},{rng.uniform(0.01, 5):.3f},false\n")


if __name__ == "__main__":
    main()
