"""SMOTEN and SMOTENC on text categories, as imbalanced-learn takes them.

imbalanced-learn's SMOTEN and SMOTENC accept tables whose categorical columns
hold text: numpy str / object arrays, pandas object or category columns. The
C++ samplers compute on numbers, and a categorical column's numbers only
matter through equality and order, so each categorical column goes to C++ as
codes in sorted order (OneHotEncoder's and OrdinalEncoder's order), and a
synthetic row's codes come back as the column's values: the same strings
(or numbers) the input had. Kept rows are the input's rows, untouched.

``categorical_features`` (SMOTENC) also takes a boolean mask, as imbalanced-
learn 0.10 does, and column names when X is a DataFrame (as the CLI takes
column names; imbalanced-learn >= 0.11 does too; a MultiIndex's tuples), or
'auto', the DataFrame's category-dtype columns (as imbalanced-learn 0.14).
"""
import numbers
import sys

import numpy as np
from scipy import sparse

from . import _core, _versions
from ._estimator import SmrtSamplerMixin


def _column_name(names, j):
    return "column %r (feature %d)" % (str(names[j]), j) if names is not None else "feature %d" % j


def categorical_indices(value, n_features, names, dtypes=None):
    """categorical_features as a list of feature indices, from indices, a boolean mask, column names or 'auto'.

    Names are X's column labels (strings, a MultiIndex's tuples) and need them as `names`; 'auto' is the
    category-dtype columns of a DataFrame and needs its `dtypes`. Indices are checked against `n_features`
    where it is known (the C++ sampler checks them otherwise), and each feature may be given once."""
    if value is None:
        return value
    if isinstance(value, str) and value == "auto":
        return _category_columns(dtypes)
    items = _items(value)
    if (items and all(isinstance(v, (bool, np.bool_)) for v in items)) or getattr(value, "dtype", None) == np.bool_:
        if n_features is not None and len(items) != n_features:
            raise _core.ParameterError(
                "categorical_features: a boolean mask needs one value per feature (%d), got %d"
                % (n_features, len(items)))
        return [j for j, v in enumerate(items) if v]
    indices = [_index_of(v, n_features, names) for v in items]
    seen = set()
    for j in indices:
        if j in seen:  # imbalanced-learn fails on a DataFrame (duplicate columns) and counts it twice on arrays
            raise _core.ParameterError("categorical_features: %s is given more than once; give each categorical "
                                       "feature once" % _column_name(names, j))
        seen.add(j)
    return indices


def _items(value):
    """categorical_features' items: a list, tuple or array of them (a list of tuples names MultiIndex columns)."""
    if isinstance(value, (list, tuple)):
        return list(value)
    array = np.asarray(value, dtype=object if isinstance(value, str) else None)
    if array.ndim != 1:
        raise _core.ParameterError("categorical_features=%r: give a list of feature indices, a boolean mask or "
                                   "column names" % (value,))
    return list(array)


def _index_of(item, n_features, names):
    """The feature index an item of categorical_features names: an int is a position (as in imbalanced-learn, also
    where the columns are ints), anything else a column label."""
    if isinstance(item, numbers.Integral) and not isinstance(item, (bool, np.bool_)):
        j = int(item)
        if n_features is not None and not 0 <= j < n_features:
            raise _core.ParameterError("categorical_features: index %d is out of range; indices must be between 0 "
                                       "and %d" % (j, n_features - 1))
        return j
    if isinstance(item, (numbers.Number, bool, np.bool_)):
        raise _core.ParameterError("categorical_features: %r is not a feature index (an int); give int indices, a "
                                   "boolean mask or column names" % (item,))
    if names is None:
        raise _core.ParameterError(
            "categorical_features: column names %s need X as a pandas DataFrame with those columns; give feature "
            "indices or a boolean mask for arrays" % ([_name_text(item)],))
    found = [j for j, name in enumerate(names) if _same_name(name, item)]
    if len(found) != 1:
        raise _core.ParameterError("categorical_features: %s column %r in X; its columns are %s" % (
            "no" if not found else "more than one", _name_text(item), [_name_text(n) for n in names]))
    return found[0]


def _same_name(name, item):
    try:
        return bool(name == item)
    except (TypeError, ValueError):  # labels numpy cannot compare
        return False


def _name_text(name):
    return name if isinstance(name, tuple) else str(name)


def _category_columns(dtypes):
    """categorical_features='auto': the columns of the category dtype, as imbalanced-learn 0.14 takes it."""
    if dtypes is None:
        raise _core.ParameterError("categorical_features='auto' takes the category-dtype columns of a pandas "
                                   "DataFrame, and X is not one; give feature indices or a boolean mask")
    import pandas

    found = [j for j, dtype in enumerate(dtypes) if isinstance(dtype, pandas.CategoricalDtype)]
    if not found:
        raise _core.ParameterError("categorical_features='auto': X has no column of the category dtype; name the "
                                   "categorical columns (indices, a boolean mask or column names)")
    return found


def _frame_columns(X):
    """(column labels, dtypes) of a pandas DataFrame, else None."""
    pandas = sys.modules.get("pandas")
    if pandas is None or not isinstance(X, pandas.DataFrame):
        return None
    return list(X.columns), list(X.dtypes)


def _object_frame(X):
    """A pandas DataFrame with a column that is not numeric (text, category, string) as object columns of the same
    values: scikit-learn first converts a frame holding a nullable (Int64, Float64, boolean) or bool column to
    float64 as a whole, which fails on the text ("Cannot cast str dtype to float64")."""
    if _frame_columns(X) is None:
        return X
    from pandas.api.types import is_numeric_dtype

    return X if all(is_numeric_dtype(dtype) for dtype in X.dtypes) else X.astype(object)


def _levels(column, what):
    """(sorted distinct values, code of each row) of one categorical column of an object array."""
    text = [isinstance(v, (str, bytes)) for v in column]
    if any(text) and not all(text):
        raise _core.DataError("SMOTEN/SMOTENC: %s mixes text and numbers (%r and %r); a column's categories "
                              "are all strings or all numbers" % (
                                  what, column[text.index(True)], column[text.index(False)]))
    levels, codes = np.unique(column, return_inverse=True)
    return levels, codes


def _is_missing(v):
    pandas = sys.modules.get("pandas")
    return v is None or (isinstance(v, numbers.Real) and v != v) or (pandas is not None and v is pandas.NA)


def _check_types(column, what):
    """A missing value (None, NaN, pandas.NA) is a DataError; a value that is neither text nor a number a TypeError
    (as numpy's float() gives)."""
    for i, v in enumerate(column):
        if _is_missing(v):
            raise _core.DataError("SMOTEN/SMOTENC: %s has a missing value (%r) in row %d" % (what, v, i))
        if not isinstance(v, (numbers.Number, str, bytes)):
            raise TypeError("SMOTEN/SMOTENC: %s, row %d: %r (%s) is no category or value; the argument must "
                            "be a string or a number" % (what, i, v, type(v).__name__))


def _numbers(column, what):
    try:
        values = column.astype(np.float64)
    except (TypeError, ValueError):
        bad = next((v for v in column if not _is_number(v)), None)
        raise _core.DataError("SMOTENC: %s is continuous but holds %r; name it in categorical_features if it "
                              "is a category" % (what, bad)) from None
    if not np.all(np.isfinite(values)):
        i = int(np.flatnonzero(~np.isfinite(values))[0])
        raise _core.DataError("SMOTENC: %s has %r in row %d; continuous values must be finite" % (what, column[i], i))
    return values


def _is_number(v):
    try:
        float(v)
        return True
    except (TypeError, ValueError):
        return False


class CategoricalInputMixin:
    """SMOTEN / SMOTENC: categorical columns may hold text (see the module docstring)."""

    _smrt_all_categorical = False  # SMOTEN: every feature is a category
    _smrt_categories = True  # a bool X stays bool (SmrtSamplerMixin._run)
    # SMOTENC: imbalanced-learn interpolates its float64 encoding, so an int / bool X (dense or sparse)
    # gives float64 rows, fractions kept; SMOTEN's rows are values of X's rows, in X's dtype.
    _smrt_float_output = True
    _smrt_sparse_float_output = True

    # For the length of a call, the DataFrame's own column labels and dtypes: categorical_features may name a
    # MultiIndex's tuples, which feature_names_in_ (strings only) leaves out, or be 'auto' (the category dtype).
    def fit(self, X, y):
        self._smrt_frame = _frame_columns(X)
        try:
            return super().fit(X, y)
        finally:
            del self._smrt_frame

    def fit_resample(self, X, y):
        self._smrt_frame = _frame_columns(X)
        try:
            return super().fit_resample(X, y)
        finally:
            del self._smrt_frame

    fit.__doc__ = SmrtSamplerMixin.fit.__doc__
    fit_resample.__doc__ = SmrtSamplerMixin.fit_resample.__doc__

    def _check_X_y(self, X, y, accept_sparse=None):
        from imblearn.utils import check_target_type
        from sklearn.utils import assert_all_finite

        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        # NaN passes here: a missing category is named below with its column and row (scikit-learn's check would
        # only say "Input contains NaN", and fail on pandas.NA)
        X, y = _versions.validate_data(self, _object_frame(X), y, reset=True, dtype=None,
                                       accept_sparse=["csr", "csc"], **{_versions.ALL_FINITE: False})
        self._categorical_set(X.shape[1])  # categorical_features' errors before the data's
        if isinstance(X, np.ndarray) and X.dtype.kind == "O":
            names = self._feature_names()
            for j in range(X.shape[1]):
                _check_types(X[:, j], _column_name(names, j))
        elif X.dtype.kind in "fc":  # numbers: scikit-learn's own check and message
            assert_all_finite(X, estimator_name=type(self).__name__, input_name="X")
        return X, y, binarize_y

    def _feature_names(self):
        """X's column labels in this call (see fit_resample), else feature_names_in_."""
        frame = getattr(self, "_smrt_frame", None)
        return frame[0] if frame is not None else getattr(self, "feature_names_in_", None)

    def _smrt_param_text(self, y, keys):
        text = super()._smrt_param_text(y, keys)
        if "categorical_features" in text:
            value = self._categorical_list(getattr(self, "n_features_in_", None))
            text["categorical_features"] = "None" if value is None else _params_text(value)
        return text

    def _categorical_list(self, n_features):
        frame = getattr(self, "_smrt_frame", None)
        return categorical_indices(self.categorical_features, n_features, self._feature_names(),
                                   frame[1] if frame is not None else None)

    def _categorical_set(self, n_features):
        if self._smrt_all_categorical:
            return set(range(n_features))
        value = self._categorical_list(n_features)
        return set(value) if value is not None else set()

    def _run(self, X, y, keys, resample):
        out = super()._run(X, y, keys, resample)
        if resample and not self._smrt_all_categorical:
            self._set_feature_sets(X, keys)
        return out

    def _set_feature_sets(self, X, keys):
        """SMOTENC: imbalanced-learn's categorical_features_, continuous_features_ and median_std_ (the median
        over the continuous columns of their standard deviation in the minority class: the smallest, the first
        seen among equals, as Counter and min pick it; the C++ core uses the same, halved, in float32)."""
        n, d = X.shape
        self.categorical_features_ = np.asarray(self._categorical_list(d), dtype=np.int64)
        self.continuous_features_ = np.setdiff1d(np.arange(d), self.categorical_features_)
        counts = np.bincount(keys.ids, minlength=len(keys.classes))
        first = np.full(len(counts), n)
        np.minimum.at(first, keys.ids, np.arange(n))
        minority = min(np.flatnonzero(counts == counts.min()), key=lambda c: first[c])
        rows = np.flatnonzero(keys.ids == minority)
        if sparse.issparse(X):
            from sklearn.utils.sparsefuncs import mean_variance_axis

            X = X if X.format in ("csr", "csc") else X.tocsr()
            variance = mean_variance_axis(X[rows][:, self.continuous_features_], axis=0)[1]
        else:
            continuous = X[np.ix_(rows, self.continuous_features_)]
            if continuous.dtype.kind in "OUSb":  # text categories elsewhere: these columns hold numbers
                continuous = continuous.astype(np.float64)
            variance = continuous.var(axis=0)
        self.median_std_ = np.median(np.sqrt(variance))

    def _core_rows(self, X):
        if sparse.issparse(X) or not isinstance(X, np.ndarray) or X.dtype.kind not in "OUS" or X.ndim != 2:
            return X, None
        names = self._feature_names()
        n, d = X.shape
        categorical = self._categorical_set(d)
        rows = np.empty((n, d), dtype=np.float64)
        levels = {}
        column_of = X.astype(object) if X.dtype.kind != "O" else X
        for j in range(d):
            what = _column_name(names, j)
            if j in categorical:
                levels[j], codes = _levels(column_of[:, j], what)
                rows[:, j] = codes
            else:
                rows[:, j] = _numbers(column_of[:, j], what)

        def restore(indices, synthetic):
            synthetic = np.asarray(synthetic)
            new = np.empty(synthetic.shape, dtype=object)
            for j in range(d):
                if j in levels:
                    codes = np.rint(synthetic[:, j]).astype(np.int64)
                    if codes.size and (codes.min() < 0 or codes.max() >= len(levels[j])):
                        raise _core.SmrtError("internal: a synthetic category code of %s is out of range" % (
                            _column_name(names, j),))
                    new[:, j] = levels[j][codes]
                else:
                    new[:, j] = synthetic[:, j].astype(np.float64)
            kept = X[indices]
            if X.dtype.kind == "O":
                return np.concatenate([kept, new])
            # str / bytes arrays: new continuous values as their shortest text; numpy widens the dtype if needed.
            as_text = np.array([[v if isinstance(v, (str, bytes)) else repr(float(v)) for v in row] for row in new],
                               dtype=X.dtype.kind).reshape(new.shape)
            return np.concatenate([kept, as_text])

        return rows, restore


class AllCategoricalInputMixin(CategoricalInputMixin):
    """SMOTEN: every feature is a category; tagged as taking strings, as imbalanced-learn's SMOTEN is
    (its SMOTENC is not: a table of one text column has no continuous feature)."""

    _smrt_all_categorical = True
    _smrt_float_output = False
    _smrt_sparse_float_output = False

    def _more_tags(self):  # scikit-learn < 1.6
        tags = super()._more_tags()
        tags["X_types"] = list(tags["X_types"]) + ["string"]
        return tags

    def __sklearn_tags__(self):  # scikit-learn >= 1.6
        tags = super().__sklearn_tags__()
        if getattr(tags, "input_tags", None) is not None:
            tags.input_tags.string = True
        return tags


def _params_text(indices):
    from ._params import to_text

    return to_text(list(indices))
