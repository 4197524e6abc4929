"""Builds the extension smrt._core with the project's CMake build (see pyproject.toml).

CMake configures the whole C++ project in build/pip (tests and benchmarks off),
builds the target smrt_python and writes the module where setuptools packs it,
then the command-line programs (smrt, and smrt-torch where LibTorch is built),
which install as scripts beside the environment's python (bin/smrt).
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
try:
    from setuptools.command.build_scripts import build_scripts
except ImportError:  # older setuptools (Debian 12: 66) have only distutils' own, which setuptools shims
    from distutils.command.build_scripts import build_scripts

ROOT = Path(__file__).resolve().parent
# The CLI's programs, in the order smrt needs them: smrt execs smrt-torch from its own folder, so both
# install together (smrt-torch exists only in a build with LibTorch).
CLI_PROGRAMS = ("smrt", "smrt-torch")


def cmake_build_dir():
    return Path(os.environ.get("SMRT_PIP_BUILD_DIR", ROOT / "build" / "pip"))


def built_cli_programs(build_dir):
    """The CLI programs the CMake build wrote into build_dir, as paths for setuptools' scripts."""
    found = [build_dir / name for name in CLI_PROGRAMS if (build_dir / name).is_file()]
    if not found or found[0].name != "smrt":
        raise RuntimeError(f"the CMake build did not write the smrt program into {build_dir}")
    return [str(path) for path in found]


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
        build_dir = cmake_build_dir()
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
        # The target smrt builds smrt-torch first where LibTorch is built (cmake/cli.cmake).
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "smrt_python", "smrt", "-j", jobs],
                       check=True)
        built = list(out_dir.glob("_core*.so"))
        if not built:
            raise RuntimeError(f"the CMake build did not write smrt/_core*.so into {out_dir}")
        built_cli_programs(build_dir)


class CliScripts(build_scripts):
    """Installs the CLI programs that build_ext built (they are outputs, not sources: an sdist leaves
    them out). They are copied as they are, executable bit kept: build_scripts' own copy reads a
    script's first line as text to rewrite a #! line, which a program is not."""

    def run(self):
        self.mkpath(self.build_dir)
        for program in built_cli_programs(cmake_build_dir()):
            self.copy_file(program, os.path.join(self.build_dir, os.path.basename(program)))

    def get_source_files(self):
        return []


if __name__ == "__main__":  # pip and `python setup.py` run it so; the tests import the helpers above
    # scripts names smrt only so that setuptools runs build_scripts; CliScripts lists what was built.
    setup(ext_modules=[CMakeExtension("smrt._core")], scripts=[str(cmake_build_dir() / "smrt")],
          cmdclass={"build_ext": CMakeBuild, "build_scripts": CliScripts}, **license_metadata())
