#!/usr/bin/env python3
"""The terminal in Swedish reads as Swedish, and the catalogue is whole.

It shares no code with src/: the vocabulary comes from the catalogue
(po/sv.po, through lang_scan.py, which check_lang.py uses for the page and
the workbook), the text from what samlok prints.

  check_lang_terminal.py SAMLOK

Checks:

- po/sv.po has no untranslated and no fuzzy message, and holds every
  message the sources mark (xgettext with po/meson.build's keywords over
  po/POTFILES; a phrase's plural, which reaches xgettext as a message of
  its own, counts when the catalogue has it as a msgid_plural), and every
  source file that marks messages is listed in po/POTFILES;
- with --lang sv: import's account of what it read, the summary (plan), explain (one agency whose scope
  lever, the workloads left behind, is among its decisions), compare and
  sweep print no English word and no raw code (the `--set PATH=VALUE`
  overrides explain prints are the scenario's keys on purpose and are
  left out; sweep prints only what it wrote), and the sweep's HTML page
  (<html lang="sv">, every text and tooltip);
- `--help` of every command with --lang sv, and samlok's own --help with
  LC_ALL=sv_SE.UTF-8 (the environment picks the language), have no
  English word;
- the input errors of tests/bad/scenario, vbp and graph with --lang sv:
  the text after `file:line:column: ` has no English word, and usage
  errors the same; what the C library (strerror) and the YAML library
  (after "YAML: ") say in their own words is left out.

An English word and a raw code are as lang_scan.py defines them; the words
of the case's own input count as data, as the scenario's do.
"""
import errno
import html
import os
import re
import subprocess
import sys
import tempfile

from lang_scan import CODE, PO, catalogue, data_words, po_entries, scan

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
MARKS = re.compile(r"\b(?:sl_tr|sl_trn|sl_trc|N_|NC_|sl_pb_begin|sl_diag_add|sl_diag_add_cell|"
                   r"cli_usage_error|sl_say|sl_sayn|sl_says|sl_saysn|sweep_bad|yw_error)\s*\(")
COMMANDS = ["compare", "demo", "explain", "import", "init", "pack", "partition", "plan",
            "report", "schema", "serve", "sweep", "validate"]


def check_catalogue(fails, work):
    entries = [e for e in po_entries(PO) if e[1]]
    untranslated = [e[1] for e in entries if not all(s != "" for s in e[3])]
    fuzzy = [e[1] for e in entries if e[4]]
    for what, msgs in (("untranslated", untranslated), ("fuzzy", fuzzy)):
        if msgs:
            fails.append(f"po/sv.po: {len(msgs)} {what} messages, e.g. {msgs[0][:100]!r}")
    known = {(e[0], e[1]) for e in entries} | {(e[0], e[2]) for e in entries if e[2]}

    with open(os.path.join(ROOT, "po", "POTFILES"), encoding="utf-8") as f:
        listed = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    for top in ("src", "cli"):
        for folder, _, names in os.walk(os.path.join(ROOT, top)):
            for name in names:
                if not name.endswith(".c"):
                    continue
                rel = os.path.relpath(os.path.join(folder, name), ROOT)
                with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
                    marks = MARKS.search(f.read())
                if marks and rel not in listed:
                    fails.append(f"po/POTFILES: {rel} marks messages ({marks.group(0)}...) "
                                 "but is not listed")

    with open(os.path.join(ROOT, "po", "meson.build"), encoding="utf-8") as f:
        args = re.findall(r"'(--(?:keyword|flag|from-code)=[^']*)'", f.read())
    pot = os.path.join(work, "samlok.pot")
    p = subprocess.run(["xgettext"] + args + ["-k_", "--directory", ROOT, "--files-from",
                        os.path.join(ROOT, "po", "POTFILES"), "-o", pot],
                       capture_output=True, text=True)
    if p.returncode != 0:
        fails.append(f"xgettext failed: {p.stderr[:500]}")
        return
    missing = [e[1] for e in po_entries(pot) if e[1] and (e[0], e[1]) not in known]
    if missing:
        fails.append(f"po/sv.po lacks {len(missing)} messages the sources mark (update it: "
                     f"docs/REPORTS.md), e.g. {missing[0][:100]!r}")


def run(samlok, args, cwd, env_extra=None, want=0):
    env = dict(os.environ, LC_ALL="C", LANG="C", COLUMNS="100")
    env.pop("LANGUAGE", None)
    env.pop("LC_MESSAGES", None)
    env.update(env_extra or {})
    p = subprocess.run([samlok] + args, cwd=cwd, env=env, capture_output=True, timeout=600)
    if want is not None and p.returncode != want:
        raise SystemExit(f"samlok {' '.join(args)}: exit {p.returncode}, expected {want}\n"
                         f"{p.stderr.decode(errors='replace')[:2000]}")
    return p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


# What the C library and the YAML library say in their own words: not
# samlok's messages (strerror's text, libfyaml's parse errors)
FOREIGN = [os.strerror(e) for e in (errno.ENOENT, errno.EACCES, errno.EISDIR, errno.ENOTDIR)]


def without_overrides(text):
    """explain's decisions as `--set PATH=VALUE` (the scenario's keys and a
    stays item's YAML, on purpose), cut out whole: the value may wrap over
    lines and hold parentheses."""
    out, i = [], 0
    while True:
        at = text.find("(--set ", i)
        if at < 0:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:at])
        depth, j = 0, at
        while j < len(text):
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
            if depth == 0:
                break
        i = j


def scan_lines(where, text, en, sv, data, data_codes, fails, codes=True):
    for line in without_overrides(text).split("\n"):
        line = re.sub(r"som --set: \S+", " ", line)
        for foreign in FOREIGN:
            line = line.replace(foreign, " ")
        line = re.sub(r"YAML: (?!.*[åäöÅÄÖ]).*", " ", line)
        if not codes:
            # --help: option names, command names and scenario keys are codes
            line = CODE.sub(" ", line)
            line = re.sub(r"--[a-z][a-z-]*|samlok [a-z]+|^  [a-z]+(?=  )", " ", line)
        if line.strip():
            scan(where, line, en, sv, data, data_codes, fails)


def message_text(line, work):
    """A diagnostic without its location and severity: what it says."""
    line = line.replace(work + os.sep, "")
    line = re.sub(r"^samlok(?: [a-z]+)?: ", "", line)
    line = re.sub(r"^[^ :]+(?::\d+)?(?::\d+)?: ", "", line)
    return re.sub(r"^(?:varning|obs): ", "", line)


def main():
    samlok = os.path.abspath(sys.argv[1])
    en, sv, n_translated = catalogue(PO)
    fails = []
    with tempfile.TemporaryDirectory() as work:
        check_catalogue(fails, work)
        run(samlok, ["demo", "--write-scenario", "scen"], work)
        data, data_codes = data_words(os.path.join(work, "scen"))
        scen = os.path.join("scen", "scenario.yaml")
        quick = ["--iterations", "200", "--threads", "2", "--quiet", "--lang", "sv"]

        # the terminal texts
        texts = {}
        texts["plan (summary)"] = run(samlok, ["plan", scen] + quick, work)[0]
        texts["explain"] = run(samlok, ["explain", scen, "--agency", "SKV", "--set",
                                        "verdict.max_blocked_share=0.1", "--search-iterations",
                                        "200"] + quick, work)[0]
        texts["compare"] = run(samlok, ["compare", scen, scen + "@deadline=2028-12-31"] + quick,
                               work)[0]
        texts["sweep"] = run(samlok, ["sweep", scen, "--grid", "deadline=2028-06-30,2028-12-31",
                                      "--grid", "agencies.SKV.staff.migration_hours_per_week=260,400",
                                      "--csv", "sweep.csv", "--html", "sweep.html"] + quick,
                             work)[0]
        # the sweep's page: every text, its tooltips too, outside the style sheet
        with open(os.path.join(work, "sweep.html"), encoding="utf-8") as f:
            page = f.read()
        if '<html lang="sv">' not in page:
            fails.append('sweep.html: not <html lang="sv">')
        page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
        page = html.unescape(re.sub(r"<[^>]+>", "\n", page))
        scan_lines("sweep.html", page, en, sv, data, data_codes | {"agencies.SKV.staff"}, fails)
        # the exports for project tools: the calendar's events and the
        # project's task names (the gates' names are the scenario's words)
        run(samlok, ["plan", scen, "--json", "p.json"] + quick, work)
        run(samlok, ["report", "p.json", "--ics", "p.ics", "--mspdi", "p.xml", "--lang", "sv"],
            work)
        with open(os.path.join(work, "p.ics"), encoding="utf-8") as f:
            ics = re.sub(r"\r?\n[ \t]", "", f.read())  # unfolded
        said = [re.sub(r"\\([,;\\])", r"\1", v.replace("\\n", "\n"))
                for k, v in re.findall(r"^(SUMMARY|DESCRIPTION|CATEGORIES):(.*)$", ics, re.M)]
        if len(said) < 10:
            fails.append(f"p.ics: only {len(said)} texts")
        scan_lines("p.ics", "\n".join(said), en, sv, data, data_codes, fails)
        with open(os.path.join(work, "p.xml"), encoding="utf-8") as f:
            names = html.unescape("\n".join(re.findall(r"<Name>(.*?)</Name>", f.read())))
        scan_lines("p.xml", names, en, sv, data, data_codes | {"Standard"}, fails)
        rv = os.path.join(ROOT, "tests", "cli", "cases", "import-rvtools-export",
                          "RVTools_tabvInfo.csv")
        texts["import"] = run(samlok, ["import", "rvtools", rv, "--agency", "SKV", "--site",
                                       "SKV-HOSTING", "-o", "inv.csv", "--lang", "sv"], work)[1]
        if "lämnar kvar" not in texts["explain"]:
            fails.append("explain: the scope lever (workloads left behind) is not among its "
                         "decisions; the case no longer tests its sentence")
        for name, text in texts.items():
            if len(text) < (10 if name in ("sweep", "import") else 200):
                fails.append(f"{name}: only {len(text)} characters printed")
            scan_lines(name, text, en, sv, data, data_codes, fails)

        # --help: the words (the scenario keys a description names are codes on purpose)
        for cmd in COMMANDS:
            out = run(samlok, [cmd, "--help", "--lang", "sv"], work)[0]
            scan_lines(f"{cmd} --help", out, en, sv, data, data_codes, fails, codes=False)
        out = run(samlok, ["--help"], work, {"LC_ALL": "sv_SE.UTF-8"})[0]
        if "kommandon:" not in out:
            fails.append("samlok --help under LC_ALL=sv_SE.UTF-8 is not in Swedish")
        scan_lines("samlok --help", out, en, sv, data, data_codes, fails, codes=False)

        # messages: bad inputs and bad usage
        n_messages = 0
        cases = []
        for fmt, cmd in (("scenario", ["validate", "{}"]), ("vbp", ["pack", "{}"]),
                         ("graph", ["partition", "{}", "2"])):
            folder = os.path.join(ROOT, "tests", "bad", fmt)
            for name in sorted(os.listdir(folder)):
                if name.endswith(".expect"):
                    continue
                with open(os.path.join(folder, os.path.splitext(name)[0] + ".expect"),
                          encoding="utf-8") as f:
                    directives = [l for l in f if re.match(r"^(args|as|with|exit):", l)]
                if not directives:
                    cases.append((os.path.join(folder, name), cmd))
        for path, cmd in cases:
            case_words, case_codes = data_words_of(path)
            args = [a.replace("{}", path) for a in cmd] + ["--lang", "sv"]
            _, err = run(samlok, args, work, want=None)
            for line in err.strip().split("\n"):
                text = message_text(line, work)
                if text:
                    n_messages += 1
                    scan_lines(f"{os.path.relpath(path, ROOT)}", text, en, sv,
                               data | case_words, data_codes | case_codes, fails, codes=False)
        for args in (["plan", "--bogus"], ["plan", scen, "--iterations", "x"],
                     ["explain", scen], ["sweep", scen], ["init"],
                     ["compare", scen, scen + "@nope"]):
            _, err = run(samlok, args + ["--lang", "sv"], work, want=2)
            for line in err.strip().split("\n"):
                n_messages += 1
                scan_lines(f"samlok {' '.join(args)}", message_text(line, work), en, sv, data,
                           data_codes, fails, codes=False)
        if n_messages < 100:
            fails.append(f"only {n_messages} messages were read")
    if fails:
        print(f"FAIL reports/lang-sv-terminal: {len(fails)} problems")
        for f in fails[:80]:
            print("  " + f)
        return 1
    print(f"ok reports/lang-sv-terminal ({len(texts)} texts, {len(COMMANDS) + 1} helps, "
          f"{n_messages} messages)")
    return 0


def data_words_of(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    return (set(re.findall(r"[A-Za-zÅÄÖåäöÉé]+", text)),
            set(re.findall(r"[A-Za-z0-9_.*-]+", text)))


if __name__ == "__main__":
    sys.exit(main())
