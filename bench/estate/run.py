#!/usr/bin/env python3
"""Times `samlok plan` on the four estate shapes of gen_shapes.py, at
several sizes, with fixed and with growing staff.

  bench/estate/run.py [--shapes shared,neighbours,apps,powerlaw] [--staff fixed,growing]
                      [--sizes 10000,30000,100000,300000] [--repeat 1] [--iterations 1000]
                      [--latency P] [--horizon YEARS] [--timeout 1800] [--no-gpmetis]
                      [--save FILE]
                      [--samlok build/cli/samlok] [--work DIR]

Per shape, staff and size it prints the median of --repeat runs of each
stage's time (`samlok plan --timings`, wall seconds), the group stage's
CPU seconds, the whole run's wall time, CPU time (user + system, all
threads) and peak memory (`/usr/bin/time -v`, the largest of the runs), the
move groups made, the largest, those over a window's capacity and the hard
edges cut to avoid them (grouping.cut_flows), the group stage's ratio to one gpmetis
run on the same graph at the same k, and the traffic the groups cut on
that graph against gpmetis's edge cut (gpmetis at its default 3 %
imbalance, samlok under hard caps). Then, per shape and staff,
the growth exponent of the group stage and of the whole run: the slope of
log(time) against log(workloads), between each pair of sizes and over all.

The same graph for gpmetis: the workloads that are not shared services
(distinct peers >= max(32, 8 x the median), as the group stage decides),
latency-sensitive pairs contracted (the group stage cuts them only in
clusters larger than a window), each vertex weighing its workloads, each
edge its traffic (Mbit/s x 100, or less where the total would pass 2^30,
rounded, at least 1); k = the plan's move groups that are not shared
services. gpmetis balances parts to within 3 % of the average, samlok only
keeps each under a cap, so on graphs of lumpy clusters (whole applications)
gpmetis must split applications that samlok keeps whole, and the cut ratio
says more about that than about either partitioner. The gpmetis time is its own "Partitioning" figure (CPU seconds,
without reading the file); samlok's is the group stage's CPU seconds,
everything included (graph from the flows, shared services, clusters,
splits). The growth exponents use the same CPU figure for the group stage
and the wall time for the whole run.

Estates are generated once into --work (default $TMPDIR/samlok-bench-estate)
and reused. Needs a release build, /usr/bin/time, and gpmetis (Debian
package `metis`, `tools/setup --bench`) unless --no-gpmetis. Prints figures;
exit status 0 even when a goal is missed.
"""
import argparse
import json
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
STAGES = ("load", "assess", "place", "group", "schedule", "simulate", "cost", "review", "write")


def estate(work, shape, staff, n, latency, horizon):
    tag = (f"{shape}-{staff}-{n}" + (f"-lat{latency}" if latency is not None else "") +
           (f"-h{horizon}" if horizon is not None else ""))
    out = os.path.join(work, tag)
    if not os.path.exists(os.path.join(out, "done")):
        cmd = [sys.executable, os.path.join(HERE, "gen_shapes.py"), out, "--shape", shape,
               "--workloads", str(n), "--staff", staff]
        if latency is not None:
            cmd += ["--latency", str(latency)]
        if horizon is not None:
            cmd += ["--horizon", str(horizon)]
        subprocess.run(cmd, check=True)
        open(os.path.join(out, "done"), "w").close()
    return out


def plan_once(samlok, scenario, out_json, iterations, timeout):
    """One `samlok plan` under /usr/bin/time -v: (stage seconds, wall, peak MiB) or None."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        cmd = ["/usr/bin/time", "-v", "-o", tf.name, samlok, "plan", scenario, "--iterations",
               str(iterations), "--quiet", "--timings", "--json", out_json]
        t0 = time.perf_counter()
        # a session of its own, so a timeout stops samlok too, not only time
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return None
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            sys.exit(f"samlok plan failed on {scenario}:\n{err}")
        stages, cpu = {}, {}
        for line in err.splitlines():
            pairs = {k: float(v) for k, v in re.findall(r"(\w+) ([0-9.]+)", line.split(":", 1)[-1])}
            if line.startswith("timings"):
                stages = pairs
            elif line.startswith("cpu"):
                cpu = pairs
        rss_kb, cpu_total = 0, 0.0
        for line in open(tf.name):
            if "Maximum resident set size" in line:
                rss_kb = int(line.rsplit(":", 1)[1])
            elif "User time" in line or "System time" in line:
                cpu_total += float(line.rsplit(":", 1)[1])
        return stages, wall, rss_kb / 1024, cpu, cpu_total


def read_flows(scenario_dir):
    """Workload-to-workload flows of every agency: {(a, b): (mbps, hard)}, a < b by name."""
    edges = {}
    for name in sorted(os.listdir(scenario_dir)):
        if not name.endswith("-flows.csv"):
            continue
        with open(os.path.join(scenario_dir, name)) as f:
            next(f)
            for line in f:
                s, d, mbps, hard = line.rstrip("\n").split(",")
                key = (s, d) if s < d else (d, s)
                old = edges.get(key, (0.0, False))
                edges[key] = (old[0] + float(mbps), old[1] or hard == "true")
    return edges


def metis_graph(scenario_dir, path):
    """Writes the group stage's graph (see the top comment) in METIS format;
    returns the workload pairs with their traffic and the shared services,
    for plan_cut."""
    edges = read_flows(scenario_dir)
    peers = {}
    for a, b in edges:
        peers[a] = peers.get(a, 0) + 1
        peers[b] = peers.get(b, 0) + 1
    degrees = sorted(peers.values())
    threshold = max(32, 8 * degrees[len(degrees) // 2]) if degrees else 32
    shared = {w for w, d in peers.items() if d >= threshold}
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), (_, hard) in edges.items():
        find(a)
        find(b)
        if hard and a not in shared and b not in shared:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    index, size = {}, []
    for w in sorted(parent):
        if w in shared:
            continue
        r = find(w)
        if r not in index:
            index[r] = len(size)
            size.append(0)
        size[index[r]] += 1
    adj = [dict() for _ in size]
    for (a, b), (mbps, _) in edges.items():
        if a in shared or b in shared:
            continue
        u, v = index[find(a)], index[find(b)]
        if u != v:
            adj[u][v] = adj[u].get(v, 0.0) + mbps
            adj[v][u] = adj[v].get(u, 0.0) + mbps
    m = sum(len(x) for x in adj) // 2
    # integer weights whose total stays clear of gpmetis's 32-bit sums
    total = sum(sum(row.values()) for row in adj) / 2
    scale = min(100.0, 2 ** 30 / total) if total > 0 else 100.0
    with open(path, "w") as f:
        f.write(f"{len(size)} {m} 011\n")
        for u, row in enumerate(adj):
            f.write(" ".join([str(size[u])] + [f"{v + 1} {max(1, round(w * scale))}"
                                                for v, w in sorted(row.items())]) + "\n")
    return edges, shared, scale


def plan_cut(edges, shared, plan):
    """The traffic (Mbit/s) between the plan's groups on the same graph."""
    group = {w["id"]: w.get("group") for w in plan["workloads"]}
    cut = 0.0
    for (a, b), (mbps, _) in edges.items():
        if a not in shared and b not in shared and group.get(a) != group.get(b):
            cut += mbps
    return cut


def gpmetis_seconds(graph, k, repeat):
    """Median of the Partitioning time gpmetis reports (CPU seconds), and
    its edge cut (the first run's)."""
    times, cut = [], None
    with tempfile.TemporaryDirectory() as tmp:
        local = os.path.join(tmp, "g.graph")
        os.symlink(graph, local)
        for _ in range(repeat):
            out = subprocess.run(["gpmetis", local, str(k)], capture_output=True, text=True,
                                 check=True).stdout
            times.append(float(re.search(r"Partitioning:\s+([0-9.]+)", out).group(1)))
            if cut is None:
                cut = int(re.search(r"Edgecut:\s+([0-9]+)", out).group(1))
    return statistics.median(times), cut


def slope(points):
    """Least-squares slope of log(t) on log(n)."""
    pts = [(math.log(n), math.log(t)) for n, t in points if t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", default="shared,neighbours,apps,powerlaw")
    ap.add_argument("--staff", default="fixed,growing")
    ap.add_argument("--sizes", default="10000,30000,100000,300000")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--iterations", type=int, default=1000)
    ap.add_argument("--latency", type=float, default=None)
    ap.add_argument("--horizon", type=int, default=None, help="years (gen_shapes.py's default: 10)")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--no-gpmetis", action="store_true")
    ap.add_argument("--save", help="append every result as a JSON line to this file")
    ap.add_argument("--samlok", default=os.path.join(ROOT, "build", "cli", "samlok"))
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "samlok-bench-estate"))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    sizes = [int(x) for x in a.sizes.split(",")]
    print(f"samlok plan --iterations {a.iterations}, median of {a.repeat}; "
          f"load average {os.getloadavg()[0]:.1f}")
    head = ("shape", "staff", "workloads", *STAGES, "group CPU", "wall", "CPU", "MiB", "groups",
            "largest", "over capacity", "cut flows",
            "gpmetis", "ratio", "cut/gpmetis")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    growth = []
    for shape in a.shapes.split(","):
        for staff in a.staff.split(","):
            group_pts, wall_pts = [], []
            for n in sizes:
                d = estate(a.work, shape, staff, n, a.latency, a.horizon)
                scenario = os.path.join(d, "scenario.yaml")
                plan_json = os.path.join(d, "plan.json")
                runs = [plan_once(a.samlok, scenario, plan_json, a.iterations, a.timeout)
                        for _ in range(a.repeat)]
                if any(r is None for r in runs):
                    print(f"| {shape} | {staff} | {n:,} | over {a.timeout:.0f} s |")
                    break
                med = {s: statistics.median(r[0].get(s, 0.0) for r in runs) for s in STAGES}
                wall = statistics.median(r[1] for r in runs)
                mib = max(r[2] for r in runs)
                group_cpu = statistics.median(r[3].get("group", 0.0) for r in runs)
                cpu_total = statistics.median(r[4] for r in runs)
                with open(plan_json) as f:
                    plan = json.load(f)
                groups = plan["groups"]
                plain = [g for g in groups if not g["shared_service"]]
                largest = max((len(g["workloads"]) for g in groups), default=0)
                over = sum(1 for g in groups if g["over_capacity"])
                cut_flows = len(plan["grouping"].get("cut_flows", []))
                gp, ratio, cut_ratio = None, None, None
                if not a.no_gpmetis and len(plain) > 1:
                    graph = os.path.join(d, "group.graph")
                    edges, shared, scale = metis_graph(d, graph)
                    gp, gp_cut = gpmetis_seconds(graph, len(plain), a.repeat)
                    ratio = group_cpu / gp if gp > 0 else None
                    cut_ratio = plan_cut(edges, shared, plan) * scale / gp_cut if gp_cut else None
                group_pts.append((n, group_cpu))
                wall_pts.append((n, wall))
                row = [shape, staff, f"{n:,}", *[f"{med[s]:.2f}" for s in STAGES],
                       f"{group_cpu:.2f}", f"{wall:.1f}", f"{cpu_total:.1f}", f"{mib:.0f}",
                       str(len(groups)), str(largest), str(over), str(cut_flows),
                       f"{gp:.2f}" if gp is not None else "-",
                       f"{ratio:.2f}" if ratio is not None else "-",
                       f"{cut_ratio:.3f}" if cut_ratio is not None else "-"]
                print("| " + " | ".join(row) + " |", flush=True)
                if a.save:
                    with open(a.save, "a") as f:
                        f.write(json.dumps({"shape": shape, "staff": staff, "workloads": n,
                                            "latency": a.latency, "stages": med, "wall": wall,
                                            "group_cpu": group_cpu, "cpu": cpu_total,
                                            "peak_mib": mib, "groups": len(groups),
                                            "largest": largest, "over_capacity": over,
                                            "cut_flows": cut_flows, "gpmetis": gp, "ratio": ratio,
                                            "cut_vs_gpmetis": cut_ratio,
                                            "load": os.getloadavg()[0]}) + "\n")
            for what, pts in (("group", group_pts), ("whole", wall_pts)):
                pairs = [f"{pts[i][0] // 1000}k-{pts[i + 1][0] // 1000}k "
                         f"{slope(pts[i:i + 2]):.2f}" for i in range(len(pts) - 1)
                         if slope(pts[i:i + 2]) is not None]
                s = slope(pts)
                if s is not None:
                    growth.append(f"growth exponent, {shape} {staff} {what}: {s:.2f} over all "
                                  f"({', '.join(pairs)})")
    for line in growth:
        print(line)


if __name__ == "__main__":
    main()
