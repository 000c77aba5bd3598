#!/bin/sh
# SPDX-License-Identifier: MIT
# A long soak of `samlok serve :demo` on the release build: CHANGES
# re-plans (default 5000), every 10th waited for, the resident memory
# sampled throughout and judged flat (tests/serve/soak.py; the test suite
# runs the same script with 800 changes).
#   bench/serve/soak.sh [build/cli/samlok] [CHANGES]
set -eu
cd "$(dirname "$0")/../.."
exec python3 tests/serve/soak.py "${1:-build/cli/samlok}" --changes "${2:-5000}" --wait 10 \
    --iterations 1000 --margin 0.05
