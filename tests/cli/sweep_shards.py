#!/usr/bin/env python3
"""samlok sweep, sharded and merged, against the unsharded sweep and plan.

  sweep_shards.py SAMLOK SCENARIO_DIR

- the grid planned whole, and in three shards (1/3, 2/3, 3/3) merged in
  another order, write the same JSON, CSV and HTML byte for byte;
- each shard holds the points i with i mod 3 == I-1;
- two points of the sweep give what `samlok plan --set ...` gives for the
  same overrides (verdict, iterations on time), read from the plan document;
- merge refuses a missing shard, a shard given twice and a shard of another
  sweep, naming the file, with exit status 2 and no file written.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

GRID = ["--grid", "deadline=2027-03-31,2027-09-30,2027-12-31",
        "--grid", "agencies.A.staff.migration_hours_per_week=15,30,60"]
COMMON = ["--iterations", "200", "--seed", "11", "-q"]
FAILS = []


def run(samlok, args, cwd, code=0):
    p = subprocess.run([samlok] + args, cwd=cwd, capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, LC_ALL="C"))
    if p.returncode != code:
        FAILS.append(f"{' '.join(args)}: exit {p.returncode}, want {code}\n{p.stderr}")
    return p


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    samlok = os.path.abspath(sys.argv[1])
    src = os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory() as w:
        for name in os.listdir(src):
            shutil.copy(os.path.join(src, name), w)
        outs = lambda stem: ["--json", stem + ".json", "--csv", stem + ".csv",
                             "--html", stem + ".html"]
        run(samlok, ["sweep", "scenario.yaml"] + GRID + COMMON + outs("whole"), w)
        for i in (1, 2, 3):
            run(samlok, ["sweep", "scenario.yaml"] + GRID + COMMON +
                ["--shard", f"{i}/3", "--json", f"s{i}.json"], w)
            shard = json.load(open(os.path.join(w, f"s{i}.json")))
            points = [r["point"] for r in shard["rows"]]
            if points != [p for p in range(9) if p % 3 == i - 1]:
                FAILS.append(f"shard {i}/3 holds points {points}")
        run(samlok, ["sweep", "merge", "s2.json", "s3.json", "s1.json"] + outs("merged"), w)
        for ext in ("json", "csv", "html"):
            if read(os.path.join(w, "whole." + ext)) != read(os.path.join(w, "merged." + ext)):
                FAILS.append(f"merged .{ext} differs from the unsharded sweep's")

        whole = json.load(open(os.path.join(w, "whole.json")))
        for point in (1, 6):
            row = whole["rows"][point]
            sets = []
            for axis, value in zip(whole["grid"], row["values"]):
                sets += ["--set", f"{axis['path']}={value}"]
            run(samlok, ["plan", "scenario.yaml"] + sets + COMMON + ["--json", "plan.json"], w)
            plan = json.load(open(os.path.join(w, "plan.json")))
            for agency, res in zip(whole["agencies"], row["results"]):
                verdict = next(v["verdict"] for v in plan["verdicts"] if v["agency"] == agency)
                p = next(a["p_on_time"] for a in plan["simulation"]["per_agency"]
                         if a["agency"] == agency)
                if verdict != res["verdict"] or round(p * 200) != res["on_time"]:
                    FAILS.append(f"point {point} {agency}: sweep {res}, plan {verdict} {p}")

        run(samlok, ["sweep", "scenario.yaml", "--grid", "deadline=2027-12-31"] + COMMON +
            ["--shard", "1/3", "--json", "other.json"], w)
        refusals = [
            (["s1.json", "s3.json"], "s1.json: shard 2 of 3 is missing"),
            (["s1.json", "s2.json", "s2.json", "s3.json"], "s2.json: this shard is given twice"),
            (["s2.json", "other.json", "s3.json"], "other.json: another sweep"),
            (["whole.json"], "whole.json: not a shard"),
        ]
        for files, message in refusals:
            before = set(os.listdir(w))
            p = run(samlok, ["sweep", "merge"] + files + ["--json", "bad.json"], w, code=2)
            if message not in p.stderr:
                FAILS.append(f"merge {files}: stderr {p.stderr!r}, want {message!r}")
            if set(os.listdir(w)) != before:
                FAILS.append(f"merge {files} left files behind")
    for f in FAILS:
        print("FAIL:", f)
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
