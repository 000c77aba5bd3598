#!/usr/bin/env python3
"""Reads samlok's reports back and compares them with the plan document.

It shares no code with src/: the rules it checks are restated here from
docs/REPORTS.md (which sheets exist, which rows and columns they hold, how
a JSON value becomes a cell, what is neutralised and escaped).

  check_reports.py SAMLOK demo        `demo --out`: JSON, workbook, CSV, HTML agree
  check_reports.py SAMLOK saved       `plan --json` then `report plan.json`: same as direct
  check_reports.py SAMLOK hostile     names that try formulas, markup and paths
  check_reports.py SAMLOK atomic      failures leave nothing half-written
  check_reports.py SAMLOK color       colour on a terminal only, never with NO_COLOR
"""
import datetime
import html.parser
import json
import math
import csv
import os
import re
import pty
import select
import shutil
import subprocess
import sys
import tempfile

try:
    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.escape import unescape
except ImportError:  # a python without Debian's python3-openpyxl: use Debian's
    if os.path.exists("/usr/bin/python3") and sys.executable != "/usr/bin/python3":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("python3-openpyxl is missing (tools/setup installs it)")
    sys.exit(1)

HERE = os.path.dirname(os.path.abspath(__file__))
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_WORDS = ("date", "start", "end", "finish", "from", "to", "opens", "first_move", "arrives",
              "deadline", "passes")
SHARE_FORMAT = "0.0%"


class Failures(list):
    def check(self, ok, what):
        if not ok:
            self.append(what)
        return ok


def run(samlok, args, cwd, env=None, expect=0):
    e = dict(os.environ, LC_ALL="C")
    e.pop("NO_COLOR", None)
    e.update(env or {})
    p = subprocess.run([samlok] + args, cwd=cwd, env=e, capture_output=True, timeout=600)
    if expect is not None and p.returncode != expect:
        raise SystemExit(f"samlok {' '.join(args)}: exit {p.returncode}, expected {expect}\n"
                         f"{p.stderr.decode(errors='replace')[:2000]}")
    return p


# ---- the rules, restated -----------------------------------------------------

def is_date_key(k):
    return any(k == w or k.endswith("_" + w) or k.startswith(w + "_") for w in DATE_WORDS)


def is_share_key(k):
    return (k == "share" or k.endswith("_share") or k.startswith("p_") or "probability" in k
            or "_change" in k)


MONEY_WORDS = ("npv", "cost", "status_quo", "colocation", "amount", "per_year", "saving", "cash",
               "chargeback", "budget", "price", "fee")
ORDINAL_WORDS = ("year", "index", "line", "column", "group", "window", "seed")
DECIMAL_FORMATS = ("#,##0", "#,##0.0", "#,##0.00", "#,##0.000")
DATE_FORMATS = (("%Y-%m-%d", "yyyy-mm-dd"), ("%Y-%m-%dT%H:%M", "yyyy-mm-dd hh:mm"))


def is_money_key(k):
    return any(w in k for w in MONEY_WORDS)


def is_ordinal_key(k):
    return k in ORDINAL_WORDS or k.endswith("_year")


def places(v):
    """Decimal places (0 to 3) that write v exactly, else None."""
    for d in range(4):
        if math.isclose(round(v, d), v, rel_tol=1e-12, abs_tol=1e-12):
            return d
    return None


def want_number_format(leaf, v, column_values, unit=None):
    """The formats a number cell may have (docs/REPORTS.md): shares as
    percentages, money and whole numbers grouped, ordinals as bare digits,
    other quantities with the decimals they need."""
    if unit in ("share", "probability") or is_share_key(leaf):
        return ("0.0%",)
    if unit is not None:  # the assumption log: as written, up to 3 places
        d = places(v)
        return (DECIMAL_FORMATS[d],) if d is not None else DECIMAL_FORMATS[1:]
    if is_money_key(leaf):
        return ("#,##0",)
    integral = all(float(x).is_integer() for x in column_values)
    if integral:
        return ("0",) if is_ordinal_key(leaf) else ("#,##0",)
    ds = [places(x) for x in column_values]
    if None not in ds:
        return (DECIMAL_FORMATS[max(ds)],)
    return DECIMAL_FORMATS[1:]


def neutral(s):
    return "'" + s if s.startswith(FORMULA_START) else s


def joined(arr):
    lines = any(isinstance(v, dict) for v in arr)
    parts = []
    for v in arr:
        if isinstance(v, str):
            parts.append(v)
        elif isinstance(v, bool) or v is None:
            parts.append("")
        elif isinstance(v, (int, float)):
            parts.append(f"{v:.12g}")
        elif isinstance(v, dict):
            code, text = v.get("code"), v.get("text")
            if isinstance(text, str):
                parts.append((code + ": " if isinstance(code, str) else "") + text)
            else:
                parts.append(code if isinstance(code, str) else v.get("id", ""))
    return ("\n" if lines else "; ").join(parts)


def jget(doc, path):
    """(found, value) at a dotted path; digits index arrays."""
    v = doc
    for seg in path.split("."):
        if isinstance(v, list) and seg.isdigit():
            if int(seg) >= len(v):
                return False, None
            v = v[int(seg)]
        elif isinstance(v, dict) and seg in v:
            v = v[seg]
        else:
            return False, None
    return True, v


def runbook_rows(doc, csv_dir):
    """The Runbook's rows: in the order runbook.csv gives (whether that order
    respects the dependencies is tests/xlsx/check_formats.py's to check),
    each with the values the plan document says for its workload and wave."""
    path = os.path.join(csv_dir, "runbook.csv")
    if not os.path.exists(path):
        return []
    by_id = {w["id"]: w for w in doc["workloads"]}
    windows = doc["schedule"]["windows"]
    wave_of = {w["index"]: k + 1 for k, w in enumerate(windows)}
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            wid = r["workload"]
            if wid.startswith("'") and wid[1:2] in FORMULA_START:  # neutralised in the CSV
                wid = wid[1:]
            w = by_id[wid]
            k = wave_of[w["window"]]
            win = windows[k - 1]
            rows.append({"wave": k, "start": win["start"], "end": win["end"],
                         "order": int(r["order"]), "workload": w["id"], "agency": w["agency"],
                         "site": w["site"], "app": w["app"], "owner": w.get("owner"),
                         "method": w["method"], "effort_hours": w.get("effort_hours"),
                         "tier": w["tier"], "group": w.get("group"),
                         "needs_up_first": r["needs_up_first"]})
    return rows


def expected_tables(doc, csv_dir=None):
    """(sheet, csv file, rows, excluded keys, first keys) for each table but Summary."""
    out = []
    if isinstance(doc.get("verdicts"), list):
        out.append(("Verdicts", "verdicts.csv", doc["verdicts"], (), ("agency", "verdict")))
    # Decision and Outcomes (docs/REPORTS.md): joined by agency
    sim = (doc.get("simulation") or {}).get("per_agency")
    per_cost = (doc.get("cost") or {}).get("per_agency")
    if isinstance(sim, list) and isinstance(per_cost, list):
        rows = []
        for s in sim:
            c = next((x for x in per_cost if x.get("agency") == s.get("agency")), None)
            r = {"agency": s.get("agency")}
            r.update({k: s[k] for k in ("p_allowed", "p_on_time_given_allowed", "p_on_time")
                      if k in s})
            if c is not None:
                mc = c.get("monte_carlo") or {}
                r.update({k: mc[k] for k in ("npv_saving_mean", "p_saving_positive",
                                             "npv_saving_p10", "npv_saving_p50", "npv_saving_p90")
                          if k in mc})
                if "npv_saving" in c:
                    r["npv_saving_if_every_gate_passes_and_no_move_fails"] = c["npv_saving"]
            rows.append(r)
        if rows:
            out.append(("Decision", "decision.csv", rows, (), ("agency",)))
        rows = []
        for c in per_cost:
            bo = (c.get("monte_carlo") or {}).get("by_outcome")
            if not isinstance(bo, dict) or not isinstance(c.get("agency"), str):
                continue
            parts = [("every gate passes", None, bo.get("if_allowed")),
                     ("some gate is refused", None, bo.get("if_not_allowed"))]
            for g in bo.get("by_gate") or []:
                parts += [("the gate passes", g.get("gate"), g.get("if_passes")),
                          ("the gate is refused", g.get("gate"), g.get("if_refused"))]
            for outcome, gate, src in parts:
                if not isinstance(src, dict):
                    continue
                r = {"agency": c["agency"], "outcome": outcome, "gate": gate}
                for name, key in (("p_outcome", "p"), ("iterations", "iterations"),
                                  ("npv_saving_mean", "npv_saving_mean"),
                                  ("p_saving_positive", "p_saving_positive")):
                    if key in src:
                        r[name] = src[key]
                rows.append(r)
        if rows:
            out.append(("Outcomes", "outcomes.csv", rows, (), ("agency",)))
    if isinstance(doc.get("workloads"), list):
        pools = (doc.get("placement") or {}).get("pools") or []
        pool_of = {h["id"]: p["id"] for p in pools for h in p.get("host_list", [])}
        start_of = {w["index"]: w["start"] for w in (doc.get("schedule") or {}).get("windows", [])}
        rows = []
        for w in doc["workloads"]:
            r = dict(w)
            if "host" in w:
                r["pool"] = pool_of.get(w["host"])
            if "window" in w:
                r["window_start"] = start_of.get(w["window"])
            rows.append(r)
        out.append(("Workloads", "workloads.csv", rows, (), ("id", "agency")))
    windows = (doc.get("schedule") or {}).get("windows")
    if isinstance(windows, list):
        agencies = [a["id"] for a in doc["scenario"].get("agencies", [])]
        groups = doc.get("groups", [])
        rows = []
        for w in windows:
            r = dict(w)
            per = {}
            for a in agencies:
                n = [len(groups[g]["workloads"]) for g in w.get("groups", [])
                     if groups[g]["agency"] == a]
                if n:
                    per[a] = sum(n)
            r["workloads_by_agency"] = per
            rows.append(r)
        out.append(("Waves", "waves.csv", rows, (), ("index", "start")))
        if csv_dir and doc.get("groups") is not None:
            out.append(("Runbook", "runbook.csv", runbook_rows(doc, csv_dir), (),
                        ("wave", "start", "end", "order", "workload")))
    acc = doc.get("accounting")
    if isinstance(acc, dict) and isinstance(acc.get("per_agency"), list):
        out.append(("Accounting", "accounting.csv", acc["per_agency"], ("halls",),
                    ("agency", "inventory", "moved", "unmovable", "declared")))
        if acc.get("declared"):
            out.append(("Declared", "declared.csv", acc["declared"], (),
                        ("workload", "agency", "site", "disposition", "why")))
    pl = doc.get("placement")
    if isinstance(pl, dict) and isinstance(pl.get("pools"), list):
        rows = [dict(platform="shared", **p) for p in pl["pools"]]
        for sep in pl.get("separate", {}).get("agencies", []):
            rows += [dict(platform="separate " + sep["agency"], **p) for p in sep.get("pools", [])]
        out.append(("Placement", "placement.csv", rows, ("host_list", "host_capacity", "bounds"),
                    ("platform", "id")))
    iso = doc.get("isolation")
    if isinstance(iso, dict):
        if isinstance(iso.get("steps"), list):
            out.append(("Isolation", "isolation.csv", iso["steps"], (),
                        ("isolation", "hosts", "racks")))
        if isinstance(iso.get("price"), list):
            out.append(("Isolation price", "isolation_price.csv", iso["price"], (),
                        ("rule", "against", "hosts", "racks")))
    cost = doc.get("cost")
    if isinstance(cost, dict):
        def flows(o):
            f = o.get("cash_flows")
            return f if isinstance(f, list) else o.get("yearly")
        rows, any_flows = [], False
        for label, o in [("all", cost)] + [(p.get("agency"), p) for p in cost.get("per_agency", [])]:
            f = flows(o)
            if isinstance(f, list):
                any_flows = True
                rows += [dict(agency=label, **x) for x in f]
        if any_flows:
            out.append(("Cost", "cost.csv", rows, (), ("agency", "year")))
        agencies = (cost.get("chargeback") or {}).get("agencies")
        if isinstance(agencies, list):
            out.append(("Chargeback", "chargeback.csv", agencies, (), ("agency",)))
    without = (doc.get("without_no_go") or {}).get("agencies")
    if isinstance(without, list):
        out.append(("Without no-go", "without_no_go.csv", without, (), ("agency",)))
    if isinstance(doc.get("risks"), list):
        out.append(("Risks", "risks.csv", doc["risks"], (), ("id", "category")))
    if isinstance(doc.get("assumptions"), list):
        out.append(("Assumptions", "assumptions.csv", doc["assumptions"], (), ("path", "value")))
    return out


# Yearly series the tables spread over one column a year, "KEY year N"
# (docs/REPORTS.md); any other list is one text cell.
SERIES = ("fee", "fee_change")


def is_series(k, v):
    return (k in SERIES and isinstance(v, list) and len(v) > 0
            and all(x is None or (isinstance(x, (int, float)) and not isinstance(x, bool))
                    for x in v))


def spread(k, v):
    return [f"{k} year {i + 1}" for i in range(len(v))] if is_series(k, v) else [k]


def columns_of(rows, excluded):
    """Every column the rows call for: scalar keys, and key.sub for objects."""
    cols = []
    for r in rows:
        for k, v in r.items():
            if k in excluded:
                continue
            if isinstance(v, dict):
                cols += [f"{k}.{c}" for s, sv in v.items() if not isinstance(sv, dict)
                         for c in spread(s, sv)]
            else:
                cols += spread(k, v)
    return list(dict.fromkeys(cols))


def value_of(row, col):
    m = re.fullmatch(r"(.*) year (\d+)", col)
    if m:
        has, v = value_of(row, m.group(1))
        i = int(m.group(2)) - 1
        return (True, v[i]) if has and isinstance(v, list) and i < len(v) else (False, None)
    if col in row:
        return True, row[col]
    k, _, sub = col.partition(".")
    if sub and isinstance(row.get(k), dict):
        return sub in row[k], row[k].get(sub)
    return False, None


# ---- RFC 4180 ------------------------------------------------------------------

def parse_csv(data, name, fails):
    """A strict RFC 4180 reader: records end with CRLF, fields are bare
    (no quote, comma, CR or LF) or quoted with doubled quotes."""
    if data.startswith(b"\xef\xbb\xbf"):
        fails.append(f"{name}: starts with a byte order mark")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        fails.append(f"{name}: not UTF-8: {e}")
        return []
    records, fields, i, n = [], [], 0, len(text)
    while i < n:
        if text[i] == '"':
            j, buf = i + 1, []
            while True:
                if j >= n:
                    fails.append(f"{name}: unterminated quoted field")
                    return records
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(text[j])
                j += 1
            fields.append(("".join(buf), True))
            i = j + 1
        else:
            j = i
            while j < n and text[j] not in ',\r\n"':
                j += 1
            if j < n and text[j] == '"':
                fails.append(f"{name}: quote inside a bare field at offset {j}")
                return records
            fields.append((text[i:j], False))
            i = j
        if i < n and text[i] == ",":
            i += 1
            continue
        if text.startswith("\r\n", i):
            records.append(fields)
            fields = []
            i += 2
            continue
        fails.append(f"{name}: record not ended by CRLF at offset {i}")
        return records
    if fields:
        fails.append(f"{name}: last record lacks CRLF")
    return records


# ---- comparing one cell ------------------------------------------------------------

def close(a, b):
    return math.isclose(a, b, rel_tol=1e-11, abs_tol=1e-9)


def compare(fails, where, col, has, v, cell, text, formats=None):
    """JSON value v (absent when not has) against an XLSX cell and a CSV field;
    formats: the number formats the cell may have."""
    leaf = col.rpartition(".")[2]
    x = unescape(cell.value) if isinstance(cell.value, str) else cell.value  # _x000D_ is a CR
    if not has or v is None or (isinstance(v, str) and v == "") or (isinstance(v, list) and not v
                                                                     and joined(v) == ""):
        fails.check(x in (None, ""), f"{where}: xlsx {x!r}, expected empty")
        fails.check(text == "", f"{where}: csv {text!r}, expected empty")
        return
    if isinstance(v, bool):
        fails.check(x is v, f"{where}: xlsx {x!r}, expected {v}")
        fails.check(text == ("true" if v else "false"), f"{where}: csv {text!r}")
        return
    if isinstance(v, (int, float)):
        ok = isinstance(x, (int, float)) and not isinstance(x, bool) and close(float(x), v)
        fails.check(ok, f"{where}: xlsx {x!r}, expected the number {v!r}")
        try:
            fails.check(close(float(text), v), f"{where}: csv {text!r}, expected {v!r}")
        except ValueError:
            fails.append(f"{where}: csv {text!r} is not a number")
        fails.check(cell.number_format != "General", f"{where}: a number in General format")
        if is_share_key(leaf):
            fails.check(cell.number_format == SHARE_FORMAT,
                        f"{where}: share shown as {cell.number_format!r}")
        if formats:
            fails.check(cell.number_format in formats,
                        f"{where}: {v!r} shown as {cell.number_format!r}, expected {formats}")
        return
    if isinstance(v, list):
        v = joined(v)
    if isinstance(v, str) and is_date_key(leaf):
        for fmt, xfmt in DATE_FORMATS:
            try:
                d = datetime.datetime.strptime(v, fmt)
            except ValueError:
                continue
            fails.check(isinstance(x, datetime.datetime) and x == d,
                        f"{where}: xlsx {x!r}, expected the date {v}")
            fails.check(cell.number_format == xfmt, f"{where}: date format {cell.number_format!r}")
            fails.check(text == v, f"{where}: csv {text!r}, expected {v}")
            return
        fails.check(not re.match(r"\d{4}-\d\d-\d\d", v),
                    f"{where}: {v!r} under a date key is not a date cell")
    fails.check(x == neutral(v), f"{where}: xlsx {x!r}, expected {neutral(v)!r}")
    fails.check(text == neutral(v), f"{where}: csv {text!r}, expected {neutral(v)!r}")


# ---- one set of outputs ------------------------------------------------------------

def every_cell_formatted(wb, fails):
    """No number in General format and no date as text, in any sheet."""
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for c in row:
                v = c.value
                if isinstance(v, datetime.datetime):
                    fails.check(c.number_format in [x for _, x in DATE_FORMATS],
                                f"{ws.title}!{c.coordinate}: date in {c.number_format!r}")
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    fails.check(c.number_format != "General",
                                f"{ws.title}!{c.coordinate}: {v!r} in General format")
                elif isinstance(v, str):
                    fails.check(not re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d)?", v),
                                f"{ws.title}!{c.coordinate}: the date {v!r} is text")


def check_outputs(doc, xlsx_path, csv_dir, html_path, fails):
    tables = expected_tables(doc, csv_dir)
    currency = doc["scenario"].get("currency") or ""
    wb = openpyxl.load_workbook(xlsx_path)
    every_cell_formatted(wb, fails)

    def money_cols(ws, shown, h):
        """True when the column holds a number."""
        c = shown.index(h) + 1
        return any(isinstance(r[0].value, (int, float)) and not isinstance(r[0].value, bool)
                   for r in ws.iter_rows(min_row=2, min_col=c, max_col=c))
    want_sheets = ["Summary"] + [t[0] for t in tables]
    fails.check(wb.sheetnames == want_sheets, f"sheets {wb.sheetnames}, expected {want_sheets}")
    want_files = sorted(["summary.csv"] + [t[1] for t in tables])
    got_files = sorted(os.listdir(csv_dir))
    fails.check(got_files == want_files, f"CSV files {got_files}, expected {want_files}")

    def sheet(name, file):
        ws = wb[name]
        with open(os.path.join(csv_dir, file), "rb") as f:
            records = parse_csv(f.read(), file, fails)
        rows = list(ws.iter_rows())
        fails.check(len(records) == len(rows), f"{name}: {len(rows)} rows, CSV {len(records)}")
        shown = [c.value for c in rows[0]] if rows else []
        # a money column's workbook header names the currency; CSV keeps the key
        header = []
        for h in shown:
            key, sep, unit = h.rpartition(" (")
            if sep and unit == currency + ")" and name != "Summary":
                leaf = key.rpartition(".")[2]
                fails.check(is_money_key(leaf) and not is_share_key(leaf),
                            f"{name}: {h!r} names a currency but is not money")
                h = key
            elif name != "Summary":
                leaf = h.rpartition(".")[2]
                # a share first: fee_change is a ratio though it names a fee
                fails.check(not is_money_key(leaf) or is_share_key(leaf)
                            or not money_cols(ws, shown, h),
                            f"{name}: money column {h!r} does not name the currency")
            header.append(h)
        fails.check([f for f, _ in records[0]] == [neutral(h) for h in header] if records else False,
                    f"{name}: CSV header differs from the sheet's")
        fails.check(ws.freeze_panes == "A2", f"{name}: header row not frozen ({ws.freeze_panes})")
        want_ref = f"A1:{get_column_letter(len(header))}{len(rows)}"
        fails.check(ws.auto_filter.ref == want_ref,
                    f"{name}: autofilter {ws.auto_filter.ref}, expected {want_ref}")
        for i in range(1, len(header) + 1):
            dim = ws.column_dimensions.get(get_column_letter(i))
            fails.check(dim is not None and dim.width and dim.width > 1,
                        f"{name}: column {i} has no width")
        for c in rows[0] if rows else []:
            fails.check(c.font is not None and c.font.b, f"{name}: header {c.value!r} not bold")
        return ws, rows, header, records

    # Summary: every row names its JSON key
    ws, rows, header, records = sheet("Summary", "summary.csv")
    fails.check(header == ["section", "figure", "value", "unit", "key"], f"Summary header {header}")
    for r, row in enumerate(rows[1:], start=1):
        key = row[4].value
        if key.endswith("[]"):
            has, v = jget(doc, key[:-2])
            v = len(v) if has and isinstance(v, list) else None
        else:
            has, v = jget(doc, key)
        fails.check(has, f"Summary row {r}: key {key} is not in the plan document")
        cell, text = row[2], records[r][2][0] if r < len(records) else None
        if v is None and row[1].value.startswith(("planned finish", "finish")):
            fails.check(cell.value == "never" and text == "never", f"Summary {key}: null finish")
            continue
        compare(fails, f"Summary {key}", key, has, v, cell, text)
    for fig in ("placement.hosts_total", "placement.racks", "placement.kw",
                "simulation.p_on_time", "simulation.finish_p50", "simulation.finish_p80",
                "cost.npv_status_quo", "cost.npv_colocation"):
        if jget(doc, fig)[0]:
            fails.check(any(r[4].value == fig for r in rows[1:]), f"Summary lacks {fig}")

    for name, file, src, excluded, first in tables:
        ws, rows, header, records = sheet(name, file)
        want_cols = {neutral(c): c for c in columns_of(src, excluded)}
        fails.check(set(header) == set(want_cols),
                    f"{name}: columns {sorted(set(header) ^ set(want_cols))} differ")
        fails.check(header[:len(first)] == list(first), f"{name}: first columns {header[:3]}")
        fails.check(len(rows) - 1 == len(src), f"{name}: {len(rows) - 1} rows, JSON {len(src)}")
        numbers = {}
        for col in header:
            vals = [value_of(r, want_cols.get(col, col))[1] for r in src]
            numbers[col] = [x for x in vals if isinstance(x, (int, float))
                            and not isinstance(x, bool)]
        for i, srow in enumerate(src):
            if i + 1 >= len(rows) or i + 1 >= len(records):
                break
            unit = srow.get("unit") if name == "Assumptions" else None
            for c, col in enumerate(header):
                has, v = value_of(srow, want_cols.get(col, col))
                formats = None
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    by_row = name == "Assumptions" and col in ("value", "min", "max")
                    formats = want_number_format(col.rpartition(".")[2], v, numbers[col],
                                                 (unit or "") if by_row else None)
                compare(fails, f"{name} row {i + 1} {col}", col, has, v, rows[i + 1][c],
                        records[i + 1][c][0] if c < len(records[i + 1]) else None, formats)
        if len(fails) > 40:
            return

    if html_path:
        page = check_html(doc, html_path, fails)
        shown = [float(json.loads(v)) for _, fmt, v, _ in page.figures
                 if fmt in ("money", "num", "int", "dec1") and v not in (None, "null")
                 and isinstance(json.loads(v), (int, float)) and not isinstance(json.loads(v), bool)]
        for ws in wb.worksheets:
            for row in ws.iter_rows(min_row=2):
                shown += [float(c.value) for c in row
                          if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
        check_reason_amounts(doc, shown, fails)


# Amounts in the verdicts' texts, as samlok writes them (docs/COST.md):
# 1.23 bn, 12.3 M, 123 k or 123, then the currency.
def money_text(v):
    a = abs(v)
    if a >= 1e9:
        return f"{v / 1e9:.2f} bn"
    if a >= 1e6:
        return f"{v / 1e6:.1f} M"
    if a >= 1e3:
        return f"{v / 1e3:.0f} k"
    return f"{v:.0f}"


def check_reason_amounts(doc, shown, fails):
    """Every amount a verdict's reason quotes is one the reports show (a tagged figure of the
    page or a number of the workbook), to the reason's rounding; a cost may be quoted by its
    size, with the sign in words ("costs 90 k SEK more")."""
    currency = re.escape(doc["scenario"].get("currency") or "SEK")
    texts = set()
    for v in shown:
        texts.add(money_text(v))
        texts.add(money_text(-v))
    n = 0
    for v in doc.get("verdicts") or []:
        for r in v.get("reasons") or []:
            for m in re.finditer(r"(-?\d+(?:\.\d+)?(?: bn| M| k)?) " + currency, r["text"]):
                n += 1
                fails.check(m.group(1) in texts,
                            f"verdict {v['agency']}: {m.group(0)!r} in {r['code']} is not a figure "
                            f"the reports show")
    return n


# ---- the page ---------------------------------------------------------------------

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text, self.figures = [], [], [], []
        self.csp = None
        self._fig = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content")
        if "data-key" in a:
            self._fig = [a["data-key"], a.get("data-format"), a.get("data-value"), ""]
            self.figures.append(self._fig)

    def handle_endtag(self, tag):
        if tag == "span":
            self._fig = None

    def handle_data(self, data):
        self.text.append(data)
        if self._fig is not None:
            self._fig[3] += data


def check_html(doc, path, fails, hostile_texts=()):
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    p = Page()
    p.feed(raw)
    fails.check(p.csp is not None and "default-src 'none'" in p.csp and "script-src" not in p.csp,
                f"HTML: Content-Security-Policy {p.csp!r}")
    for banned in ("script", "iframe", "object", "embed", "link", "base", "form", "img", "img"):
        fails.check(banned not in p.tags, f"HTML: a <{banned}> element")
    for tag, k, v in p.attrs:
        fails.check(not k.startswith("on"), f"HTML: event handler {k} on <{tag}>")
        if k in ("href", "src", "xlink:href", "action"):
            fails.check((v or "").startswith("#"), f"HTML: {k}={v!r} on <{tag}> leaves the page")
        if "url(" in (v or ""):
            fails.check((v or "").startswith("url(#"), f"HTML: {k}={v!r} on <{tag}> leaves the page")
    style = raw[raw.find("<style>"):raw.find("</style>")]
    fails.check("url(" not in style and "@import" not in style, "HTML: the style sheet fetches")
    text = "".join(p.text)
    for t in hostile_texts:
        fails.check(t in text, f"HTML: {t!r} is not shown as text")
    fails.check(len(p.figures) > 10, f"HTML: only {len(p.figures)} tagged figures")
    for key, fmt, value, shown in p.figures:
        has, v = jget(doc, key)
        fails.check(has, f"HTML: figure {key} is not in the plan document")
        fails.check(json.loads(value) == v, f"HTML: figure {key} carries {value}, JSON has {v!r}")
    return p


# ---- the front page ---------------------------------------------------------------

def check_front(doc, path, fails):
    """The answer first (docs/REPORTS.md): before any other section, one
    article per agency with a verdict other than host, in verdict order,
    with its verdict, a sentence that names the agency and (unless it is
    go) the heaviest reason as the plan gives it, what would change it,
    and its key figures tagged with their place in the plan document:
    P(allowed), P(on time | allowed), the expected saving with its P10 and
    P90, and the P90 migration cost against the budget when there is one."""
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    first = re.search(r'<section id="([^"]+)"', raw)
    fails.check(first and first.group(1) == "answer",
                f"front: the first section is {first and first.group(1)!r}, not the answer")
    start = raw.find('<section id="answer">')
    section = raw[start:raw.find("</section>", start)]
    articles = section.split('<article class="answer')[1:]
    want = [v for v in doc.get("verdicts") or [] if v["verdict"] != "host"]
    fails.check(len(articles) == len(want),
                f"front: {len(articles)} answers for {len(want)} agencies")
    sims = [a["agency"] for a in doc["simulation"]["per_agency"]]
    costs = [a["agency"] for a in doc["cost"]["per_agency"]]
    ags = [a["id"] for a in doc["scenario"]["agencies"]]
    for v, art in zip(want, articles):
        ag = v["agency"]
        text = html.unescape(re.sub(r"<[^>]+>", "", art))
        keys = set(re.findall(r'data-key="([^"]+)"', art))
        where = f"front: {ag}"
        vi = doc["verdicts"].index(v)
        fails.check(f"verdicts.{vi}.verdict" in keys, f"{where}: no verdict")
        sentence = re.search(r'<p class="sentence">(.*?)</p>', art, re.S)
        said = html.unescape(re.sub(r"<[^>]+>", "", sentence.group(1))) if sentence else ""
        fails.check(said.startswith(ag + " "), f"{where}: the sentence {said[:80]!r}")
        if v["verdict"] != "go" and v.get("reasons"):
            fails.check(v["reasons"][0]["text"] in said,
                        f"{where}: the deciding reason is not {v['reasons'][0]['text'][:60]!r}")
        change = re.search(r'<p class="change">(.*?)</p>', art, re.S)
        fails.check(v["verdict"] == "go" or (change and change.group(1).strip()),
                    f"{where}: nothing says what would change it")
        levers = ((v.get("to_go") or {}).get("levers")) or []
        for lv in levers:
            fails.check(lv["text"] in text, f"{where}: lever {lv['text'][:60]!r} not named")
        s, c = sims.index(ag), costs.index(ag)
        for key in (f"simulation.per_agency.{s}.p_allowed",
                    f"simulation.per_agency.{s}.p_on_time_given_allowed",
                    f"cost.per_agency.{c}.monte_carlo.npv_saving_mean",
                    f"cost.per_agency.{c}.monte_carlo.npv_saving_p10",
                    f"cost.per_agency.{c}.monte_carlo.npv_saving_p90",
                    f"simulation.per_agency.{s}.cost_p90"):
            fails.check(key in keys, f"{where}: key figure {key} missing")
        # one meaning per figure: an expected saving outside its own P10 to
        # P90 is said to be so, with what pulls it
        mc = doc["cost"]["per_agency"][c].get("monte_carlo") or {}
        mean, p10, p90 = (mc.get(k) for k in ("npv_saving_mean", "npv_saving_p10",
                                                "npv_saving_p90"))
        if None not in (mean, p10, p90):
            said_out = bool(re.search(r"(below P10|above P90|under P10|över P90)", text))
            fails.check(said_out == (mean < p10 or mean > p90),
                        f"{where}: the expected saving {mean:.0f} against P10 {p10:.0f} and P90 "
                        f"{p90:.0f}, said to lie outside: {said_out}")
        budget = doc["scenario"]["agencies"][ags.index(ag)].get("budget")
        if budget:
            fails.check(f"scenario.agencies.{ags.index(ag)}.budget" in keys,
                        f"{where}: the budget {budget} is not beside the P90 cost")


# ---- the assumption log's defaults, against the docs -----------------------------

def documented_defaults():
    """{(page, key): default cell} from the key tables of docs/SCENARIO.md and docs/COST.md."""
    out = {}
    for page in ("SCENARIO.md", "COST.md"):
        with open(os.path.join(HERE, "..", "..", "docs", page), encoding="utf-8") as f:
            for line in f:
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if len(cells) >= 3 and re.fullmatch(r"`[a-z_0-9.\[\]]+`", cells[0]):
                    # SCENARIO.md: key, type, unit, default, meaning; COST.md: key, default, meaning
                    default = cells[3] if page == "SCENARIO.md" and len(cells) >= 5 else cells[1]
                    out.setdefault(cells[0].strip("`").split(".")[-1], default)
    return out


def check_defaults(doc, fails):
    """Every default in the assumption log (file "(default)") names the page that documents
    its key, appears once, and has the value that page gives as the key's default."""
    docs = documented_defaults()
    rows = doc.get("assumptions") or []
    paths = [a["path"] for a in rows]
    fails.check(len(paths) == len(set(paths)), "assumptions: a path is listed twice")
    n = 0
    for a in rows:
        fails.check(isinstance(a.get("documented"), str) and a["documented"].startswith("docs/"),
                    f"assumptions: {a['path']} says not where it is documented")
        if a.get("file") != "(default)" or a.get("dist") != "fixed":
            continue
        n += 1
        segs = a["path"].split(".")
        leaf = segs[-1]
        cell = docs.get(leaf)
        if cell is None and len(segs) > 1:  # a key inside a mapping, as chargeback_weights.vcpu
            outer = docs.get(segs[-2], "")
            m = re.search(re.escape(leaf) + r":\s*([-0-9.e]+)", outer)
            cell = f"`{m.group(1)}`" if m else None
        if not fails.check(cell is not None, f"assumptions: default {a['path']} is not documented"):
            continue
        m = re.match(r"`([-0-9.e]+)`", cell)
        if m is None:  # a default named after another key (fte_after: `ops_fte`)
            continue
        fails.check(math.isclose(float(m.group(1)), a["value"], rel_tol=1e-9, abs_tol=1e-12),
                    f"assumptions: default {a['path']} = {a['value']}, the docs say {cell}")
    return n


# ---- modes ------------------------------------------------------------------------

def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_isolation(doc, fails):
    """The price of each isolation rule is the step before minus the step
    that drops it, and the first step is the shared platform itself."""
    iso = doc.get("isolation")
    if not isinstance(iso, dict):
        return
    steps, price = iso["steps"], iso["price"]
    fails.check(steps[0]["hosts"] == doc["placement"]["hosts_total"],
                f"isolation step 0 has {steps[0]['hosts']} hosts, the platform "
                f"{doc['placement']['hosts_total']}")
    fails.check(len(price) == len(steps) - 1, "one price per rule dropped")
    for k, pr in enumerate(price):
        a, b = steps[k], steps[k + 1]
        fails.check(pr["against"] == b["isolation"] and set(a["isolation"]) - set(b["isolation"])
                    == {pr["rule"]}, f"price {k}: {pr['rule']} against {pr['against']}")
        for key in ("hosts", "racks", "facility_kw", "hardware", "npv_horizon"):
            fails.check(close(pr[key], a[key] - b[key]),
                        f"price of {pr['rule']}: {key} {pr[key]}, steps say {a[key] - b[key]}")


def mode_demo(samlok, work, fails):
    run(samlok, ["demo", "--out", "out", "-q", "--iterations", "400"], work)
    out = os.path.join(work, "out")
    fails.check(sorted(os.listdir(out)) == ["csv", "plan.json", "report.html", "report.xlsx"],
                f"demo --out wrote {sorted(os.listdir(out))}")
    doc = load(os.path.join(out, "plan.json"))
    check_outputs(doc, os.path.join(out, "report.xlsx"),
                  os.path.join(out, "csv"), os.path.join(out, "report.html"), fails)
    # the demo leaves some keys to their defaults: the log lists them
    fails.check(check_defaults(doc, fails) >= 5, "assumptions: the demo lists too few defaults")
    for key in ("cost.status_quo_hardware_share", "cost.legacy_watts_per_vcpu"):
        fails.check(any(a["path"] == key and a["file"] == "(default)"
                        for a in doc.get("assumptions", [])), f"assumptions: {key} not logged")
    check_isolation(doc, fails)
    check_front(doc, os.path.join(out, "report.html"), fails)
    # the demo's isolation has a price: the story turns on it
    fails.check(sum(p["hosts"] for p in doc["isolation"]["price"]) > 0,
                "the demo's isolation rules cost no host")


def mode_saved(samlok, work, fails):
    """A plan saved by `samlok plan --json` and rendered again by `samlok
    report plan.json`: the sections the stages write (verdicts, cost, risks)
    are all there, the outputs agree with the document, the hostile names
    the scenario gives are escaped, and the bytes equal those rendered
    straight from the scenario."""
    for name in os.listdir(os.path.join(HERE, "hostile")):
        shutil.copy(os.path.join(HERE, "hostile", name), work)
    run(samlok, ["plan", "scenario.yaml", "-q", "--json", "plan.json"], work)
    doc = load(os.path.join(work, "plan.json"))
    for path in ("verdicts", "risks", "cost.cash_flows", "cost.per_agency",
                 "cost.chargeback.agencies"):
        has, v = jget(doc, path)
        fails.check(has and isinstance(v, list) and v, f"the plan has no {path}")
    joining = [a["id"] for a in doc["scenario"]["agencies"] if a.get("role") == "joining"]
    fails.check(sorted(v["agency"] for v in doc.get("verdicts", []) if v["agency"] in joining)
                == sorted(joining), "a joining agency has no verdict")
    run(samlok, ["report", "plan.json", "--html", "r.html", "--xlsx", "r.xlsx", "--csv", "csv"],
        work)
    check_outputs(doc, os.path.join(work, "r.xlsx"), os.path.join(work, "csv"),
                  os.path.join(work, "r.html"), fails)
    check_html(doc, os.path.join(work, "r.html"), fails, hostile_texts=(
        "<script>alert('risk')</script> & \"quoted\"", "=HYPERLINK(\"http://example.invalid\")",
        "A<i>'&\"", "G<x>", "+cmd|' /C calc'!A0"))
    run(samlok, ["report", "scenario.yaml", "-q", "--html", "s.html", "--csv", "s"], work)
    for x, y in [("r.html", "s.html")] + [(os.path.join("csv", f), os.path.join("s", f))
                                          for f in sorted(os.listdir(os.path.join(work, "csv")))]:
        with open(os.path.join(work, x), "rb") as f1, open(os.path.join(work, y), "rb") as f2:
            fails.check(f1.read() == f2.read(), f"{x} from plan.json differs from {y}")


HOSTILE_IDS = ["=1+1", "+SUM(A1)", "-2", "@cmd", "\rcr", "<script>alert(1)</script>",
               "../../escape", "'single'", "åäö ünïcödé"]


def tree(top):
    return sorted(os.path.relpath(os.path.join(d, f), top)
                  for d, _, files in os.walk(top) for f in files)


def mode_hostile(samlok, work, fails):
    """Names in the inventory never run as formulas, never become markup,
    never choose where a file goes."""
    scen = os.path.join(work, "a", "b")
    os.makedirs(scen)
    for name in os.listdir(os.path.join(HERE, "hostile")):
        shutil.copy(os.path.join(HERE, "hostile", name), scen)
    os.makedirs(os.path.join(scen, "out"))
    before = tree(work)
    run(samlok, ["report", "scenario.yaml", "-q", "--json", "out/plan.json", "--html",
                 "out/r.html", "--xlsx", "out/r.xlsx", "--csv", "out/csv"], scen)
    doc = load(os.path.join(scen, "out", "plan.json"))
    made = sorted(set(tree(work)) - set(before))
    tables = ["summary.csv", "workloads.csv", "waves.csv", "runbook.csv", "placement.csv",
              "assumptions.csv"]
    # tables of the sections the plan has
    tables += [t for t, key in (("verdicts.csv", "verdicts"), ("risks.csv", "risks"),
                                ("cost.csv", "cost"), ("chargeback.csv", "cost"),
                                ("accounting.csv", "accounting"), ("isolation.csv", "isolation"),
                                ("isolation_price.csv", "isolation")) if key in doc]
    if (doc.get("accounting") or {}).get("declared"):
        tables.append("declared.csv")
    # the tables joined by agency, when the document has rows for them
    tables += [t[1] for t in expected_tables(doc)
               if t[0] in ("Decision", "Outcomes", "Without no-go")]
    want = sorted(["a/b/out/plan.json", "a/b/out/r.html", "a/b/out/r.xlsx"] +
                  ["a/b/out/csv/" + t for t in tables])
    fails.check(made == want, f"files written: {made}, expected {want}")
    ids = [w["id"] for w in doc["workloads"]]
    for h in HOSTILE_IDS:
        fails.check(h in ids, f"fixture: workload {h!r} missing from the plan")
    # CSV: each hostile id neutralised, and the raw bytes quote the formula ones
    with open(os.path.join(scen, "out", "csv", "workloads.csv"), "rb") as f:
        raw = f.read()
    for h in HOSTILE_IDS:
        if h.startswith(FORMULA_START):
            q = '"' + "'" + h.replace('"', '""') + '"'
            fails.check(q.encode() in raw, f"CSV: {h!r} is not written as {q!r}")
            fails.check(b"\r\n" + h.encode() not in raw and b"," + h.encode() + b"," not in raw,
                        f"CSV: {h!r} appears bare")
    # XLSX: strings only, neutralised; no formula cell anywhere
    wb = openpyxl.load_workbook(os.path.join(scen, "out", "r.xlsx"))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    fails.check(not unescape(c.value).startswith(FORMULA_START),
                                f"XLSX {ws.title}!{c.coordinate}: {c.value!r} not neutralised")
                fails.check(c.data_type != "f", f"XLSX {ws.title}!{c.coordinate} is a formula")
    got = {unescape(c.value) for c in next(wb["Workloads"].iter_cols(min_col=1, max_col=1))}
    for h in HOSTILE_IDS:
        fails.check(neutral(h) in got, f"XLSX: workload {neutral(h)!r} missing")
    # a small scenario leaves many keys to their defaults: each is logged as documented
    fails.check(check_defaults(doc, fails) >= 20, "assumptions: the hostile plan lists too few defaults")
    check_outputs(doc, os.path.join(scen, "out", "r.xlsx"), os.path.join(scen, "out", "csv"),
                  None, fails)
    check_html(doc, os.path.join(scen, "out", "r.html"), fails, hostile_texts=(
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</td><td>x",
        "<script>alert('name')</script>", "a,\"quoted\",b"))


def mode_atomic(samlok, work, fails):
    """A failing run writes nothing; a failing write leaves the old file and
    no temporary; '-' writes to standard output."""
    for name in os.listdir(os.path.join(HERE, "hostile")):
        shutil.copy(os.path.join(HERE, "hostile", name), work)
    run(samlok, ["report", "scenario.yaml", "-q", "--json", "plan.json"], work)
    # an input error: exit 2, nothing written
    with open(os.path.join(work, "broken.yaml"), "w") as f:
        f.write("samlok: 1\nname: [unclosed\n")
    before = tree(work)
    p = run(samlok, ["report", "broken.yaml", "--html", "x.html", "--xlsx", "x.xlsx", "--csv",
                     "x"], work, expect=2)
    fails.check(tree(work) == before, f"an input error wrote {set(tree(work)) - set(before)}")
    p = run(samlok, ["report", "scenario.json", "--html", "x.html"], work, expect=2)
    fails.check(tree(work) == before, "a missing plan document wrote files")
    # the target is a folder: the write fails, nothing is left beside it
    os.makedirs(os.path.join(work, "taken.html"))
    os.makedirs(os.path.join(work, "taken.xlsx"))
    for opt, name in (("--html", "taken.html"), ("--xlsx", "taken.xlsx")):
        p = run(samlok, ["report", "plan.json", opt, name], work, expect=1)
        fails.check(b"cannot replace" in p.stderr or b"cannot write" in p.stderr,
                    f"{opt} into a folder: {p.stderr!r}")
        fails.check(tree(work) == before, f"{opt} into a folder left {set(tree(work)) - set(before)}")
    # an old report survives a failed rewrite
    run(samlok, ["report", "plan.json", "--html", "keep.html"], work)
    with open(os.path.join(work, "keep.html"), "rb") as f:
        old = f.read()
    before = tree(work)
    p = run(samlok, ["report", "plan.json", "--html", "keep.html", "--xlsx", "missing/dir/x.xlsx"],
            work, expect=1)
    with open(os.path.join(work, "keep.html"), "rb") as f:
        fails.check(f.read() == old, "keep.html changed")
    fails.check(tree(work) == before, f"a failed run left {set(tree(work)) - set(before)}")
    # standard output
    p = run(samlok, ["report", "plan.json", "--html", "-"], work)
    fails.check(p.stdout.startswith(b"<!DOCTYPE html>") and p.stdout.endswith(b"</html>\n"),
                "--html - does not write the page to standard output")
    fails.check(tree(work) == before, "--html - wrote a file")
    # determinism: the same plan gives the same bytes, whatever the time
    run(samlok, ["report", "plan.json", "--html", "a.html", "--xlsx", "a.xlsx", "--csv", "a"], work)
    run(samlok, ["report", "plan.json", "--html", "b.html", "--xlsx", "b.xlsx", "--csv", "b"], work,
        env={"TZ": "Asia/Tokyo"})
    for x, y in (("a.html", "b.html"), ("a.xlsx", "b.xlsx"), ("a/workloads.csv", "b/workloads.csv")):
        with open(os.path.join(work, x), "rb") as f1, open(os.path.join(work, y), "rb") as f2:
            fails.check(f1.read() == f2.read(), f"{x} and {y} differ")


def pty_run(samlok, args, cwd, env):
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        os.execve(samlok, [samlok] + args, env)
    out = b""
    while True:
        r, _, _ = select.select([fd], [], [], 120)
        if not r:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    return out


def mode_color(samlok, work, fails):
    for name in os.listdir(os.path.join(HERE, "hostile")):
        shutil.copy(os.path.join(HERE, "hostile", name), work)
    env = dict(os.environ, LC_ALL="C", TERM="xterm")
    env.pop("NO_COLOR", None)
    tty = pty_run(samlok, ["report", "scenario.yaml", "-q"], work, env)
    fails.check(b"\x1b[" in tty, "no colour on a terminal")
    fails.check(b"Monte Carlo" in tty, "no terminal summary by default")
    tty = pty_run(samlok, ["report", "scenario.yaml", "-q"], work, dict(env, NO_COLOR="1"))
    fails.check(b"Monte Carlo" in tty and b"\x1b[" not in tty, "colour despite NO_COLOR")
    p = run(samlok, ["report", "scenario.yaml", "-q"], work)
    fails.check(b"\x1b[" not in p.stdout, "colour into a pipe")


MODES = {"demo": mode_demo, "saved": mode_saved, "hostile": mode_hostile,
         "atomic": mode_atomic, "color": mode_color}


def main():
    samlok, mode = os.path.abspath(sys.argv[1]), sys.argv[2]
    fails = Failures()
    with tempfile.TemporaryDirectory() as work:
        MODES[mode](samlok, work, fails)
    if fails:
        print(f"FAIL reports/{mode}: {len(fails)} problems")
        for f in fails[:60]:
            print("  " + f)
        return 1
    print(f"ok reports/{mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
