#!/usr/bin/env python3
"""samlok never damages the machine it runs on: one mode per kind of harm,
each run through the binary in a temporary folder.

  check_safety.py SAMLOK MODE      exit 0 passed, 1 failed, 77 skipped (why on stdout)
  check_safety.py --list           the modes, one a line (meson reads them)

Device nodes are made with mknod inside the temporary folder (a copy of
/dev/null is major 1 minor 3, /dev/full 1:7, /dev/mem 1:1): only as root,
and only where the folder's file system allows devices; otherwise the
mode says so and is skipped. No mode writes to a node under /dev.
"""
import errno
import glob
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SMALL = os.path.join(HERE, "..", "data", "small")
ENV = dict(os.environ, LC_ALL="C")
ENV.pop("NO_COLOR", None)


class Skip(Exception):
    pass


class Failures(list):
    def check(self, ok, what):
        if not ok:
            self.append(what)


def run(samlok, args, cwd, expect=None, fails=None, timeout=300, **kw):
    p = subprocess.run([samlok] + args, cwd=cwd, env=ENV, capture_output=True, timeout=timeout,
                       **kw)
    if expect is not None and fails is not None:
        fails.check(p.returncode == expect,
                    f"samlok {' '.join(args)}: exit {p.returncode}, expected {expect}; "
                    f"stderr {p.stderr.decode('utf-8', 'replace')[:400]!r}")
    return p


def small(work):
    for name in os.listdir(SMALL):
        shutil.copy(os.path.join(SMALL, name), work)


def plan_json(samlok, work, fails):
    small(work)
    run(samlok, ["plan", "scenario.yaml", "-q", "--iterations", "40", "--json", "plan.json"],
        work, 0, fails)


def temporaries(folder):
    return [n for n in os.listdir(folder) if n.startswith(".") and n.endswith(".tmp")]


def mknod_ok(work):
    if os.geteuid() != 0:
        raise Skip("not root: device nodes are made with mknod, which needs root")
    probe = os.path.join(work, "probe")
    try:
        os.mknod(probe, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
        fd = os.open(probe, os.O_WRONLY)
        os.close(fd)
    except OSError as e:
        raise Skip(f"a device node in the temporary folder does not work ({e}; nodev?)")
    finally:
        if os.path.lexists(probe):
            os.unlink(probe)


def node(work, name, minor):
    path = os.path.join(work, name)
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return path


def is_char_device(path, minor):
    st = os.lstat(path)
    return stat.S_ISCHR(st.st_mode) and os.major(st.st_rdev) == 1 and os.minor(st.st_rdev) == minor


# ---- the modes ------------------------------------------------------------------


def mode_devices(samlok, work, fails):
    """A device named as an output is written in place, never replaced: a
    copy of /dev/null takes the plan and stays a device; a copy of /dev/full
    fails the run naming the path; a copy of /dev/mem is refused."""
    mknod_ok(work)
    plan_json(samlok, work, fails)
    null, full, mem = node(work, "null", 3), node(work, "full", 7), node(work, "mem", 1)
    for opt in (["--json", "null"], ["--html", "null"], ["--xlsx", "null"], ["--json", "null",
                                                                              "--html", "null"]):
        run(samlok, ["report", "plan.json"] + opt, work, 0, fails)
        fails.check(is_char_device(null, 3), f"report {opt}: the null device was replaced")
    run(samlok, ["plan", "scenario.yaml", "-q", "--iterations", "20", "--json", "null"], work, 0,
        fails)
    fails.check(is_char_device(null, 3), "plan --json null replaced the device")
    p = run(samlok, ["report", "plan.json", "--html", "full"], work, 1, fails)
    fails.check(b"full: write failed: No space left on device" in p.stderr,
                f"--html full: {p.stderr!r}")
    fails.check(is_char_device(full, 7), "the full device was replaced")
    # the full device fails the run: the other output is not committed
    p = run(samlok, ["report", "plan.json", "--html", "r.html", "--json", "full"], work, 1, fails)
    fails.check(not os.path.exists(os.path.join(work, "r.html")),
                "r.html was written although the run failed")
    p = run(samlok, ["report", "plan.json", "--json", "mem"], work, 1, fails)
    fails.check(b"mem: cannot write: a character device other than a terminal or a null, zero "
                b"or full device (1:1); refused" in p.stderr, f"--json mem: {p.stderr!r}")
    fails.check(is_char_device(mem, 1), "the mem device was replaced")
    fails.check(not temporaries(work), f"temporaries left: {temporaries(work)}")


def mode_streams(samlok, work, fails):
    """A FIFO and standard output are written in place as streams; a
    symbolic link is followed to its file and stays a link; a link to
    nothing, a folder and a socket are refused."""
    plan_json(samlok, work, fails)
    fifo = os.path.join(work, "fifo")
    os.mkfifo(fifo)
    got = {}

    def reader():
        with open(fifo, "rb") as f:
            got["data"] = f.read()
    t = threading.Thread(target=reader)
    t.start()
    run(samlok, ["report", "plan.json", "--json", "fifo"], work, 0, fails)
    t.join(60)
    fails.check(got.get("data", b"").startswith(b"{"), "the FIFO did not get the plan")
    fails.check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced")
    p = run(samlok, ["report", "plan.json", "--json", "/dev/stdout"], work, 0, fails)
    fails.check(p.stdout.startswith(b"{") and b"wrote" not in p.stdout,
                "--json /dev/stdout did not write the plan to standard output")
    # a link to a file: the file gets the output, the link stays
    with open(os.path.join(work, "real.html"), "w") as f:
        f.write("old")
    os.symlink("real.html", os.path.join(work, "link.html"))
    run(samlok, ["report", "plan.json", "--html", "link.html"], work, 0, fails)
    fails.check(os.path.islink(os.path.join(work, "link.html")), "the link was replaced")
    with open(os.path.join(work, "real.html")) as f:
        fails.check(f.read().startswith("<!DOCTYPE html>"), "the link's target was not written")
    os.symlink("nowhere.html", os.path.join(work, "dangling.html"))
    p = run(samlok, ["report", "plan.json", "--html", "dangling.html"], work, 1, fails)
    fails.check(not os.path.exists(os.path.join(work, "nowhere.html")),
                "a link to nothing created its target")
    os.mkdir(os.path.join(work, "folder.html"))
    p = run(samlok, ["report", "plan.json", "--html", "folder.html"], work, 1, fails)
    fails.check(b"folder.html: cannot write: it is a folder; refused" in p.stderr,
                f"--html folder: {p.stderr!r}")
    fails.check(not temporaries(work), f"temporaries left: {temporaries(work)}")


def mode_planted(samlok, work, fails):
    """A symbolic link planted where the temporary file used to go
    (OUT.tmp.PID, for the next 3,000 process ids) redirects nothing; the
    output keeps its permission bits."""
    plan_json(samlok, work, fails)
    victim = os.path.join(work, "victim")
    with open(victim, "w") as f:
        f.write("precious")
    out = os.path.join(work, "out.json")
    with open(out, "w") as f:
        f.write("old")
    os.chmod(out, 0o600)
    probe = subprocess.Popen(["true"])
    probe.wait()
    for pid in range(probe.pid, probe.pid + 3000):
        os.symlink(victim, f"{out}.tmp.{pid}")
    run(samlok, ["report", "plan.json", "--json", "out.json"], work, 0, fails)
    with open(victim) as f:
        fails.check(f.read() == "precious", "the planted link redirected the write")
    fails.check(stat.S_IMODE(os.stat(out).st_mode) == 0o600,
                f"out.json is {oct(stat.S_IMODE(os.stat(out).st_mode))}, was 0600")
    with open(out) as f:
        fails.check(f.read().startswith("{"), "out.json was not written")


def mode_signals(samlok, work, fails):
    """SIGINT and SIGTERM remove the temporaries of an interrupted run: the
    HTML is rendered to its temporary file, the commit waits for a reader
    of the FIFO, and the signal comes then."""
    plan_json(samlok, work, fails)
    os.mkfifo(os.path.join(work, "fifo"))
    with open(os.path.join(work, "keep.html"), "w") as f:
        f.write("old")
    for sig in (signal.SIGTERM, signal.SIGINT):
        p = subprocess.Popen([samlok, "report", "plan.json", "--html", "keep.html", "--csv",
                              "tables", "--json", "fifo"], cwd=work, env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.time() + 60
        while time.time() < deadline and len(temporaries(work)) < 2:
            time.sleep(0.05)
        fails.check(len(temporaries(work)) == 2,
                    f"{sig.name}: no temporaries seen while the run waits: {os.listdir(work)}")
        p.send_signal(sig)
        p.wait(60)
        fails.check(p.returncode == -sig, f"{sig.name}: exit {p.returncode}, expected {-sig}")
        fails.check(not temporaries(work), f"{sig.name}: temporaries left: {temporaries(work)}")
        fails.check(not os.path.exists(os.path.join(work, "tables")),
                    f"{sig.name}: the CSV folder was committed")
        with open(os.path.join(work, "keep.html")) as f:
            fails.check(f.read() == "old", f"{sig.name}: keep.html changed")


def mode_stdout(samlok, work, fails):
    """A failed write to standard output fails the run and says so: a
    closed pipe for `--json -` (EPIPE), and a copy of /dev/full as standard
    output for every command that prints (as root)."""
    plan_json(samlok, work, fails)
    r, w = os.pipe()
    os.close(r)
    p = subprocess.run([samlok, "report", "plan.json", "--json", "-"], cwd=work, env=ENV,
                       stdout=w, stderr=subprocess.PIPE, timeout=120)
    os.close(w)
    fails.check(p.returncode == 1, f"--json - into a closed pipe: exit {p.returncode}")
    fails.check(b"standard output: write failed: Broken pipe" in p.stderr,
                f"--json - into a closed pipe: {p.stderr!r}")
    try:
        mknod_ok(work)
    except Skip as e:
        print(f"skipped the full-device half: {e}")
        return
    full = node(work, "full", 7)
    for args in (["validate", "scenario.yaml"], ["demo", "-q", "--iterations", "20"],
                 ["plan", "scenario.yaml", "-q", "--iterations", "20"],
                 ["plan", "scenario.yaml", "-q", "--iterations", "20", "--json", "-"],
                 ["report", "plan.json", "--html", "-"], ["--help"]):
        with open(full, "wb") as out:
            p = subprocess.run([samlok] + args, cwd=work, env=ENV, stdout=out,
                               stderr=subprocess.PIPE, timeout=300)
        fails.check(p.returncode == 1, f"{' '.join(args)} > full: exit {p.returncode}")
        fails.check(b"standard output: write failed: No space left on device" in p.stderr,
                    f"{' '.join(args)} > full: {p.stderr!r}")


def mode_together(samlok, work, fails):
    """The outputs of one run are committed together or not at all, and an
    output that is an input of the run is refused."""
    plan_json(samlok, work, fails)
    with open(os.path.join(work, "keep.html"), "w") as f:
        f.write("old")
    before = sorted(os.listdir(work))
    run(samlok, ["report", "plan.json", "--html", "keep.html", "--csv", "new-tables", "--xlsx",
                 "missing/dir/x.xlsx"], work, 1, fails)
    fails.check(sorted(os.listdir(work)) == before,
                f"a failed run left {set(os.listdir(work)) - set(before)}")
    with open(os.path.join(work, "keep.html")) as f:
        fails.check(f.read() == "old", "keep.html changed although the run failed")
    # the CSV folder is not a folder: nothing is written either
    with open(os.path.join(work, "afile"), "w") as f:
        f.write("x")
    run(samlok, ["report", "plan.json", "--html", "keep.html", "--csv", "afile"], work, 1, fails)
    with open(os.path.join(work, "keep.html")) as f:
        fails.check(f.read() == "old", "keep.html changed although --csv failed")
    # an input as an output
    with open(os.path.join(work, "plan.json"), "rb") as f:
        plan = f.read()
    for args in (["report", "plan.json", "--json", "plan.json"],
                 ["report", "plan.json", "--html", "./plan.json"],
                 ["plan", "scenario.yaml", "-q", "--iterations", "20", "--json", "inventory.csv"],
                 ["plan", "scenario.yaml", "-q", "--iterations", "20", "--json", "scenario.yaml"],
                 ["report", "plan.json", "--json", "a.json", "--html", "a.json"]):
        p = run(samlok, args, work, 2, fails)
        fails.check(b"refused:" in p.stderr, f"{' '.join(args)}: {p.stderr!r}")
    with open(os.path.join(work, "plan.json"), "rb") as f:
        fails.check(f.read() == plan, "plan.json changed")
    fails.check(not os.path.exists(os.path.join(work, "a.json")), "a.json written")
    with open(os.path.join(SMALL, "inventory.csv"), "rb") as a, \
            open(os.path.join(work, "inventory.csv"), "rb") as b:
        fails.check(a.read() == b.read(), "inventory.csv changed")
    # import: the output is the export itself
    p = run(samlok, ["import", "rvtools", "vinfo.csv", "--agency", "A", "--site", "S", "-o",
                     "vinfo.csv"], work, 2, fails)
    fails.check(not temporaries(work), f"temporaries left: {temporaries(work)}")


def mode_inputs(samlok, work, fails):
    """An input that is not a regular file is refused before it is read: a
    FIFO would hang the run, /dev/zero would never end."""
    small(work)
    os.mkfifo(os.path.join(work, "fifo.csv"))
    with open(os.path.join(work, "scenario.yaml")) as f:
        text = f.read()
    with open(os.path.join(work, "fifo.yaml"), "w") as f:
        f.write(text.replace("inventory: [inventory.csv,", "inventory: [fifo.csv,"))
    p = run(samlok, ["validate", "fifo.yaml"], work, 2, fails, timeout=60)
    fails.check(b"fifo.csv: is a FIFO (named pipe), not a regular file" in p.stderr,
                f"a FIFO inventory: {p.stderr!r}")
    p = run(samlok, ["validate", "fifo.csv"], work, 2, fails, timeout=60)
    p = run(samlok, ["report", "fifo.csv", "--html", "x.html"], work, 2, fails, timeout=60)
    zero = "/dev/zero"  # read, never written
    with open(os.path.join(work, "zero.yaml"), "w") as f:
        f.write(text.replace("inventory: [inventory.csv,", f"inventory: [{zero},"))
    start = time.time()
    p = run(samlok, ["validate", "zero.yaml"], work, 2, fails, timeout=60)
    fails.check(b"/dev/zero: is a character device, not a regular file" in p.stderr,
                f"/dev/zero as an inventory: {p.stderr!r}")
    fails.check(time.time() - start < 30, "/dev/zero took long: was it read?")
    p = run(samlok, ["pack", "fifo.csv"], work, 2, fails, timeout=60)


def mode_terminal(samlok, work, fails):
    """Control characters from the input reach the terminal only escaped:
    ESC, BEL, backspace and C1 in cells, names and file names, in error
    messages and in summaries."""
    small(work)
    bad = "evil\x1b[31m\x07\x08\u009b2J"
    with open(os.path.join(work, "flows.csv"), "a", encoding="utf-8") as f:
        f.write(f"{bad},web01,5\n")
    with open(os.path.join(work, "inventory.csv"), "a", encoding="utf-8") as f:
        f.write(f"{bad},A,S,app,prod,2,1,4\n{bad},A,S,app,prod,2,1,4\n")  # a duplicate id
    name = "inv\x1b]0;title\x07.csv"
    shutil.copy(os.path.join(work, "inventory.csv"), os.path.join(work, name))
    with open(os.path.join(work, "scenario.yaml")) as f:
        text = f.read()
    with open(os.path.join(work, "esc.yaml"), "w") as f:
        f.write(text.replace("inventory: [inventory.csv,", f"inventory: [\"inv\\e]0;title\\a.csv\","))
    outputs = []
    p = run(samlok, ["validate", "esc.yaml"], work, 2, fails)
    outputs.append(p.stdout + p.stderr)
    fails.check(b"inv\\x1b]0;title\\x07.csv" in p.stderr, f"file name not escaped: {p.stderr!r}")
    fails.check(b"evil\\x1b[31m\\x07\\x08\\u009b2J" in p.stderr, f"cell not escaped: {p.stderr!r}")
    # the summary names an unmatched flow endpoint
    with open(os.path.join(SMALL, "inventory.csv")) as src, \
            open(os.path.join(work, "inventory.csv"), "w") as dst:
        dst.write(src.read())
    p = run(samlok, ["validate", "scenario.yaml"], work, 0, fails)
    outputs.append(p.stdout + p.stderr)
    p = run(samlok, ["plan", "scenario.yaml", "--set", "name=\"x\\e[2Jy\"", "-q",
                     "--iterations", "20"], work, 0, fails)
    outputs.append(p.stdout + p.stderr)
    fails.check(b"x\\x1b[2Jy" in p.stdout, f"scenario name not escaped: {p.stdout[:200]!r}")
    p = run(samlok, ["plan", "scenario\x1b[1m.yaml", "-q"], work, 2, fails)
    outputs.append(p.stdout + p.stderr)
    p = run(samlok, ["plan", "scenario.yaml", "--no-such\x07"], work, 2, fails)
    outputs.append(p.stdout + p.stderr)
    p = run(samlok, ["evil\x1b[31m"], work, 2, fails)
    outputs.append(p.stdout + p.stderr)
    for out in outputs:
        for c in (b"\x1b", b"\x07", b"\x08", "\u009b".encode()):
            fails.check(c not in out, f"raw {c!r} reached the terminal: {out[:300]!r}")


def mode_outside(samlok, work, fails):
    """Files from outside the scenario's folder are read, and validate
    names them: a path through '..', an absolute path, a symbolic link
    leaving the folder."""
    scen = os.path.join(work, "a", "scenario")
    shared = os.path.join(work, "shared")
    os.makedirs(scen)
    os.makedirs(shared)
    small(scen)
    shutil.move(os.path.join(scen, "inventory.csv"), os.path.join(shared, "inventory.csv"))
    shutil.move(os.path.join(scen, "flows.csv"), os.path.join(shared, "flows.csv"))
    os.symlink(os.path.join(shared, "flows.csv"), os.path.join(scen, "flows.csv"))
    with open(os.path.join(scen, "scenario.yaml")) as f:
        text = f.read()
    text = text.replace("inventory: [inventory.csv,", "inventory: [../../shared/inventory.csv,")
    text = text.replace("{rvtools: vinfo.csv,", "{rvtools: " + os.path.join(scen, "vinfo.csv") + ",")
    with open(os.path.join(scen, "scenario.yaml"), "w") as f:
        f.write(text)
    p = run(samlok, ["validate", "scenario.yaml"], scen, 0, fails)
    out = p.stdout.decode()
    fails.check("outside    2 files read from outside the scenario's folder:" in out,
                f"validate does not say so: {out!r}")
    fails.check("  ../../shared/inventory.csv" in out and "  flows.csv" in out,
                f"the files are not named: {out!r}")
    fails.check("vinfo.csv" not in out.split("outside")[-1],
                "an absolute path inside the folder was named as outside")


def mode_yaml_keys(samlok, work, fails):
    """A mapping of 300,000 keys is read in seconds (libfyaml's own check
    for duplicate keys took over five minutes for 40,000), and a
    duplicate among them is still found."""
    small(work)
    with open(os.path.join(work, "scenario.yaml")) as f:
        text = f.read()
    keys = "".join(f"  k{i}: 1\n" for i in range(300000)) + "  k17: 2\n"
    with open(os.path.join(work, "keys.yaml"), "w") as f:
        f.write(text + "pools:\n" + keys)
    start = time.time()
    p = run(samlok, ["validate", "keys.yaml"], work, 2, fails, timeout=120)
    fails.check(time.time() - start < 60, f"took {time.time() - start:.0f} s")
    line = text.count("\n") + 1 + 300000 + 1  # after "pools:" and its 300,000 keys
    fails.check(f"keys.yaml:{line}:3: YAML: duplicate key".encode() in p.stderr,
                f"the duplicate is not found: {p.stderr[-300:]!r}")


MODES = {name[5:].replace("_", "-"): fn for name, fn in globals().items()
         if name.startswith("mode_")}


def main():
    if sys.argv[1:] == ["--list"]:
        print("\n".join(MODES))
        return 0
    samlok, mode = os.path.abspath(sys.argv[1]), sys.argv[2]
    fails = Failures()
    with tempfile.TemporaryDirectory(prefix="samlok-safety-") as work:
        try:
            MODES[mode](samlok, work, fails)
        except Skip as e:
            print(f"skipped safety/{mode}: {e}")
            return 77
    if fails:
        print(f"FAIL safety/{mode}: {len(fails)} problems")
        for f in fails[:40]:
            print("  " + f)
        return 1
    print(f"ok safety/{mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
