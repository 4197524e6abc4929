"""Builds the extension smrt._core with the project's CMake build (see pyproject.toml).

CMake configures the whole C++ project in build/pip (tests and benchmarks off),
builds the target smrt_python and writes the module where setuptools packs it.
SMRT_CMAKE_ARGS adds CMake options; SMRT_BUILD_JOBS sets the parallel jobs;
SMRT_PIP_BUILD_DIR moves the CMake folder.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import setuptools
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def stale_cmake_cache(build_dir, source_dir):
    """Why build_dir's CMakeCache.txt cannot be reused, or None: CMake refuses a cache written for
    another source or build folder (a copied or moved checkout brings its build/pip along)."""
    try:
        text = (Path(build_dir) / "CMakeCache.txt").read_text(errors="replace")
    except OSError:
        return None
    for key, expected in (("CMAKE_HOME_DIRECTORY", source_dir), ("CMAKE_CACHEFILE_DIR", build_dir)):
        found = re.search(r"^%s:INTERNAL=(.*)$" % key, text, re.M)
        if found and Path(found.group(1)).resolve() != Path(expected).resolve():
            return "it was configured with %s=%s" % (key, found.group(1))
    return None


def license_metadata():
    """BSD-3-Clause as the running setuptools writes it: PEP 639's license expression from 77 on (where
    pyproject's `license = {text = ...}` is deprecated), the License field before (Debian 12 has 66,
    which refuses the expression)."""
    major = int(setuptools.__version__.split(".")[0])
    return {"license_expression": "BSD-3-Clause"} if major >= 77 else {"license": "BSD-3-Clause"}


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        out_dir = Path(self.get_ext_fullpath(ext.name)).resolve().parent
        build_dir = Path(os.environ.get("SMRT_PIP_BUILD_DIR", ROOT / "build" / "pip"))
        stale = stale_cmake_cache(build_dir, ROOT)
        if stale:
            print("setup.py: removing %s and configuring it afresh: %s, not this checkout (%s)"
                  % (build_dir, stale, ROOT), file=sys.stderr)
            shutil.rmtree(build_dir)
        build_dir.mkdir(parents=True, exist_ok=True)
        args = [
            "-DCMAKE_BUILD_TYPE=Release",
            "-DSMRT_BUILD_TESTS=OFF",
            "-DSMRT_BUILD_PYTHON=ON",
            f"-DPython_EXECUTABLE={sys.executable}",
            f"-DSMRT_PYTHON_PACKAGE_DIR={out_dir}",
        ]
        try:  # pybind11 from PyPI (isolated builds); otherwise Debian's pybind11-dev is found by CMake
            import pybind11

            args.append(f"-Dpybind11_DIR={pybind11.get_cmake_dir()}")
        except ImportError:
            pass
        args += shlex.split(os.environ.get("SMRT_CMAKE_ARGS", ""))
        jobs = os.environ.get("SMRT_BUILD_JOBS", str(os.cpu_count() or 1))
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build_dir)] + args, check=True)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "smrt_python", "-j", jobs], check=True)
        built = list(out_dir.glob("_core*.so"))
        if not built:
            raise RuntimeError(f"the CMake build did not write smrt/_core*.so into {out_dir}")


if __name__ == "__main__":  # pip and `python setup.py` run it so; the tests import the helpers above
    setup(ext_modules=[CMakeExtension("smrt._core")], cmdclass={"build_ext": CMakeBuild}, **license_metadata())
