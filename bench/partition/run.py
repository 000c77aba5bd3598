#!/usr/bin/env python3
"""Benchmark `samlok partition` against gpmetis on the METIS-format graphs.

For each graph and k (default: 4elt, delaunay_n15, rgg_n_2_15_s0; k = 8, 32;
imbalance 3 %), prints samlok's cut, the stored gpmetis 5.1.0 best-of-50
cut and their ratio, whether the balance limit held (re-checked here from
the JSON, not trusted), and the time ratio against one gpmetis run on this
machine: medians of --repeat runs of each program, in CPU seconds
(user + system of the child, robust on a busy machine) and wall seconds.

  bench/partition/run.py [--samlok build/cli/samlok] [--data DIR] [--repeat 5]
                         [--graphs 4elt,...] [--ks 8,32] [--ufactor 30] [-- EXTRA SAMLOK ARGS]

Needs gpmetis (Debian package `metis`). Exit status 0 even when a goal is
missed: this prints figures, it is not a test.
"""
import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(cmd, cwd=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, cwd=cwd)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc, cpu, wall


def read_graph(path):
    """n, vertex weights (first constraint), adjacency with weights."""
    with open(path) as f:
        lines = [l for l in f if not l.startswith("%")]
    head = lines[0].split()
    n = int(head[0])
    fmt = head[2] if len(head) > 2 else "0"
    fmt = fmt.rjust(3, "0")
    has_vw, has_ew = fmt[1] == "1", fmt[2] == "1"
    ncon = int(head[3]) if len(head) > 3 else 1
    vw, adj = [], []
    for i in range(n):
        tok = [int(t) for t in lines[1 + i].split()] if 1 + i < len(lines) else []
        w = tok[:ncon] if has_vw else [1]
        tok = tok[ncon:] if has_vw else tok
        vw.append(w[0])
        if has_ew:
            adj.append([(tok[j] - 1, tok[j + 1]) for j in range(0, len(tok), 2)])
        else:
            adj.append([(t - 1, 1) for t in tok])
    return n, vw, adj


def check(n, vw, adj, k, parts, ufactor):
    cut = sum(w for v in range(n) for u, w in adj[v] if parts[v] != parts[u]) // 2
    pw = [0] * k
    for v in range(n):
        pw[parts[v]] += vw[v]
    total = sum(vw)
    limit = math.floor((1 + ufactor / 1000) * math.ceil(total / k) + 1e-9)
    return cut, max(pw), limit


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samlok", default=os.path.join(ROOT, "build", "cli", "samlok"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "bench-data",
                                                   "graphs-metis"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--graphs", default="4elt,delaunay_n15,rgg_n_2_15_s0")
    ap.add_argument("--ks", default="8,32")
    ap.add_argument("--ufactor", type=int, default=30)
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()
    gpmetis = shutil.which("gpmetis")
    if not gpmetis:
        sys.exit("gpmetis not found: apt-get install metis")
    if not os.path.isdir(a.data):
        sys.exit(f"no benchmark data at {a.data}")
    best = {}
    with open(os.path.join(a.data, "gpmetis-5.1.0-best-of-50-seeds.tsv")) as f:
        for line in f.readlines()[1:]:
            g, k, uf, _, b, med = line.split()
            best[(g, int(k), int(uf))] = (int(b), int(med))
    print(f"{'graph':<16}{'k':>4}{'cut':>7}{'best50':>8}{'ratio':>7}{'median':>8}"
          f"{'balance':>15}{'cpu s':>8}{'gpm cpu':>9}{'x cpu':>7}{'wall s':>8}{'gpm wall':>9}"
          f"{'x wall':>7}")
    ok_all = True
    for g in a.graphs.split(","):
        path = os.path.join(a.data, g + ".graph")
        n, vw, adj = read_graph(path)
        for k in (int(x) for x in a.ks.split(",")):
            with tempfile.TemporaryDirectory() as tmp:
                gl = os.path.join(tmp, g + ".graph")
                os.symlink(path, gl)
                gcpu, gwall = [], []
                for _ in range(a.repeat):
                    proc, cpu, wall = timed([gpmetis, f"-ufactor={a.ufactor}", gl, str(k)],
                                            cwd=tmp)
                    if proc.returncode != 0:
                        sys.exit(proc.stdout.decode() + proc.stderr.decode())
                    gcpu.append(cpu)
                    gwall.append(wall)
            scpu, swall, out = [], [], None
            for _ in range(a.repeat):
                proc, cpu, wall = timed([a.samlok, "partition", path, str(k), "--imbalance",
                                         str(a.ufactor / 1000), "--json"] + a.extra)
                if proc.returncode != 0:
                    sys.exit(proc.stderr.decode())
                scpu.append(cpu)
                swall.append(wall)
                out = json.loads(proc.stdout)
            cut, maxw, limit = check(n, vw, adj, k, out["parts"], a.ufactor)
            if cut != out["cut"]:
                print(f"  reported cut {out['cut']} but recomputed {cut}")
            b, med = best.get((g, k, a.ufactor), (0, 0))
            c_ratio = statistics.median(scpu) / statistics.median(gcpu)
            w_ratio = statistics.median(swall) / statistics.median(gwall)
            ok = cut <= b and maxw <= limit and c_ratio <= 10
            ok_all &= ok
            print(f"{g:<16}{k:>4}{cut:>7}{b:>8}{cut / b if b else 0:>7.3f}{med:>8}"
                  f"{f'{maxw}/{limit}':>15}{statistics.median(scpu):>8.3f}"
                  f"{statistics.median(gcpu):>9.3f}{c_ratio:>7.1f}"
                  f"{statistics.median(swall):>8.3f}{statistics.median(gwall):>9.3f}"
                  f"{w_ratio:>7.1f}{'' if ok else '  <- goal missed'}")
    print("all goals met" if ok_all else "some goals missed")


if __name__ == "__main__":
    main()
