#!/bin/sh
# Times the whole `samlok plan` on synthetic estates and prints, per size,
# the stage times (median of REPEATS runs) and peak memory.
#   bench/plan/run.sh [REPEATS]        sizes: 10k/100k workloads, 10 flows each
# Needs a release build in build/ (tools/run build) and /usr/bin/time.
set -eu
cd "$(dirname "$0")/../.."
repeats="${1:-3}"
samlok=build/cli/samlok
work="${TMPDIR:-/tmp}/samlok-bench-plan"
mkdir -p "$work"
for n in 10000 100000; do
    dir="$work/estate-$n"
    [ -f "$dir/scenario.yaml" ] || python3 bench/gen_estate.py "$dir" --workloads "$n" --flows $((n * 10)) --agencies 3
    echo "== $n workloads, $((n * 10)) flows, 1000 iterations"
    : > "$work/times-$n"
    for r in $(seq "$repeats"); do
        /usr/bin/time -f "%e %M" -o "$work/rss" "$samlok" plan "$dir/scenario.yaml" --iterations 1000 \
            --quiet --timings --json "$work/plan-$n.json" 2>> "$work/times-$n"
        cat "$work/rss" >> "$work/times-$n"
    done
    python3 - "$work/times-$n" <<'PY'
import re, statistics, sys
stages, wall, rss = {}, [], []
for line in open(sys.argv[1]):
    if line.startswith("timings"):
        for k, v in re.findall(r"(\w+) ([0-9.]+)", line.split(":", 1)[1]):
            stages.setdefault(k, []).append(float(v))
    elif re.match(r"^[0-9.]+ [0-9]+$", line.strip()):
        e, m = line.split()
        wall.append(float(e))
        rss.append(int(m))
med = {k: statistics.median(v) for k, v in stages.items()}
print("  median stage seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in med.items()))
print(f"  group + schedule: {med.get('group', 0) + med.get('schedule', 0):.2f} s")
print(f"  whole run: median {statistics.median(wall):.2f} s wall, peak RSS {max(rss) / 1024:.0f} MiB")
PY
done
