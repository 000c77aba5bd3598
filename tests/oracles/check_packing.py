#!/usr/bin/env python3
"""Independent feasibility checker for packings: shares no code with src/.

  check_packing.py vbp FILE.vbp RESULT.json [--opt N]
      RESULT.json is `samlok pack FILE.vbp --json`. Checks: one bin index
      per copy of every item type; bins numbered 0..bins-1, none empty; no
      bin over its capacity in any dimension; lower_bound <= bins; the
      bounds it lists <= lower_bound; with --opt, lower_bound <= N <= bins.
  check_packing.py plan PLAN.json
      PLAN.json is `samlok plan --json`. On the shared platform and on each
      separate one: every placed workload is on a listed host of a pool
      whose agency / security class / env (where the pool is isolated by
      them) are the workload's own (isolation), and not on a spare; per host,
      the sum of the workloads' demand stays within the pool's per-host
      capacity for its model in every dimension of the pool; workloads of
      one ha_group never share a host (nor a rack when the pool says
      anti_affinity: rack); host counts, spares and workload counts agree;
      lower_bound <= hosts used.
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


def check_platform(label, pools, workloads, host_key, separate_agency=None):
    """Checks one platform: its pools' hosts against the workloads placed
    on them (found through each workload's host_key field)."""
    problems = []
    hosts = {}
    for pool in pools:
        listed = pool.get("host_list", [])
        if pool["hosts"] != len(listed):
            problems.append(f"{label}: pool {pool['id']}: {pool['hosts']} hosts, {len(listed)} listed")
        spares = sum(1 for h in listed if h["spare"])
        if spares != pool["spare_hosts"]:
            problems.append(f"{label}: pool {pool['id']}: {spares} spares listed, "
                            f"{pool['spare_hosts']} reported")
        for h in listed:
            if h["id"] in hosts:
                problems.append(f"{label}: host {h['id']} listed twice")
            hosts[h["id"]] = (pool, h)
    load = {}
    count = {}
    groups = {}
    for w in workloads:
        hid = w.get(host_key)
        if hid is None:
            continue
        if hid not in hosts:
            problems.append(f"{label}: workload {w['id']} on unknown host {hid}")
            continue
        pool, h = hosts[hid]
        # isolation: the workload belongs to its host's pool
        for field, key in (("agency", "agency"), ("security_class", "security_class"),
                           ("env", "env")):
            if pool.get(field) is not None and pool[field] != w[key]:
                problems.append(f"{label}: workload {w['id']} ({key} {w[key]}) on host {hid} of "
                                f"pool {pool['id']}")
        if separate_agency is not None and w["agency"] != separate_agency:
            problems.append(f"{label}: workload {w['id']} of {w['agency']} on this platform")
        if h["spare"]:
            problems.append(f"{label}: workload {w['id']} on spare host {hid}")
        l = load.setdefault(hid, {})
        for dim in pool["dimensions"]:
            l[dim] = l.get(dim, 0.0) + w["demand"][dim]
        count[hid] = count.get(hid, 0) + 1
        if w.get("ha_group"):
            groups.setdefault((pool["id"], w["ha_group"]), []).append(h)
    for hid, l in load.items():
        pool, h = hosts[hid]
        cap = pool["host_capacity"][h["model"]]
        for dim, v in l.items():
            if v > cap[dim] * (1 + 1e-9) + 1e-9:
                problems.append(f"{label}: host {hid} holds {v:.3f} {dim} > {cap[dim]:.3f}")
    for hid, (pool, h) in hosts.items():
        if count.get(hid, 0) != h["workloads"]:
            problems.append(f"{label}: host {hid} lists {h['workloads']} workloads, holds "
                            f"{count.get(hid, 0)}")
    for (pid, g), hs in groups.items():
        ids = [h["id"] for h in hs]
        if len(set(ids)) != len(ids):
            problems.append(f"{label}: ha_group {g} shares a host in pool {pid}")
        if hs and hosts[ids[0]][0].get("anti_affinity") == "rack":
            racks = [h["rack"] for h in hs]
            if len(set(racks)) != len(racks):
                problems.append(f"{label}: ha_group {g} shares a rack in pool {pid}")
    for pool in pools:
        used = sum(1 for h in pool.get("host_list", []) if not h["spare"])
        if used != pool["hosts_used"]:
            problems.append(f"{label}: pool {pool['id']}: {used} hosts in use, reported "
                            f"{pool['hosts_used']}")
        if pool["lower_bound"] > pool["hosts_used"]:
            problems.append(f"{label}: pool {pool['id']}: lower bound {pool['lower_bound']} above "
                            f"{pool['hosts_used']} hosts used")
    return problems


def check_plan(doc):
    pl = doc.get("placement")
    if pl is None:
        return ["no placement section"]
    workloads = doc.get("workloads", [])
    problems = check_platform("shared", pl["pools"], workloads, "host")
    placed = sum(1 for w in workloads if w.get("host") is not None)
    if placed != pl["placed"]:
        problems.append(f"{placed} workloads have a host, {pl['placed']} reported placed")
    if sum(p["hosts"] for p in pl["pools"]) != pl["hosts_total"]:
        problems.append("hosts_total is not the sum of the pools' hosts")
    sep = pl.get("separate", {})
    for a in sep.get("agencies", []):
        mine = [w for w in workloads if w["agency"] == a["agency"]]
        problems += check_platform(f"separate {a['agency']}", a["pools"], mine, "host_separate",
                                   a["agency"])
    sep_placed = sum(1 for w in workloads if w.get("host_separate") is not None)
    if sep_placed != placed:
        problems.append(f"{placed} workloads placed on the shared platform, {sep_placed} on "
                        f"separate ones")
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
