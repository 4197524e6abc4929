"""sampling_strategy_ from the global class counts only.

The in-memory classes resolve sampling_strategy from y; here y is spread over
partitions, so the counts of one pass over y stand for it. smrt's C++ core
resolves it (`_core.Sampler.sampling_targets`, the code the in-memory classes
run), from the counts alone.
"""
from collections import OrderedDict
from collections.abc import Mapping

import numpy as np

from .. import _core
from .._core import DataError, ParameterError
from .._estimator import ClassKeys


def resolve(sampler, classes, totals, sampling_type=None):
    """{label: count} as the in-memory `sampler` would set sampling_strategy_ for these counts.

    classes: the labels (sorted); totals: their counts (0 for a class no longer present).
    """
    strategy = sampler.sampling_strategy
    sampling_type = sampling_type or sampler._sampling_type
    if callable(strategy):
        raise ParameterError("sampling_strategy: a callable needs all of y in memory; smrt.dask takes a str, "
                             "float, dict or list (resolved from the global class counts)")
    _check_named_classes(strategy, classes, totals)
    present = totals > 0
    keep_classes, keep_totals = classes[present], totals[present]
    if sampling_type != sampler._sampling_type:
        raise ParameterError("sampling_strategy: %s resolves it for %s, not %s" % (
            type(sampler).__name__, sampler._sampling_type, sampling_type))
    keys = ClassKeys(keep_classes)
    params = sampler._smrt_param_text(keep_classes, keys)
    core = _core.Sampler(sampler._smrt_method, params)
    by_id = core.sampling_targets([int(n) for n in keep_totals], keys.integers, keys.names)
    return OrderedDict((keep_classes[c], int(n)) for c, n in sorted(by_id.items()))


def _check_named_classes(strategy, classes, totals):
    """A class that sampling_strategy names must be in some partition of y."""
    if isinstance(strategy, Mapping):
        named = list(strategy.keys())
    elif isinstance(strategy, (list, tuple, np.ndarray)):
        named = list(strategy)
    else:
        return
    present = set(c for c, n in zip(classes.tolist(), totals.tolist()) if n > 0)
    missing = [c for c in named if c not in present]
    if missing:
        raise DataError("sampling_strategy names class %s, which no partition of y holds (the classes are %s)"
                        % (", ".join(repr(c) for c in missing), sorted(present)))
