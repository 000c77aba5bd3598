#!/usr/bin/env python3
"""The reports in Swedish read as Swedish: no English word, no raw code.

It shares no code with src/: the vocabulary comes from the catalogue
itself (po/sv.po), the text from the files samlok writes.

  check_lang.py SAMLOK

Runs `samlok demo --out DIR --lang sv` (and once more in English), then
checks:

- report.html: <html lang="sv">; the visible text (text nodes outside
  <style>, and outside the tooltips: an SVG <title> and the title=
  attribute keep the codes on purpose) has no English word and no raw
  code;
- report.xlsx: every cell of text in every sheet, the same; the Summary's
  "key" column is the one place the JSON paths are written on purpose
  (for whoever checks the figures), and so are the assumption log's input
  path, file and documentation columns, so they are left out; on the page
  a path reads in words (the path is its tooltip) and a reference cell
  (class "ref") is left out the same way; numbers in cells stay numbers;
- csv/: the excel-sv dialect (UTF-8 byte order mark, ';', decimal comma),
  and with --csv-dialect rfc4180 the same tables as RFC 4180;
- plan.json: the same bytes in Swedish and in English.

An English word and a raw code are as lang_scan.py (shared with
check_lang_terminal.py) defines them.
"""
import csv
import html.parser
import io
import os
import re
import sys
import tempfile

try:
    import openpyxl
except ImportError:  # a python without Debian's python3-openpyxl: use Debian's
    if os.path.exists("/usr/bin/python3") and sys.executable != "/usr/bin/python3":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("python3-openpyxl is missing (tools/setup installs it)")
    sys.exit(1)

from lang_scan import PO, catalogue, data_words, run, scan

# Workbook columns that hold codes or references on purpose, for whoever
# checks the figures: the Summary's JSON key, the assumption log's input
# path, the file it was written in and the page that documents it
REFERENCE_HEADERS = ("nyckel", "sökväg", "fil", "dokumenterad i")


class Visible(html.parser.HTMLParser):
    """The text a reader sees: not the style sheet, not the tooltips."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.chunks, self.lang = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if "ref" in (dict(attrs).get("class") or "").split():
            tag = "ref"  # where a figure was written or is documented: as written
        if tag not in ("meta", "br", "hr", "input", "link", "col", "path", "rect", "line",
                       "stop", "circle", "polyline", "polygon", "use"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        hidden = "style" in self.stack or "script" in self.stack or "ref" in self.stack or (
            "title" in self.stack and "svg" in self.stack)
        if not hidden and data.strip():
            self.chunks.append(data)


def main():
    samlok = os.path.abspath(sys.argv[1])
    en, sv, n_translated = catalogue(PO)
    fails = []
    if n_translated < 500:
        fails.append(f"po/sv.po translates only {n_translated} messages")
    with tempfile.TemporaryDirectory() as work:
        run(samlok, ["demo", "--write-scenario", "scen"], work)
        data, data_codes = data_words(os.path.join(work, "scen"))
        common = ["--iterations", "300", "--threads", "2", "--quiet"]
        run(samlok, ["demo", "--out", "sv", "--lang", "sv"] + common, work)
        run(samlok, ["demo", "--out", "en", "--lang", "en"] + common, work)
        run(samlok, ["demo", "--out", "rfc", "--lang", "sv", "--csv-dialect", "rfc4180"] + common,
            work)
        sv_dir, en_dir = os.path.join(work, "sv"), os.path.join(work, "en")

        # the plan document does not depend on the language
        with open(os.path.join(sv_dir, "plan.json"), "rb") as a, \
                open(os.path.join(en_dir, "plan.json"), "rb") as b:
            if a.read() != b.read():
                fails.append("plan.json differs between --lang sv and --lang en")

        # the page
        page = Visible()
        with open(os.path.join(sv_dir, "report.html"), encoding="utf-8") as f:
            page.feed(f.read())
        if page.lang != "sv":
            fails.append(f'report.html: <html lang="{page.lang}">, expected "sv"')
        if len(page.chunks) < 200:
            fails.append(f"report.html: only {len(page.chunks)} pieces of visible text")
        for chunk in page.chunks:
            scan("report.html", chunk, en, sv, data, data_codes, fails)

        # the workbook: every cell of text; numbers stay numbers
        wb = openpyxl.load_workbook(os.path.join(sv_dir, "report.xlsx"))
        numbers = 0
        for ws in wb.worksheets:
            scan("report.xlsx sheet name", ws.title, en, sv, data, data_codes, fails)
            header = [c.value for c in next(ws.iter_rows(max_row=1))]
            skip = {i for i, h in enumerate(header) if h in REFERENCE_HEADERS}
            for row in ws.iter_rows():
                for i, c in enumerate(row):
                    if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                        numbers += 1
                    elif isinstance(c.value, str) and i not in skip:
                        scan(f"report.xlsx {ws.title}!{c.coordinate}", c.value, en, sv, data,
                             data_codes, fails)
        if numbers < 100:
            fails.append(f"report.xlsx: only {numbers} cells hold numbers")

        # CSV: excel-sv by --lang sv, RFC 4180 when asked
        for name in ("summary.csv", "cost.csv", "workloads.csv"):
            with open(os.path.join(sv_dir, "csv", name), "rb") as f:
                raw = f.read()
            if not raw.startswith(b"\xef\xbb\xbf"):
                fails.append(f"csv/{name} (sv): no UTF-8 byte order mark")
            rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
            if len(rows[0]) < 3:
                fails.append(f"csv/{name} (sv): the header is not ';'-separated: {rows[0]}")
            cells = [c for r in rows[1:] for c in r]
            if not any(re.fullmatch(r"-?\d+,\d+", c) for c in cells):
                fails.append(f"csv/{name} (sv): no number with a decimal comma")
            if any(re.fullmatch(r"-?\d+\.\d+", c) for c in cells):
                fails.append(f"csv/{name} (sv): a number with a decimal point")
            for c in rows[0]:
                scan(f"csv/{name} header", c, en, sv, data, data_codes, fails)
            with open(os.path.join(work, "rfc", "csv", name), "rb") as f:
                raw = f.read()
            rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
            if raw.startswith(b"\xef\xbb\xbf") or len(rows[0]) < 3:
                fails.append(f"csv/{name} (sv, rfc4180): not RFC 4180")
            if any(re.fullmatch(r"-?\d+,\d+", c) for r in rows[1:] for c in r):
                fails.append(f"csv/{name} (sv, rfc4180): a number with a decimal comma")
    if fails:
        print(f"FAIL reports/lang-sv: {len(fails)} problems")
        for f in fails[:80]:
            print("  " + f)
        return 1
    print("ok reports/lang-sv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
