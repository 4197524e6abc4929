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
Negative indices count from the end where the installed imbalanced-learn
reads them so (>= 0.11); 0.10 refuses them, and so does smrt there.

A missing value in a categorical column is a category of its own where the
installed imbalanced-learn takes it as one (_MissingRule), else a DataError.
"""
import contextlib
import numbers
import sys

import numpy as np
from scipy import sparse

from . import _core, _versions
from ._estimator import SmrtSamplerMixin, stack_rows


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
    given = {}
    for item, j in zip(items, indices):
        # imbalanced-learn fails on a DataFrame (duplicate columns) and counts it twice on arrays (>= 0.11: one more
        # column out than in), also where a negative index names a column given already ([2, -1] of 3 features).
        if j in given:
            raise _core.ParameterError("categorical_features: %s is given more than once%s; give each categorical "
                                       "feature once" % (_column_name(names, j), _as_given(given[j], item)))
        given[j] = item
    return indices


def _as_given(first, second):
    """' (as 2 and -1)' where the two items that name one feature differ."""
    def text(item):
        if isinstance(item, numbers.Integral) and not isinstance(item, (bool, np.bool_)):
            return str(int(item))
        return repr(_name_text(item))

    return "" if text(first) == text(second) else " (as %s and %s)" % (text(first), text(second))


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
        if n_features is None:  # the C++ sampler checks the range (a negative index is out of it there)
            return j
        # imbalanced-learn >= 0.11 indexes as scikit-learn (_get_column_indices): -1 is the last feature; 0.10
        # refuses an index outside range(n_features) (_versions.IMBLEARN_0_11).
        lowest = -n_features if _versions.IMBLEARN_0_11 else 0
        if not lowest <= j < n_features:
            raise _core.ParameterError("categorical_features: index %d is out of range; indices must be between 0 "
                                       "and %d%s" % (j, n_features - 1, " (or between %d and -1, counting from the "
                                                     "end)" % -n_features if lowest < 0 else ""))
        return j + n_features if j < 0 else j
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


_REFUSED = object()


class _MissingRule:
    """A missing value in a categorical column as the installed imbalanced-learn reads it: a category of its own
    (its OneHotEncoder / OrdinalEncoder put None, then NaN, after the column's sorted values), or refused.

    - None is a category for both samplers, 0.10 and >= 0.11 (in a DataFrame, >= 0.11 reads it as NaN: None and
      NaN of one frame column are one category, whose new values are NaN).
    - NaN (a category column of a DataFrame holds NaN where a value is missing) is a category for SMOTENC on
      >= 0.11, in any X, numeric arrays too; 0.10 refuses it ("Input contains NaN"), and so does SMOTEN on every
      version: a DataError here, a ValueError as there.
    - pandas.NA (the "string" dtype, Int64 frames beside text, object arrays) and NaT: imbalanced-learn fails on
      them with errors that say nothing of the value (0.10: "'bool' object has no attribute 'any'"; 0.14:
      "Encoders require their input argument must be uniformly strings or numbers"), so smrt keeps its DataError,
      which names the column, the row and what is taken instead."""

    def __init__(self, all_categorical, frame):
        self.nan = _versions.IMBLEARN_0_11 and not all_categorical
        self.none = np.nan if frame and _versions.IMBLEARN_0_11 else None
        self.accepted = "None or NaN" if self.nan else "None"

    def category(self, v):
        """The category missing value v stands for, or _REFUSED."""
        if v is None:
            return self.none
        if self.nan and isinstance(v, numbers.Real) and v != v:
            return np.nan
        return _REFUSED

    def refusal(self, v, i, what):
        return _core.DataError("SMOTEN/SMOTENC: %s has a missing value (%r) in row %d; a missing category may be "
                               "given as %s (a category of its own, as imbalanced-learn %s takes it)" % (
                                   what, v, i, self.accepted, ">= 0.11" if _versions.IMBLEARN_0_11 else "0.10"))


def _missing_mask(column):
    return np.fromiter((_is_missing(v) for v in column), dtype=bool, count=len(column))


def _levels(column, what, rule):
    """(the categories of one categorical column of an object / text / float array: its sorted distinct values, then
    the categories of its missing values (None first, then NaN, as scikit-learn's encoders order them); the code of
    each row). The column's missing values are those `rule` takes (see _check_types)."""
    missing = _missing_mask(column) if column.dtype.kind in "Of" else np.zeros(len(column), dtype=bool)
    present = column[~missing]
    text = [isinstance(v, (str, bytes)) for v in present]
    if any(text) and not all(text):
        raise _core.DataError("SMOTEN/SMOTENC: %s mixes text and numbers (%r and %r); a column's categories "
                              "are all strings or all numbers" % (
                                  what, present[text.index(True)], present[text.index(False)]))
    levels, codes_present = np.unique(present, return_inverse=True)
    if not missing.any():
        return levels, codes_present.reshape(-1)
    codes = np.empty(len(column), dtype=np.int64)
    codes[~missing] = codes_present.reshape(-1)
    categories = [rule.category(v) for v in column[missing]]
    extra = ([None] if any(c is None for c in categories) else []) + \
        ([np.nan] if any(c is not None for c in categories) else [])
    codes[missing] = [len(levels) + extra.index(None if c is None else np.nan) for c in categories]
    if column.dtype.kind == "f":  # a numeric array: its NaN category
        return np.concatenate([levels, np.array(extra, dtype=column.dtype)]), codes
    return np.concatenate([levels.astype(object), np.array(extra, dtype=object)]), codes


def _is_missing(v):
    pandas = sys.modules.get("pandas")
    return v is None or (isinstance(v, numbers.Real) and v != v) or (
        pandas is not None and (v is pandas.NA or v is pandas.NaT))


def _check_types(column, what, rule=None):
    """A missing value is a DataError, unless `rule` (a categorical column's _MissingRule) takes it as a category; a
    value that is neither text nor a number a TypeError (as numpy's float() gives)."""
    for i, v in enumerate(column):
        if _is_missing(v):
            if rule is None:
                raise _core.DataError("SMOTEN/SMOTENC: %s has a missing value (%r) in row %d" % (what, v, i))
            if rule.category(v) is _REFUSED:
                raise rule.refusal(v, i, what)
        elif not isinstance(v, (numbers.Number, str, bytes)):
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
    @contextlib.contextmanager
    def _frame_of(self, X):
        self._smrt_frame = _frame_columns(X)
        try:
            yield
        finally:
            del self._smrt_frame

    def fit(self, X, y):
        with self._frame_of(X):
            return super().fit(X, y)

    def fit_resample(self, X, y):
        with self._frame_of(X):
            return super().fit_resample(X, y)

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
        categorical = self._categorical_set(X.shape[1])  # categorical_features' errors before the data's
        rule = self._missing_rule()
        if isinstance(X, np.ndarray) and X.dtype.kind == "O":
            names = self._feature_names()
            for j in range(X.shape[1]):
                _check_types(X[:, j], _column_name(names, j), rule if j in categorical else None)
        elif X.dtype.kind in "fc":  # numbers: scikit-learn's own check and message
            if rule.nan and X.dtype.kind == "f" and isinstance(X, np.ndarray) and categorical:
                # SMOTENC, imbalanced-learn >= 0.11: NaN is a category of the categorical columns (_core_rows)
                continuous = [j for j in range(X.shape[1]) if j not in categorical]
                assert_all_finite(X[:, continuous], estimator_name=type(self).__name__, input_name="X")
                assert_all_finite(X[:, sorted(categorical)], allow_nan=True, estimator_name=type(self).__name__,
                                  input_name="X")
            else:
                assert_all_finite(X, estimator_name=type(self).__name__, input_name="X")
        return X, y, binarize_y

    def _missing_rule(self):
        return _MissingRule(self._smrt_all_categorical, getattr(self, "_smrt_frame", None) is not None)

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
        if sparse.issparse(X) or not isinstance(X, np.ndarray) or X.ndim != 2:
            return X, None
        if X.dtype.kind == "f":
            return self._nan_category_rows(X)
        if X.dtype.kind not in "OUS":
            return X, None
        names = self._feature_names()
        n, d = X.shape
        categorical = self._categorical_set(d)
        rule = self._missing_rule()
        rows = np.empty((n, d), dtype=np.float64)
        levels = {}
        column_of = X.astype(object) if X.dtype.kind != "O" else X
        for j in range(d):
            what = _column_name(names, j)
            if j in categorical:
                levels[j], codes = _levels(column_of[:, j], what, rule)
                rows[:, j] = codes
            else:
                rows[:, j] = _numbers(column_of[:, j], what)

        def restore(indices, synthetic):
            synthetic = np.asarray(synthetic)
            new = np.empty(synthetic.shape, dtype=object)
            for j in range(d):
                if j in levels:
                    new[:, j] = _decode(levels[j], synthetic[:, j], _column_name(names, j))
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

    def _nan_category_rows(self, X):
        """A float X whose categorical columns hold NaN, which SMOTENC takes as a category on imbalanced-learn
        >= 0.11 (_MissingRule): those columns go to C++ as codes (the core takes finite values only) and come back
        as their values, NaN included. Elsewhere X as it is (the core refuses its NaN, naming row and column)."""
        rule = self._missing_rule()
        if not rule.nan:
            return X, None
        d = X.shape[1]
        recoded = []
        for j in sorted(self._categorical_set(d)):
            column = X[:, j]
            nan = np.isnan(column)
            if nan.any() and np.isfinite(column[~nan]).all():  # an infinity: the core's error
                recoded.append(j)
        if not recoded:
            return X, None
        names = self._feature_names()
        rows = np.array(X, order="C")
        levels = {}
        for j in recoded:
            levels[j], rows[:, j] = _levels(X[:, j], _column_name(names, j), rule)

        def restore(indices, synthetic):
            new = np.array(synthetic, dtype=np.float64).reshape(-1, d)
            for j in recoded:
                new[:, j] = _decode(levels[j], new[:, j], _column_name(names, j))
            return stack_rows(X[indices], new, X, self._smrt_float_output)

        return rows, restore


def _decode(levels, codes, what):
    """The categories of synthetic rows' codes (the core votes among codes, so they are whole numbers)."""
    codes = np.rint(np.asarray(codes, dtype=np.float64)).astype(np.int64)
    if codes.size and (codes.min() < 0 or codes.max() >= len(levels)):
        raise _core.SmrtError("internal: a synthetic category code of %s is out of range" % (what,))
    return levels[codes]


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
