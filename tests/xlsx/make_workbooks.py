#!/usr/bin/env python3
"""Builds .xlsx workbooks from CSV files, two ways, for the tests that
show a workbook reads exactly as the CSV export of the same data:

  openpyxl   what a spreadsheet program writes (Debian's python3-openpyxl):
             shared strings, numbers as number cells, True/False as
             boolean cells
  mixed      written here with zipfile, XML by hand: text cells alternate
             between shared strings and inline strings (some split in
             rich-text runs, one with a phonetic run to leave out), the
             main namespace under a prefix, cells without references,
             empty rows and cells, and a date column

Usage: make_workbooks.py openpyxl|mixed IN.csv OUT.xlsx [--sheet NAME]
       [--other-sheet NAME] (a sheet put before the wanted one)
"""
import csv
import io
import os
import sys
import zipfile
from xml.sax.saxutils import escape


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delim)), delim


def typed(value, delim):
    """The cell value a spreadsheet would store for a CSV field."""
    v = value.strip()
    if v in ("True", "False"):
        return v == "True"
    t = v.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if delim == ";":
        t = t.replace(",", ".")
    try:
        if t and t.lstrip("-").isdigit():
            return int(t)
        if t and any(c.isdigit() for c in t):
            return float(t)
    except ValueError:
        pass
    return value


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def write_openpyxl(rows, delim, out, sheet, other):
    try:
        import openpyxl
    except ImportError:  # a python without Debian's python3-openpyxl: use Debian's
        if os.path.exists("/usr/bin/python3") and sys.executable != "/usr/bin/python3":
            os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
        raise
    wb = openpyxl.Workbook()
    ws0 = wb.active
    if other:
        ws0.title = other
        ws0.append(["this sheet", "is not the one"])
        ws = wb.create_sheet(sheet)
    else:
        ws0.title = sheet
        ws = ws0
    for i, row in enumerate(rows):
        ws.append([typed(v, delim) if i else v for v in row])
    wb.save(out)


def x(s):
    """Escapes text for XML; control characters as OOXML _xHHHH_."""
    out = []
    for ch in s.replace("_x", "_x005F_x"):
        if ord(ch) < 0x20 and ch not in "\t\n":
            out.append("_x%04X_" % ord(ch))
        else:
            out.append(ch)
    return escape("".join(out))


def write_mixed(rows, delim, out, sheet, other):
    shared = []
    index = {}
    sheets = ([other] if other else []) + [sheet]
    body = []
    row_no = 0
    for i, row in enumerate(rows):
        row_no += 1
        if i == 1:
            row_no += 1  # an empty row between header and data, with a styled empty cell
            body.append('<x:row r="%d"><x:c r="A%d" s="1"/></x:row>' % (row_no - 1, row_no - 1))
        cells = []
        last = -1  # the column of the last cell written: a cell right after it may omit r=
        for j, value in enumerate(row):
            v = typed(value, delim) if i else value
            ref = ' r="%s%d"' % (col_name(j), row_no) if j % 3 or last != j - 1 else ""
            if v == "" or v is None:
                if j % 4 == 1:
                    cells.append('<x:c%s t="s"/>' % ref)
                    last = j
                continue
            last = j
            if isinstance(v, bool):
                cells.append('<x:c%s t="b"><x:v>%d</x:v></x:c>' % (ref, v))
            elif isinstance(v, (int, float)):
                cells.append('<x:c%s><x:v>%s</x:v></x:c>' % (ref, repr(v)))
            elif (i + j) % 2 == 0:
                if v not in index:
                    index[v] = len(shared)
                    shared.append(v)
                cells.append('<x:c%s t="s"><x:v>%d</x:v></x:c>' % (ref, index[v]))
            elif len(v) > 3 and j % 5 == 0:
                h = len(v) // 2
                cells.append('<x:c%s t="inlineStr"><x:is><x:r><x:t>%s</x:t></x:r>'
                             '<x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">%s</x:t></x:r>'
                             '<x:rPh sb="0" eb="1"><x:t>ignored</x:t></x:rPh></x:is></x:c>'
                             % (ref, x(v[:h]), x(v[h:])))
            else:
                cells.append('<x:c%s t="inlineStr"><x:is><x:t xml:space="preserve">%s</x:t>'
                             '</x:is></x:c>' % (ref, x(v)))
        if i == 0:
            cells.append('<x:c r="%s1" t="inlineStr"><x:is><x:t>Creation date</x:t></x:is></x:c>'
                         % col_name(len(row)))
        else:
            cells.append('<x:c r="%s%d" s="2"><x:v>%s</x:v></x:c>'
                         % (col_name(len(row)), row_no, repr(45000 + i + 0.5 * (i % 2))))
        body.append('<x:row r="%d">%s</x:row>' % (row_no, "".join(cells)))
    ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<x:worksheet %s><x:sheetData>%s</x:sheetData></x:worksheet>' % (ns, "".join(body)))
    sst = "".join("<x:si><x:t xml:space=\"preserve\">%s</x:t></x:si>" % x(s) for s in shared)
    sst_xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<x:sst %s count="%d" uniqueCount="%d">%s</x:sst>'
               % (ns, len(shared), len(shared), sst))
    styles = ('<?xml version="1.0" encoding="UTF-8"?>\n<x:styleSheet %s>'
              '<x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd;@"/></x:numFmts>'
              '<x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="4"/><x:xf numFmtId="164"/>'
              '</x:cellXfs></x:styleSheet>' % ns)
    book_sheets = "".join('<x:sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(n), k + 1, k + 1)
                          for k, n in enumerate(sheets))
    book = ('<?xml version="1.0" encoding="UTF-8"?>\n<x:workbook %s xmlns:r="%s"><x:sheets>%s'
            '</x:sheets></x:workbook>' % (ns, rel, book_sheets))
    rels = "".join('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>'
                   % (k + 1, rel, k + 1) for k in range(len(sheets)))
    rels += ('<Relationship Id="rIdS" Type="%s/sharedStrings" Target="/xl/sharedStrings.xml"/>'
             '<Relationship Id="rIdT" Type="%s/styles" Target="./styles.xml"/>' % (rel, rel))
    book_rels = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.'
                 'openxmlformats.org/package/2006/relationships">%s</Relationships>' % rels)
    root_rels = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.'
                 'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                 'Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % rel)
    other_xml = ('<?xml version="1.0"?>\n<x:worksheet %s><x:sheetData><x:row r="1"><x:c t="inlineStr">'
                 '<x:is><x:t>not this one</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>' % ns)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", book_rels)
        z.writestr("xl/styles.xml", styles)
        z.writestr("xl/sharedStrings.xml", sst_xml)
        for k, n in enumerate(sheets):
            z.writestr("xl/worksheets/sheet%d.xml" % (k + 1), sheet_xml if n == sheet else other_xml)


def main():
    kind, src, out = sys.argv[1:4]
    sheet, other = "Sheet1", None
    args = sys.argv[4:]
    while args:
        if args[0] == "--sheet":
            sheet = args[1]
        elif args[0] == "--other-sheet":
            other = args[1]
        args = args[2:]
    rows, delim = read_rows(src)
    (write_openpyxl if kind == "openpyxl" else write_mixed)(rows, delim, out, sheet, other)


if __name__ == "__main__":
    main()
