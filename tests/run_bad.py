#!/usr/bin/env python3
"""Runs one bad-input case: samlok must exit 2, print the expected located
messages, and write nothing.

A case is an input file tests/bad/<format>/<name>.<ext> with a sibling
<name>.expect. Each line of the .expect must equal one line of stderr,
except these directives:
  exit: N          expected exit status (default 2)
  args: A B ...    extra arguments (split on spaces)
  as: NAME         copy the input under this name (for names a test needs)
  with: FILE       copy bad/_fixtures/FILE next to it (a scenario case that
                   names the fixtures' inventory)
How the input is fed, by format folder:
  scenario   samlok validate CASE
  inventory  a small scenario (bad/_fixtures/scenario.yaml) whose inventory is CASE
  flows      the same scenario, with CASE as its flow file
  rvtools    samlok import rvtools CASE --agency A --site S -o out.csv
  vbp        samlok pack CASE
  graph      samlok partition CASE 2
Other formats name their command in an `args:` directive with {} for the file.
"""
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(here, "bad", "_fixtures")


def main():
    samlok = os.path.abspath(sys.argv[1])
    case = os.path.abspath(sys.argv[2])
    fmt = os.path.basename(os.path.dirname(case))
    stem = os.path.splitext(case)[0]
    expect_exit = 2
    extra = []
    want = []
    extra_files = []
    name = os.path.basename(case)
    with open(stem + ".expect", encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("exit: "):
                expect_exit = int(line[6:])
            elif line.startswith("args: "):
                extra = line[6:].split(" ")
            elif line.startswith("as: "):
                name = line[4:]
            elif line.startswith("with: "):
                extra_files.append(line[6:])
            elif line:
                want.append(line)
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(case, os.path.join(work, name))
        for fx in extra_files:
            shutil.copy(os.path.join(fixtures, fx), os.path.join(work, fx))
        if fmt == "scenario":
            cmd = ["validate", name]
        elif fmt in ("inventory", "flows"):
            with open(os.path.join(fixtures, "scenario.yaml"), encoding="utf-8") as f:
                text = f.read()
            inv = name if fmt == "inventory" else "inventory.csv"
            flows = name if fmt == "flows" else "flows.csv"
            text = text.replace("@INVENTORY@", inv).replace("@FLOWS@", flows)
            with open(os.path.join(work, "scenario.yaml"), "w", encoding="utf-8") as f:
                f.write(text)
            for fx in ("inventory.csv", "flows.csv"):
                if not os.path.exists(os.path.join(work, fx)):
                    shutil.copy(os.path.join(fixtures, fx), os.path.join(work, fx))
            cmd = ["validate", "scenario.yaml"]
        elif fmt == "rvtools":
            cmd = ["import", "rvtools", name, "--agency", "A", "--site", "S", "-o", "out.csv"]
        elif fmt == "vbp":
            cmd = ["pack", name]
        elif fmt == "graph":
            cmd = ["partition", name, "2"]
        else:
            cmd = []
        if extra:
            if "{}" in extra:
                cmd = [name if a == "{}" else a for a in extra]
            else:
                cmd += extra
        before = set(os.listdir(work))
        env = dict(os.environ, LC_ALL="C")
        proc = subprocess.run([samlok] + cmd, cwd=work, capture_output=True, env=env, timeout=120)
        after = set(os.listdir(work))
        err = proc.stderr.decode("utf-8", "replace").splitlines()
        problems = []
        if proc.returncode != expect_exit:
            problems.append(f"exit status {proc.returncode}, expected {expect_exit}")
        for w in want:
            if w not in err:
                problems.append(f"missing message: {w}")
        if after - before:
            problems.append("files written: " + ", ".join(sorted(after - before)))
        if problems:
            print(f"FAIL {fmt}/{os.path.basename(case)}: samlok {' '.join(cmd)}")
            for p in problems:
                print("  " + p)
            print("stderr was:\n  " + "\n  ".join(err))
            return 1
    print(f"ok {fmt}/{os.path.basename(case)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
