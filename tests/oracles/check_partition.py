#!/usr/bin/env python3
"""Independent check of `samlok partition`: re-reads the METIS graph with
its own parser (no code shared with src/), recomputes the cut and every
part's weight from the JSON's `parts`, and checks them against the
reported figures and the balance limit

    limit[c] = floor((1 + imbalance) * ceil(total[c] / k))

  check_partition.py --samlok BIN GRAPH K [--imbalance X] [--best TSV]
      runs BIN partition GRAPH K --imbalance X --json, then checks
  check_partition.py GRAPH K --json FILE [--imbalance X]
      checks an existing JSON document

Exit 0 when every check holds, 1 otherwise, 77 (skipped) when GRAPH is
absent (benchmark data not on this machine). With --best, also prints the
ratio to the stored gpmetis best-of-50 cut (information, not a check).
"""
import argparse
import json
import math
import os
import subprocess
import sys


def read_metis(path):
    rows = []
    with open(path, encoding="ascii") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line.startswith("%"):
                continue
            rows.append(line.split())
    while rows and not rows[0]:
        rows.pop(0)
    head = rows[0]
    n, m = int(head[0]), int(head[1])
    fmt = head[2].zfill(3) if len(head) > 2 else "000"
    ncon = int(head[3]) if len(head) > 3 else 1
    has_vw, has_ew = fmt[1] == "1", fmt[2] == "1"
    weights, edges = [], {}
    for v in range(n):
        tok = [int(t) for t in rows[1 + v]] if 1 + v < len(rows) else []
        if has_vw:
            weights.append(tok[:ncon])
            tok = tok[ncon:]
        else:
            weights.append([1] * ncon)
        step = 2 if has_ew else 1
        for i in range(0, len(tok), step):
            u = tok[i] - 1
            w = tok[i + 1] if has_ew else 1
            key = (min(u, v), max(u, v))
            if key in edges and edges[key] != w:
                raise SystemExit(f"graph: edge {key} has two weights")
            edges[key] = w
    if len(edges) != m:
        raise SystemExit(f"graph: header says {m} edges, found {len(edges)}")
    return n, ncon, weights, edges


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("graph")
    ap.add_argument("k", type=int)
    ap.add_argument("--imbalance", type=float, default=0.03)
    ap.add_argument("--samlok")
    ap.add_argument("--json")
    ap.add_argument("--best")
    a = ap.parse_args()
    if not os.path.exists(a.graph):
        print(f"SKIP: {a.graph} is not on this machine")
        return 77
    if a.samlok:
        proc = subprocess.run([a.samlok, "partition", a.graph, str(a.k), "--imbalance",
                               repr(a.imbalance), "--json"], capture_output=True)
        if proc.returncode != 0:
            print(f"FAIL: samlok exited {proc.returncode}: {proc.stderr.decode()}")
            return 1
        doc = json.loads(proc.stdout)
    else:
        with open(a.json, encoding="utf-8") as f:
            doc = json.load(f)
    n, ncon, weights, edges = read_metis(a.graph)
    parts = doc["parts"]
    problems = []
    if len(parts) != n:
        problems.append(f"{len(parts)} parts for {n} vertices")
    if any(not isinstance(p, int) or p < 0 or p >= a.k for p in parts):
        problems.append("a part index outside 0..k-1")
    if problems:
        print("FAIL: " + "; ".join(problems))
        return 1
    cut = sum(w for (u, v), w in edges.items() if parts[u] != parts[v])
    load = [[0] * ncon for _ in range(a.k)]
    for v in range(n):
        for c in range(ncon):
            load[parts[v]][c] += weights[v][c]
    total = [sum(weights[v][c] for v in range(n)) for c in range(ncon)]
    limit = [math.floor((1 + a.imbalance) * math.ceil(t / a.k) + 1e-9) for t in total]
    heaviest = [max(load[p][c] for p in range(a.k)) for c in range(ncon)]
    reported = doc["max_part_weight"] if ncon > 1 else [doc["max_part_weight"]]
    if cut != doc["cut"]:
        problems.append(f"cut is {cut}, the document says {doc['cut']}")
    if heaviest != reported:
        problems.append(f"heaviest part is {heaviest}, the document says {reported}")
    for c in range(ncon):
        if heaviest[c] > limit[c]:
            problems.append(f"constraint {c + 1}: a part weighs {heaviest[c]} > limit {limit[c]}")
    note = ""
    if a.best and os.path.exists(a.best):
        name = os.path.splitext(os.path.basename(a.graph))[0]
        uf = round(a.imbalance * 1000)
        with open(a.best, encoding="utf-8") as f:
            for line in f.readlines()[1:]:
                g, k, u, _, b, _ = line.split()
                if g == name and int(k) == a.k and int(u) == uf:
                    note = f", gpmetis best of 50: {b} (ratio {cut / int(b):.3f})"
    if problems:
        print("FAIL: " + "; ".join(problems))
        return 1
    print(f"ok: cut {cut}, heaviest {heaviest}, limit {limit}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
