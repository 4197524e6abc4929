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

from . import _core  # noqa: E402
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
