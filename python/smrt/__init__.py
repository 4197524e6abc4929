"""smrt: learning from imbalanced data (SMRT, the SMOTE family, GAN oversampling).

The samplers are imbalanced-learn drop-ins on smrt's C++ core::

    from smrt.over_sampling import SMOTE
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)

and the seed's API is here too: ``smrt.balance.smrt_balance``,
``smrt.autoencode.VariationalAutoEncoder``. See docs/python.md.
"""
from . import _openblas

# Before numpy or torch load OpenBLAS, if they have not yet (see _openblas).
_openblas.prepare()

# The system libraries smrt._core links (readelf -d) and the Debian 12 package that has each.
_DEBIAN_PACKAGES = {
    "libtorch": "libtorch1.13", "libtorch_cpu": "libtorch1.13", "libc10": "libtorch1.13",
    "libopenblas": "libopenblas0-openmp", "libblas": "libopenblas0-openmp", "liblapack": "libopenblas0-openmp",
    "liblinear": "liblinear4", "libsvm": "libsvm3", "libgomp": "libgomp1",
}


def _load_error(error):
    """What to do when smrt._core does not load: the loader's own message names a library file only."""
    import glob
    import os
    import re
    from importlib.machinery import EXTENSION_SUFFIXES

    if not any(glob.glob(os.path.join(__path__[0], "_core" + suffix)) for suffix in EXTENSION_SUFFIXES):
        return ("smrt's C++ extension is not built for this Python (no _core%s in %s): run `make build` in the "
                "checkout, or install smrt with `pip install .` (docs/python.md)"
                % (EXTENSION_SUFFIXES[0], __path__[0]))
    missing = re.search(r"([\w.+-]+\.so[\w.]*): cannot open shared object file", str(error))
    if not missing:
        return "smrt's C++ extension smrt._core does not load: %s" % error
    library = missing.group(1)
    package = _DEBIAN_PACKAGES.get(library.split(".so")[0])
    wanted = " (Debian 12: apt-get install %s)" % package if package else ""
    return ("smrt's C++ extension smrt._core cannot load %s%s. The extension links Debian 12's libtorch1.13 "
            "(unless built without LibTorch), libopenblas0-openmp, liblinear4 and libsvm3: install them, or build "
            "smrt on this machine (`make build`, or `pip install .` from the source). The loader said: %s"
            % (library, wanted, error))


try:
    from . import _core  # noqa: E402
except ImportError as _error:
    raise ImportError(_load_error(_error)) from _error
from .exceptions import ClusterError, DataError, IoError, ParameterError, ResourceError, SmrtError  # noqa: E402

__version__ = _core.__version__


def methods():
    """Every method of this build with its parameter declarations (as ``smrt list``)."""
    return _core.methods()


def blas_status():
    """OpenBLAS's kernels in this process and how they were chosen."""
    return _openblas.status()


from . import autoencode, balance, combine, generative, over_sampling, under_sampling  # noqa: E402,F401

__all__ = ["__version__", "methods", "blas_status", "SmrtError", "ParameterError", "DataError", "IoError",
           "ResourceError", "ClusterError", "over_sampling", "under_sampling", "combine", "generative", "autoencode",
           "balance"]
