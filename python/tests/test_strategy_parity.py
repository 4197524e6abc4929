"""sampling_strategy forms where smrt and the installed imbalanced-learn (0.10 or current) disagreed: the same
result where imbalanced-learn gives one, an error where it refuses (smrt's clear one where imbalanced-learn
crashes obscurely)."""
import warnings

import numpy as np
import pytest

import imblearn.combine
import imblearn.over_sampling
import imblearn.under_sampling
import smrt
import smrt.combine
import smrt.over_sampling
import smrt.under_sampling


def _pairs():
    """(smrt's class, imbalanced-learn's) for every sampler both have."""
    out = []
    for ours, theirs in ((smrt.over_sampling, imblearn.over_sampling), (smrt.under_sampling, imblearn.under_sampling),
                         (smrt.combine, imblearn.combine)):
        out += [(getattr(ours, name), getattr(theirs, name)) for name in ours.__all__ if hasattr(theirs, name)]
    return out


PAIRS = _pairs()
# Their counts follow their own random draws (or SVM / k-means), not only the strategy.
DRAWN = {"SVMSMOTE", "KMeansSMOTE", "CondensedNearestNeighbour", "OneSidedSelection", "InstanceHardnessThreshold",
         "SMOTETomek"}


@pytest.fixture
def three_classes():
    rng = np.random.RandomState(0)
    return rng.randn(60, 3), np.array([0] * 30 + [1] * 20 + [2] * 10)


def _make(cls, **params):
    import inspect

    if "random_state" in inspect.signature(cls).parameters:
        params["random_state"] = 0
    if cls.__name__ == "SMOTENC":
        params["categorical_features"] = [0]
    return cls(**params)


@pytest.mark.parametrize("voting", ["soft", "hard"])
@pytest.mark.parametrize("strategy", [{0: 0}, {2: 0}, {0: 0, 1: 5}])
def test_cluster_centroids_refuses_a_class_asked_down_to_zero(three_classes, strategy, voting):
    """A class asked down to 0 rows was dropped; imbalanced-learn raises (0.10: KMeans' n_clusters=0
    InvalidParameterError; later: an OverflowError from its own arithmetic). smrt: a ValueError naming the
    class, as clear on both stacks."""
    X, y = three_classes
    with pytest.raises(Exception):
        imblearn.under_sampling.ClusterCentroids(sampling_strategy=strategy, random_state=0,
                                                 voting=voting).fit_resample(X, y)
    with pytest.raises(smrt.ParameterError, match=r"0 rows of class '%d'.*at least 1 row" % min(strategy)):
        smrt.under_sampling.ClusterCentroids(sampling_strategy=strategy, random_state=0,
                                             voting=voting).fit_resample(X, y)


def test_row_pickers_still_drop_a_class_asked_down_to_zero(three_classes):
    """RandomUnderSampler and NearMiss pick rows: {c: 0} drops class c, in imbalanced-learn as in smrt."""
    X, y = three_classes
    for name in ("RandomUnderSampler", "NearMiss"):
        _, y_ours = _make(getattr(smrt.under_sampling, name), sampling_strategy={0: 0}).fit_resample(X, y)
        _, y_theirs = _make(getattr(imblearn.under_sampling, name), sampling_strategy={0: 0}).fit_resample(X, y)
        assert np.bincount(y_ours, minlength=3).tolist() == np.bincount(y_theirs, minlength=3).tolist() == [0, 20, 10]


@pytest.mark.parametrize("ours, theirs", PAIRS, ids=[pair[0].__name__ for pair in PAIRS])
@pytest.mark.parametrize("callable_form", [False, True])
def test_an_empty_strategy_targets_no_class(three_classes, ours, theirs, callable_form):
    """{} (a cleaning sampler's []) was 'the per-class map is empty'; imbalanced-learn targets no class:
    the data comes back as it was (SMOTEENN / SMOTETomek still clean), sampling_strategy_ empty."""
    X, y = three_classes
    cleaning = ours._sampling_type == "clean-sampling"
    empty = (lambda y: {}) if callable_form else [] if cleaning else {}
    if callable_form and cleaning:  # a callable returns a dict, which neither takes for a cleaning sampler
        for cls in (ours, theirs):
            with pytest.raises(ValueError, match="dict|per-class map"):
                _make(cls, sampling_strategy=empty).fit_resample(X, y)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        X_res, y_res = _make(ours, sampling_strategy=empty).fit_resample(X, y)
        theirs_sampler = _make(theirs, sampling_strategy=empty)
        _, y_ref = theirs_sampler.fit_resample(X, y)
    if ours.__name__ not in ("SMOTEENN", "SMOTETomek"):
        # (imbalanced-learn's combinations keep the raw value as their sampling_strategy_.)
        assert dict(theirs_sampler.sampling_strategy_) == {}
        assert np.array_equal(X_res, X) and np.array_equal(y_res, y)
    if ours.__name__ not in DRAWN:
        assert np.bincount(y_res, minlength=3).tolist() == np.bincount(y_ref, minlength=3).tolist()


@pytest.mark.parametrize("returned", ["auto", 0.5, [0, 1], None])
@pytest.mark.parametrize("name", ["SMOTE", "RandomUnderSampler", "TomekLinks"])
def test_a_callable_must_return_a_dict(three_classes, returned, name):
    """imbalanced-learn reads a callable's result as a dict (an AttributeError otherwise, on both versions);
    smrt took 'auto' or a list from it as the strategy itself. Now a ParameterError that says so."""
    X, y = three_classes
    module = "over_sampling" if name == "SMOTE" else "under_sampling"
    with pytest.raises(AttributeError):
        getattr(getattr(imblearn, module), name)(sampling_strategy=lambda y: returned).fit_resample(X, y)
    with pytest.raises(smrt.ParameterError, match=r"the callable returned .*; it must return a dict"):
        getattr(getattr(smrt, module), name)(sampling_strategy=lambda y: returned).fit_resample(X, y)
