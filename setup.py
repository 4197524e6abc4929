"""Builds the extension smrt._core with the project's CMake build (see pyproject.toml).

CMake configures the whole C++ project in build/pip (tests and benchmarks off),
builds the target smrt_python and writes the module where setuptools packs it.
SMRT_CMAKE_ARGS adds CMake options; SMRT_BUILD_JOBS sets the parallel jobs.
"""
import os
import shlex
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        out_dir = Path(self.get_ext_fullpath(ext.name)).resolve().parent
        build_dir = Path(os.environ.get("SMRT_PIP_BUILD_DIR", ROOT / "build" / "pip"))
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


setup(ext_modules=[CMakeExtension("smrt._core")], cmdclass={"build_ext": CMakeBuild})
