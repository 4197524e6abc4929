"""sampling_strategy_ from the global class counts only.

The in-memory classes resolve sampling_strategy from y; here y is spread over
partitions, so the counts of one pass over y stand for it. smrt's C++ core
resolves it (`_core.Sampler.sampling_targets`, the code the in-memory classes
run) where the extension has it; else this module's port of imbalanced-learn
0.10's check_sampling_strategy (plus SMRT's 'balance_ratio:r'), which reads
only the counts too.
"""
import numbers
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
    if hasattr(_core.Sampler, "sampling_targets") and sampling_type == sampler._sampling_type:
        keys = ClassKeys(keep_classes)
        params = sampler._smrt_param_text(keep_classes, keys)
        core = _core.Sampler(sampler._smrt_method, params)
        by_id = core.sampling_targets([int(n) for n in keep_totals], keys.integers, keys.names)
        return OrderedDict((keep_classes[c], int(n)) for c, n in sorted(by_id.items()))
    stats = OrderedDict((c, int(n)) for c, n in zip(keep_classes, keep_totals))
    try:
        out = _from_counts(strategy, stats, sampling_type)
    except ValueError as e:
        raise ParameterError("sampling_strategy=%r: %s" % (strategy, e)) from None
    return OrderedDict((c, out[c]) for c in keep_classes if c in out)


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


def _from_counts(strategy, stats, sampling_type):
    """imbalanced-learn 0.10's check_sampling_strategy on counts (see the module docstring)."""
    if isinstance(strategy, str):
        if strategy.startswith("balance_ratio:"):
            ratio = float(strategy.split(":", 1)[1])
            target = int(ratio * max(stats.values()))
            return {c: target - n for c, n in stats.items() if n < target}
        rules = {"majority": _majority, "not majority": _not_majority, "not minority": _not_minority,
                 "minority": _minority, "all": _all, "auto": _auto}
        if strategy not in rules:
            raise ValueError("unknown string; one of %s" % sorted(rules))
        return rules[strategy](stats, sampling_type)
    if isinstance(strategy, Mapping):
        return _dict(strategy, stats, sampling_type)
    if isinstance(strategy, (list, tuple, np.ndarray)):
        if sampling_type != "clean-sampling":
            raise ValueError("a list is for cleaning methods only")
        return {c: min(stats.values()) for c in strategy}
    if isinstance(strategy, numbers.Real):
        return _float(float(strategy), stats, sampling_type)
    raise ValueError("not a str, float, dict or list")


def _majority_class(stats):
    return max(stats, key=stats.get)


def _minority_class(stats):
    return min(stats, key=stats.get)


def _all(stats, kind):
    if kind == "over-sampling":
        top = max(stats.values())
        return {c: top - n for c, n in stats.items()}
    low = min(stats.values())
    return {c: low for c in stats}


def _majority(stats, kind):
    if kind == "over-sampling":
        raise ValueError("'majority' cannot be used with an over-sampler")
    return {_majority_class(stats): min(stats.values())}


def _not_majority(stats, kind):
    major = _majority_class(stats)
    if kind == "over-sampling":
        top = max(stats.values())
        return {c: top - n for c, n in stats.items() if c != major}
    low = min(stats.values())
    return {c: low for c in stats if c != major}


def _not_minority(stats, kind):
    minor = _minority_class(stats)
    if kind == "over-sampling":
        top = max(stats.values())
        return {c: top - n for c, n in stats.items() if c != minor}
    low = min(stats.values())
    return {c: low for c in stats if c != minor}


def _minority(stats, kind):
    if kind != "over-sampling":
        raise ValueError("'minority' cannot be used with under-samplers and cleaning samplers")
    top = max(stats.values())
    minor = _minority_class(stats)
    return {minor: top - stats[minor]}


def _auto(stats, kind):
    return _not_majority(stats, kind) if kind == "over-sampling" else _not_minority(stats, kind)


def _dict(strategy, stats, kind):
    if any(n < 0 for n in strategy.values()):
        raise ValueError("a class count cannot be negative: %r" % (strategy,))
    out = {}
    if kind == "over-sampling":
        for c, n in strategy.items():
            if n < stats[c]:
                raise ValueError("over-sampling: class %r has %d rows and %d are asked" % (c, stats[c], n))
            out[c] = n - stats[c]
    elif kind == "under-sampling":
        for c, n in strategy.items():
            if n > stats[c]:
                raise ValueError("under-sampling: class %r has %d rows and %d are asked" % (c, stats[c], n))
            out[c] = n
    else:
        raise ValueError("a dict is not supported by cleaning methods; give a list of classes")
    return out


def _float(ratio, stats, kind):
    if len(stats) != 2:
        raise ValueError("a float is for two classes only; use a dict")
    if kind == "over-sampling":
        top = max(stats.values())
        major = _majority_class(stats)
        out = {c: int(top * ratio - n) for c, n in stats.items() if c != major}
        if any(n <= 0 for n in out.values()):
            raise ValueError("the ratio would remove rows of the minority class; increase it")
        return out
    if kind == "under-sampling":
        low = min(stats.values())
        minor = _minority_class(stats)
        out = {c: int(low / ratio) for c in stats if c != minor}
        if any(n > stats[c] for c, n in out.items()):
            raise ValueError("the ratio would add rows to the majority class; increase it")
        return out
    raise ValueError("a float is not supported by cleaning methods")
