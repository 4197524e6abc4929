"""The seed's ``smrt.balance``: smrt_balance and smote_balance, with its signatures.

Both raise every class below ``int(balance_ratio x majority)`` to that count
and return the input rows followed by the synthetic ones (shuffled together
when ``shuffle``), as smrt 0.4 did; they are thin wrappers of the SMRT and
SMOTE samplers with ``sampling_strategy='balance_ratio:R'``.
"""
import numpy as np
from sklearn.utils import check_random_state

from . import _core
from .generative import SMRT
from .over_sampling import SMOTE

__all__ = ["smrt_balance", "smote_balance"]


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
    sampler = SMRT(sampling_strategy="balance_ratio:%r" % float(balance_ratio), random_state=random_state,
                   gen_from_samples=gen_from_samples, prefit_estimators=prefit_estimators, **generate_args, **kwargs)
    X_res, y_res = sampler.fit_resample(X, y)
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
    metric = kwargs.pop("metric", "minkowski")
    p = kwargs.pop("p", 2)
    if metric not in ("minkowski", "euclidean") or (metric == "minkowski" and p != 2):
        raise _core.ParameterError("smote_balance: smrt's neighbours are Euclidean (metric='minkowski', p=2)")
    for ignored in ("algorithm", "leaf_size", "metric_params"):
        kwargs.pop(ignored, None)
    sampler = SMOTE(sampling_strategy="balance_ratio:%r" % float(balance_ratio), k_neighbors=n_neighbors,
                    random_state=random_state, n_jobs=n_jobs, **kwargs)
    X_res, y_res = sampler.fit_resample(X, y)
    X_res, y_res = _shuffled(np.asarray(X_res), np.asarray(y_res), shuffle, random_state)
    if return_estimators:
        return X_res, y_res, sampler
    return X_res, y_res
