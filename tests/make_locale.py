#!/usr/bin/env python3
"""Builds a Swedish locale (decimal comma) into a folder for the unit tests.

  make_locale.py LOCALEDEF OUTDIR

The tests set LOCPATH=OUTDIR and switch LC_NUMERIC to sv_SE.UTF-8 to show
that no number samlok reads depends on the process locale. When the locale
cannot be built here (no locale sources), OUTDIR is left empty and those
tests say they were skipped.
"""
import os
import subprocess
import sys

localedef, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
target = os.path.join(out, "sv_SE.UTF-8")
proc = subprocess.run([localedef, "-i", "sv_SE", "-f", "UTF-8", target],
                      capture_output=True, text=True)
if not os.path.exists(os.path.join(target, "LC_NUMERIC")):
    print("sv_SE locale not built; locale tests will be skipped:", proc.stderr.strip())
sys.exit(0)
