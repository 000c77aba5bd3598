#!/usr/bin/env python3
"""Metamorphic properties of whole plans (issue 14), over several
generated scenarios: the built-in demo's generator at two seeds, the
benchmark estate generator (bench/gen_estate.py) at two sizes, and a
small hand-written scenario. Each property changes one input in the
direction that can only help (or, for energy, that can only make staying
dearer) and checks that no figure moves the wrong way:

  deadline    a later deadline never worsens an agency's verdict nor
              lowers its P(on time)
  hours       more staff hours never worsen a verdict, never make the
              planned finish later, never lower P(on time)
  windows     a wider weekly window, widened at its start, never makes the
              planned finish later nor worsens a verdict; widened at its
              end, the window of the last move never starts later and the
              finish moves by at most the hours added
  budget      a higher budget never worsens a verdict
  gates       every gate passing for sure blocks nothing and never worsens
              a verdict
  energy      dearer energy at a source hall raises its agency's saving
              (in the plan strictly, in the Monte Carlo's median never less)
  agencies    removing an agency (its inventory) never raises the hosts
              at the target, under the policy or any looser one

Every run uses the same seed, so the Monte Carlo draws the same numbers
(common random numbers) and a property compares like with like.

  run_properties.py SAMLOK [--iterations N] [--only NAME]

Exit 0 when every property holds; otherwise each violation is printed
with the scenario, the change and the figures.
"""
import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
GEN_ESTATE = os.path.join(HERE, "..", "..", "bench", "gen_estate.py")
ORDER = {"go": 0, "conditional": 1, "no_go": 2}

SMALL = """samlok: 1
name: small properties
start: 2026-09-01
deadline: 2027-06-30
horizon_years: 6
seed: 11
security_classes: [open, secret]
agencies:
  - {id: H, role: host}
  - id: A
    role: joining
    staff: {ops_fte: 6, fte_after: 2, migration_hours_per_week: {min: 20, likely: 30, max: 40},
            cost_per_hour: 700}
    budget: 60000
    freeze: [{from: "12-15", to: "01-10"}, {month_end_days: 2}]
    inventory: a.csv
  - id: B
    role: joining
    staff: {ops_fte: 3, fte_after: 1, migration_hours_per_week: 20, cost_per_hour: 800}
    budget: 30000
    inventory: b.csv
sites:
  - {id: T, owner: H, role: target, capacity: {racks: 20, kw: 200}, pue: 1.2,
     energy_price: 0.45, security_classes: [open]}
  - {id: SA, owner: A, role: source, rent_per_year: 400000, it_kw: 20, pue: 1.6,
     energy_price: {min: 0.4, likely: 0.6, max: 1.0}}
  - {id: SB, owner: B, role: source, kind: hosting, rent_per_year: 300000,
     energy_price: 0.6, contract_end: 2027-03-31, extension_cost_per_month: 30000}
links:
  - {from: SA, to: T, gbps: 1, usable_share: 0.5}
  - {from: SB, to: T, gbps: 1, usable_share: 0.5}
host_models: [{id: HM, cores: 32, ram_gb: 512, price: 200000, watts: 500}]
pools: {isolation: [agency, security_class]}
windows:
  weekly: [{day: friday, start: "18:00", hours: 36}]
  max_critical_groups: 2
migration:
  methods: [{id: rehost, effort_hours: {min: 3, likely: 5, max: 9}, failure_rate: 0.1}]
gates:
  - {id: SEC, kind: security, lead_time_months: {min: 1, likely: 2, max: 4},
     pass_probability: 0.8, applies_to: {security_classes: [secret]}}
  - {id: HW, kind: hardware, lead_time_months: {min: 1, likely: 2, max: 3},
     applies_to: {all: true}}
verdict: {max_blocked_share: 0.05}
"""


def small_scenario(folder):
    with open(os.path.join(folder, "scenario.yaml"), "w", encoding="utf-8") as f:
        f.write(SMALL)
    for ag, site, n in (("A", "SA", 60), ("B", "SB", 25)):
        with open(os.path.join(folder, f"{ag.lower()}.csv"), "w", encoding="utf-8") as f:
            f.write("id,agency,site,app,tier,vcpu,ram_gb,storage_gb,security_class\n")
            for i in range(n):
                f.write(f"{ag.lower()}{i},{ag},{site},app{i // 4},{1 + i % 4},{2 + i % 6},"
                        f"{4 + 4 * (i % 5)},{50 + 37 * i % 400},"
                        f"{'secret' if i % 9 == 0 else 'open'}\n")


def scenarios(samlok, work):
    """(name, folder) of each generated scenario."""
    out = []
    for seed in (2014, 7):
        d = os.path.join(work, f"demo-{seed}")
        subprocess.run([samlok, "demo", "--write-scenario", d, "--seed", str(seed)], check=True,
                       capture_output=True)
        out.append((f"demo seed {seed}", d))
    for n, agencies, seed in ((300, 2, 3), (400, 3, 5)):
        d = os.path.join(work, f"estate-{n}")
        subprocess.run([sys.executable, GEN_ESTATE, d, "--workloads", str(n), "--flows",
                        str(3 * n), "--agencies", str(agencies), "--seed", str(seed)],
                       check=True, capture_output=True)
        out.append((f"estate {n} workloads", d))
    d = os.path.join(work, "small")
    os.makedirs(d)
    small_scenario(d)
    out.append(("small", d))
    return out


class Runner:
    def __init__(self, samlok, iterations):
        self.samlok = samlok
        self.iterations = iterations
        self.runs = 0

    def plan(self, folder, sets):
        args = [self.samlok, "plan", "scenario.yaml", "--json", "out.json", "--quiet",
                "--iterations", str(self.iterations), "--threads", "2", "--seed", "5"]
        for s in sets:
            args += ["--set", s]
        proc = subprocess.run(args, cwd=folder, capture_output=True, text=True, timeout=600)
        self.runs += 1
        if proc.returncode != 0:
            raise RuntimeError(f"samlok plan {' '.join(sets)} failed:\n{proc.stderr}")
        with open(os.path.join(folder, "out.json"), encoding="utf-8") as f:
            return json.load(f)


def by_agency(arr, key="agency"):
    return {x[key]: x for x in arr or []}


def verdicts(doc):
    return {v["agency"]: v["verdict"] for v in doc.get("verdicts", []) if v["verdict"] in ORDER}


def day(s):
    """A finish as a sortable number: never is later than any day."""
    return float("inf") if s is None else dt.date.fromisoformat(s).toordinal()


def scaled(v, k):
    if isinstance(v, dict):
        return "{" + ", ".join(f"{x}: {float(y) * k:g}" if x in ("min", "likely", "max", "median",
                                                               "p90") else f"{x}: {y}"
                               for x, y in v.items()) + "}"
    return f"{float(v) * k:g}"


class Checks:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failures.append(what)


def never_worse(ck, where, docs, labels):
    """Along docs (each change helping more than the last): verdicts never
    worsen, P(on time) never falls."""
    for k in range(1, len(docs)):
        a, b = docs[k - 1], docs[k]
        va, vb = verdicts(a), verdicts(b)
        for ag in va:
            ck.check(ORDER[vb.get(ag, "no_go")] <= ORDER[va[ag]],
                     f"{where}: {labels[k - 1]} -> {labels[k]}: {ag} verdict {va[ag]} -> "
                     f"{vb.get(ag)}")
        sa, sb = by_agency(a["simulation"]["per_agency"]), by_agency(b["simulation"]["per_agency"])
        for ag in va:
            pa, pb = sa[ag]["p_on_time"], sb[ag]["p_on_time"]
            ck.check(pb >= pa - 1e-12, f"{where}: {labels[k - 1]} -> {labels[k]}: {ag} "
                                       f"P(on time) {pa:.4f} -> {pb:.4f}")


def finish_never_later(ck, where, docs, labels, agencies, slack_days=0):
    for k in range(1, len(docs)):
        pa = by_agency(docs[k - 1]["schedule"]["per_agency"])
        pb = by_agency(docs[k]["schedule"]["per_agency"])
        for ag in agencies:
            fa, fb = pa[ag]["finish"], pb[ag]["finish"]
            ck.check(day(fb) <= day(fa) + slack_days,
                     f"{where}: {labels[k - 1]} -> {labels[k]}: {ag} planned finish {fa} -> {fb}")


def last_window_start(doc, agency):
    starts = {w["index"]: w["start"] for w in doc["schedule"]["windows"]}
    got = [starts[w["window"]] for w in doc["workloads"]
           if w["agency"] == agency and w.get("window") is not None]
    return max(got) if got else None


def prop_deadline(run, ck, name, folder, scn, base):
    d0 = dt.date.fromisoformat(str(scn["deadline"]))
    later = [d0.replace(year=d0.year + k) for k in (1, 3)]
    docs = [base] + [run.plan(folder, [f"deadline={d}"]) for d in later]
    never_worse(ck, f"{name}, later deadline", docs, [str(d0)] + [str(d) for d in later])


def prop_hours(run, ck, name, folder, scn, base, joining):
    for a in scn["agencies"]:
        if a["id"] not in joining:
            continue
        h = (a.get("staff") or {}).get("migration_hours_per_week")
        if h is None:
            continue
        docs, labels = [base], ["as given"]
        for k in (1.5, 3):
            docs.append(run.plan(folder, [f"agencies.{a['id']}.staff.migration_hours_per_week="
                                          f"{scaled(h, k)}"]))
            labels.append(f"{a['id']} hours x{k}")
        never_worse(ck, f"{name}, more staff hours", docs, labels)
        finish_never_later(ck, f"{name}, more staff hours", docs, labels, [a["id"]])


def window_rule(scn):
    rules = (scn.get("windows") or {}).get("weekly")
    return dict(rules[0]) if rules else {"day": "friday", "start": "18:00", "hours": 60}


DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def minutes(v):
    if isinstance(v, int):  # YAML 1.1 reads 18:00 as sexagesimal 1080
        return v
    h, m = str(v).split(":")
    return int(h) * 60 + int(m)


def rule_text(day_index, start_min, hours):
    return (f"windows.weekly=[{{day: {DAYS[day_index % 7]}, "
            f"start: \"{start_min // 60:02d}:{start_min % 60:02d}\", hours: {hours:g}}}]")


def prop_windows(run, ck, name, folder, scn, base, joining):
    r = window_rule(scn)
    if len((scn.get("windows") or {}).get("weekly") or [r]) != 1:
        return
    d, s, h = DAYS.index(r["day"]), minutes(r["start"]), float(r["hours"])
    # widened at the start: the same end, more hours before it
    docs, labels = [base], [f"{h:g} h"]
    for extra in (12, 36):
        start = s - extra * 60
        docs.append(run.plan(folder, [rule_text(d + start // 1440, start % 1440, h + extra)]))
        labels.append(f"{h + extra:g} h, earlier start")
    never_worse(ck, f"{name}, wider window", docs, labels)
    finish_never_later(ck, f"{name}, wider window", docs, labels, joining)
    # widened at the end: the last move's window never starts later, and
    # the finish moves by at most the hours added
    extra = 24
    wide = run.plan(folder, [rule_text(d, s, h + extra)])
    for ag in joining:
        a, b = last_window_start(base, ag), last_window_start(wide, ag)
        if a is not None:
            ck.check(b is not None and b <= a, f"{name}, window {h:g} -> {h + extra:g} h at its "
                                               f"end: {ag}'s last move's window starts {a} -> {b}")
    finish_never_later(ck, f"{name}, window widened at its end", [base, wide],
                       [f"{h:g} h", f"{h + extra:g} h"], joining, slack_days=extra / 24 + 1)
    never_worse(ck, f"{name}, window widened at its end", [base, wide],
                [f"{h:g} h", f"{h + extra:g} h"])


def prop_budget(run, ck, name, folder, scn, base, joining):
    sets = [f"agencies.{a['id']}.budget={float(a['budget']) * 10:g}" for a in scn["agencies"]
            if a["id"] in joining and a.get("budget")]
    if sets:
        never_worse(ck, f"{name}, higher budget", [base, run.plan(folder, sets)],
                    ["as given", "budgets x10"])


def prop_gates(run, ck, name, folder, scn, base):
    sets = [f"gates.{g['id']}.pass_probability=1" for g in scn.get("gates") or []]
    if not sets:
        return
    doc = run.plan(folder, sets)
    for o in doc["simulation"]["per_agency"]:
        ck.check(o["blocked_share"] == 0 and o["p_blocked"] == 0,
                 f"{name}, every gate at probability 1: {o['agency']} blocked share "
                 f"{o['blocked_share']}, P(blocked) {o['p_blocked']}")
    for v in doc.get("verdicts", []):
        codes = {r["code"] for r in v.get("reasons", [])}
        ck.check(not codes & {"gate_may_fail", "blocked_share_high"},
                 f"{name}, every gate at probability 1: {v['agency']} still has {codes}")
    never_worse(ck, f"{name}, every gate passes", [base, doc], ["as given", "gates sure"])


def prop_energy(run, ck, name, folder, scn, base, joining):
    for s in scn["sites"]:
        if s["role"] != "source" or s["owner"] not in joining:
            continue
        price = s.get("energy_price", 0.5)
        doc = run.plan(folder, [f"sites.{s['id']}.energy_price={scaled(price, 1.5)}"])
        a = by_agency(base["cost"]["per_agency"])[s["owner"]]
        b = by_agency(doc["cost"]["per_agency"])[s["owner"]]
        ck.check(b["npv_saving"] > a["npv_saving"],
                 f"{name}, energy at {s['id']} x1.5: {s['owner']}'s saving {a['npv_saving']:.0f} "
                 f"-> {b['npv_saving']:.0f}")
        ma, mb = a["monte_carlo"]["npv_saving_p50"], b["monte_carlo"]["npv_saving_p50"]
        ck.check(mb >= ma, f"{name}, energy at {s['id']} x1.5: {s['owner']}'s median saving "
                           f"{ma:.0f} -> {mb:.0f}")


def prop_agencies(run, ck, name, folder, scn, base, joining):
    if len(joining) < 2:
        return
    hosts = [s["hosts"] for s in base["isolation"]["steps"]]
    for ag in joining:
        doc = run.plan(folder, [f"agencies.{ag}.inventory=[]", f"agencies.{ag}.flows=[]"])
        got = [s["hosts"] for s in doc["isolation"]["steps"]]
        for k, (a, b) in enumerate(zip(hosts, got)):
            ck.check(b <= a, f"{name}, without {ag}: hosts under "
                             f"{base['isolation']['steps'][k]['isolation']} {a} -> {b}")


PROPERTIES = {"deadline": prop_deadline, "hours": prop_hours, "windows": prop_windows,
              "budget": prop_budget, "gates": prop_gates, "energy": prop_energy,
              "agencies": prop_agencies}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("samlok")
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--only", choices=sorted(PROPERTIES))
    a = ap.parse_args()
    run, ck = Runner(os.path.abspath(a.samlok), a.iterations), Checks()
    with tempfile.TemporaryDirectory() as work:
        for name, folder in scenarios(run.samlok, work):
            with open(os.path.join(folder, "scenario.yaml"), encoding="utf-8") as f:
                scn = yaml.safe_load(f)
            joining = [x["id"] for x in scn["agencies"] if x["role"] == "joining"]
            base = run.plan(folder, [])
            for prop, fn in PROPERTIES.items():
                if a.only and prop != a.only:
                    continue
                args = (run, ck, name, folder, scn, base)
                if prop in ("deadline", "gates"):
                    fn(*args)
                else:
                    fn(*args, joining)
            shutil.rmtree(folder, ignore_errors=True)
    print(f"{ck.passed} checks over {run.runs} plans passed, {len(ck.failures)} failed")
    for f in ck.failures:
        print("  FAIL " + f)
    return 1 if ck.failures else 0


if __name__ == "__main__":
    sys.exit(main())
