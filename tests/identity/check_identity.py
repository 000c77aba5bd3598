#!/usr/bin/env python3
"""Every output of a run is byte-identical whatever the thread count and
the locale, and from one run to the next.

  check_identity.py SAMLOK LOCPATH GEN_ESTATE [--shapes GEN_SHAPES] [--iterations N]

Runs `samlok demo --out DIR` and `samlok plan --json` on a small estate
from GEN_ESTATE (bench/gen_estate.py: 600 workloads, 3,000 flows), and
with --shapes also on a power-law estate of three agencies from
GEN_SHAPES (bench/estate/gen_shapes.py: 800 workloads, each agency at 40
hours a week, so the review re-plans all three at once, every re-plan
splitting components with METIS, whose random numbers are one stream of
the process's), with
--threads 1, 2 and 7 (the demo, its explain for SKV, four decisions
tried as jobs, and plans), each under LC_ALL=C and LC_ALL=sv_SE.UTF-8
(decimal comma; the locale built into LOCPATH by tests/make_locale.py), each
twice, a second apart, with SOURCE_DATE_EPOCH unset and the language held
at --lang en, and compares every file (plan.json, report.html,
report.xlsx, csv/*, the estate's plan document) and the terminal
summaries with the first run's, byte for byte. Then the locale's one
permitted effect: without --lang, LC_ALL=sv_SE.UTF-8 picks Swedish, and
writes exactly what --lang sv writes under LC_ALL=C.

When the Swedish locale could not be built (no `locales` package), the
locale half is skipped and says so; the rest still runs.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def tree(root):
    files = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            p = os.path.join(dirpath, n)
            with open(p, "rb") as f:
                files[os.path.relpath(p, root)] = f.read()
    return files


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("samlok")
    ap.add_argument("locpath")
    ap.add_argument("gen_estate")
    ap.add_argument("--shapes", help="bench/estate/gen_shapes.py")
    ap.add_argument("--iterations", type=int, default=300)
    a = ap.parse_args()
    samlok, locpath = os.path.abspath(a.samlok), os.path.abspath(a.locpath)
    a.gen_estate = os.path.abspath(a.gen_estate)
    locales = ["C"]
    if os.path.exists(os.path.join(locpath, "sv_SE.UTF-8", "LC_NUMERIC")):
        locales.append("sv_SE.UTF-8")
    else:
        print(f"locale part SKIPPED: no sv_SE.UTF-8 locale in {locpath} "
              "(tools/setup installs `locales`)")
    env = {k: v for k, v in os.environ.items()
           if k != "SOURCE_DATE_EPOCH" and not k.startswith("LC_") and k != "LANG"}
    env["LOCPATH"] = locpath
    first = None
    runs = 0
    problems = []
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([sys.executable, a.gen_estate, "estate", "--workloads", "600",
                        "--flows", "3000", "--seed", "5"], cwd=work, check=True,
                       stdout=subprocess.DEVNULL)
        if a.shapes:
            subprocess.run([sys.executable, os.path.abspath(a.shapes), "shapes", "--shape",
                            "powerlaw", "--workloads", "800", "--staff", "fixed"], cwd=work,
                           check=True, stdout=subprocess.DEVNULL)
        for repeat in (1, 2):
            for loc in locales:
                for threads in (1, 2, 7):
                    out = f"out-{repeat}-{loc}-{threads}"
                    what = f"run {repeat}, LC_ALL={loc}, --threads {threads}"
                    # the language held fixed: the locale may pick it (below), but
                    # nothing else of the output may follow the locale
                    common = ["--threads", str(threads), "--iterations", str(a.iterations),
                              "--quiet", "--lang", "en"]
                    demo = subprocess.run([samlok, "demo", "--out", out] + common,
                                          cwd=work, env=dict(env, LC_ALL=loc),
                                          capture_output=True, timeout=600)
                    plan = subprocess.run([samlok, "plan", "estate/scenario.yaml", "--json",
                                           os.path.join(out, "estate-plan.json")] + common,
                                          cwd=work, env=dict(env, LC_ALL=loc),
                                          capture_output=True, timeout=600)
                    # explain tries its candidates as jobs on the threads
                    explain = subprocess.run(
                        [samlok, "explain", ":demo", "--agency", "SKV",
                         "--search-iterations", str(a.iterations), "--max-runs", "4"] + common,
                        cwd=work, env=dict(env, LC_ALL=loc), capture_output=True, timeout=600)
                    runs_here = [("demo", demo), ("plan", plan), ("explain", explain)]
                    if a.shapes:
                        hours = [f"agencies.AG{i}.staff.migration_hours_per_week=40"
                                 for i in range(3)]
                        shapes = subprocess.run(
                            [samlok, "plan", "shapes/scenario.yaml", "--json",
                             os.path.join(out, "shapes-plan.json")] + common +
                            [x for h in hours for x in ("--set", h)],
                            cwd=work, env=dict(env, LC_ALL=loc), capture_output=True,
                            timeout=600)
                        runs_here.append(("shapes plan", shapes))
                    failed = False
                    for name, p in runs_here:
                        if p.returncode != 0:
                            failed = True
                            problems.append(f"{what}: {name} exit {p.returncode}: "
                                            f"{p.stderr.decode('utf-8', 'replace')[:300]}")
                    if failed:
                        continue
                    runs += 1
                    got = tree(os.path.join(work, out))
                    got["(demo summary)"] = demo.stdout.replace(out.encode(), b"DIR")
                    got["(plan output)"] = plan.stdout.replace(out.encode(), b"DIR")
                    got["(explain output)"] = explain.stdout
                    if first is None:
                        first = (what, got)
                        continue
                    for name in sorted(set(first[1]) | set(got)):
                        if first[1].get(name) != got.get(name):
                            problems.append(f"{name}: {what} differs from {first[0]}")
            time.sleep(1.1)  # a timestamp in whole seconds would show
        if "sv_SE.UTF-8" in locales:
            # the locale's only effect: without --lang it picks the language, so
            # LC_ALL=sv_SE.UTF-8 writes what --lang sv writes under LC_ALL=C
            pair = {}
            for loc, lang in (("sv_SE.UTF-8", []), ("C", ["--lang", "sv"])):
                out = f"out-lang-{loc}"
                p = subprocess.run([samlok, "demo", "--out", out, "--threads", "2",
                                    "--iterations", str(a.iterations), "--quiet"] + lang,
                                   cwd=work, env=dict(env, LC_ALL=loc), capture_output=True,
                                   timeout=600)
                if p.returncode != 0:
                    problems.append(f"demo under LC_ALL={loc} {lang}: exit {p.returncode}")
                    continue
                pair[loc] = tree(os.path.join(work, out))
                pair[loc]["(demo summary)"] = p.stdout.replace(out.encode(), b"DIR")
            if len(pair) == 2:
                for name in sorted(set(pair["C"]) | set(pair["sv_SE.UTF-8"])):
                    if pair["C"].get(name) != pair["sv_SE.UTF-8"].get(name):
                        problems.append(f"{name}: LC_ALL=sv_SE.UTF-8 differs from "
                                        "LC_ALL=C --lang sv")
                if pair["C"].get("report.html", b"").find(b'<html lang="sv">') < 0:
                    problems.append('LC_ALL=C --lang sv: report.html is not <html lang="sv">')
    for p in problems:
        print(p)
    names = ", ".join(sorted(first[1])) if first else ""
    print(f"{runs} runs compared (threads 1, 2, 7; LC_ALL {', '.join(locales)}; twice): {names}")
    return 1 if problems or runs != 6 * len(locales) else 0


if __name__ == "__main__":
    sys.exit(main())
