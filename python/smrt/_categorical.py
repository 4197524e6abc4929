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
column names; imbalanced-learn >= 0.11 does too).
"""
import numbers

import numpy as np
from scipy import sparse

from . import _core, _versions


def _column_name(names, j):
    return "column %r (feature %d)" % (str(names[j]), j) if names is not None else "feature %d" % j


def categorical_indices(value, n_features, names):
    """categorical_features as a list of feature indices, from indices, a boolean mask or column names.

    Integer indices pass unchanged (the C++ sampler checks their range); a mask must have one value
    per feature; names need the DataFrame's columns (``feature_names_in_``)."""
    if value is None:
        return value
    items = np.asarray(value, dtype=object if isinstance(value, (list, tuple)) else None)
    if items.ndim == 0:
        items = items.reshape(1)
    if items.dtype.kind == "b" or (items.size and all(isinstance(v, (bool, np.bool_)) for v in items)):
        mask = items.astype(bool)
        if n_features is not None and mask.size != n_features:
            raise _core.ParameterError(
                "categorical_features: a boolean mask needs one value per feature (%d), got %d"
                % (n_features, mask.size))
        return [int(j) for j in np.flatnonzero(mask)]
    if any(isinstance(v, str) for v in items):
        if names is None:
            raise _core.ParameterError(
                "categorical_features: column names %s need X as a pandas DataFrame with those columns; "
                "give feature indices or a boolean mask for arrays" % ([str(v) for v in items],))
        position = {str(n): j for j, n in enumerate(names)}
        unknown = [str(v) for v in items if str(v) not in position]
        if unknown:
            raise _core.ParameterError(
                "categorical_features: no column %s in X; its columns are %s"
                % (", ".join(repr(u) for u in unknown), [str(n) for n in names]))
        return [position[str(v)] for v in items]
    return value


def _levels(column, what):
    """(sorted distinct values, code of each row) of one categorical column of an object array."""
    text = [isinstance(v, (str, bytes)) for v in column]
    if any(text) and not all(text):
        raise _core.DataError("SMOTEN/SMOTENC: %s mixes text and numbers (%r and %r); a column's categories "
                              "are all strings or all numbers" % (
                                  what, column[text.index(True)], column[text.index(False)]))
    levels, codes = np.unique(column, return_inverse=True)
    return levels, codes


def _check_types(column, what):
    """A missing value (None, NaN) is a DataError; a value that is neither text nor a number a TypeError
    (as numpy's float() gives)."""
    for i, v in enumerate(column):
        if v is None or (isinstance(v, numbers.Real) and v != v):
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

    def _check_X_y(self, X, y, accept_sparse=None):
        from imblearn.utils import check_target_type

        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X, y = _versions.validate_data(self, X, y, reset=True, dtype=None, accept_sparse=["csr", "csc"])
        if isinstance(X, np.ndarray) and X.dtype.kind == "O":
            names = getattr(self, "feature_names_in_", None)
            for j in range(X.shape[1]):
                _check_types(X[:, j], _column_name(names, j))
        return X, y, binarize_y

    def _smrt_param_text(self, y, keys):
        text = super()._smrt_param_text(y, keys)
        if "categorical_features" in text:
            value = categorical_indices(self.categorical_features, getattr(self, "n_features_in_", None),
                                        getattr(self, "feature_names_in_", None))
            text["categorical_features"] = "None" if value is None else _params_text(value)
        return text

    def _categorical_set(self, n_features):
        if self._smrt_all_categorical:
            return set(range(n_features))
        value = categorical_indices(self.categorical_features, n_features, getattr(self, "feature_names_in_", None))
        return {int(j) for j in np.atleast_1d(value)} if value is not None else set()

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
        self.categorical_features_ = np.asarray(
            categorical_indices(self.categorical_features, d, getattr(self, "feature_names_in_", None)), dtype=np.int64)
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
        names = getattr(self, "feature_names_in_", None)
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
