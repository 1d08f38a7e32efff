#!/usr/bin/env bash
# The one test command (README.md, .ci/run): installs what is missing, builds, and runs every test.
#  1. ASan+UBSan build: unit tests and fuzz regression runners (memory errors in parsers of untrusted input).
#  2. Release build: every test — unit, fuzz regression, layer check, functional (real hearthd processes
#     on 127.0.0.1). CTest's summary of this run is the last thing printed.
set -euo pipefail
cd "$(dirname "$0")/.."
contrib/install-deps.sh

echo "== asan build (unit + fuzz tests)"
contrib/build.sh asan
ctest --preset asan -L 'unit|fuzz' --no-tests=error --output-on-failure -Q || {
  ctest --preset asan -L 'unit|fuzz' --rerun-failed --output-on-failure
  exit 1
}
echo "asan: all unit and fuzz tests passed"

echo "== release build (all tests)"
contrib/build.sh release
# CTest prints "Total Test time" after its summary; repeat the summary so it is the last line.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
ctest --preset release --no-tests=error --no-label-summary 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1
exit "$status"
