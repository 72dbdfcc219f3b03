"""Builds tally._core with CMake for `pip install .` (pybind11's cmake_example
pattern, without scikit-build): the top-level project is configured with only
the library and the module (no CLI, no tests, no install rules), in Release
without LTO, and the module is written straight into the wheel's package dir.

Environment: CMAKE_BUILD_PARALLEL_LEVEL (default 2) and TALLY_CMAKE_ARGS
(extra -D options, space-separated). The CMake build tree is kept under
build-python/ so that a second install only rebuilds what changed.
"""

import os
import pathlib
import re
import shlex
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


def version() -> str:
    text = (ROOT / "include" / "tally" / "version.hpp").read_text(encoding="utf-8")
    return re.search(r'version\s*=\s*"([^"]+)"', text).group(1)


class CMakeExtension(Extension):
    def __init__(self, name: str):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        output = pathlib.Path(self.get_ext_fullpath(ext.name)).resolve().parent
        build = ROOT / "build-python" / f"cmake-{sys.implementation.cache_tag}"
        build.mkdir(parents=True, exist_ok=True)
        configuration = "Debug" if self.debug else "Release"
        generator = ["-G", "Ninja"] if _have("ninja") and not (build / "Makefile").exists() else []
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build), *generator,
            f"-DCMAKE_BUILD_TYPE={configuration}",
            f"-DPython_EXECUTABLE={sys.executable}",
            "-DTALLY_BUILD_PYTHON=ON", "-DTALLY_BUILD_TESTS=OFF", "-DTALLY_BUILD_CLI=OFF",
            "-DTALLY_BUILD_BENCH=OFF", "-DTALLY_INSTALL=OFF",
            "-DCMAKE_INTERPROCEDURAL_OPTIMIZATION=OFF",
            f"-DTALLY_PYTHON_OUTPUT_DIR={output}",
            *shlex.split(os.environ.get("TALLY_CMAKE_ARGS", "")),
        ]
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", str(build), "--target", "_core", "--parallel", jobs], check=True)


def _have(program: str) -> bool:
    return any((pathlib.Path(p) / program).exists() for p in os.environ.get("PATH", "").split(os.pathsep) if p)


setup(
    version=version(),
    ext_modules=[CMakeExtension("tally._core")],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": "build-python/setuptools"}},
    zip_safe=False,
)
