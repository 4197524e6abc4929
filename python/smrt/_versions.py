"""What differs between the imbalanced-learn / scikit-learn versions smrt runs with.

Debian 12 ships imbalanced-learn 0.10 and scikit-learn 1.2; current PyPI
releases (tested: requirements-current.txt) moved parameter validation into
scikit-learn, replaced BaseEstimator._validate_data with validate_data() and
_more_tags() with __sklearn_tags__(). Everything version-dependent is here.
"""
try:  # imbalanced-learn <= 0.11 validates with its own copy of these classes
    from imblearn.utils._param_validation import HasMethods, Interval, StrOptions  # noqa: F401
except ImportError:  # later: scikit-learn's
    from sklearn.utils._param_validation import HasMethods, Interval, StrOptions  # noqa: F401

try:
    from sklearn.utils.validation import validate_data as _validate_data  # scikit-learn >= 1.6
except ImportError:
    _validate_data = None


def validate_data(estimator, X, y, **kwargs):
    """scikit-learn's input checks (and n_features_in_ / feature_names_in_), any version."""
    if _validate_data is not None:
        return _validate_data(estimator, X=X, y=y, **kwargs)
    return estimator._validate_data(X, y, **kwargs)


def sampler_tags(tags, sample_indices, sparse, images):
    """Sets smrt's sampler tags on a __sklearn_tags__() result (scikit-learn >= 1.6)."""
    if getattr(tags, "sampler_tags", None) is not None:
        tags.sampler_tags.sample_indices = sample_indices
    if getattr(tags, "input_tags", None) is not None:
        tags.input_tags.sparse = sparse
        tags.input_tags.allow_nan = False
        if images and hasattr(tags.input_tags, "three_d_array"):
            tags.input_tags.three_d_array = True
    return tags
