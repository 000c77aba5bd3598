#!/usr/bin/env python3
"""Brings po/<code>.po up to the sources with the fewest changed lines.

  tools/po_update.py po/sv.po BUILD/po/samlok.pot [TRANSLATIONS.json]

First `ninja -C BUILD samlok-pot` writes the template. Then, unlike
msgmerge (`ninja samlok-update-po`), which rewraps every line, rewrites
every location and marks a phrase's plural fuzzy, this keeps the
catalogue as it is and:

- removes the entries whose message left the sources;
- inserts the new ones where the template has them, untranslated (or
  translated from TRANSLATIONS.json: {"ctxt\\u0004msgid": "msgstr" or
  ["one", "many"] or {"plural": "msgid_plural", "tr": ["one", "many"]}},
  po-escaped);
- keeps a phrase's plural whole. A phrase is built with sl_pb_begin and
  sl_pb_plural, two calls, so xgettext sees two messages; the catalogue
  holds them as one plural entry (msgid, msgid_plural), found by the
  first. The second half is not added as a message of its own.

tests/reports/check_lang_terminal.py then says what is left: untranslated
or fuzzy messages, and messages the sources mark that the catalogue lacks.
"""
import json
import re
import subprocess
import sys


def parse(text):
    out = []
    for b in (b for b in text.split("\n\n") if b.strip()):
        lines = b.strip("\n").split("\n")
        cur, vals = None, {}
        for line in lines:
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if m:
                cur = m.group(1)
                vals[cur] = m.group(2)
            elif line.startswith('"') and cur:
                vals[cur] += line[1:-1]
        out.append({"lines": lines, "ctxt": vals.get("msgctxt"), "id": vals.get("msgid"),
                    "plural": vals.get("msgid_plural"),
                    "strs": {k: v for k, v in vals.items() if k.startswith("msgstr")}})
    return out


def name(ctxt, msgid):
    return ("" if ctxt is None else ctxt + "\x04") + msgid


def render(e, tr):
    lines = [l for l in e["lines"] if l.startswith("#") and l != "#, fuzzy"]
    if e["ctxt"] is not None:
        lines.append(f'msgctxt "{e["ctxt"]}"')
    lines.append(f'msgid "{e["id"]}"')
    if e["plural"] is not None:
        t = tr if isinstance(tr, list) else ["", ""]
        lines += [f'msgid_plural "{e["plural"]}"', f'msgstr[0] "{t[0]}"', f'msgstr[1] "{t[1]}"']
    else:
        lines.append(f'msgstr "{tr if isinstance(tr, str) else ""}"')
    return lines


def fill(e, tr):
    keep, in_str = [], False
    for line in e["lines"]:
        if line.startswith("msgstr"):
            in_str = True
            continue
        if in_str and line.startswith('"'):
            continue
        in_str = False
        keep.append(line)
    if e["plural"] is not None:
        return keep + [f'msgstr[0] "{tr[0]}"', f'msgstr[1] "{tr[1]}"']
    return keep + [f'msgstr "{tr}"']


def main():
    po_path, pot_path = sys.argv[1], sys.argv[2]
    trs = {}
    if len(sys.argv) > 3:
        with open(sys.argv[3], encoding="utf-8") as f:
            trs = json.load(f)
    pot_text = subprocess.run(["msgcat", "--no-wrap", pot_path], capture_output=True,
                              text=True, check=True).stdout
    pot = parse(pot_text)[1:]
    with open(po_path, encoding="utf-8") as f:
        po = parse(f.read())
    header, entries = po[0], po[1:]

    pairs = {k: v["plural"] for k, v in trs.items() if isinstance(v, dict)}
    for e in entries:
        if e["plural"] is not None:
            pairs[name(e["ctxt"], e["id"])] = e["plural"]
    halves = {(k.split("\x04")[0] if "\x04" in k else None, v) for k, v in pairs.items()
              if v != k.split("\x04")[-1]}
    pot = [e for e in pot if (e["ctxt"], e["id"]) not in halves]
    for e in pot:
        if e["plural"] is None and name(e["ctxt"], e["id"]) in pairs:
            e["plural"] = pairs[name(e["ctxt"], e["id"])]

    def tr_for(e):
        t = trs.get(name(e["ctxt"], e["id"]))
        return t["tr"] if isinstance(t, dict) else t

    by_key = {(e["ctxt"], e["id"]): e for e in pot}
    kept = []
    for e in entries:
        pe = by_key.get((e["ctxt"], e["id"]))
        if pe is None:
            continue  # gone from the sources
        if (pe["plural"] is None) != (e["plural"] is None):
            e = dict(e, lines=render(pe, tr_for(pe)), plural=pe["plural"])
        elif all(v == "" for v in e["strs"].values()) and tr_for(e) is not None:
            e = dict(e, lines=fill(e, tr_for(e)))
        kept.append(e)
    at = {(e["ctxt"], e["id"]): i for i, e in enumerate(kept)}
    inserts, last = {}, -1
    for pe in pot:
        if (pe["ctxt"], pe["id"]) in at:
            last = at[(pe["ctxt"], pe["id"])]
        else:
            inserts.setdefault(last, []).append(render(pe, tr_for(pe)))
    out = ["\n".join(header["lines"])] + ["\n".join(l) for l in inserts.get(-1, [])]
    for i, e in enumerate(kept):
        out.append("\n".join(e["lines"]))
        out += ["\n".join(l) for l in inserts.get(i, [])]
    with open(po_path, "w", encoding="utf-8") as f:
        f.write("\n\n".join(out) + "\n")


if __name__ == "__main__":
    main()
