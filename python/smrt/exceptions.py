"""smrt's errors: every one derives from SmrtError and from the builtin a caller
expects (ParameterError and DataError are ValueErrors, IoError an OSError,
ResourceError, more memory asked than the machine has, a MemoryError)."""
from ._core import DataError, IoError, ParameterError, ResourceError, SmrtError

__all__ = ["SmrtError", "ParameterError", "DataError", "IoError", "ResourceError"]
