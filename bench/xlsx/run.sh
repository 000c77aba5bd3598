#!/bin/sh
# Times `samlok import rvtools` on a 200,000-row RVTools workbook (vInfo
# sheet, shared strings, as RVTools writes it) and on the CSV of the same
# data, REPEATS times each, and prints the median wall time, CPU time and
# peak resident memory of each. The workbook and CSV are generated once
# into DIR (bench/xlsx/gen_vinfo.py; about 70 MB and 170 MB).
#   bench/xlsx/run.sh [REPEATS] [DIR] [VMS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
repeats=${1:-5}
dir=${2:-${TMPDIR:-/tmp}/samlok-bench-xlsx}
vms=${3:-200000}
samlok="$repo/build/cli/samlok"
[ -x "$samlok" ] || { echo "build first: meson setup build --buildtype=release && ninja -C build" >&2; exit 1; }
if [ ! -f "$dir/RVTools_export.xlsx" ] || [ ! -f "$dir/vms-$vms" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    python3 "$here/gen_vinfo.py" "$dir" --vms "$vms"
    touch "$dir/vms-$vms"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for input in RVTools_export.xlsx vInfo.csv; do
    : > "$dir/times"
    i=0
    while [ "$i" -lt "$repeats" ]; do
        /usr/bin/time -f "%e %U %S %M" -o "$dir/one" \
            "$samlok" import rvtools "$dir/$input" --agency A --site S -o "$dir/out-$input.csv" 2>/dev/null
        cat "$dir/one" >> "$dir/times"
        i=$((i + 1))
    done
    python3 - "$dir/times" "$input" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
wall = statistics.median(r[0] for r in rows)
cpu = statistics.median(r[1] + r[2] for r in rows)
rss = statistics.median(r[3] for r in rows) / 1024
print(f"{sys.argv[2]:22} wall {wall:6.2f} s   cpu {cpu:6.2f} s   peak RSS {rss:6.0f} MiB   ({len(rows)} runs, medians)")
PY
done
cmp "$dir/out-RVTools_export.xlsx.csv" "$dir/out-vInfo.csv.csv" && echo "the workbook and the CSV import to the same bytes"
