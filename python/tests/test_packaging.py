"""What `pip install .` packs and what an install meets: every subpackage, an sdist that builds,
the license, setup.py's CMake folder, and the messages of a build or system that lacks something
(no LibTorch, a missing system library, no dask). Fast: no compile, subprocesses for the imports."""
import os
import runpy
import shutil
import subprocess
import sys
import tarfile
import warnings

import numpy as np
import pytest

import smrt
import smrt.generative
from conftest import ROOT, make, run_python

PACKAGE = ROOT / "python" / "smrt"


def test_every_subpackage_is_packaged():
    config = pytest.importorskip("setuptools.config.pyprojecttoml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # setuptools 66 calls [tool.setuptools] beta
        # ignore_option_errors: the license is dynamic (setup.py sets it); a failed `find` stays a dict
        declared = config.read_configuration(ROOT / "pyproject.toml", expand=True, ignore_option_errors=True)[
            "tool"]["setuptools"]["packages"]
    on_disk = {".".join(d.relative_to(PACKAGE.parent).parts) for d in [PACKAGE, *PACKAGE.rglob("*")]
               if (d / "__init__.py").is_file()}
    assert "smrt.dask" in on_disk
    assert on_disk <= set(declared), "pyproject.toml leaves out %s" % sorted(on_disk - set(declared))


def _large_or_built(folder, names):
    """What the checkout's copy leaves out: the sdist never takes it, and it is large (build trees, data)."""
    top = folder == str(ROOT)
    return [n for n in names if (top and (n in (".git", "data", "report", "dist") or n.startswith("build")))
            or n == "__pycache__" or n.endswith((".so", ".egg-info"))]


@pytest.fixture(scope="module")
def sdist(tmp_path_factory):
    """The sdist of a copy of this checkout (sdist writes its egg-info and release tree into the source)."""
    pytest.importorskip("setuptools")
    source = tmp_path_factory.mktemp("checkout") / "smrt"
    shutil.copytree(ROOT, source, ignore=_large_or_built)
    out = source.parent / "dist"
    done = subprocess.run([sys.executable, "setup.py", "-q", "sdist", "-d", str(out)], cwd=source,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    archive, = out.glob("smrt-*.tar.gz")
    with tarfile.open(archive) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
        pkg_info = tar.extractfile(tar.getmember(archive.name[:-len(".tar.gz")] + "/PKG-INFO")).read().decode()
    return names, pkg_info


def test_sdist_holds_what_the_cmake_build_reads(sdist):
    names, _ = sdist
    for needed in ("CMakeLists.txt", "setup.py", "pyproject.toml", "LICENSE", "cmake/api.cmake",
                   "cmake/smrtConfig.cmake.in", "include/smrt/smrt.h", "src/api/methods.cpp", "tools/smrt/main.cpp",
                   "python/CMakeLists.txt", "python/src/module.cpp", "python/smrt/__init__.py",
                   "python/smrt/dask/__init__.py"):
        assert needed in names, "the sdist lacks %s" % needed
    assert not any(name.startswith(("tests/", "bench/", "data/", "build/")) for name in names)


def test_license_is_declared_and_shipped(sdist):
    _, pkg_info = sdist
    assert "BSD-3-Clause" in pkg_info  # License: (setuptools < 77) or License-Expression:
    assert "License-File: LICENSE" in pkg_info
    assert (ROOT / "LICENSE").read_text().startswith("BSD 3-Clause License")


def test_setup_py_restarts_a_cmake_folder_made_for_another_checkout(tmp_path):
    stale_cmake_cache = runpy.run_path(str(ROOT / "setup.py"), run_name="smrt_setup")["stale_cmake_cache"]
    build = tmp_path / "build" / "pip"
    assert stale_cmake_cache(build, ROOT) is None  # no folder yet
    build.mkdir(parents=True)
    cache = "CMAKE_HOME_DIRECTORY:INTERNAL=%s\nCMAKE_CACHEFILE_DIR:INTERNAL=%s\n"
    (build / "CMakeCache.txt").write_text(cache % (ROOT, build))
    assert stale_cmake_cache(build, ROOT) is None
    (build / "CMakeCache.txt").write_text(cache % ("/elsewhere/smrt", "/elsewhere/smrt/build/pip"))
    assert "CMAKE_HOME_DIRECTORY=/elsewhere/smrt" in stale_cmake_cache(build, ROOT)
    (build / "CMakeCache.txt").write_text(cache % (ROOT, "/elsewhere/smrt/build/pip"))  # the folder moved
    assert "CMAKE_CACHEFILE_DIR=/elsewhere/smrt/build/pip" in stale_cmake_cache(build, ROOT)



def test_the_cli_programs_install_as_scripts(tmp_path, monkeypatch):
    """pip installs bin/smrt (and smrt-torch, which smrt execs from its own folder) from the CMake build."""
    setup = runpy.run_path(str(ROOT / "setup.py"), run_name="smrt_setup")
    monkeypatch.setenv("SMRT_PIP_BUILD_DIR", str(tmp_path))
    with pytest.raises(RuntimeError, match="did not write the smrt program into"):
        setup["built_cli_programs"](setup["cmake_build_dir"]())
    (tmp_path / "smrt-torch").write_bytes(b"\x7fELF")
    with pytest.raises(RuntimeError, match="did not write the smrt program"):  # smrt-torch alone is no CLI
        setup["built_cli_programs"](tmp_path)
    (tmp_path / "smrt").write_bytes(b"\x7fELF")
    assert setup["built_cli_programs"](tmp_path) == [str(tmp_path / "smrt"), str(tmp_path / "smrt-torch")]
    (tmp_path / "smrt-torch").unlink()  # a build without LibTorch: smrt has every command itself
    assert setup["built_cli_programs"](tmp_path) == [str(tmp_path / "smrt")]
    # setuptools' build_scripts runs the subclass, which lists no sources (an sdist must not look for them)
    scripts = setup["CliScripts"]
    assert scripts.__mro__[1].__name__ == "build_scripts"
    assert scripts.get_source_files(None) == []


def test_the_sdist_leaves_the_built_programs_out(sdist):
    names, _ = sdist
    programs = [name for name in names if name.rsplit("/", 1)[-1] in ("smrt", "smrt-torch")]
    folders = [name for name in programs if any(other.startswith(name + "/") for other in names)]
    assert programs == folders and "python/smrt" in folders  # python/smrt, tools/smrt, include/smrt only

# smrt._core fails to load with the loader's own error (before numpy: import smrt stops there).
_BLOCK_CORE = """
import importlib.abc, importlib.machinery, sys

class Failing(importlib.abc.Loader):
    def create_module(self, spec):
        raise {error}
    def exec_module(self, module):
        pass

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "smrt._core":
            return importlib.machinery.ModuleSpec(name, Failing())

sys.meta_path.insert(0, Block())
try:
    import smrt
except ImportError as error:
    print(error)
    print("cause:", type(error.__cause__).__name__, error.__cause__)
"""


def test_a_missing_system_library_is_named_with_its_package():
    loader = "libtorch_cpu.so.1.13: cannot open shared object file: No such file or directory"
    done = run_python(_BLOCK_CORE.format(error="ImportError(%r)" % loader))
    message, cause = done.stdout.splitlines()
    assert "smrt._core cannot load libtorch_cpu.so.1.13 (Debian 12: apt-get install libtorch1.13)" in message
    assert "liblinear4" in message and "libsvm3" in message and "build smrt on this machine" in message
    assert cause == "cause: ImportError " + loader


def test_an_unbuilt_extension_says_how_to_build_it(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "smrt", ignore=shutil.ignore_patterns("_core*", "__pycache__"))
    done = run_python("""
        try:
            import smrt
        except ImportError as error:
            print(error)
        """, PYTHONPATH=str(tmp_path))
    assert "smrt's C++ extension is not built for this Python (no _core.cpython-" in done.stdout, done.stderr
    assert "make build" in done.stdout and "pip install ." in done.stdout


def test_smrt_dask_without_dask_says_what_to_install():
    done = run_python("""
        import sys
        sys.modules["dask"] = None  # as if dask were not installed
        import smrt
        try:
            import smrt.dask
        except ImportError as error:
            print(error)
        """)
    assert "smrt.dask needs dask" in done.stdout and "distributed" in done.stdout, done.stderr
    assert "pip install 'smrt[dask]'" in done.stdout and "python3-dask python3-distributed" in done.stdout


def test_a_build_without_libtorch_imports_and_its_neural_classes_say_why_they_fail():
    # The extension as a SMRT_WITH_TORCH=OFF build has it: no generative methods, and the core's
    # message from autoencoder_params.
    done = run_python("""
        import importlib.machinery, importlib.util, os, pathlib, sys, types
        so = next(pathlib.Path(os.environ["PYTHONPATH"], "smrt").glob("_core*.so"))
        spec = importlib.util.spec_from_file_location(
            "smrt._core", so, loader=importlib.machinery.ExtensionFileLoader("smrt._core", str(so)))
        real = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(real)
        core = types.ModuleType("smrt._core")
        core.__dict__.update({k: v for k, v in vars(real).items() if not k.startswith("__")})
        core.__version__ = real.__version__

        def autoencoder_params(kind):
            raise real.SmrtError("this smrt was built without LibTorch (SMRT_WITH_TORCH=OFF): no generative models")

        core.autoencoder_params = autoencoder_params
        core.has_generative = lambda: False
        core.methods = lambda: [m for m in real.methods() if m["family"] != "generative"]
        sys.modules["smrt._core"] = core

        import numpy as np
        import smrt
        import smrt.dask
        from smrt.autoencode import AutoEncoder, VariationalAutoEncoder
        from smrt.balance import smrt_balance
        from smrt.generative import ConditionalGAN, DeepSMOTE, SMate, SMRT
        from smrt.over_sampling import SMOTE

        X = np.random.RandomState(0).rand(40, 3)
        y = np.r_[np.zeros(30), np.ones(10)]
        print("SMOTE", np.bincount(SMOTE(random_state=0).fit_resample(X, y)[1].astype(int)).tolist())
        print("methods", sorted({m["family"] for m in smrt.methods()}))
        for make in (AutoEncoder, VariationalAutoEncoder, SMRT, ConditionalGAN, SMate, DeepSMOTE, smrt.dask.SMRT,
                     lambda: smrt_balance(X, y)):
            try:
                make()
            except smrt.SmrtError as error:
                print("error", error)
        try:
            VariationalAutoEncoder.load("model.smrt")
        except AttributeError as error:
            print("error", error)
        """)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "SMOTE [30, 30]"
    assert "generative" not in lines[1]
    errors = lines[2:]
    assert len(errors) == 9 and all(e.endswith("built without LibTorch (SMRT_WITH_TORCH=OFF): no generative models")
                                    for e in errors)
    assert [e.split(":")[0] for e in errors] == ["error AutoEncoder", "error VariationalAutoEncoder", "error SMRT",
                                                 "error ConditionalGAN", "error SMate", "error DeepSMOTE",
                                                 "error SMRT", "error SMRT", "error VariationalAutoEncoder.load"]


def test_the_stand_ins_list_every_generative_method():
    from smrt._estimator import class_name_of, methods_of

    if not smrt._core.has_generative():
        pytest.skip("built without LibTorch")
    assert set(smrt.generative._TORCH_SAMPLERS) == {class_name_of(m) for m in methods_of(("generative",))}


def test_the_openblas_warning_names_the_callers_line(monkeypatch):
    monkeypatch.setattr(smrt._openblas, "_warned", False)
    monkeypatch.setattr(smrt._openblas, "status", lambda: {"available": True, "fits_cpu": False, "core": "Prescott"})
    X = np.random.RandomState(0).rand(40, 3)
    y = np.r_[np.zeros(30), np.ones(10)]
    with pytest.warns(RuntimeWarning, match="OpenBLAS was loaded before smrt") as caught:
        make("SMRT", n_epochs=1).fit_resample(X, y)
    openblas, = [w for w in caught if "OpenBLAS" in str(w.message)]
    assert openblas.filename == __file__
