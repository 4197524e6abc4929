"""smrt's errors: every one derives from SmrtError and from the builtin a caller
expects (ParameterError and DataError are ValueErrors, IoError an OSError,
ResourceError, more memory asked than the machine has, a MemoryError).

ClusterError, KMeansSMOTE finding no cluster with enough rows of a class it was
asked to raise, is a DataError (so a ValueError, as before) that is also a
RuntimeError, the type imbalanced-learn raises there, with its message."""
from ._core import DataError, IoError, ParameterError, ResourceError, SmrtError


class ClusterError(DataError, RuntimeError):
    """KMeansSMOTE: no cluster holds enough rows of a class to generate from (imbalanced-learn's
    RuntimeError; a DataError, so ``except ValueError`` catches it too)."""


__all__ = ["SmrtError", "ParameterError", "DataError", "IoError", "ResourceError", "ClusterError"]
