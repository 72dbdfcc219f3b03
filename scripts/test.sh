#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs every test with ctest:
# unit tests, documents with known answers, invalid documents, the CLI, the
# differential tests against z3 and the Python package on build/; then the
# sanitizer build (scripts/setup-sanitize.sh): the unit tests, a short run of
# each fuzz target and the Python tests under AddressSanitizer and
# UndefinedBehaviorSanitizer on build-sanitize/ (docs/testing.md).
# Arguments go to both ctest runs (e.g. -R, -L, --repeat).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/setup.sh"
"$here/scripts/setup-sanitize.sh"
cd "$here"
status=0
ctest --test-dir build --output-on-failure -j2 "$@" || status=$?
ctest --test-dir build-sanitize --output-on-failure -j2 "$@" || status=$?
exit $status
