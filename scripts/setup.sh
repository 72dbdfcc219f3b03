#!/usr/bin/env bash
# Installs the Debian 12 packages tally needs (idempotent: a no-op when they
# are present), then configures and builds the project into build/ and the
# Python package into .venv/. (clang, libclang-rt-14-dev and llvm's
# llvm-symbolizer are for the sanitizer build, scripts/setup-sanitize.sh.)
#
#   scripts/setup.sh            install packages, build C++ and the Python package
#   scripts/setup.sh --deps     install packages only
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev libboost-graph-dev libgmp-dev
  libfmt-dev catch2 nlohmann-json3-dev libsimdjson-dev libcli11-dev libmimalloc-dev
  pybind11-dev python3-pybind11 python3-dev python3-venv python3-pip
  python3-setuptools python3-wheel
  python3-pytest python3-pandas python3-matplotlib python3-dask python3-distributed
  python3-nbclient python3-nbformat python3-ipykernel
  python3-z3 libz3-dev libbenchmark-dev hyperfine
  clang libclang-rt-14-dev llvm
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ "${1:-}" = "--deps" ] && exit 0

cd "$here"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPython_EXECUTABLE=/usr/bin/python3
cmake --build build
if [ -x scripts/setup-python.sh ]; then
  scripts/setup-python.sh
fi
