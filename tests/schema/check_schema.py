#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The plan document against its JSON Schema (src/report/plan.schema.json,
what `samlok schema` prints), with python3-jsonschema's Draft202012Validator
and its format checker (a date must exist: 2026-02-30 is refused). Shares
no code with src/.

  check_schema.py SAMLOK MODE

Modes:
  cli        `samlok schema` and `samlok schema --out FILE` give the bytes of
             src/report/plan.schema.json; the file is a valid draft 2020-12
             schema and every $ref in it resolves.
  plans      every plan document the test suite writes validates: the demo's
             (`demo --out`, and planned with --iterations 1 and the largest
             seed), every plan.json the golden CLI cases expect
             (tests/cli/cases/*/expect), and `samlok plan` of every scenario
             under tests/ outside tests/bad (the schedule cases, the reports'
             hostile scenario, tests/data/small, the golden cases' scenarios;
             the three that are bad on purpose must exit 2) and of a
             generated estate (bench/gen_estate.py). Each one's bytes are
             also those jansson would print for its content (jansson_text
             below: the document was written as a whole tree until issue
             18 streamed it), with no key twice in an object.
  mutations  the validator rejects broken documents, so the other modes can
             fail: the demo's plan with one thing wrong at a time (a wrong
             type, a missing required key, an unknown key, a probability of
             1.5, a date that does not exist, ...), each refused for that
             reason at that place, and every document of tests/bad/plan.
  docs       docs/REPORTS.md against the schema, by this rule. A code span
             (`...`) of REPORTS.md is a key path when it matches
             NAME([])?(.NAME([])?)* (NAME: lower case, digits, _, or *) and
             its last segment is not a file extension (csv, json, html,
             xlsx, ics, md, c, h, py).
             1. A key path whose first segment is a top-level key of the
                schema must resolve in the schema from the root (`.NAME` a
                property, `[]` the items of an array, `*` any property),
                unless it names a scenario key: it does not resolve and
                docs/SCENARIO.md or docs/COST.md has it as a code span too
                (the assumption log shows scenario keys).
             2. In the section "The keys the reports read from the later
                stages", each bullet "- `S`: ..." documents keys of section
                S: every other key path in the bullet must resolve from S,
                or be the name of a property, or a value of an enumeration,
                somewhere under S, or be a JSON literal (null, true, false).
                (Names the reports accept from other tools but samlok never
                writes are written in quotes there, not as code spans.)
             3. Every top-level key of the schema is documented: some key
                path of REPORTS.md is that key or starts with it and "." or
                "[".
"""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from jsonschema import Draft202012Validator

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCHEMA_FILE = os.path.join(ROOT, "src", "report", "plan.schema.json")
# scenarios under tests/ that are wrong on purpose (exit 2 expected)
BAD_SCENARIOS = {"plan-bad-input", "serve-bad-scenario", "validate-bad"}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def load_schema():
    with open(SCHEMA_FILE, encoding="utf-8") as f:
        return json.load(f)


def validator(schema):
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def where(path):
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "(root)"


def check_document(v, doc, name):
    errors = sorted(v.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    for e in errors[:10]:
        fail(f"{name}: {where(e.absolute_path)}: {e.message[:300]}")
    if len(errors) > 10:
        fail(f"{name}: {len(errors) - 10} more errors")
    return not errors


def run(samlok, args, cwd, expect=0):
    proc = subprocess.run([samlok] + args, cwd=cwd, capture_output=True, timeout=900,
                          env=dict(os.environ, LC_ALL="C"))
    if proc.returncode != expect:
        fail(f"samlok {' '.join(args)} in {os.path.relpath(cwd, ROOT)}: exit "
             f"{proc.returncode}, expected {expect}\n{proc.stderr.decode(errors='replace')[-2000:]}")
    return proc


# ---- cli ----------------------------------------------------------------------

def resolve_refs(schema):
    """Every "$ref" is a local JSON pointer that names a part of the schema."""
    def walk(node, at):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref is not None:
                if not ref.startswith("#/"):
                    fail(f"schema {at}: $ref {ref} is not local")
                else:
                    target = schema
                    for part in ref[2:].split("/"):
                        if not isinstance(target, dict) or part not in target:
                            fail(f"schema {at}: $ref {ref} resolves to nothing")
                            break
                        target = target[part]
            for k, x in node.items():
                walk(x, f"{at}/{k}")
        elif isinstance(node, list):
            for i, x in enumerate(node):
                walk(x, f"{at}/{i}")
    walk(schema, "#")


def mode_cli(samlok):
    with open(SCHEMA_FILE, "rb") as f:
        want = f.read()
    with tempfile.TemporaryDirectory() as work:
        out = run(samlok, ["schema"], work).stdout
        if out != want:
            fail("`samlok schema` does not print src/report/plan.schema.json byte for byte")
        run(samlok, ["schema", "--out", "s.json"], work)
        with open(os.path.join(work, "s.json"), "rb") as f:
            if f.read() != want:
                fail("`samlok schema --out s.json` does not write the schema file's bytes")
        out = run(samlok, ["schema", "-o", "-"], work).stdout
        if out != want:
            fail("`samlok schema -o -` does not print the schema")
    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        for k in sorted(set(k for k in keys if keys.count(k) > 1)):
            fail(f"the schema has the key {k!r} twice in one object (the last one wins)")
        return dict(pairs)
    schema = json.loads(want, object_pairs_hook=no_duplicates)
    try:
        Draft202012Validator.check_schema(schema)
    except Exception as e:  # SchemaError
        fail(f"not a valid draft 2020-12 schema: {e}")
    if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
        fail("the schema does not declare draft 2020-12")
    resolve_refs(schema)


# ---- plans ----------------------------------------------------------------------

class Pairs(list):
    """An object's members in their order, as the file has them."""


def jansson_text(v, depth=0):
    """The text jansson's json_dumps writes for v with JSON_INDENT(2) |
    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12): members and items one a
    line, two spaces a level, "{}" and "[]" when empty; reals as "%.12g"
    with ".0" when there is neither '.' nor 'e', the exponent without '+'
    or leading zeros; strings with '"', '\\', and characters below U+0020
    escaped (\\b \\f \\n \\r \\t, else \\u00XX in upper case), all else as
    it is."""
    inner = "\n" + "  " * (depth + 1)
    close = "\n" + "  " * depth
    if isinstance(v, Pairs):
        if not v:
            return "{}"
        return ("{" + ",".join(inner + json_string(k) + ": " + jansson_text(x, depth + 1)
                               for k, x in v) + close + "}")
    if isinstance(v, list):
        if not v:
            return "[]"
        return "[" + ",".join(inner + jansson_text(x, depth + 1) for x in v) + close + "]"
    if v is None:
        return "null"
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        s = "%.12g" % v
        if "." not in s and "e" not in s:
            s += ".0"
        m = re.fullmatch(r"(.*e)([+-])0*(\d+)", s)
        return m.group(1) + ("-" if m.group(2) == "-" else "") + m.group(3) if m else s
    return json_string(v)


ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
           "\t": "\\t"}


def json_string(s):
    return '"' + "".join(ESCAPES.get(c) or ("\\u%04X" % ord(c) if ord(c) < 0x20 else c)
                         for c in s) + '"'


def check_bytes(path, name):
    """The file is jansson's text of what it holds, and a newline."""
    with open(path, "rb") as f:
        raw = f.read().decode("utf-8")
    doubled = []

    def pairs(members):
        keys = [k for k, _ in members]
        if len(set(keys)) != len(keys):
            doubled.append(sorted({k for k in keys if keys.count(k) > 1}))
        return Pairs(members)

    want = jansson_text(json.loads(raw, object_pairs_hook=pairs)) + "\n"
    if doubled:
        fail(f"{name}: a key twice in one object: {doubled[0]}")
    if raw != want:
        got_lines, want_lines = raw.split("\n"), want.split("\n")
        line = next((i for i, (a, b) in enumerate(zip(got_lines, want_lines)) if a != b),
                    min(len(got_lines), len(want_lines)))
        fail(f"{name}: line {line + 1} is not jansson's text: "
             f"{got_lines[line] if line < len(got_lines) else '(end)'!r}, expected "
             f"{want_lines[line] if line < len(want_lines) else '(end)'!r}")


def is_plan(doc):
    return isinstance(doc, dict) and "samlok" in doc and "scenario" in doc and "workloads" in doc


def scenario_dirs():
    found = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, "tests")):
        rel = os.path.relpath(dirpath, ROOT)
        dirnames[:] = sorted(d for d in dirnames if d not in ("expect", "node_modules"))
        if rel.split(os.sep)[:2] == ["tests", "bad"]:
            continue
        if "scenario.yaml" in filenames:
            found.append(dirpath)
    return sorted(found)


def mode_plans(samlok):
    schema = load_schema()
    v = validator(schema)
    checked = 0

    def check_file(path, name):
        nonlocal checked
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if not is_plan(doc):
            fail(f"{name}: not a plan document")
            return
        check_document(v, doc, name)
        check_bytes(path, name)
        checked += 1

    with tempfile.TemporaryDirectory() as work:
        run(samlok, ["demo", "--out", "demo"], work)
        check_file(os.path.join(work, "demo", "plan.json"), "demo --out: plan.json")
        run(samlok, ["plan", ":demo", "--iterations", "1", "--quiet", "--json", "one.json"], work)
        check_file(os.path.join(work, "one.json"), "plan :demo --iterations 1")
        run(samlok, ["plan", ":demo", "--iterations", "200", "--seed", "18446744073709551615",
                     "--quiet", "--json", "seed.json"], work)
        check_file(os.path.join(work, "seed.json"), "plan :demo --seed 2^64-1")

        cases = os.path.join(ROOT, "tests", "cli", "cases")
        for case in sorted(os.listdir(cases)):
            expect = os.path.join(cases, case, "expect")
            for dirpath, _, filenames in os.walk(expect):
                for fn in sorted(filenames):
                    if not fn.endswith(".json"):
                        continue
                    path = os.path.join(dirpath, fn)
                    with open(path, encoding="utf-8") as f:
                        doc = json.load(f)
                    if is_plan(doc):
                        check_file(path, os.path.relpath(path, ROOT))

        for d in scenario_dirs():
            rel = os.path.relpath(d, ROOT)
            dst = os.path.join(work, "scn", rel.replace(os.sep, "_"))
            shutil.copytree(d, dst)
            bad = os.path.basename(d) in BAD_SCENARIOS
            proc = run(samlok, ["plan", "scenario.yaml", "--quiet", "--json", "plan.json"], dst,
                       expect=2 if bad else 0)
            if not bad and proc.returncode == 0:
                check_file(os.path.join(dst, "plan.json"), f"plan {rel}/scenario.yaml")

        gen = os.path.join(ROOT, "bench", "gen_estate.py")
        est = os.path.join(work, "estate")
        subprocess.run([sys.executable, gen, est, "--workloads", "400", "--flows", "2000",
                        "--seed", "3"], check=True, capture_output=True)
        run(samlok, ["plan", "scenario.yaml", "--iterations", "300", "--quiet", "--json",
                     "plan.json"], est)
        check_file(os.path.join(est, "plan.json"), "plan of a generated estate (400 workloads)")
    print(f"{checked} plan documents checked")
    if checked < 30:
        fail(f"only {checked} plan documents were checked")


# ---- mutations ---------------------------------------------------------------------

def at(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def put(path, value):
    def f(doc):
        at(doc, path[:-1])[path[-1]] = value
    return f


def drop(path):
    def f(doc):
        del at(doc, path[:-1])[path[-1]]
    return f


def first(doc, key, pred):
    return next(i for i, x in enumerate(doc[key]) if pred(x))


# (what, change, validator keyword expected, path where it is reported)
def mutations(doc):
    host = first(doc, "verdicts", lambda x: x["verdict"] == "host")
    last = len(doc["assumptions"]) - 1  # a default: fixed, no range
    return [
        ("a wrong type: a probability as a string",
         put(["simulation", "p_on_time"], "0.5"), "type", ["simulation", "p_on_time"]),
        ("a wrong type: a list for an object",
         put(["placement", "site"], []), "type", ["placement", "site"]),
        ("a missing required key: scenario.deadline",
         drop(["scenario", "deadline"]), "required", ["scenario"]),
        ("a missing required key: the calendar",
         drop(["calendar"]), "required", []),
        ("a missing key the assessment adds to each workload",
         drop(["workloads", 3, "readiness"]), "required", ["workloads", 3]),
        ("an unknown key in a workload",
         put(["workloads", 0, "colour"], "red"), "additionalProperties", ["workloads", 0]),
        ("an unknown top-level section",
         put(["extras"], {}), "additionalProperties", []),
        ("a probability of 1.5",
         put(["simulation", "per_agency", 0, "p_allowed"], 1.5), "maximum",
         ["simulation", "per_agency", 0, "p_allowed"]),
        ("a negative probability",
         put(["cost", "chargeback", "agencies", 0, "share"], -0.1), "minimum",
         ["cost", "chargeback", "agencies", 0, "share"]),
        ("a negative count",
         put(["placement", "hosts_total"], -1), "minimum", ["placement", "hosts_total"]),
        ("a fraction for a count",
         put(["assessment", "counts", "ready"], 2.5), "type", ["assessment", "counts", "ready"]),
        ("a date that does not exist (format checking)",
         put(["scenario", "start"], "2026-02-30"), "format", ["scenario", "start"]),
        ("a date in another form",
         put(["schedule", "finish"], "30/06/2027"), "anyOf", ["schedule", "finish"]),
        ("a window time with a space",
         put(["schedule", "windows", 0, "start"], "2027-02-05 18:00"), "pattern",
         ["schedule", "windows", 0, "start"]),
        ("null where a figure is always defined",
         put(["cost", "npv_saving"], None), "type", ["cost", "npv_saving"]),
        ("a verdict not in the enumeration",
         put(["verdicts", 0, "verdict"], "maybe"), "enum", ["verdicts", 0, "verdict"]),
        ("a readiness not in the enumeration",
         put(["workloads", 0, "readiness"], "sort_of"), "enum", ["workloads", 0, "readiness"]),
        ("a cost line not in the enumeration",
         put(["cost", "per_agency", 0, "status_quo", "lines", "coffee"], [0]),
         "enum", ["cost", "per_agency", 0, "status_quo", "lines"]),
        ("a likelihood of 6",
         put(["risks", 0, "likelihood"], 6), "maximum", ["risks", 0, "likelihood"]),
        ("another format version",
         put(["samlok"], 2), "const", ["samlok"]),
        ("a histogram count as a string (tests/bad/plan/histogram-count-a-string.json)",
         put(["simulation", "histogram", "finish", "counts", 0], "3"), "type",
         ["simulation", "histogram", "finish", "counts", 0]),
        ("a P80 finish 1e17 days out (tests/bad/plan/tornado-1e17.json)",
         put(["simulation", "tornado", "inputs", 0, "finish_p80_low_days"], 1e17), "anyOf",
         ["simulation", "tornado", "inputs", 0, "finish_p80_low_days"]),
        ("a window's group that is no index (tests/bad/plan/window-group-not-an-index.json)",
         put(["schedule", "windows", 0, "groups", 0], 1.5), "type",
         ["schedule", "windows", 0, "groups", 0]),
        ("conditions on the host's verdict",
         put(["verdicts", host, "conditions"], []), "false schema",
         ["verdicts", host, "conditions"]),
        ("a window without its target load while the target is limited",
         drop(["schedule", "windows", 0, "target_load"]), "required", ["schedule", "windows", 0]),
        ("an isolation step without its cost over the horizon in a costed plan",
         drop(["isolation", "steps", 0, "npv_horizon"]), "required", ["isolation", "steps", 0]),
        ("an S-curve of 100 points",
         lambda d: d["simulation"]["s_curve"]["finish"].pop(), "minItems",
         ["simulation", "s_curve", "finish"]),
        ("a default in the assumption log with a range",
         put(["assumptions", last, "min"], 1), "type", ["assumptions", last, "min"]),
    ]


def mode_mutations(samlok):
    schema = load_schema()
    v = validator(schema)
    with tempfile.TemporaryDirectory() as work:
        run(samlok, ["demo", "--out", "demo"], work)
        with open(os.path.join(work, "demo", "plan.json"), encoding="utf-8") as f:
            base = json.load(f)
    if not check_document(v, base, "the demo's plan, unchanged"):
        return
    n = 0
    for what, change, keyword, path in mutations(base):
        doc = copy.deepcopy(base)
        change(doc)
        errors = list(v.iter_errors(doc))
        if not errors:
            fail(f"accepted: {what}")
            continue
        # a false subschema has no keyword: jsonschema reports validator
        # None, at the key (4.10) or at the object holding it (4.2x)
        hit = [e for e in errors
               if (list(e.absolute_path) == path and e.validator == keyword) or
               (keyword == "false schema" and e.validator is None and
                list(e.absolute_path) in (path, path[:-1]))]
        if not hit:
            fail(f"{what}: refused, but not by '{keyword}' at {where(path)}: " +
                 "; ".join(f"{e.validator} at {where(e.absolute_path)}" for e in errors[:5]))
            continue
        n += 1
        print(f"ok refused: {what}: {where(path)}: {hit[0].message[:120]}")
    bad_dir = os.path.join(ROOT, "tests", "bad", "plan")
    for fn in sorted(os.listdir(bad_dir)):
        if fn.endswith(".json"):
            with open(os.path.join(bad_dir, fn), encoding="utf-8") as f:
                try:
                    doc = json.load(f)
                except ValueError:
                    # not JSON text at all (a NUL byte): no schema applies
                    n += 1
                    print(f"ok refused: tests/bad/plan/{fn} (not JSON text)")
                    continue
            if v.is_valid(doc):
                fail(f"accepted: tests/bad/plan/{fn}")
            else:
                n += 1
                print(f"ok refused: tests/bad/plan/{fn}")
    print(f"{n} broken documents refused")


# ---- docs -------------------------------------------------------------------------

KEY_PATH = re.compile(r"^([a-z_][a-z0-9_]*|\*)(\[\])?(\.([a-z_][a-z0-9_]*|\*)(\[\])?)*$")
FILE_EXTENSIONS = {"csv", "json", "html", "xlsx", "ics", "md", "c", "h", "py"}


def key_paths(text):
    out = []
    for span in re.findall(r"`([^`\n]+)`", text):
        if KEY_PATH.match(span) and span.rsplit(".", 1)[-1] not in FILE_EXTENSIONS:
            out.append(span)
    return out


def segments(path):
    """`a[].b.*` -> ['a', '[]', 'b', '*']"""
    out = []
    for part in path.split("."):
        name, arr = (part[:-2], True) if part.endswith("[]") else (part, False)
        out.append(name)
        if arr:
            out.append("[]")
    return out


class Resolver:
    def __init__(self, schema):
        self.schema = schema

    def deref(self, node):
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 50:
            target = self.schema
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            node = target
            seen += 1
        return node

    def alternatives(self, node):
        """The subschemas that describe the same value: itself, its $ref,
        the branches of allOf/anyOf/oneOf."""
        todo, out = [node], []
        while todo:
            n = self.deref(todo.pop())
            if not isinstance(n, dict):
                continue
            out.append(n)
            for k in ("allOf", "anyOf", "oneOf"):
                todo.extend(n.get(k, []))
        return out

    def step(self, node, seg):
        nxt = []
        for n in self.alternatives(node):
            if seg == "[]":
                if "items" in n and isinstance(n["items"], dict):
                    nxt.append(n["items"])
                nxt.extend(n.get("prefixItems", []))
            elif seg == "*":
                nxt.extend(x for x in n.get("properties", {}).values() if isinstance(x, dict))
                if isinstance(n.get("additionalProperties"), dict):
                    nxt.append(n["additionalProperties"])
            else:
                p = n.get("properties", {})
                if isinstance(p.get(seg), dict):
                    nxt.append(p[seg])
                elif isinstance(n.get("additionalProperties"), dict):
                    nxt.append(n["additionalProperties"])
        return nxt

    def resolve(self, node, path):
        nodes = [node]
        for seg in segments(path):
            nodes = [x for n in nodes for x in self.step(n, seg)]
            if not nodes:
                return []
        return nodes

    def names_under(self, node):
        """Every property name and enumeration value under node."""
        names, seen, todo = set(), set(), [node]
        while todo:
            n = self.deref(todo.pop())
            if id(n) in seen:
                continue
            seen.add(id(n))
            if isinstance(n, dict):
                names.update(n.get("properties", {}).keys())
                names.update(x for x in n.get("enum", []) if isinstance(x, str))
                if isinstance(n.get("const"), str):
                    names.add(n["const"])
                todo.extend(v for k, v in n.items() if k not in ("enum", "const", "required"))
            elif isinstance(n, list):
                todo.extend(n)
        return names


def mode_docs(samlok):
    schema = load_schema()
    r = Resolver(schema)
    with open(os.path.join(ROOT, "docs", "REPORTS.md"), encoding="utf-8") as f:
        text = f.read()
    scenario_spans = set()
    for doc in ("SCENARIO.md", "COST.md"):
        with open(os.path.join(ROOT, "docs", doc), encoding="utf-8") as f:
            scenario_spans.update(re.findall(r"`([^`\n]+)`", f.read()))
    top = set(schema["properties"])
    paths = key_paths(text)
    n1 = 0
    for p in sorted(set(paths)):
        if segments(p)[0] not in top:
            continue
        if r.resolve(schema, p):
            n1 += 1
        elif p in scenario_spans:
            print(f"ok scenario key, not a plan key: {p}")
        else:
            fail(f"docs/REPORTS.md names `{p}`, which the schema does not have")
    # rule 2
    m = re.search(r"^## The keys the reports read from the later stages\n(.*?)(?=^## )", text,
                  re.S | re.M)
    n2 = 0
    if not m:
        fail("docs/REPORTS.md has no section \"The keys the reports read from the later stages\"")
    else:
        bullets = re.findall(r"^- `([a-z_]+)(?:\[\])?`: (.*?)(?=^- |^\S|\Z)", m.group(1), re.S | re.M)
        if len(bullets) < 3:
            fail("the section \"The keys the reports read from the later stages\" lost its bullets")
        for section, body in bullets:
            if section not in top:
                fail(f"docs/REPORTS.md: `{section}` is no section of the plan document")
                continue
            node = schema["properties"][section]
            under = r.names_under(node)
            for p in key_paths(body):
                if (p.rstrip("[]") == section or r.resolve(node, p) or p in under or
                        p in ("null", "true", "false")):
                    n2 += 1
                else:
                    fail(f"docs/REPORTS.md, `{section}`: `{p}` is not in the schema under "
                         f"{section}")
    # rule 3
    for key in sorted(top):
        if not any(p == key or p.startswith(key + ".") or p.startswith(key + "[")
                   for p in paths):
            fail(f"the schema's top-level key `{key}` is not documented in docs/REPORTS.md")
    print(f"{n1} key paths of docs/REPORTS.md found in the schema, {n2} keys of the "
          f"later stages' sections, {len(top)} top-level keys documented")


def main():
    samlok, mode = os.path.abspath(sys.argv[1]), sys.argv[2]
    {"cli": mode_cli, "plans": mode_plans, "mutations": mode_mutations,
     "docs": mode_docs}[mode](samlok)
    if failures:
        print(f"{len(failures)} failures")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
