#!/usr/bin/env bash
# Installs the Python package `tally` into .venv/ (offline, idempotent):
#   1. .venv made from Debian's /usr/bin/python3 with --system-site-packages,
#      so it sees python3-pandas, -matplotlib, -pytest, -nbclient, -ipykernel;
#   2. `pip install --no-build-isolation --no-index .`: setup.py builds
#      tally._core with CMake (library + module only, Release, no LTO) and
#      keeps its build tree in build-python/ so a re-run rebuilds only changes;
#   3. registers the venv's Jupyter kernel "tally" inside the venv
#      (use it with JUPYTER_PATH=.venv/share/jupyter).
# scripts/setup.sh runs this after building the C++ project.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
python=/usr/bin/python3
venv=.venv

if [ ! -x "$venv/bin/python" ] || ! grep -qs "include-system-site-packages = true" "$venv/pyvenv.cfg"; then
  echo "setup-python: creating $venv from $python (with the system's packages)"
  "$python" -m venv --clear --system-site-packages "$venv"
fi

echo "setup-python: building and installing tally into $venv"
start=$(date +%s)
CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} \
  "$venv/bin/python" -m pip install --no-build-isolation --no-index --disable-pip-version-check \
  --no-warn-script-location --quiet .
echo "setup-python: installed in $(( $(date +%s) - start )) s"

PYDEVD_DISABLE_FILE_VALIDATION=1 "$venv/bin/python" -m ipykernel install --sys-prefix --name tally --display-name "Python (tally)" > /dev/null
echo "setup-python: Jupyter kernel \"tally\" registered in $venv/share/jupyter"
