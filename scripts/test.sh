#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs every test with ctest:
# unit tests, documents with known answers, invalid documents, the CLI, the
# differential tests against z3 and the Python package.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/setup.sh"
cd "$here"
ctest --test-dir build --output-on-failure -j2 "$@"
