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

def _imblearn_version():
    import re

    import imblearn

    return tuple(int(part) for part in re.findall(r"\d+", imblearn.__version__)[:2])


# imbalanced-learn >= 0.11's SMOTENC reads categorical_features as scikit-learn indexes columns (negative indices
# count from the end; names; 'auto') and leaves missing values (NaN, and None in frames) of its categorical columns
# to its OneHotEncoder, a category of their own; 0.10 checks indices against range(n_features) and X for NaN.
IMBLEARN_0_11 = _imblearn_version() >= (0, 11)

# imbalanced-learn 0.12 changed NeighbourhoodCleaningRule's rule (no kind_sel; the minority rows judged by a
# KNeighborsClassifier's prediction; threshold_cleaning relative to the minority class's size). smrt has both
# (its `rule` parameter); the Python class defaults to the installed version's.
NCR_RULE = "imblearn-0.12" if _imblearn_version() >= (0, 12) else "imblearn-0.10"

# Python defaults that are not the declared (CLI) ones, by parameter name.
PYTHON_DEFAULTS = {
    "verbose": 0,  # silent by default in pipelines; verbose=1 shows progress
    "rule": NCR_RULE,  # NeighbourhoodCleaningRule: the installed imbalanced-learn's
}


try:
    from sklearn.utils.validation import validate_data as _validate_data  # scikit-learn >= 1.6
except ImportError:
    _validate_data = None


try:
    from sklearn.utils.validation import _check_feature_names  # scikit-learn >= 1.6
except ImportError:
    _check_feature_names = None


def check_feature_names(estimator, X, reset):
    """scikit-learn's feature_names_in_ rule, any version: set (or removed) by a fit with reset=True;
    with reset=False, X's column names checked against them (a ValueError when they differ, a
    warning when only one side has names), as scikit-learn's own transformers do."""
    if _check_feature_names is not None:
        return _check_feature_names(estimator, X, reset=reset)
    return estimator._check_feature_names(X, reset=reset)


def _all_finite_keyword():
    import inspect

    from sklearn.utils.validation import check_array

    return "ensure_all_finite" if "ensure_all_finite" in inspect.signature(check_array).parameters \
        else "force_all_finite"


# check_array's keyword for "NaN / infinity allowed": force_all_finite, ensure_all_finite from scikit-learn 1.6.
ALL_FINITE = _all_finite_keyword()


def validate_data(estimator, X, y, **kwargs):
    """scikit-learn's input checks (and n_features_in_ / feature_names_in_), any version."""
    if _validate_data is not None:
        return _validate_data(estimator, X=X, y=y, **kwargs)
    return estimator._validate_data(X, y, **kwargs)


def sampler_tags(tags, sample_indices, sparse, images, any_values=False):
    """Sets smrt's sampler tags on a __sklearn_tags__() result (scikit-learn >= 1.6). `any_values`: X may
    hold NaN and text (the random samplers, which only pick rows)."""
    if getattr(tags, "sampler_tags", None) is not None:
        tags.sampler_tags.sample_indices = sample_indices
    if getattr(tags, "input_tags", None) is not None:
        tags.input_tags.sparse = sparse
        tags.input_tags.allow_nan = any_values
        if any_values and hasattr(tags.input_tags, "string"):
            tags.input_tags.string = True
        if images and hasattr(tags.input_tags, "three_d_array"):
            tags.input_tags.three_d_array = True
    return tags
