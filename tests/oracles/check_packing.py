#!/usr/bin/env python3
"""Independent feasibility checker for packings: shares no code with src/.

  check_packing.py vbp FILE.vbp RESULT.json [--opt N]
      RESULT.json is `samlok pack FILE.vbp --json`. Checks: one bin index
      per copy of every item type; bins numbered 0..bins-1, none empty; no
      bin over its capacity in any dimension; lower_bound <= bins; the
      bounds it lists <= lower_bound; with --opt, lower_bound <= N <= bins.
  check_packing.py plan PLAN.json
      PLAN.json is `samlok plan --json`. For every placed workload: its
      pool exists and its host belongs to that pool; per host, the sum of
      the workloads' sized demand stays within the pool's per-host capacity
      in every dimension; workloads of one ha_group never share a host (nor
      a rack when the pool says anti_affinity: rack); workloads of different
      pools never share a host (isolation); the pool's host count covers
      the hosts used plus its spares; lower_bound <= hosts used.
Exit status 0 when everything holds, 1 otherwise (problems on stdout).
"""
import json
import sys


def read_vbp(path):
    with open(path) as f:
        nums = [int(x) for x in f.read().split()]
    d = nums[0]
    cap = nums[1:1 + d]
    m = nums[1 + d]
    types = []
    pos = 2 + d
    for _ in range(m):
        row = nums[pos:pos + d + 1]
        pos += d + 1
        types.append((row[:d], row[d]))
    return d, cap, types


def check_vbp(path, res, opt=None):
    d, cap, types = read_vbp(path)
    problems = []
    bins = res.get("bins")
    lb = res.get("lower_bound")
    assign = res.get("assignment")
    if not isinstance(bins, int) or not isinstance(lb, int) or not isinstance(assign, list):
        return ["bins, lower_bound or assignment missing"]
    if len(assign) != len(types):
        return [f"assignment has {len(assign)} arrays for {len(types)} item types"]
    load = [[0] * d for _ in range(bins)]
    used = [False] * bins
    for t, ((size, q), where) in enumerate(zip(types, assign)):
        if len(where) != q:
            problems.append(f"type {t + 1}: {len(where)} bins for {q} copies")
            continue
        for b in where:
            if not isinstance(b, int) or b < 0 or b >= bins:
                problems.append(f"type {t + 1}: bin {b} out of range 0..{bins - 1}")
                continue
            used[b] = True
            for k in range(d):
                load[b][k] += size[k]
    for b in range(bins):
        if not used[b]:
            problems.append(f"bin {b} is empty")
        for k in range(d):
            if load[b][k] > cap[k]:
                problems.append(f"bin {b} holds {load[b][k]} > {cap[k]} in dimension {k + 1}")
    if lb > bins:
        problems.append(f"lower bound {lb} above the bins used {bins}")
    for name, v in (res.get("bounds") or {}).items():
        if v is not None and v > lb:
            problems.append(f"bound {name} = {v} above the reported lower bound {lb}")
    if opt is not None:
        if lb > opt:
            problems.append(f"lower bound {lb} above the proven optimum {opt}")
        if bins < opt:
            problems.append(f"{bins} bins below the proven optimum {opt}: impossible")
    return problems


def check_plan(doc):
    problems = []
    pl = doc.get("placement")
    if pl is None:
        return ["no placement section"]
    sizes = {}
    for w in doc.get("workloads", []):
        sizes[w["id"]] = w
    for section in ("shared", "separate"):
        part = pl if section == "shared" else pl.get("separate")
        if part is None:
            problems.append(f"{section}: missing")
            continue
        host_pool = {}
        for pool in part.get("pools", []):
            pid = pool["id"]
            dims = pool["dimensions"]
            caps = pool["host_capacity"]
            spread = pool.get("anti_affinity", "host")
            load = {}
            groups = {}
            used_hosts = set()
            for wid, host in zip(pool["workloads"], pool["workload_hosts"]):
                if host is None:
                    continue
                key = (pid, host)
                if host_pool.setdefault(host, pid) != pid:
                    problems.append(f"{section}: host {host} serves pools {host_pool[host]} "
                                    f"and {pid}")
                used_hosts.add(host)
                w = sizes.get(wid)
                if w is None:
                    problems.append(f"{section}: pool {pid}: unknown workload {wid}")
                    continue
                dem = w["demand"]
                l = load.setdefault(key, [0.0] * len(dims))
                for k, dim in enumerate(dims):
                    l[k] += dem[dim]
                g = w.get("ha_group")
                if g:
                    groups.setdefault(g, []).append(host)
            hcap = {h["id"]: h for h in pool.get("host_list", [])}
            for (p, host), l in load.items():
                h = hcap.get(host)
                if h is None:
                    problems.append(f"{section}: pool {p}: host {host} not listed")
                    continue
                c = caps[h["model"]]
                for k, dim in enumerate(dims):
                    if l[k] > c[dim] * (1 + 1e-9) + 1e-9:
                        problems.append(f"{section}: pool {p}: host {host} holds {l[k]:.3f} "
                                        f"{dim} > {c[dim]:.3f}")
            for g, hosts in groups.items():
                if len(set(hosts)) != len(hosts):
                    problems.append(f"{section}: pool {pid}: ha_group {g} shares a host")
                if spread == "rack":
                    racks = [hcap[h]["rack"] for h in hosts if h in hcap]
                    if len(set(racks)) != len(racks):
                        problems.append(f"{section}: pool {pid}: ha_group {g} shares a rack")
            if pool["lower_bound"] > len(used_hosts):
                problems.append(f"{section}: pool {pid}: lower bound {pool['lower_bound']} above "
                                f"{len(used_hosts)} hosts used")
            if pool["hosts"] != len(used_hosts) + pool["spare_hosts"]:
                problems.append(f"{section}: pool {pid}: hosts {pool['hosts']} != used "
                                f"{len(used_hosts)} + spares {pool['spare_hosts']}")
    return problems


def main(argv):
    if len(argv) >= 3 and argv[0] == "vbp":
        opt = None
        if "--opt" in argv:
            opt = int(argv[argv.index("--opt") + 1])
        with open(argv[2]) as f:
            res = json.load(f)
        problems = check_vbp(argv[1], res, opt)
    elif len(argv) >= 2 and argv[0] == "plan":
        with open(argv[1]) as f:
            problems = check_plan(json.load(f))
    else:
        print(__doc__)
        return 2
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
