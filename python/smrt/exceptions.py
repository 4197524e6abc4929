"""smrt's errors: every one derives from SmrtError and from the builtin a caller
expects (ParameterError and DataError are ValueErrors, IoError an OSError)."""
from ._core import DataError, IoError, ParameterError, SmrtError

__all__ = ["SmrtError", "ParameterError", "DataError", "IoError"]
