#!/usr/bin/env python3
"""Fails the Nth allocation or the Nth write of `samlok demo --out`, for
every N or a spread sample of them, and checks each run.

  sweep.py SAMLOK alloc|write [--all | --sample K | --last K] [--jobs J] [--threads T]
           [--iterations I] [--seed S] [--only N,...] [--plan-json]

--plan-json sweeps `samlok plan :demo --json DIR/plan.json` instead: the
plan document streamed to its file (issue 18); --last K takes the last K
values of N (a plan's last allocations are its document's).

The full sweep, every N (long: about a second a run under the sanitizers):

  tests/failures/sweep.py build-allocfail/cli/samlok alloc --all

SAMLOK must be built with -Dalloc_fail=true (else the sweep is skipped,
exit 77): SAMLOK_ALLOC_FAIL=N fails the Nth sl_malloc/calloc/realloc,
SAMLOK_WRITE_FAIL=N the Nth write(2) of an output file with ENOSPC (a full
disk). Every run starts with the outputs of an earlier run (another seed)
in its --out folder, and must then

  - exit 1 saying "out of memory" (alloc) or "No space left on device"
    (write), or exit 0 having written everything (an allocation whose
    failure is absorbed, such as a diagnostic that is counted as lost);
  - leave every output file either as it was before or complete and
    byte-identical to a clean run's, and no temporary file;
  - report no leak or other sanitizer error (run it with ASan's
    detect_leaks=1, as tools/run test does).

The total is the clean run's count of allocations (SAMLOK_ALLOC_COUNT) or
writes (SAMLOK_WRITE_COUNT); N = total + 1 must run clean. Prints one line
per problem and a summary; exit 0 when every run was clean.
"""
import argparse
import concurrent.futures
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile


def demo_args(a, out):
    if a.plan_json:
        return ["plan", ":demo", "--iterations", str(a.iterations), "--threads", str(a.threads),
                "--seed", str(a.seed), "--json", os.path.join(out, "plan.json"), "--quiet"]
    return ["demo", "--iterations", str(a.iterations), "--threads", str(a.threads),
            "--seed", str(a.seed), "--out", out, "--quiet"]


def files_under(root):
    found = set()
    for dirpath, _, names in os.walk(root):
        for n in names:
            found.add(os.path.relpath(os.path.join(dirpath, n), root))
    return found


def run(a, work, env_extra, out="out"):
    env = dict(os.environ, LC_ALL="C", **env_extra)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    if a.plan_json:
        os.makedirs(os.path.join(work, out), exist_ok=True)
    p = subprocess.run([a.samlok] + demo_args(a, out), cwd=work, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def check(a, root, n):
    """Runs with the Nth allocation or write failing; returns (done, problem):
    done is True when the run no longer failed (N is past the total)."""
    work = tempfile.mkdtemp(dir=root)
    try:
        shutil.copytree(os.path.join(root, "prev"), os.path.join(work, "out"))
        var = "SAMLOK_ALLOC_FAIL" if a.mode == "alloc" else "SAMLOK_WRITE_FAIL"
        rc, err = run(a, work, {var: str(n)})
        want = "out of memory" if a.mode == "alloc" else "No space left on device"
        problems = []
        if "Sanitizer" in err or "runtime error" in err:
            problems.append("sanitizer: " + next(l for l in err.splitlines()
                                                 if "Sanitizer" in l or "runtime error" in l))
        elif rc == 1 and want not in err:
            problems.append(f"exit 1 without '{want}': {err.strip()[:200]!r}")
        elif rc not in (0, 1):
            problems.append(f"exit status {rc}: {err.strip()[:200]!r}")
        out, prev, ref = (os.path.join(work, "out"), os.path.join(root, "prev"),
                          os.path.join(root, "ref"))
        names = files_under(out)
        expected = files_under(ref)
        for extra in sorted(names - expected):
            problems.append(f"left behind: {extra}")
        for name in sorted(names & expected):
            f = os.path.join(out, name)
            is_new = filecmp.cmp(f, os.path.join(ref, name), shallow=False)
            if rc == 0 and not is_new:
                problems.append(f"exit 0 but {name} is not the new file")
            elif not is_new and not filecmp.cmp(f, os.path.join(prev, name), shallow=False):
                problems.append(f"{name} is neither the previous file nor the complete new one")
        for missing in sorted(expected - names):
            problems.append(f"missing: {missing}")
        return rc == 0, "; ".join(problems)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("samlok")
    ap.add_argument("mode", choices=["alloc", "write"])
    ap.add_argument("--all", action="store_true", help="every N up to the total")
    ap.add_argument("--sample", type=int, default=100, help="K values of N, spread evenly")
    ap.add_argument("--last", type=int, help="the last K values of N")
    ap.add_argument("--only", help="these N only, comma-separated (to re-check a finding)")
    ap.add_argument("--plan-json", action="store_true",
                    help="`samlok plan :demo --json` instead of `samlok demo --out`")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--iterations", type=int, default=50)
    ap.add_argument("--seed", type=int, default=2014)
    a = ap.parse_args()
    a.samlok = os.path.abspath(a.samlok)
    with tempfile.TemporaryDirectory(prefix="samlok-sweep-") as root:
        # the previous outputs (another seed) and the clean run's
        b = argparse.Namespace(**vars(a))
        b.seed = a.seed + 1
        rc, err = run(b, root, {}, "prev")
        count_file = os.path.join(root, "count")
        var = "SAMLOK_ALLOC_COUNT" if a.mode == "alloc" else "SAMLOK_WRITE_COUNT"
        # the counting run starts where every swept run starts, over the
        # previous outputs (a new folder is written another way: built
        # under a temporary name and renamed whole)
        if rc == 0:
            shutil.copytree(os.path.join(root, "prev"), os.path.join(root, "ref"))
        rc2, err2 = run(a, root, {var: count_file}, "ref")
        if rc or rc2:
            print(f"the clean runs failed: {err}{err2}")
            return 1
        if not os.path.exists(count_file):
            print("skipped: samlok is not built with -Dalloc_fail=true")
            return 77
        with open(count_file) as f:
            total = int(f.read())
        if a.only:
            ns = sorted(int(n) for n in a.only.split(","))
        elif a.last:
            ns = list(range(max(1, total - a.last + 1), total + 1))
        elif a.all or a.sample >= total:
            ns = list(range(1, total + 1))
        else:
            step = total / a.sample
            ns = sorted({1 + int(i * step) for i in range(a.sample)} | {total})
        # one past the total must run clean: the count is the whole run's
        ns.append(total + 1)
        bad = []
        completed = []
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as jobs:
            for i, (n, (done, problem)) in enumerate(
                    zip(ns, jobs.map(lambda n: check(a, root, n), ns)), 1):
                if problem:
                    bad.append((n, problem))
                    if a.all:
                        print(f"N={n}: {problem}", file=sys.stderr, flush=True)
                if done and n <= total:
                    completed.append(n)
                if not done and n > total:
                    bad.append((n, "a run past the total still failed"))
                if a.all and i % 500 == 0:
                    print(f"... {i} of {len(ns)} runs, {len(bad)} with problems",
                          file=sys.stderr, flush=True)
        for n, problem in bad[:30]:
            print(f"N={n}: {problem}")
        if len(bad) > 30:
            print(f"... and {len(bad) - 30} more")
        what = "allocations" if a.mode == "alloc" else "writes of output files"
        kind = ("chosen N" if a.only else f"the last {a.last}" if a.last
                else "every N" if len(ns) > total else "a sample")
        print(f"{a.mode} sweep of `samlok {' '.join(demo_args(a, 'DIR'))}`: {total} {what} "
              f"in the clean run; {len(ns)} runs ({kind}"
              f" and N = total + 1), {len(completed)} completed anyway, {len(bad)} with problems")
        return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
