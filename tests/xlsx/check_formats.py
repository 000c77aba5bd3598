#!/usr/bin/env python3
"""The files planners have, in and out, checked from outside samlok (shares
no code with src/):

  check_formats.py SAMLOK LOCPATH xlsx      a workbook reads as its CSV
  check_formats.py SAMLOK LOCPATH exports   .ics, MSPDI and runbook
  check_formats.py SAMLOK LOCPATH init      `init` writes a scenario that validates

xlsx: each RVTools vInfo CSV of the golden cases becomes two workbooks
(make_workbooks.py: one by python3-openpyxl, one written by hand with
shared and inline strings mixed), and `import rvtools` on each must give
the bytes the CSV gives, under LC_ALL=C and sv_SE.UTF-8. A scenario whose
inventory and flows are workbooks must plan to the same plan document as
the one with CSV files. A damaged workbook and a workbook given where a
CSV was expected are never called bad UTF-8, and the error names the
scenario line.

exports: the demo's plan as .ics is read by python3-icalendar and checked
line by line against RFC 5545 (CRLF, 75-octet lines, UID/DTSTAMP/DTSTART
on every event, unique UIDs); one event per wave per agency and one per
gate on its likely pass date, UIDs unchanged under another seed. The
MSPDI file must be XML with one task per wave and gate, each wave linked
after the wave before it and the gates that hold its groups, and never
before them. The runbook lists every scheduled workload once, and within
a wave a server moves after the servers of that wave it depends on
(except inside a dependency cycle, found here by Tarjan's algorithm).
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
MAKE = os.path.join(HERE, "make_workbooks.py")
PY = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def run(samlok, args, cwd, env=None, ok=(0,)):
    p = subprocess.run([samlok] + args, cwd=cwd, capture_output=True, env=env, timeout=600)
    if p.returncode not in ok:
        sys.exit(f"FAIL: samlok {' '.join(args)} exited {p.returncode}:\n{p.stderr.decode()}")
    return p


def locales(locpath):
    out = [("C", dict(os.environ, LC_ALL="C"))]
    if os.path.exists(os.path.join(locpath, "sv_SE.UTF-8", "LC_NUMERIC")):
        out.append(("sv_SE.UTF-8", dict(os.environ, LC_ALL="sv_SE.UTF-8", LOCPATH=locpath)))
    else:
        print(f"sv_SE.UTF-8 part SKIPPED: no locale in {locpath} (tests/make_locale.py)")
    return out


def make(kind, src, out, sheet, other=None):
    args = [PY, MAKE, kind, src, out, "--sheet", sheet] + (["--other-sheet", other] if other else [])
    subprocess.run(args, check=True)


def check_xlsx(samlok, locpath):
    cases = [os.path.join(TESTS, "cli", "cases", "import-rvtools-xlsx", "vInfo.csv"),
             os.path.join(TESTS, "cli", "cases", "import-rvtools-export", "RVTools_tabvInfo.csv")]
    n = 0
    with tempfile.TemporaryDirectory() as work:
        for src in cases:
            for name, env in locales(locpath):
                want = run(samlok, ["import", "rvtools", src, "--agency", "SKV", "--site", "S",
                                    "-o", "csv.csv"], work, env)
                with open(os.path.join(work, "csv.csv"), "rb") as f:
                    want_bytes = f.read()
                for kind in ("openpyxl", "mixed"):
                    book = os.path.join(work, kind + ".xlsx")
                    make(kind, src, book, "vInfo", "vHost")
                    got = run(samlok, ["import", "rvtools", book, "--agency", "SKV", "--site", "S",
                                       "-o", "book.csv"], work, env)
                    with open(os.path.join(work, "book.csv"), "rb") as f:
                        if f.read() != want_bytes:
                            sys.exit(f"FAIL: {kind} workbook of {src} imports differently ({name})")
                    if got.stderr != want.stderr:
                        sys.exit(f"FAIL: import summaries differ: {got.stderr} vs {want.stderr}")
                    n += 1
        # a whole scenario: inventory and flows as workbooks plan to the same document
        small = os.path.join(TESTS, "data", "small")
        plans = {}
        for kind in ("csv", "openpyxl", "mixed"):
            d = os.path.join(work, "scn-" + kind)
            shutil.copytree(small, d)
            if kind != "csv":
                text = open(os.path.join(d, "scenario.yaml"), encoding="utf-8").read()
                for stem in ("inventory", "flows"):
                    make(kind, os.path.join(d, stem + ".csv"), os.path.join(d, stem + ".xlsx"), "Sheet1")
                    text = text.replace(stem + ".csv", stem + ".xlsx")
                open(os.path.join(d, "scenario.yaml"), "w", encoding="utf-8").write(text)
            for name, env in locales(locpath):
                run(samlok, ["plan", "scenario.yaml", "--iterations", "200", "--threads", "1",
                             "--json", "plan.json"], d, env)
                doc = json.load(open(os.path.join(d, "plan.json"), encoding="utf-8"))
                plans[(kind, name)] = doc
        base = plans[("csv", "C")]
        for key, doc in plans.items():
            if doc != base:
                for k in base:
                    if base[k] != doc.get(k):
                        sys.exit(f"FAIL: plan of {key} differs from the CSV scenario's in '{k}'")
            n += 1
        # a damaged workbook, and a workbook where CSV text was expected
        d = os.path.join(work, "scn-openpyxl")
        with open(os.path.join(d, "inventory.xlsx"), "rb") as f:
            data = f.read()
        with open(os.path.join(d, "inventory.xlsx"), "wb") as f:
            f.write(data[: len(data) // 2])
        p = run(samlok, ["validate", "scenario.yaml"], d, ok=(2,))
        err = p.stderr.decode()
        if "UTF-8" in err or "inventory.xlsx" not in err or "is named here" not in err:
            sys.exit(f"FAIL: damaged workbook reported as:\n{err}")
        n += 1
        # a zip bomb: a sheet that unpacks past the budget is refused before
        # a byte of it is inflated, with the limit named
        bomb = os.path.join(work, "bomb.xlsx")
        make("mixed", cases[0], bomb, "vInfo")
        with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            names = z.namelist()
        src = zipfile.ZipFile(bomb)
        parts = {name: src.read(name) for name in names}
        src.close()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for name, data in parts.items():
                if name != "xl/worksheets/sheet1.xml":
                    z.writestr(name, data)
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                block = b" " * (1 << 24)
                for _ in range(257):  # 4 GiB + 16 MiB of white space
                    f.write(block)
                f.write(b"</sheetData></worksheet>")
        p = run(samlok, ["import", "rvtools", bomb, "--agency", "A", "--site", "S", "-o", "x.csv"],
                work, ok=(2,))
        err = p.stderr.decode()
        if "4294967296" not in err or "UTF-8" in err:
            sys.exit(f"FAIL: the zip bomb was reported as:\n{err}")
        n += 1
    print(f"ok: {n} workbook checks")


def unfold(raw):
    if b"\n" in raw.replace(b"\r\n", b""):
        sys.exit("FAIL: .ics has a line end that is not CRLF")
    lines = raw.split(b"\r\n")
    if lines[-1] != b"":
        sys.exit("FAIL: .ics does not end with CRLF")
    out = []
    for ln in lines[:-1]:
        if len(ln) > 75:
            sys.exit(f"FAIL: .ics line longer than 75 octets: {ln[:40]!r}")
        ln.decode("utf-8")  # a fold never splits a character
        if ln.startswith(b" "):
            out[-1] += ln[1:]
        else:
            out.append(ln)
    return [ln.decode("utf-8") for ln in out]


def check_ics(path, doc):
    raw = open(path, "rb").read()
    lines = unfold(raw)
    events, cur = [], None
    for ln in lines:
        if ln == "BEGIN:VEVENT":
            cur = {}
        elif ln == "END:VEVENT":
            events.append(cur)
            cur = None
        elif cur is not None:
            name, _, value = ln.partition(":")
            cur[name.split(";")[0]] = (name, value)
    for e in events:
        for req in ("UID", "DTSTAMP", "DTSTART"):
            if req not in e:
                sys.exit(f"FAIL: an event lacks {req}: {e}")
    uids = [e["UID"][1] for e in events]
    if len(set(uids)) != len(uids):
        sys.exit("FAIL: UIDs repeat")
    try:
        import icalendar
    except ImportError:
        os.execv(PY, [PY] + sys.argv) if sys.executable != PY else sys.exit("python3-icalendar missing")
    cal = icalendar.Calendar.from_ical(raw)
    parsed = list(cal.walk("VEVENT"))
    if len(parsed) != len(events):
        sys.exit("FAIL: icalendar reads another number of events")
    for ev in parsed:  # every property is read back without error
        for key in ("DTSTART", "DTEND", "DTSTAMP"):
            ev.decoded(key)
    # what the events should be, from the plan document
    groups = doc["groups"]
    want = set()
    for k, w in enumerate(doc["schedule"]["windows"]):
        for g in w["groups"]:
            want.add((w["start"].replace("-", "").replace(":", "") + "00", groups[g]["agency"]))
    got = set()
    for e in events:
        if e["DTSTART"][0] == "DTSTART":
            summary = e["SUMMARY"][1]
            agency = summary.split(": ", 1)[1].split(" moves ")[0]
            got.add((e["DTSTART"][1], agency))
    if got != want:
        sys.exit(f"FAIL: wave events {sorted(got - want)[:3]} not in the plan, "
                 f"{sorted(want - got)[:3]} missing")
    gate_days = {e["DTSTART"][1] for e in events if e["DTSTART"][0] == "DTSTART;VALUE=DATE"}
    want_days = {g["passes_likely"].replace("-", "") for g in doc["calendar"]["gates"]}
    if gate_days != want_days:
        sys.exit(f"FAIL: gate events on {sorted(gate_days)}, gates pass {sorted(want_days)}")
    return uids, len(events)


def check_mspdi(path, doc):
    ns = {"p": "http://schemas.microsoft.com/project"}
    root = ET.parse(path).getroot()
    tasks = root.findall("p:Tasks/p:Task", ns)
    by_uid = {t.find("p:UID", ns).text: t for t in tasks}
    gates = doc["calendar"]["gates"]
    windows = doc["schedule"]["windows"]
    if len(tasks) != 1 + len(gates) + len(windows):
        sys.exit(f"FAIL: {len(tasks)} tasks for {len(gates)} gates and {len(windows)} waves")
    gate_uid = {}
    for t in tasks:
        name = t.find("p:Name", ns).text or ""
        for g in gates:
            if name == "Gate: " + (g["name"] or g["id"]):
                gate_uid[g["id"]] = t.find("p:UID", ns).text
                if t.find("p:Milestone", ns).text != "1" or not t.find("p:Start", ns).text.startswith(g["passes_likely"]):
                    sys.exit(f"FAIL: gate {g['id']} is not a milestone on {g['passes_likely']}")
    wave_tasks = [t for t in tasks if (t.find("p:Name", ns).text or "").startswith("Wave ")]
    if len(wave_tasks) != len(windows) or len(gate_uid) != len(gates):
        sys.exit("FAIL: not one task per wave and per gate")
    prev = None
    links = 0
    for k, (t, w) in enumerate(zip(wave_tasks, windows)):
        if not t.find("p:Start", ns).text.startswith(w["start"]):
            sys.exit(f"FAIL: wave {k + 1} starts {t.find('p:Start', ns).text}, window {w['start']}")
        preds = {l.find("p:PredecessorUID", ns).text for l in t.findall("p:PredecessorLink", ns)}
        want = set()
        if prev is not None:
            want.add(prev)
        for g in w["groups"]:
            for gid in doc["groups"][g].get("gates", []):
                want.add(gate_uid[gid])
                gate = next(x for x in gates if x["id"] == gid)
                if w["start"][:10] < gate["passes_likely"]:
                    sys.exit(f"FAIL: wave {k + 1} ({w['start']}) before gate {gid} passes")
        if preds != want:
            sys.exit(f"FAIL: wave {k + 1} predecessors {sorted(preds)}, the schedule implies {sorted(want)}")
        for l in t.findall("p:PredecessorLink", ns):
            if l.find("p:Type", ns).text != "1" or l.find("p:PredecessorUID", ns).text not in by_uid:
                sys.exit("FAIL: a link is not finish-to-start to a task of the file")
        links += len(preds)
        prev = t.find("p:UID", ns).text
    return len(tasks), links


def sccs(nodes, edges):
    """Tarjan's strongly connected components: node -> component id."""
    index, low, on, stack, comp = {}, {}, set(), [], {}
    counter = [0]

    def visit(v):
        work = [(v, iter(edges.get(v, ())))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        while work:
            node, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(edges.get(w, ()))))
                    advanced = True
                    break
                if w in on:
                    low[node] = min(low[node], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                while True:
                    x = stack.pop()
                    on.discard(x)
                    comp[x] = node
                    if x == node:
                        break
    for v in nodes:
        if v not in index:
            visit(v)
    return comp


def check_runbook(path, doc):
    rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
    scheduled = [w["id"] for w in doc["workloads"] if w.get("window") is not None]
    if sorted(r["workload"] for r in rows) != sorted(scheduled):
        sys.exit("FAIL: the runbook does not list every scheduled workload once")
    deps = {w["id"]: w.get("depends_on", []) for w in doc["workloads"]}
    waves = {}
    for r in rows:
        waves.setdefault(r["wave"], []).append(r)
    for wave, rs in waves.items():
        order = {r["workload"]: int(r["order"]) for r in rs}
        if sorted(order.values()) != list(range(1, len(rs) + 1)):
            sys.exit(f"FAIL: wave {wave} move order is not 1..n")
        edges = {w: [d for d in deps[w] if d in order] for w in order}
        comp = sccs(list(order), edges)
        for w in order:
            for d in edges[w]:
                if order[d] > order[w] and comp[d] != comp[w]:
                    sys.exit(f"FAIL: wave {wave}: {w} moves before {d}, which it needs")
    return len(rows)


def check_exports(samlok):
    with tempfile.TemporaryDirectory() as work:
        uids = []
        for seed in ("2014", "7"):
            run(samlok, ["demo", "--out", "d" + seed, "--iterations", "300", "--seed", seed, "--quiet"], work)
            d = os.path.join(work, "d" + seed)
            run(samlok, ["report", "plan.json", "--ics", "plan.ics", "--mspdi", "plan.xml"], d)
            doc = json.load(open(os.path.join(d, "plan.json"), encoding="utf-8"))
            u, n_events = check_ics(os.path.join(d, "plan.ics"), doc)
            uids.append(set(u))
            n_tasks, n_links = check_mspdi(os.path.join(d, "plan.xml"), doc)
            n_rows = check_runbook(os.path.join(d, "csv", "runbook.csv"), doc)
            print(f"ok: seed {seed}: {n_events} events, {n_tasks} tasks with {n_links} links, "
                  f"{n_rows} runbook rows")
        gate_uids = [set(x for x in u if "-gate-" in x) for u in uids]
        if not gate_uids[0] or gate_uids[0] != gate_uids[1]:
            sys.exit("FAIL: gate UIDs change with the seed")
        # the same plan gives the same bytes
        d = os.path.join(work, "d2014")
        first = open(os.path.join(d, "plan.ics"), "rb").read()
        run(samlok, ["report", "plan.json", "--ics", "again.ics"], d)
        if open(os.path.join(d, "again.ics"), "rb").read() != first:
            sys.exit("FAIL: .ics differs between two runs")
    print("ok: exports")


def check_init(samlok):
    with tempfile.TemporaryDirectory() as work:
        run(samlok, ["init", "new"], work)
        p = run(samlok, ["validate", "new/scenario.yaml"], work)
        if b"agencies   2" not in p.stdout:
            sys.exit("FAIL: the starter scenario has not two agencies")
        text = open(os.path.join(work, "new", "scenario.yaml"), encoding="utf-8").read()
        if text.count("#") < 10:
            sys.exit("FAIL: the starter scenario is not commented")
        header = open(os.path.join(work, "new", "inventory.csv"), encoding="utf-8").read()
        if header.count("\n") != 1 or not header.startswith("id,agency,site"):
            sys.exit("FAIL: inventory.csv is not a header line")
        p = run(samlok, ["init", "new"], work, ok=(2,))
        if b"never overwrites" not in p.stderr:
            sys.exit("FAIL: init over an existing scenario")
    print("ok: init")
    # the man page and completions list every command, and report's options
    help_text = run(samlok, ["--help"], ".").stdout.decode()
    commands = [l.split()[0] for l in help_text.split("commands:\n")[1].split("\n\n")[0].splitlines()]
    report_help = run(samlok, ["report", "--help"], ".").stdout.decode()
    options = sorted(set(re.findall(r"--[a-z][a-z-]*", report_help)))
    for what in ("man", "bash", "zsh"):
        text = run(samlok, ["--generate", what], ".").stdout.decode()
        for c in commands:
            if c not in text:
                sys.exit(f"FAIL: the {what} output lacks the command {c}")
        for o in options:
            if (o if what != "man" else o.replace("-", "\\-")) not in text:
                sys.exit(f"FAIL: the {what} output lacks report's option {o}")
        if what == "bash" and shutil.which("bash"):
            if subprocess.run(["bash", "-n"], input=text.encode()).returncode:
                sys.exit("FAIL: the bash completion is not valid bash")
    if not run(samlok, ["--generate", "man"], ".").stdout.startswith(b".TH SAMLOK 1"):
        sys.exit("FAIL: the man page has no .TH line")
    p = run(samlok, ["plna"], ".", ok=(2,))
    if b"did you mean 'plan'" not in p.stderr:
        sys.exit("FAIL: no 'did you mean' for a mistyped command")
    print(f"ok: man page and completions list {len(commands)} commands")


def main():
    samlok, locpath, mode = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    if mode == "xlsx":
        check_xlsx(samlok, locpath)
    elif mode == "exports":
        check_exports(samlok)
    elif mode == "init":
        check_init(samlok)
    else:
        sys.exit("mode: xlsx, exports or init")


if __name__ == "__main__":
    main()
