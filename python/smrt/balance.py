"""The seed's ``smrt.balance``: smrt_balance and smote_balance, with its signatures.

Both raise every class below ``int(balance_ratio x majority)`` to that count
and return the input rows followed by the synthetic ones (shuffled together
when ``shuffle``), as smrt 0.4 did; they are thin wrappers of the SMRT and
SMOTE samplers with ``sampling_strategy='balance_ratio:R'``.
"""
import numbers
import re

import numpy as np
from sklearn.utils import check_random_state

from . import _core
from .generative import SMRT
from .over_sampling import SMOTE

try:
    from sklearn.utils._param_validation import InvalidParameterError
except ImportError:  # scikit-learn < 1.2 (imbalanced-learn's own validation raises ValueError / TypeError)
    InvalidParameterError = None

__all__ = ["smrt_balance", "smote_balance"]


def _ratio_text(balance_ratio):
    """balance_ratio as the sampling_strategy text; not a number: a ParameterError naming it (its range,
    (0, 1], is checked by the C++ strategy, which names it too)."""
    if isinstance(balance_ratio, str):
        try:
            value = float(balance_ratio)
        except ValueError:
            value = None
    elif isinstance(balance_ratio, numbers.Real):
        value = float(balance_ratio)
    else:
        value = None
    if value is None:
        raise _core.ParameterError("balance_ratio=%r is not a number: it must be in (0, 1] (a fraction of the "
                                   "majority class count)" % (balance_ratio,))
    return "balance_ratio:%r" % value


def _resample(function, sampler, X, y, renamed=None):
    """sampler.fit_resample(X, y), its parameter errors as smrt.ParameterError naming `function`'s
    arguments (scikit-learn's validation names the sampler class's parameters)."""
    try:
        return sampler.fit_resample(X, y)
    except _core.ParameterError as e:  # the core's checks that need the data (k_neighbors=25 for 20 rows)
        text = str(e)
        for old, new in (renamed or {}).items():
            text = re.sub(r"\b%s\b" % old, new, text)
        raise _core.ParameterError("%s: %s" % (function, text)) from None
    except Exception as e:
        if InvalidParameterError is None or not isinstance(e, InvalidParameterError):
            raise
        text = str(e)
        match = re.match(r"The '(\w+)' parameter of [\w.]+ (.*)$", text, re.S)
        if match:
            name = (renamed or {}).get(match.group(1), match.group(1))
            text = "%s: %s %s" % (function, name, match.group(2))
        raise _core.ParameterError(text) from None


def _shuffled(X, y, shuffle, random_state):
    if not shuffle:
        return X, y
    order = check_random_state(random_state).permutation(len(y))
    return X[order], y[order]


def smrt_balance(X, y, balance_ratio=0.2, shuffle=True, return_estimators=False, prefit_estimators=None,
                 gen_from_samples=False, generate_args=None, random_state=42, **kwargs):
    """Balance (X, y) with SMRT (``smrt.generative.SMRT``), in the seed's signature.

    The signature and its defaults are the seed's (balance_ratio 0.2, shuffle,
    gen_from_samples=False: prior draws, the best-reconstructed kept,
    random_state 42); everything else is SMRT's library default: one
    conditional VAE over every class, ReLU, Adam at 0.001, epochs by data size
    (docs/neural.md, "SMRT's defaults"). ``kwargs`` are SMRT's parameters: the
    VAE's (n_hidden, n_latent_factors, activation_function, learning_function,
    learning_rate, n_epochs, ...) and SMRT's own (conditional=False for the
    seed's one VAE per minority class, transfer, min_error_sample, n_threads,
    ...). ``prefit_estimators`` maps class labels to fitted
    VariationalAutoEncoder objects used instead of fitting; ``generate_args``
    is a dict with ``loc`` and ``scale`` of the latent noise. Returns
    (X_balanced, y_balanced), plus a dict of each balanced class's VAE when
    ``return_estimators``.
    """
    generate_args = dict(generate_args or {})
    unknown = set(generate_args) - {"loc", "scale"}
    if unknown:
        raise _core.ParameterError("generate_args: unknown keys %s (allowed: loc, scale)" % sorted(unknown))
    kwargs.pop("shuffle", None)
    strategy = _ratio_text(balance_ratio)
    try:
        sampler = SMRT(sampling_strategy=strategy, random_state=random_state, gen_from_samples=gen_from_samples,
                       prefit_estimators=prefit_estimators, **generate_args, **kwargs)
    except TypeError as e:  # an argument SMRT does not take
        raise _core.ParameterError("smrt_balance: %s" % (e,)) from None
    X_res, y_res = _resample("smrt_balance", sampler, X, y)
    X_res, y_res = _shuffled(np.asarray(X_res), np.asarray(y_res), shuffle, random_state)
    if return_estimators:
        estimators = dict(getattr(sampler, "estimators_", {}))
        for label, est in (prefit_estimators or {}).items():
            estimators.setdefault(label, est)
        return X_res, y_res, estimators
    return X_res, y_res


def smote_balance(X, y, return_estimators=False, balance_ratio=0.2, strategy="perturb", n_neighbors=5,
                  n_jobs=1, random_state=None, shuffle=True, **kwargs):
    """Balance (X, y) with SMOTE (interpolation towards one of n_neighbors same-class neighbours).

    The seed's ``strategy='perturb'`` extrapolated away from the neighbour (a
    known defect); smrt interpolates, as SMOTE defines. Its scikit-learn
    NearestNeighbors options (algorithm, leaf_size, p, metric, ...) are
    accepted for compatibility: smrt's exact search is Euclidean. Returns
    (X_balanced, y_balanced), plus the fitted SMOTE sampler when
    ``return_estimators``.
    """
    if strategy != "perturb":
        raise _core.ParameterError("strategy=%r: smote_balance knows only 'perturb'" % (strategy,))
    if "k_neighbors" in kwargs:
        raise _core.ParameterError("smote_balance: k_neighbors=%r is SMOTE's name; smote_balance takes the "
                                   "original's n_neighbors" % (kwargs["k_neighbors"],))
    if not isinstance(n_neighbors, numbers.Integral) or isinstance(n_neighbors, bool) or n_neighbors < 1:
        raise _core.ParameterError("smote_balance: n_neighbors=%r must be an int >= 1 (the same-class "
                                   "neighbours to interpolate towards)" % (n_neighbors,))
    metric = kwargs.pop("metric", "minkowski")
    p = kwargs.pop("p", 2)
    if metric not in ("minkowski", "euclidean") or (metric == "minkowski" and p != 2):
        raise _core.ParameterError("smote_balance: smrt's neighbours are Euclidean (metric='minkowski', p=2)")
    for ignored in ("algorithm", "leaf_size", "metric_params"):
        kwargs.pop(ignored, None)
    ratio = _ratio_text(balance_ratio)
    try:
        sampler = SMOTE(sampling_strategy=ratio, k_neighbors=n_neighbors, random_state=random_state, n_jobs=n_jobs,
                        **kwargs)
    except TypeError as e:  # an argument SMOTE does not take
        raise _core.ParameterError("smote_balance: %s" % (e,)) from None
    X_res, y_res = _resample("smote_balance", sampler, X, y, renamed={"k_neighbors": "n_neighbors"})
    X_res, y_res = _shuffled(np.asarray(X_res), np.asarray(y_res), shuffle, random_state)
    if return_estimators:
        return X_res, y_res, sampler
    return X_res, y_res
