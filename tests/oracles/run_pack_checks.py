#!/usr/bin/env python3
"""Packs instances with samlok and checks every packing with the
independent checker (check_packing.py), and every lower bound against a
proven optimum where one is known.

  run_pack_checks.py SAMLOK fixtures DIR...   every .vbp under the folders;
                                              optima from optima.tsv beside them
  run_pack_checks.py SAMLOK bench [EVERY]     published instances with proven
                                              optima (Mommessin et al.; BPPLIB),
                                              every EVERY-th one (default 7); read
                                              in place from $SAMLOK_BENCH_DATA or
                                              ../shared/bench-data next to the
                                              repository; exit 77 (skipped) when
                                              absent
"""
import concurrent.futures as cf
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_packing  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def run(samlok, path, opt, effort=None):
    args = [samlok, "pack", path, "--json"]
    if effort is not None:
        args += ["--effort", str(effort)]
    p = subprocess.run(args, capture_output=True, env=dict(os.environ, LC_ALL="C"))
    if p.returncode != 0:
        return [f"exit status {p.returncode}: {p.stderr.decode()[:300]}"]
    return check_packing.check_vbp(path, json.loads(p.stdout), opt)


def fixtures(samlok, folders):
    jobs = []
    for folder in folders:
        optima = {}
        tsv = os.path.join(folder, "optima.tsv")
        if os.path.exists(tsv):
            with open(tsv) as f:
                next(f)
                for line in f:
                    c = line.split()
                    optima[c[0]] = int(c[2])
        for dirpath, _, files in os.walk(folder):
            for fn in sorted(files):
                if fn.endswith(".vbp"):
                    jobs.append((os.path.join(dirpath, fn), optima.get(fn[:-4]), None))
    return jobs


def bench(every, tmp):
    data = os.environ.get("SAMLOK_BENCH_DATA", os.path.join(ROOT, "..", "shared", "bench-data"))
    jobs = []
    base = os.path.join(data, "vbp-mommessin2024")
    for name in ("New", "Panigrahy", "Triplet"):
        known = os.path.join(base, "results", f"{name}_summary_known.csv")
        if not os.path.exists(known):
            continue
        opt = {}
        with open(known) as f:
            next(f)
            for line in f:
                c = line.split("\t")
                if int(c[2]) > 0:
                    opt[c[0]] = int(c[2])
        paths = []
        for dirpath, _, files in os.walk(os.path.join(base, name)):
            for fn in files:
                if fn.endswith(".vbp") and fn[:-4] in opt:
                    paths.append(os.path.join(dirpath, fn))
        for path in sorted(paths)[::every]:
            with open(path) as f:
                if "-" in f.read():
                    continue  # a few Caprara triplets have negative sizes
            jobs.append((path, opt[os.path.basename(path)[:-4]], 0))
    bpp = os.path.join(data, "bpplib-1d")
    if os.path.isdir(bpp):
        opt = {}
        with open(os.path.join(bpp, "bounds.tsv")) as f:
            for line in f:
                c = line.split()
                if len(c) >= 3 and c[2].isdigit():
                    opt[c[0]] = int(c[2])
        k = 0
        for dirpath, _, files in sorted(os.walk(bpp)):
            for fn in sorted(files):
                if not fn.endswith(".txt") or fn[:-4] not in opt:
                    continue
                k += 1
                if k % every:
                    continue
                with open(os.path.join(dirpath, fn)) as f:
                    nums = [int(x) for x in f.read().split()]
                n, cap, ws = nums[0], nums[1], nums[2:2 + nums[0]]
                out = os.path.join(tmp, fn[:-4] + ".vbp")
                with open(out, "w") as g:
                    g.write(f"1\n{cap}\n{n}\n" + "".join(f"{w} 1\n" for w in ws))
                jobs.append((out, opt[fn[:-4]], 0))
    return jobs


def main(argv):
    samlok, mode = argv[0], argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        if mode == "fixtures":
            jobs = fixtures(samlok, argv[2:])
        else:
            jobs = bench(int(argv[2]) if len(argv) > 2 else 7, tmp)
            if not jobs:
                print("benchmark data not found: skipped")
                return 77
        with cf.ThreadPoolExecutor(os.cpu_count() or 1) as ex:
            results = list(ex.map(lambda j: (j[0], run(samlok, *j)), jobs))
    bad = 0
    for path, problems in results:
        for p in problems:
            print(f"{os.path.basename(path)}: {p}")
        bad += bool(problems)
    print(f"{len(results) - bad} of {len(results)} packings checked out")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
