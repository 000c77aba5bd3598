#!/usr/bin/env python3
"""The plan without its no-go agencies, checked by another route.

samlok re-runs a plan with the no-go agencies' workloads left out (the
agencies stay in the model with nothing to move) and reports what the
others then pay and save (`without_no_go` in the plan document). This
checker shares no code with src/: it takes the demo's scenario, deletes
those agencies from the YAML outright (their sites, links, gates that
name only them, risks, one-offs, adjustables), plans that scenario, and
compares. Fees, the plan's own saving and the platform's cost are
deterministic and must agree to rounding; the expected saving is a Monte
Carlo mean, and the two runs draw different numbers (deleting a gate or an
agency renumbers the draws), so it must agree within its noise.

  check_without_no_go.py SAMLOK [ITERATIONS]
"""
import json
import math
import os
import subprocess
import sys
import tempfile

import yaml


def run(samlok, args, cwd):
    env = dict(os.environ, LC_ALL="C")
    p = subprocess.run([samlok] + args, cwd=cwd, env=env, capture_output=True, timeout=600)
    if p.returncode != 0:
        raise SystemExit(f"samlok {' '.join(args)}: exit {p.returncode}\n"
                         f"{p.stderr.decode(errors='replace')[:2000]}")
    return p


def remove_agencies(path, gone):
    with open(path, encoding="utf-8") as f:
        d = yaml.safe_load(f)
    d["agencies"] = [a for a in d["agencies"] if a["id"] not in gone]
    sites = {s["id"] for s in d.get("sites", []) if s["owner"] in gone}
    d["sites"] = [s for s in d["sites"] if s["id"] not in sites]
    d["links"] = [x for x in d.get("links", []) if x["from"] not in sites and x["to"] not in sites]
    gates = []
    for g in d.get("gates", []):
        names = (g.get("applies_to") or {}).get("agencies")
        if names is not None:
            names = [x for x in names if x not in gone]
            if not names:
                continue  # it held only their workloads
            g["applies_to"]["agencies"] = names
        gates.append(g)
    d["gates"] = gates
    d["risks"] = [r for r in d.get("risks", []) if r.get("agency") not in gone]
    cost = d.get("cost") or {}
    if "one_off" in cost:
        cost["one_off"] = [o for o in cost["one_off"] if o.get("agency") not in gone]
    d["adjustable"] = [a for a in d.get("adjustable", [])
                       if not any(f"agencies.{x}." in a["path"] for x in gone)]
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(d, f, sort_keys=False)


def close(a, b, rel):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-6)


def main():
    samlok = os.path.abspath(sys.argv[1])
    iterations = sys.argv[2] if len(sys.argv) > 2 else "2000"
    fails = []
    with tempfile.TemporaryDirectory() as work:
        run(samlok, ["demo", "--write-scenario", "scn"], work)
        run(samlok, ["plan", "scn/scenario.yaml", "-q", "--iterations", iterations,
                     "--json", "with.json"], work)
        with open(os.path.join(work, "with.json"), encoding="utf-8") as f:
            doc = json.load(f)
        w = doc.get("without_no_go")
        if not w or not w.get("left_out"):
            raise SystemExit("the demo has no no-go agency: nothing to check")
        gone = set(w["left_out"])
        remove_agencies(os.path.join(work, "scn", "scenario.yaml"), gone)
        run(samlok, ["plan", "scn/scenario.yaml", "-q", "--iterations", iterations,
                     "--json", "without.json"], work)
        with open(os.path.join(work, "without.json"), encoding="utf-8") as f:
            alone = json.load(f)
    fees = {c["agency"]: c for c in alone["cost"]["chargeback"]["agencies"]}
    costs = {c["agency"]: c for c in alone["cost"]["per_agency"]}
    verdicts = {v["agency"]: v["verdict"] for v in alone["verdicts"]}
    n = int(iterations)
    for a in w["agencies"]:
        ag = a["agency"]
        c = costs[ag]
        mc = c["monte_carlo"]
        checks = [
            (close(a["fee_per_year"], fees[ag]["fee_per_year"], 1e-9), "fee_per_year",
             a["fee_per_year"], fees[ag]["fee_per_year"]),
            (close(a["npv_saving"], c["npv_saving"], 1e-9), "npv_saving (every gate passes)",
             a["npv_saving"], c["npv_saving"]),
            (a["verdict"] == verdicts[ag], "verdict", a["verdict"], verdicts[ag]),
        ]
        # Monte Carlo noise of a mean: the spread of a two-humped saving is
        # at most (max - min) / 2, here bounded by P90 - P10 plus the humps'
        # distance; 4 standard errors, and never under 1 %
        spread = max(abs(mc["npv_saving_p90"] - mc["npv_saving_p10"]),
                     abs(mc["by_outcome"]["if_allowed"]["npv_saving_mean"] or 0)
                     + abs(mc["by_outcome"]["if_not_allowed"]["npv_saving_mean"] or 0))
        tol = max(0.01 * abs(mc["npv_saving_mean"]), 4 * spread / 2 / math.sqrt(n))
        checks.append((abs(a["npv_saving_mean"] - mc["npv_saving_mean"]) <= tol,
                       f"npv_saving_mean (within {tol:.0f})", a["npv_saving_mean"],
                       mc["npv_saving_mean"]))
        for ok, what, got, want in checks:
            print(f"{ag} {what}: samlok {got}, without them in the file {want}"
                  f"{'' if ok else '  <-- differs'}")
            if not ok:
                fails.append(f"{ag} {what}")
        # with everyone in, the same agency paid less and saved more, or as much
        print(f"{ag}: expected saving with everyone {a['npv_saving_mean_with_all']:.0f}, "
              f"without {sorted(gone)} {a['npv_saving_mean']:.0f}")
    pf = w["platform"]
    total_cost = sum(alone["cost"]["chargeback"]["platform"]["cost"])
    total_charged = sum(alone["cost"]["chargeback"]["platform"]["charged"])
    for ok, what in ((close(pf["cost"], total_cost, 1e-9), "platform cost"),
                     (close(pf["charged"], total_charged, 1e-9), "platform charged"),
                     (w["hosts"] == alone["placement"]["hosts_total"], "hosts")):
        print(f"{what}: {'agrees' if ok else 'differs'}")
        if not ok:
            fails.append(what)
    if fails:
        print("FAIL oracle/without-no-go:", ", ".join(fails))
        return 1
    print("ok oracle/without-no-go")
    return 0


if __name__ == "__main__":
    sys.exit(main())
