#!/usr/bin/env python3
"""Benchmarks `samlok pack` on published vector bin packing instances.

  bench/pack/run.py [--samlok build/cli/samlok] [--data DIR] [--sets New,Panigrahy,...]
                    [--sample N] [--jobs N] [--effort N] [--no-check]

Sets (read in place, never copied into the repository):
  New, Panigrahy, Triplet   DIR/vbp-mommessin2024 (MIT): .vbp files, and
                            results/*_summary_known.csv with LB, OPT and the
                            best of 700+ published heuristics per instance
  Falkenauer_U, Falkenauer_T, Scholl_1, ... (bpplib-1d, CC BY-NC-ND): 1-D
                            files converted to .vbp in a temporary folder
                            for the run, with the proven optimum from
                            bounds.tsv
DIR defaults to $SAMLOK_BENCH_DATA, else ../shared/bench-data from the
repository root. Missing data is reported and skipped (exit 77 when none).

Every packing is checked by tests/oracles/check_packing.py (independent
of the packer) unless --no-check. Prints per set: instances, sum of bins /
sum of LB (the published LB), sum of bins / sum of OPT over instances whose
optimum is known, the share of those solved to the optimum, the same
figures for the best published heuristic, and the median and maximum CPU
time of one `samlok pack` process (parse + pack + write, one thread; the
runs share the machine, --jobs at a time). Then the speed figure: the
500-item, 10-dimension instances again, one process at a time, the median
of --timing-runs runs each.
"""
import argparse
import concurrent.futures as cf
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "oracles"))
import check_packing  # noqa: E402

VBP_SETS = ("New", "Panigrahy", "Triplet")
BPP_SETS = ("Falkenauer_U", "Falkenauer_T", "Scholl_1", "Scholl_2", "Scholl_3", "Schwerin_1",
            "Schwerin_2", "Hard28", "Waescher")


def mommessin(data, name):
    base = os.path.join(data, "vbp-mommessin2024")
    known = os.path.join(base, "results", f"{name}_summary_known.csv")
    if not os.path.exists(known):
        return None
    ref = {}
    with open(known) as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            ref[c[0]] = (int(c[1]), int(c[2]), int(c[3]))
    out = []
    for dirpath, _, files in os.walk(os.path.join(base, name)):
        for fn in files:
            if fn.endswith(".vbp"):
                inst = fn[:-4]
                if inst in ref:
                    lb, opt, best = ref[inst]
                    out.append((inst, os.path.join(dirpath, fn), lb, opt if opt > 0 else None,
                                best))
    return sorted(out)


def bpplib(data, name, tmp):
    base = os.path.join(data, "bpplib-1d")
    folder = os.path.join(base, name)
    if not os.path.isdir(folder):
        return None
    opt = {}
    with open(os.path.join(base, "bounds.tsv")) as f:
        for line in f:
            c = line.split()
            if len(c) >= 3 and c[1].isdigit():
                opt[c[0]] = int(c[2])
    out = []
    for fn in sorted(os.listdir(folder)):
        if not fn.endswith(".txt"):
            continue
        inst = fn[:-4]
        with open(os.path.join(folder, fn)) as f:
            nums = [int(x) for x in f.read().split()]
        n, cap, ws = nums[0], nums[1], nums[2:2 + nums[0]]
        counts = {}
        for w in ws:
            counts[w] = counts.get(w, 0) + 1
        path = os.path.join(tmp, name + "_" + inst + ".vbp")
        with open(path, "w") as g:
            g.write(f"1\n{cap}\n{len(counts)}\n")
            for w in sorted(counts, reverse=True):
                g.write(f"{w} {counts[w]}\n")
        o = opt.get(inst)
        out.append((inst, path, None, o, None))
    return out


def run_one(samlok, path, effort, check):
    """Runs `samlok pack PATH --json`; returns (result, CPU seconds, error).
    CPU time is user + system of the process (parse, pack, write): what one
    core spends, however busy the machine is."""
    args = [samlok, "pack", path, "--json"]
    if effort is not None:
        args += ["--effort", str(effort)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(args, stdout=out, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        dt = ru.ru_utime + ru.ru_stime
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        return None, dt, stderr.decode()
    res = json.loads(stdout)
    err = None
    if check:
        problems = check_packing.check_vbp(path, res)
        if problems:
            err = "; ".join(problems[:3])
    return res, dt, err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samlok", default=os.path.join(ROOT, "build", "cli", "samlok"))
    ap.add_argument("--data", default=os.environ.get("SAMLOK_BENCH_DATA",
                                                     os.path.join(ROOT, "..", "shared",
                                                                  "bench-data")))
    ap.add_argument("--sets", default="New,Panigrahy,Triplet,Falkenauer_U,Falkenauer_T")
    ap.add_argument("--sample", type=int, default=0, help="every Nth instance only")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--effort", type=int, default=None)
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--list", help="write per-instance results (TSV) here")
    ap.add_argument("--timing-runs", type=int, default=3,
                    help="runs per 500-item, 10-dimension instance for the speed figure (0: skip)")
    a = ap.parse_args()
    if not os.path.exists(a.samlok):
        print(f"no samlok binary at {a.samlok}: build first (meson setup build && ninja -C build)")
        return 2
    tmp = tempfile.TemporaryDirectory()
    rows_out = []
    ran_any = False
    total_known = total_hit = 0
    vec_opt = (0, 0)
    t500_paths = []
    print(f"samlok pack, effort {a.effort if a.effort is not None else 'default'}, "
          f"{a.jobs} parallel processes")
    print(f"{'set':14} {'inst':>5} {'bins/LB':>8} {'best/LB':>8} {'bins/OPT':>9} "
          f"{'best/OPT':>9} {'=OPT':>12} {'best=OPT':>9} {'med ms':>7} {'max ms':>7}")
    print("(bins: samlok; best: the best of 700+ published heuristics per instance; LB and OPT "
          "as published; ms: CPU time)")
    for name in a.sets.split(","):
        insts = mommessin(a.data, name) if name in VBP_SETS else bpplib(a.data, name, tmp.name)
        if insts is None:
            print(f"{name:14} SKIPPED: data not found under {a.data}")
            continue
        if a.sample > 1:
            insts = insts[::a.sample]
        ran_any = True
        with cf.ThreadPoolExecutor(a.jobs) as ex:
            futs = [ex.submit(run_one, a.samlok, i[1], a.effort, not a.no_check) for i in insts]
            results = [f.result() for f in futs]
        s_bins = s_lb = s_best = 0
        s_bins_k = s_opt_k = s_best_k = 0
        n_known = n_hit = n_best_hit = 0
        times = []
        for (inst, path, lb, opt, best), (res, dt, err) in zip(insts, results):
            if res is None:
                print(f"  {inst}: samlok failed: {err}")
                continue
            if err:
                print(f"  {inst}: INFEASIBLE or inconsistent: {err}")
            if opt is not None and res["lower_bound"] > opt:
                print(f"  {inst}: lower bound {res['lower_bound']} above the optimum {opt}")
            bins = res["bins"]
            times.append(dt)
            if "_500_10_" in inst:
                t500_paths.append(path)
            s_bins += bins
            s_lb += lb if lb is not None else res["lower_bound"]
            if best is not None:
                s_best += best
            if opt is not None:
                n_known += 1
                s_bins_k += bins
                s_opt_k += opt
                n_hit += bins == opt
                if best is not None:
                    s_best_k += best
                    n_best_hit += best == opt
            rows_out.append(f"{name}\t{inst}\t{bins}\t{res['lower_bound']}\t{lb}\t{opt}\t{best}"
                            f"\t{dt * 1000:.1f}")
        total_known += n_known
        total_hit += n_hit
        if name in VBP_SETS:
            vec_opt = (vec_opt[0] + n_hit, vec_opt[1] + n_known)
        f = lambda x: f"{x:.4f}" if x else "-"
        print(f"{name:14} {len(times):5} {f(s_bins / s_lb) if s_lb else '-':>8} "
              f"{f(s_best / s_lb) if s_best and s_lb else '-':>8} "
              f"{f(s_bins_k / s_opt_k) if s_opt_k else '-':>9} "
              f"{f(s_best_k / s_opt_k) if s_best_k else '-':>9} "
              f"{f'{n_hit}/{n_known}':>12} {n_best_hit if s_best_k else '-':>9} "
              f"{statistics.median(times) * 1000:7.1f} {max(times) * 1000:7.1f}")
    if not ran_any:
        print("no benchmark data found; skipped")
        return 77
    for label, (hit, known) in (("vector sets (New, Panigrahy, Triplet)", vec_opt),
                                ("all sets run", (total_hit, total_known))):
        if known:
            print(f"optimum reached on {hit} of {known} instances with a known optimum, {label} "
                  f"({100.0 * hit / known:.1f} %)")
    if t500_paths and a.timing_runs > 0:
        # the speed figure: one process at a time, so no two share a core
        per = []
        for path in t500_paths:
            runs = [run_one(a.samlok, path, a.effort, False)[1] for _ in range(a.timing_runs)]
            per.append(statistics.median(runs))
        per.sort()
        print(f"500 items x 10 dimensions: {len(per)} instances, one process at a time, median of "
              f"{a.timing_runs} runs each: CPU time per `samlok pack` median "
              f"{statistics.median(per) * 1000:.1f} ms, 90th percentile "
              f"{per[int(0.9 * (len(per) - 1))] * 1000:.1f} ms, max {per[-1] * 1000:.1f} ms")
    if a.list:
        with open(a.list, "w") as g:
            g.write("set\tinstance\tbins\tour_lb\tpub_lb\topt\tbest_pub\tms\n")
            g.write("\n".join(rows_out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
