#!/usr/bin/env python3
"""Lists test cases for meson at configure time.

  list_cases.py DIR            sub-folders of DIR (golden CLI cases)
  list_cases.py DIR --files    input files under DIR/<format>/ that have a
                               sibling .expect file (bad-input cases)
Paths are relative to DIR, sorted, one a line.
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, sys.argv[1])
if not os.path.isdir(root):
    sys.exit(0)
if len(sys.argv) > 2 and sys.argv[2] == "--files":
    out = []
    for fmt in sorted(os.listdir(root)):
        d = os.path.join(root, fmt)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            stem, ext = os.path.splitext(name)
            if ext != ".expect" and os.path.exists(os.path.join(d, stem + ".expect")):
                out.append(f"{fmt}/{name}")
    print("\n".join(out))
else:
    print("\n".join(sorted(n for n in os.listdir(root)
                           if os.path.isdir(os.path.join(root, n)))))
