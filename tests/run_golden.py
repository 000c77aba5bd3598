#!/usr/bin/env python3
"""Runs one golden CLI case and compares what the user would see.

A case is a folder holding:
  args          the arguments, one per line (no shell quoting to get wrong)
  exit          the expected exit status
  stdout        the expected standard output   (optional: absent = not compared)
  stderr        the expected standard error    (optional)
  env           extra environment, NAME=VALUE a line (optional)
  expect/       files the run must produce, compared byte for byte (optional;
                may hold folders, for files written into a folder)
  any other files are inputs, copied with the case into a fresh folder.

The run happens in a temporary copy of the case folder. A run that exits
non-zero must not leave any new file behind (nothing half-written).

  run_golden.py SAMLOK CASE            compare
  run_golden.py SAMLOK CASE --update   rewrite the expectations (review the diff!)
"""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

SPECIAL = {"args", "exit", "stdout", "stderr", "env", "expect"}


def main():
    samlok = os.path.abspath(sys.argv[1])
    case = os.path.abspath(sys.argv[2])
    update = "--update" in sys.argv[3:]
    with open(os.path.join(case, "args"), encoding="utf-8") as f:
        args = [line.rstrip("\n") for line in f if line.rstrip("\n") != ""]
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env["LC_ALL"] = env.get("LC_ALL", "C")
    if os.path.exists(os.path.join(case, "env")):
        with open(os.path.join(case, "env"), encoding="utf-8") as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    env[k] = v
    with tempfile.TemporaryDirectory() as work:
        for name in os.listdir(case):
            if name in SPECIAL:
                continue
            src = os.path.join(case, name)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(work, name))
            else:
                shutil.copy(src, os.path.join(work, name))
        before = set(walk(work))
        proc = subprocess.run([samlok] + args, cwd=work, env=env, capture_output=True,
                              timeout=300)
        after = set(walk(work))
        new_files = sorted(after - before)
        failures = []
        if update:
            write(case, "exit", f"{proc.returncode}\n".encode())
            write(case, "stdout", proc.stdout)
            write(case, "stderr", proc.stderr)
            if os.path.isdir(os.path.join(case, "expect")):
                for rel in walk(os.path.join(case, "expect")):
                    shutil.copy(os.path.join(work, rel), os.path.join(case, "expect", rel))
            print(f"updated {case}")
            return 0
        expected_exit = int(read(case, "exit").decode().strip())
        if proc.returncode != expected_exit:
            failures.append(f"exit status {proc.returncode}, expected {expected_exit}")
        for stream, got in (("stdout", proc.stdout), ("stderr", proc.stderr)):
            if os.path.exists(os.path.join(case, stream)):
                want = read(case, stream)
                if got != want:
                    failures.append(f"{stream} differs:\n" + diff(want, got, stream))
        expect_dir = os.path.join(case, "expect")
        if os.path.isdir(expect_dir):
            for rel in sorted(walk(expect_dir)):
                path = os.path.join(work, rel)
                if not os.path.exists(path):
                    failures.append(f"{rel} was not written")
                    continue
                with open(path, "rb") as f:
                    got = f.read()
                want = read(expect_dir, rel)
                if got != want:
                    failures.append(f"{rel} differs:\n" + diff(want, got, rel))
        if proc.returncode != 0 and new_files:
            failures.append("a failed run left files behind: " + ", ".join(new_files))
        if failures:
            print(f"FAIL {os.path.basename(case)}: samlok {' '.join(args)}")
            for f in failures:
                print("  " + f)
            return 1
    print(f"ok {os.path.basename(case)}")
    return 0


def walk(top):
    for dirpath, _, files in os.walk(top):
        for f in files:
            yield os.path.relpath(os.path.join(dirpath, f), top)


def read(folder, name):
    with open(os.path.join(folder, name), "rb") as f:
        return f.read()


def write(folder, name, data):
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def diff(want, got, label):
    a = want.decode("utf-8", "replace").splitlines(keepends=True)
    b = got.decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(list(difflib.unified_diff(a, b, f"expected {label}", f"actual {label}"))[:80])


if __name__ == "__main__":
    sys.exit(main())
