#!/usr/bin/env python3
"""Runs samlok at and just past one of its documented limits (README,
"Limits"; the constants are SL_MAX_* in include/samlok.h).

  run_limits.py SAMLOK CASE     one case: at the limit the input is accepted
                                (or, where noted, refused for another reason
                                than the limit), one past it exit 2 with the
                                located message
  run_limits.py --list          the case names, one a line (meson reads them)

Every input is generated into a temporary folder. Exit 0 passed, 1 failed,
77 skipped (said why on standard output).
"""
import json
import os
import resource
import subprocess
import sys
import tempfile

SCENARIO = """samlok: 1
name: limits
start: 2026-09-01
deadline: 2027-12-31
security_classes: [open, internal, classified]
agencies:
  - {{id: HOST, role: host}}
  - id: A
    role: joining
    inventory: {inventory}
    flows: flows.csv
{agency_extra}{agencies}sites:
  - {{id: T, owner: HOST, role: target, capacity: {{racks: 100, kw: 1000}}}}
  - {{id: S, owner: A, role: source}}
{sites}host_models:
  - {{id: H, cores: 32, ram_gb: 512}}
{host_models}{top}"""

INVENTORY_HEADER = ("id,agency,site,app,env,tier,vcpu,ram_gb,storage_gb,cpu_p95,ram_p95,os,"
                    "security_class,legal_tags,ha_group,method")
INVENTORY = INVENTORY_HEADER + "\nweb1,A,S,shop,prod,2,2,4,60,20,50,RHEL 9,open,,web,\n"
FLOWS = "src,dst,mbps\nweb1,web1,1\n"


class Case:
    def __init__(self, work, samlok):
        self.work = work
        self.samlok = samlok
        self.problems = []

    def write(self, name, text, mode="w"):
        path = os.path.join(self.work, name)
        with open(path, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as f:
            f.write(text)
        return path

    def scenario(self, inventory="inventory.csv", agency_extra="", agencies="", sites="",
                 host_models="", top="", name="scenario.yaml"):
        text = SCENARIO.format(inventory=inventory, agency_extra=agency_extra,
                               agencies=agencies, sites=sites, host_models=host_models, top=top)
        if not os.path.exists(os.path.join(self.work, "inventory.csv")):
            self.write("inventory.csv", INVENTORY)
        if not os.path.exists(os.path.join(self.work, "flows.csv")):
            self.write("flows.csv", FLOWS)
        return self.write(name, text)

    def run(self, what, args, want_exit, want=(), unwanted=()):
        proc = subprocess.run([self.samlok] + args, cwd=self.work, capture_output=True,
                              env=dict(os.environ, LC_ALL="C"), timeout=3000)
        err = proc.stderr.decode("utf-8", "replace")
        lines = err.splitlines()
        bad = []
        if proc.returncode != want_exit:
            bad.append(f"exit status {proc.returncode}, expected {want_exit}")
        for w in want:
            if w not in lines:
                bad.append(f"missing message: {w}")
        for u in unwanted:
            if any(u in line for line in lines):
                bad.append(f"unexpected message containing: {u}")
        if bad:
            self.problems.append(f"{what}: samlok {' '.join(args[:6])}{' ...' if len(args) > 6 else ''}")
            self.problems += ["  " + b for b in bad]
            self.problems.append("  stderr: " + "\n          ".join(lines[:12]))
        else:
            print(f"ok {what}")


def pad_yaml(text, size):
    """text with a comment line making it exactly size bytes."""
    need = size - len(text.encode()) - 2
    assert need >= 0
    return text + "#" + "x" * need + "\n" if need >= 0 else text


def mem_available():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# ---- the cases ---------------------------------------------------------------

def case_scenario_bytes(c):
    limit = 16 << 20
    c.scenario()
    base = open(os.path.join(c.work, "scenario.yaml"), encoding="utf-8").read()
    c.write("scenario.yaml", pad_yaml(base, limit))
    c.run("at 16 MiB", ["validate", "scenario.yaml"], 0)
    c.write("scenario.yaml", pad_yaml(base, limit + 1))
    c.run("past 16 MiB", ["validate", "scenario.yaml"], 2,
          [f"scenario.yaml: the file is {limit + 1} bytes; the limit is {limit} bytes"])


def case_input_bytes(c):
    # Sparse files: a file of exactly 1 GiB (zeros after a valid start) is
    # read, and refused for its NUL bytes, not its size; one byte more is
    # refused for its size before a byte is read.
    limit = 1 << 30
    c.scenario()
    head = (INVENTORY).encode()
    for size, what in ((limit + 1, "past"), (limit, "at")):
        if what == "at" and mem_available() < 3 * limit:
            print("skipped at 1 GiB: reading it needs 3 GiB of free memory")
            continue
        with open(os.path.join(c.work, "inventory.csv"), "wb") as f:
            f.write(head)
            f.truncate(size)
        if what == "past":
            c.run("past 1 GiB", ["validate", "scenario.yaml"], 2,
                  [f"inventory.csv: the file is {size} bytes; the limit is {limit} bytes",
                   "scenario.yaml:10:16: note: 'inventory.csv' is named here"])
        else:
            c.run("at 1 GiB", ["validate", "scenario.yaml"], 2,
                  ["inventory.csv:3:1: a NUL character is not allowed in CSV text"],
                  ["the limit is"])


def inventory_with_columns(n_cols, field_len=None):
    extra = n_cols - 16
    header = INVENTORY_HEADER + "".join(f",x{i}" for i in range(extra))
    row = "web1,A,S,shop,prod,2,2,4,60,20,50,RHEL 9,open,,web," + "," * extra
    lines = [header, row]
    if field_len is not None:
        lines.append("web2,A,S,shop,prod,2,2,4,60,20,50," + "o" * field_len + ",open,,web,")
    return "\n".join(lines) + "\n"


def case_csv_columns(c):
    c.scenario()
    c.write("inventory.csv", inventory_with_columns(1024))
    c.run("at 1024 columns", ["validate", "scenario.yaml"], 0)
    c.write("inventory.csv", inventory_with_columns(1025))
    c.run("past 1024 columns", ["validate", "scenario.yaml"], 2,
          ["inventory.csv:1: more than 1024 columns"])


def case_csv_field(c):
    c.scenario()
    c.write("inventory.csv", inventory_with_columns(16, 65536))
    c.run("at 65536 bytes", ["validate", "scenario.yaml"], 0)
    c.write("inventory.csv", inventory_with_columns(16, 65537))
    c.run("past 65536 bytes", ["validate", "scenario.yaml"], 2,
          ["inventory.csv:3: a field is longer than 65536 bytes"])


def peak_rss(c, args):
    """Runs samlok; returns (exit status, stderr, peak resident bytes)."""
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen([c.samlok] + args, cwd=c.work, stdout=subprocess.DEVNULL,
                             stderr=err, env=dict(os.environ, LC_ALL="C"))
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return p.returncode, err.read().decode("utf-8", "replace"), usage.ru_maxrss * 1024


def case_csv_field_while_read(c):
    # The field limit holds while the field is read: a 64 MiB field is
    # refused without libcsv buffering it (it once read a 200 MB field
    # whole before the check). Against the same file refused before it is
    # parsed (a NUL at its end), the field may cost only a few MiB more.
    big = 64 << 20
    c.scenario()
    text = inventory_with_columns(16, big)
    c.write("inventory.csv", text + "\0\n")
    rc0, err0, base = peak_rss(c, ["validate", "scenario.yaml"])
    c.write("inventory.csv", text)
    rc, err, peak = peak_rss(c, ["validate", "scenario.yaml"])
    want = "inventory.csv:3: a field is longer than 65536 bytes"
    if rc0 != 2 or rc != 2 or want not in err.splitlines():
        c.problems.append(f"a 64 MiB field: exit {rc0}, {rc}: {err[:300]!r}")
    elif peak > base + (16 << 20):
        c.problems.append(f"a 64 MiB field: peak {peak >> 20} MiB, the file alone "
                          f"{base >> 20} MiB: the field was buffered")
    else:
        print(f"ok a 64 MiB field: peak {peak >> 20} MiB, the file alone {base >> 20} MiB")


def case_yaml_alias_bytes(c):
    # What aliases add: an alias of a scalar of n bytes adds n + 1 (the node
    # and its bytes). 4,096 aliases of a 4,095-byte value add exactly
    # 16 MiB; one of them naming a 4,096-byte value instead adds one more.
    t, u = "a" * 4095, "b" * 4096
    at = "unsupported_os: [&t " + t + ", &u " + u + ", *t" * 4096 + "]\n"
    c.scenario(top=at)
    c.run("at 16 MiB of aliases", ["validate", "scenario.yaml"], 0)
    past = "unsupported_os: [&t " + t + ", &u " + u + ", *t" * 4095 + ", *u]\n"
    c.scenario(top=past)
    col = len(past) - len("*u]\n") + 1
    c.run("past 16 MiB of aliases", ["validate", "scenario.yaml"], 2,
          [f"scenario.yaml:17:{col}: YAML aliases expand the scenario by more than 16777216 "
           "bytes (the limit)"])


def case_adjust_total(c):
    # 100 adjustables of 1,000 candidates each; one candidate more is past
    staff = "    staff: {migration_hours_per_week: 10}\n"
    item = "  - {path: agencies.A.staff.migration_hours_per_week, min: 1, max: 1000, step: 1}\n"
    c.scenario(top="adjustable:\n" + item * 100, agency_extra=staff)
    c.run("at 100000 candidate values", ["validate", "scenario.yaml"], 0)
    one = "  - {path: agencies.A.staff.migration_hours_per_week, values: [5]}\n"
    c.scenario(top="adjustable:\n" + item * 100 + one, agency_extra=staff)
    c.run("past 100000 candidate values", ["validate", "scenario.yaml"], 2,
          ["scenario.yaml:119:6: more than 100000 candidate values in all adjustables together: "
           "the limit"])


def plan_document(rows):
    """A plan document whose risks are the given objects."""
    return json.dumps({"samlok": 1, "scenario": {"name": "limits"}, "risks": rows}, indent=1)


def case_report_columns(c):
    # the rows of one list bring at most 1,024 different keys (table columns)
    row = {f"k{i}": i for i in range(1024)}
    c.write("plan.json", plan_document([row]))
    c.run("at 1024 columns", ["report", "plan.json", "--csv", "out"], 0)
    text = plan_document([row, {"k1024": 1}])
    c.write("plan.json", text)
    line = text.count("\n", 0, text.rindex("{", 0, text.index('"k1024"'))) + 1
    c.run("past 1024 columns", ["report", "plan.json", "--csv", "out2"], 2,
          [f"plan.json:{line}:3: risks[1]: the rows of this list bring more than 1024 different "
           "keys, the columns a table can have"])


def case_report_cells(c):
    # rows x columns at most 16 per byte of the document. One row of 128
    # keys and empty rows ", {}": each empty row adds 128 cells and 4
    # bytes (64 cells' worth), so the count of rows decides, and the
    # scenario's name pads the document to exactly the limit.
    wide = json.dumps({f"k{i}": 1 for i in range(128)})

    def doc(rows, pad):
        return ('{"samlok": 1, "scenario": {"name": "' + "p" * pad + '"}, "risks": [' + wide +
                ", {}" * (rows - 1) + "]}")
    base = len(doc(1, 0))
    rows = -(-(16 * base - 64) // 64)  # the fewest rows that fill the limit
    pad = 4 * rows - base + 4          # bytes that make 16 x len == cells
    text = doc(rows, pad)
    assert rows * 128 == 16 * len(text), (rows, pad, len(text))
    c.write("plan.json", text)
    c.run(f"at {rows * 128} cells for {len(text)} bytes", ["report", "plan.json", "--csv", "out"],
          0)
    text = doc(rows + 1, pad)
    c.write("plan.json", text)
    c.run("past 16 cells per byte", ["report", "plan.json", "--csv", "out2"], 2,
          [f"plan.json:1:{text.index('[') + 1}: risks: {rows + 1} rows of 128 columns are "
           f"{(rows + 1) * 128} cells, more than 16 per byte of the document ({16 * len(text)})"])


def case_yaml_depth(c):
    # libfyaml's limit: 64 levels, the document being the first, so 63
    # collections inside each other (the top mapping and 62 lists here).
    # No scenario key nests that deep, so at the limit the reader gets past
    # the YAML parser and names the unknown key; past it the parser stops.
    for lists, what in ((62, "at"), (63, "past")):
        c.scenario(top="x: " + "[" * lists + "]" * lists + "\n")
        if what == "at":
            c.run("at depth 64", ["validate", "scenario.yaml"], 2,
                  ["scenario.yaml:17:1: unknown key 'x'"], ["depth"])
        else:
            c.run("past depth 64", ["validate", "scenario.yaml"], 2,
                  ["scenario.yaml:17:66: YAML: Max depth (64) exceeded"])


def case_text_bytes(c):
    c.scenario(top="description: " + "d" * 4096 + "\n")
    c.run("at 4096 bytes", ["validate", "scenario.yaml"], 0)
    c.scenario(top="description: " + "d" * 4097 + "\n")
    c.run("past 4096 bytes", ["validate", "scenario.yaml"], 2,
          ["scenario.yaml:17:14: text longer than 4096 bytes"])


def case_list_items(c):
    def models(n):
        return "".join(f"  - {{id: H{i}, cores: 8, ram_gb: 64}}\n" for i in range(n - 1))
    c.scenario(host_models=models(100000))
    c.run("at 100000 host models", ["validate", "scenario.yaml"], 0)
    c.scenario(host_models=models(100001))
    # the list starts on line 16: item 100001 is on line 16 + 100000
    c.run("past 100000 host models", ["validate", "scenario.yaml"], 2,
          ["scenario.yaml:100016:6: too many host models: the limit is 100000"])


def plan(c, what, want_exit=0, want=(), extra=()):
    c.run(what, ["plan", "scenario.yaml", "--iterations", "200", "--quiet", "--json",
                 "plan.json"] + list(extra), want_exit, want)


def case_agencies(c):
    def agencies(n):  # n joining agencies besides A
        return "".join(f"  - {{id: J{i}, role: joining}}\n" for i in range(n))
    c.scenario(agencies=agencies(62))  # HOST + A + 62 = 64
    plan(c, "at 64 agencies: planned and simulated")
    c.scenario(agencies=agencies(63))
    c.run("past 64 agencies", ["validate", "scenario.yaml"], 2,
          ["scenario.yaml:74:6: too many agencies: the limit is 64"])


def case_sites(c):
    def sites(n):
        return "".join(f"  - {{id: S{i}, owner: A, role: source}}\n" for i in range(n))
    c.scenario(sites=sites(254))
    plan(c, "at 256 sites: planned and simulated")
    c.scenario(sites=sites(255))
    c.run("past 256 sites", ["validate", "scenario.yaml"], 2,
          ["scenario.yaml:269:6: too many sites: the limit is 256"])


def gates(n):
    return "gates:\n" + "".join(
        f"  - {{id: G{i}, kind: other, lead_time_months: {{min: 1, likely: 2, max: 3}}, "
        "applies_to: {all: true}}\n" for i in range(n))


def case_gates(c):
    c.scenario(top=gates(64))
    plan(c, "at 64 gates: planned and simulated")
    c.scenario(top=gates(65))
    c.run("past 64 gates", ["validate", "scenario.yaml"], 2,
          ["scenario.yaml:82:6: too many gates: the limit is 64"])


def case_methods(c):
    def methods(n):
        return "migration:\n  methods:\n" + "".join(
            f"    - {{id: m{i}, effort_hours: {2 + i % 7}}}\n" for i in range(n))
    rows = "".join(f"w{i},A,S,app{i % 20},prod,3,2,4,60,20,50,RHEL 9,open,,,m{i}\n"
                   for i in range(255))
    c.write("inventory.csv", INVENTORY_HEADER + "\n" + rows)
    c.write("flows.csv", "src,dst,mbps\nw1,w2,1\n")
    c.scenario(top=methods(255))
    plan(c, "at 255 migration methods, each used: planned and simulated")
    c.scenario(top=methods(256))
    c.run("past 255 migration methods", ["validate", "scenario.yaml"], 2,
          ["scenario.yaml:274:8: too many migration methods: the limit is 255"])


def case_weekly_windows(c):
    days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    def windows(n):
        return "windows:\n  weekly:\n" + "".join(
            f"    - {{day: {days[i % 7]}, start: \"{i // 7:02d}:{(i * 7) % 60:02d}\", hours: 1}}\n"
            for i in range(n))
    c.scenario(top=windows(64))
    plan(c, "at 64 weekly windows: planned and simulated")
    c.scenario(top=windows(65))
    c.run("past 64 weekly windows", ["validate", "scenario.yaml"], 2,
          ["scenario.yaml:83:8: too many weekly windows: the limit is 64"])


def case_freezes(c):
    def freezes(n):
        return "    freeze:\n" + "".join(
            f"      - {{from: {2030 + i // 300}-{1 + (i % 300) // 25:02d}-{1 + i % 25:02d}, "
            f"to: {2030 + i // 300}-{1 + (i % 300) // 25:02d}-{1 + i % 25:02d}}}\n"
            for i in range(n))
    c.scenario(agency_extra=freezes(1000))
    plan(c, "at 1000 freeze periods: planned and simulated")
    c.scenario(agency_extra=freezes(1001))
    c.run("past 1000 freeze periods", ["validate", "scenario.yaml"], 2,
          ["scenario.yaml:1013:10: too many freezes: the limit is 1000"])


def case_adjust_values(c):
    def listed(n):
        return ("adjustable:\n  - path: agencies.A.staff.migration_hours_per_week\n"
                "    values: [" + ", ".join(str(10 + i) for i in range(n)) + "]\n")

    def stepped(n):
        return ("adjustable:\n  - {path: agencies.A.staff.migration_hours_per_week, "
                f"min: 10, max: {10 + n - 1}, step: 1}}\n")
    # the path must lead to a value a --set can replace: A has staff
    staff = "    staff: {migration_hours_per_week: 10}\n"
    c.scenario(top=listed(1000), agency_extra=staff)
    c.run("at 1000 listed values", ["validate", "scenario.yaml"], 0)
    c.scenario(top=listed(1001), agency_extra=staff)
    col = 14 + sum(len(str(10 + i)) + 2 for i in range(1000))
    c.run("past 1000 listed values", ["validate", "scenario.yaml"], 2,
          [f"scenario.yaml:20:{col}: too many candidate values: the limit is 1000"])
    c.scenario(top=stepped(1000), agency_extra=staff)
    c.run("at 1000 stepped values", ["validate", "scenario.yaml"], 0)
    c.scenario(top=stepped(1001), agency_extra=staff)
    c.run("past 1000 stepped values", ["validate", "scenario.yaml"], 2,
          ["scenario.yaml:19:6: more than 1000 candidate values; use a larger step"])


def case_horizon_years(c):
    c.scenario(top="horizon_years: 50\n")
    plan(c, "at 50 years: planned")
    c.scenario(top="horizon_years: 51\n")
    c.run("past 50 years", ["validate", "scenario.yaml"], 2,
          ["scenario.yaml:17:16: horizon_years must be between 1 and 50 years, got 51"])


def case_iterations(c):
    c.scenario(top="iterations: 10000000\n")
    c.run("scenario at 10000000", ["validate", "scenario.yaml"], 0)
    c.scenario(top="iterations: 10000001\n")
    c.run("scenario past 10000000", ["validate", "scenario.yaml"], 2,
          ["scenario.yaml:17:13: iterations must be between 1 and 10000000 iterations, "
           "got 10000001"])
    # the option is checked before anything runs; --write-scenario stops there
    c.run("--iterations at 10000000",
          ["demo", "--iterations", "10000000", "--write-scenario", "d1"], 0)
    c.run("--iterations past 10000000",
          ["demo", "--iterations", "10000001", "--write-scenario", "d2"], 2,
          ["samlok demo: --iterations wants a number from 1 to 10000000, got '10000001'"])


def case_threads(c):
    c.scenario()
    plan(c, "at 256 threads: planned", extra=["--threads", "256"])
    c.run("past 256 threads", ["plan", "scenario.yaml", "--threads", "257"], 2,
          ["samlok plan: --threads wants a number from 1 to 256, got '257'"])


def case_sets(c):
    c.scenario()
    at = []
    for i in range(256):
        at += ["--set", f"name=run {i}"]
    c.run("at 256 --set", ["validate", "scenario.yaml"] + at, 0)
    c.run("past 256 --set", ["validate", "scenario.yaml"] + at + ["--set", "name=x"], 2,
          ["samlok validate: more than 256 --set options"])


def case_workloads(c):
    # two inventories: the limit counts them together
    half = 500000
    c.scenario(inventory="[inv1.csv, inv2.csv]")
    hdr = "id,agency,site,vcpu,ram_gb\n"
    c.write("inv1.csv", hdr + "".join(f"a{i},A,S,1,1\n" for i in range(half)))
    c.write("inv2.csv", hdr + "".join(f"b{i},A,S,1,1\n" for i in range(half)))
    c.run("at 1000000 workloads in two files", ["validate", "scenario.yaml"], 0)
    with open(os.path.join(c.work, "inv2.csv"), "a", encoding="utf-8") as f:
        f.write("b-one-more,A,S,1,1\n")
    c.run("past 1000000 workloads", ["validate", "scenario.yaml"], 2,
          [f"inv2.csv:{half + 2}: more than 1000000 workloads in all inventories: the limit"])


def case_flow_rows(c):
    # unmatched endpoints: rows are read and counted, not kept
    n = 20000000
    c.scenario()
    with open(os.path.join(c.work, "flows.csv"), "wb") as f:
        f.write(b"src,dst,mbps\n")
        f.write(b"x,y,1\n" * n)
    c.run("at 20000000 flow rows", ["validate", "scenario.yaml"], 0)
    with open(os.path.join(c.work, "flows.csv"), "ab") as f:
        f.write(b"x,y,1\n")
    c.run("past 20000000 flow rows", ["validate", "scenario.yaml"], 2,
          [f"flows.csv:{n + 2}: more than 20000000 flow rows in all flow files: the limit"])


def case_vbp_dims(c):
    def vbp(d):
        return f"{d}\n" + " ".join(["10"] * d) + "\n1\n" + " ".join(["1"] * d) + " 1\n"
    c.write("at.vbp", vbp(64))
    c.run("at 64 dimensions", ["pack", "at.vbp"], 0)
    c.write("past.vbp", vbp(65))
    c.run("past 64 dimensions", ["pack", "past.vbp"], 2,
          ["past.vbp:1:1: the number of dimensions must be from 1 to 64"])


def case_graph_constraints(c):
    def graph(ncon):
        w = " ".join(["1"] * ncon)
        return f"2 1 10 {ncon}\n{w} 2\n{w} 1\n"
    c.write("at.graph", graph(8))
    c.run("at 8 constraints", ["partition", "at.graph", "2"], 0)
    c.write("past.graph", graph(9))
    c.run("past 8 constraints", ["partition", "past.graph", "2"], 2,
          ["past.graph:1:8: constraint count 9 is out of range (1..8)"])


CASES = {name[5:].replace("_", "-"): fn for name, fn in globals().items()
         if name.startswith("case_")}


def main():
    if sys.argv[1:] == ["--list"]:
        print("\n".join(CASES))
        return 0
    samlok = os.path.abspath(sys.argv[1])
    name = sys.argv[2]
    with tempfile.TemporaryDirectory() as work:
        c = Case(work, samlok)
        CASES[name](c)
        if c.problems:
            print(f"FAIL limits/{name}")
            print("\n".join(c.problems))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
