#!/usr/bin/env python3
"""What the Swedish checks share: the catalogue's vocabulary and the scan
of a text for English words and raw codes.

It shares no code with src/: the vocabulary comes from po/sv.po itself.
An English word is a word of the catalogue's English messages (msgid)
that no Swedish message (msgstr) uses and that the scenario's own files do
not contain (names, descriptions and titles the scenario gives are shown
as written). A raw code is a snake_case identifier or a dotted path that
the scenario's files do not contain. Used by check_lang.py (the page, the
workbook, the CSV files) and check_lang_terminal.py (the terminal texts,
--help and the messages).
"""
import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
PO = os.path.join(HERE, "..", "..", "po", "sv.po")
WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]+")
CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z_]+(?:\.[a-z_0-9*]+){2,}\b")
# Words both languages write: units, abbreviations and names (not English words)
SHARED = {"vCPU", "RAM", "GB", "TB", "kW", "PUE", "VM", "VMs", "CSV", "JSON", "HA", "IT",
          "PERT", "P10", "P50", "P80", "P90", "samlok", "SEK", "Monte", "Carlo", "id", "min",
          "max", "ms", "start", "Scenario", "scenario", "budget"}


def unquote(s):
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), s[1:-1])


def po_entries(path):
    """Every entry of a .po file: (msgctxt, msgid, msgid_plural, msgstrs, is_fuzzy)."""
    out = []
    with open(path, encoding="utf-8") as f:
        blocks = f.read().split("\n\n")
    for b in blocks:
        cur, field, fuzzy = {}, None, False
        for line in b.split("\n"):
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if line.startswith("#~"):  # obsolete
                cur = {}
                break
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
            if m:
                field = m.group(1)
                cur[field] = cur.get(field, "") + unquote(m.group(2))
            elif line.startswith('"') and field:
                cur[field] += unquote(line)
        if "msgid" in cur:
            strs = [v for k, v in sorted(cur.items()) if k.startswith("msgstr")]
            out.append((cur.get("msgctxt"), cur["msgid"], cur.get("msgid_plural"), strs, fuzzy))
    return out


def catalogue(path):
    """(English words, Swedish words, number of translated messages) of a .po file."""
    en, sv, n = set(), set(), 0
    for _, msgid, plural, strs, _ in po_entries(path):
        if msgid and " ".join(strs).strip():
            n += 1
            en.update(words(msgid + " " + (plural or "")))
            sv.update(words(" ".join(strs)))
    return en, sv, n


def words(text):
    # placeholders ({name:fmt}) and printf conversions are not words
    text = re.sub(r"\{[a-z_]+(?::[a-z0-9]+)?\}", " ", text)
    text = re.sub(r"%[-+ #0-9.]*(?:l|ll|z)?[sdfgu]", " ", text)
    return {w for w in WORD.findall(text) if len(w) >= 3}


def run(samlok, args, cwd):
    env = dict(os.environ, LC_ALL="C", LANG="C")
    p = subprocess.run([samlok] + args, cwd=cwd, env=env, capture_output=True, timeout=600)
    if p.returncode != 0:
        raise SystemExit(f"samlok {' '.join(args)}: exit {p.returncode}\n"
                         f"{p.stderr.decode(errors='replace')[:2000]}")
    return p


def data_words(folder):
    """Words and identifiers of the scenario's own files."""
    ws, codes = set(), set()
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
            text = f.read()
        ws.update(WORD.findall(text))
        codes.update(re.findall(r"[A-Za-z0-9_.*-]+", text))
    return ws, codes


def scan(where, text, en, sv, data, data_codes, fails):
    for code in CODE.findall(text):
        if code not in data_codes:
            fails.append(f"{where}: raw code {code!r} in {text[:160]!r}")
    for w in words(text):
        if w in en and w not in sv and w not in data and w not in SHARED \
                and w.lower() not in sv:
            fails.append(f"{where}: English word {w!r} in {text[:160]!r}")
