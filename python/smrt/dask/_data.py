"""The input as partitions, the one pass over y, and the lazy outputs.

Every sampler of smrt.dask works on a `Table`: the partitions of X and y as
dask Delayed objects (one per row block), their lengths and global row
offsets, and what is needed to give back collections of the input's kind
(a dask array, or a dask DataFrame / Series with the same columns, dtypes
and name). Checks that need no data (kinds, shapes, chunk sizes, alignment)
run when the Table is made, so a bad input fails before any work.
"""
import numpy as np
import pandas as pd

import dask
import dask.array as da
import dask.dataframe as dd
from dask import delayed

from .. import _versions
from .._core import DataError

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


class Parts(tuple):
    """A tuple of arrays that dask keeps as a value: a plain tuple persisted into a local
    scheduler's graph would be read as a task (or trip dask.array's graph optimiser)."""

    __slots__ = ()


# -- per-partition functions (module level: workers unpickle them by name) ----

def check_finite(part, index, offset, nan_columns=None):
    """Raises DataError at the first NaN or infinity of partition `index` of X (its first global row
    at `offset`), as the in-memory classes do (a dask graph would otherwise carry it into distances or
    the output). The message names the global row, as the in-memory class's, and where it lies.
    A missing category of a category column (SMOTENC) is NaN here, and passes where the in-memory
    SMOTENC takes it as a category (imbalanced-learn >= 0.11)."""
    if isinstance(part, pd.DataFrame):
        values, nan_columns = frame_rows(part, np.float64), _nan_columns(part)
    else:
        values = np.asarray(part)
    if values.dtype.kind in "fc":
        bad = ~np.isfinite(values)
        if nan_columns:
            bad[:, nan_columns] &= ~np.isnan(values[:, nan_columns])
        if bad.any():
            r, j = np.argwhere(bad)[0]
            raise DataError("X: row %d (partition %d, row %d), feature %d: value %r is not finite (NaN and Inf "
                            "are not allowed)" % (offset + r, index, r, j, values[r, j]))
    return part


def category_columns(dtypes):
    """The positions of the category-dtype columns (SMOTENC's categories, see Table)."""
    return [j for j, t in enumerate(dtypes) if isinstance(t, pd.CategoricalDtype)]


def _category_order(dtype):
    """(rank of each code, code of each rank) of a category dtype: ranks follow the sorted categories, as
    the in-memory SMOTENC numbers a column's values (numpy.unique), so both give the core the same order."""
    code_of_rank = np.argsort(np.asarray(dtype.categories, dtype=object), kind="stable")
    rank_of_code = np.empty_like(code_of_rank)
    rank_of_code[code_of_rank] = np.arange(len(code_of_rank))
    return rank_of_code, code_of_rank


def frame_rows(part, dtype):
    """A pandas partition of X as float rows: a category column as its values' ranks (NaN where missing),
    the others through their common float type."""
    categories = category_columns(part.dtypes)
    if not categories:
        return part.to_numpy(dtype=dtype)
    rows = np.empty(part.shape, dtype=dtype)
    for j in range(part.shape[1]):
        column = part.iloc[:, j]
        if j in categories:
            codes = column.cat.codes.to_numpy()
            rank = _category_order(column.dtype)[0]
            rows[:, j] = np.where(codes >= 0, rank[np.maximum(codes, 0)], np.nan)
        else:
            rows[:, j] = column.to_numpy(dtype=dtype)
    return rows


def _frame_categories(frame, dtypes):
    """New rows' category columns from their ranks (see frame_rows); NaN is a missing category."""
    for j in category_columns(dtypes):
        ranks = frame.iloc[:, j].to_numpy(dtype=np.float64)
        missing = np.isnan(ranks)
        code = _category_order(dtypes.iloc[j])[1]
        codes = np.where(missing, -1, code[np.where(missing, 0, np.rint(ranks)).astype(np.int64)])
        frame.isetitem(j, pd.Categorical.from_codes(codes, dtype=dtypes.iloc[j]))
    return frame


def rows_of(part, dtype, index, offset):
    """Partition `index` of X (its first global row at `offset`) as C-contiguous float rows (float32
    or float64), as the in-memory classes pass X to C++ (a DataFrame through its common float type)."""
    nan_columns = None
    if isinstance(part, pd.DataFrame):
        rows, nan_columns = frame_rows(part, dtype), _nan_columns(part)
    else:
        rows = np.asarray(part)
        if rows.dtype != dtype:
            rows = rows.astype(dtype)
    return check_finite(np.ascontiguousarray(rows), index, offset, nan_columns)


def _nan_columns(part):
    """The columns of a pandas partition whose NaN the in-memory class takes: SMOTENC's category columns on
    imbalanced-learn >= 0.11, where a missing category is one of its own (smrt._categorical._MissingRule)."""
    return category_columns(part.dtypes) if _versions.IMBLEARN_0_11 else None


def labels_of(part):
    """A partition of y as a 1-D numpy array of labels."""
    values = np.asarray(part)
    if values.ndim != 1:
        raise DataError("y must be 1-D (one label a row); a partition has shape %r" % (values.shape,))
    return values


def class_ids(labels, classes):
    """Class ids (positions in the sorted global classes) of a partition's labels."""
    return np.searchsorted(classes, labels).astype(np.int32)


def unique_labels(labels, **kwargs):
    """numpy.unique of labels; labels it cannot order (ints and strings mixed, in one partition or
    across them) are a DataError rather than numpy's bare TypeError."""
    try:
        return np.unique(labels, **kwargs)
    except TypeError as e:
        raise DataError("y mixes label types that cannot be ordered (%s)" % e) from None


def count_partition(part):
    """One partition's classes, their counts and first local row: the only pass over y."""
    labels = labels_of(part)
    classes, first, counts = unique_labels(labels, return_index=True, return_counts=True)
    return classes, counts.astype(np.int64), first.astype(np.int64), len(labels)


def check_lengths(x_part, y_part, index):
    """X and y partitions must hold the same rows: a DataFrame's lengths are only known here."""
    if len(x_part) != len(y_part):
        raise DataError("X and y are not aligned: partition %d of X has %d rows and of y %d" % (
            index, len(x_part), len(y_part)))


def take_rows(x_part, y_part, local, index, offset, start, finite=True):
    """Rows `local` of partition `index` of X (its first global row at `offset`), with a fresh global
    index from `start` for a DataFrame. `finite`: NaN and infinity are a DataError (not for the random
    samplers, which only pick rows)."""
    check_lengths(x_part, y_part, index)
    # The whole partition, as the in-memory classes check all of X (it is read here anyway).
    if finite:
        check_finite(x_part, index, offset)
    if isinstance(x_part, pd.DataFrame):
        out = x_part.iloc[local]
        out.index = pd.RangeIndex(start, start + len(out))
        return out
    return np.asarray(x_part)[local]


def take_labels(y_part, local, start):
    """Labels `local` of one partition of y (a Series keeps its name and dtype)."""
    if isinstance(y_part, pd.Series):
        out = y_part.iloc[local]
        out.index = pd.RangeIndex(start, start + len(out))
        return out
    return np.asarray(y_part)[local]


def reindexed(part, start):
    """A pandas partition with the global positions start, start + 1, ... as its index."""
    out = part.copy(deep=False)
    out.index = pd.RangeIndex(start, start + len(out))
    return out


def as_frame(rows, columns, dtypes, start):
    """New rows as a DataFrame of the input's columns and dtypes (as the in-memory classes cast them)."""
    frame = pd.DataFrame(rows, columns=columns, index=pd.RangeIndex(start, start + len(rows)))
    categories = category_columns(dtypes)
    if not categories:
        return frame.astype(dtypes)
    frame = _frame_categories(frame, dtypes)
    others = [j for j in range(len(dtypes)) if j not in categories]
    for j in others:
        frame.isetitem(j, frame.iloc[:, j].astype(dtypes.iloc[j]))
    return frame


def as_series(labels, name, dtype, start):
    return pd.Series(labels, name=name, index=pd.RangeIndex(start, start + len(labels))).astype(dtype)


def global_indices(local, offset):
    return np.asarray(local, dtype=np.int64) + np.int64(offset)


# -- the table ----------------------------------------------------------------

class ClassStats:
    """What the pass over y found: the classes (numpy.unique order), counts per partition,
    each class's first global row (imbalanced-learn's Counter order for ties)."""

    def __init__(self, classes, counts, first):
        self.classes = classes        # (n_classes,) labels, sorted
        self.counts = counts          # (n_partitions, n_classes) int64
        self.first = first            # (n_classes,) int64 global row of each class's first row

    @property
    def totals(self):
        return self.counts.sum(axis=0)

    def id_of(self, label):
        """The class id of a user's label, or None when no partition holds it."""
        for i, c in enumerate(self.classes):
            if c == label:
                return i
        return None

    def first_minority(self, totals=None):
        """imbalanced-learn's `min(Counter(y), key=...)`: the smallest class, ties to the first seen."""
        totals = self.totals if totals is None else totals
        present = np.flatnonzero(totals > 0)
        smallest = totals[present].min()
        tied = present[totals[present] == smallest]
        return int(tied[np.argmin(self.first[tied])])


class Table:
    """X and y as aligned partitions (see the module docstring)."""

    # Whether output() checks that the rows it takes are finite (the random samplers that only pick
    # rows set it False: NaN passes, as in memory and in imbalanced-learn).
    finite = True

    def __init__(self, X, y, categories=False):
        """`categories`: a DataFrame's columns may be of the category dtype (SMOTENC: its categorical
        features, as their values' ranks; see frame_rows)."""
        if isinstance(X, da.Array):
            self._init_array(X, y)
        elif isinstance(X, dd.DataFrame):
            self._init_frame(X, y, categories)
        elif isinstance(X, dd.Series):
            raise DataError("X is a dask Series; give the features as a dask DataFrame or a 2-D dask array")
        else:
            raise DataError(
                "X must be a dask array (chunked by rows) or a dask DataFrame, got %s; for data in memory use "
                "the classes of smrt.over_sampling / smrt.under_sampling / smrt.combine" % type(X).__name__)
        self.n_partitions = len(self.x_parts)
        if self.n_partitions == 0:
            raise DataError("X has no partitions")

    # arrays ------------------------------------------------------------------
    def _init_array(self, X, y):
        if X.ndim != 2:
            raise DataError("X must be 2-D (rows, features), got a dask array of shape %r" % (X.shape,))
        if any(np.isnan(c) for c in X.chunks[0]) or np.isnan(X.shape[1]):
            raise DataError("X has unknown chunk sizes (rows per block), as after boolean indexing; call "
                            "X.compute_chunk_sizes() first, or build X with known chunks")
        if X.shape[1] == 0:
            raise DataError("X has no features (shape %r)" % (X.shape,))
        _check_not_complex([X.dtype])
        if len(X.chunks[1]) > 1:
            X = X.rechunk({1: -1})  # blocks of whole rows: a row never spans two tasks
        y = self._array_labels(X, y)
        self.kind = "array"
        self.X, self.y = X, y
        self.n_features = int(X.shape[1])
        self.dtype = X.dtype if X.dtype in _FLOATS else np.dtype(np.float64)
        self.out_dtype = X.dtype
        self.y_dtype = y.dtype
        self.all_bool = X.dtype == np.bool_
        self.x_parts = list(X.to_delayed().ravel())
        self.y_parts = list(y.to_delayed().ravel())
        self.lengths = np.array(X.chunks[0], dtype=np.int64)
        self.row_bytes = self.n_features * self.dtype.itemsize

    @staticmethod
    def _array_labels(X, y):
        if isinstance(y, (dd.Series, dd.DataFrame)):
            raise DataError("y is a dask %s while X is a dask array; give y as a dask array (y.to_dask_array("
                            "lengths=True)) or X as a dask DataFrame" % type(y).__name__)
        if not isinstance(y, da.Array):
            values = np.asarray(y)
            if values.ndim != 1:
                raise DataError("y must be 1-D, got shape %r" % (values.shape,))
            if len(values) != X.shape[0]:
                raise DataError("X and y are not aligned: X has %d rows, y %d" % (X.shape[0], len(values)))
            return da.from_array(values, chunks=(X.chunks[0],))
        if y.ndim != 1:
            raise DataError("y must be 1-D (one label a row), got a dask array of shape %r" % (y.shape,))
        if any(np.isnan(c) for c in y.chunks[0]):
            raise DataError("y has unknown chunk sizes; call y.compute_chunk_sizes() first")
        if y.shape[0] != X.shape[0]:
            raise DataError("X and y are not aligned: X has %d rows, y %d" % (X.shape[0], y.shape[0]))
        if y.chunks[0] != X.chunks[0]:
            y = y.rechunk((X.chunks[0],))  # same rows, X's blocks
        return y

    # frames ------------------------------------------------------------------
    def _init_frame(self, X, y, categories=False):
        if not isinstance(y, dd.Series):
            raise DataError("X is a dask DataFrame, so y must be a dask Series with the same partitions, got %s"
                            % type(y).__name__)
        if y.npartitions != X.npartitions:
            raise DataError("X and y are not aligned: X has %d partitions, y %d" % (X.npartitions, y.npartitions))
        if X.known_divisions and y.known_divisions and tuple(X.divisions) != tuple(y.divisions):
            raise DataError("X and y are not aligned: their divisions differ (%r vs %r)" % (
                X.divisions[:4], y.divisions[:4]))
        dtypes = X.dtypes
        bad = [str(c) for c, t in dtypes.items()
               if not (pd.api.types.is_numeric_dtype(t) or pd.api.types.is_bool_dtype(t)
                       or (categories and isinstance(t, pd.CategoricalDtype)))]
        if bad:
            raise DataError("X must be numeric%s; columns %s are not" % (
                " (or of the category dtype)" if categories else "", ", ".join(bad[:5])))
        if categories:
            from dask.dataframe.utils import has_known_categories

            unknown = [str(c) for c, t in dtypes.items()
                       if isinstance(t, pd.CategoricalDtype) and not has_known_categories(X[c])]
            if unknown:
                raise DataError("X's category columns %s have unknown categories (they must be the same in every "
                                "partition): call X = X.categorize(columns=%r) first" % (
                                    ", ".join(unknown[:5]), unknown[:5]))
        if len(dtypes) == 0:
            raise DataError("X has no columns")
        _check_not_complex(dtypes)
        self.kind = "frame"
        self.X, self.y = X, y
        self.n_features = len(dtypes)
        self.columns = X.columns
        self.dtypes = dtypes
        self.meta = X._meta
        self.y_meta = y._meta
        self.y_dtype = y.dtype
        self.y_name = y.name
        # As in memory, where an all-bool DataFrame reaches the sampler as a bool array.
        self.all_bool = all(pd.api.types.is_bool_dtype(t) for t in dtypes)
        all_f32 = all(t == np.float32 for t in dtypes)
        self.dtype = np.dtype(np.float32) if all_f32 else np.dtype(np.float64)
        self.x_parts = list(X.to_delayed())
        self.y_parts = list(y.to_delayed())
        self.lengths = None  # known after the pass over y
        self.row_bytes = self.n_features * self.dtype.itemsize

    # the pass over y ---------------------------------------------------------
    def class_stats(self):
        """Classes, counts per partition and first rows, from y alone (X is not computed)."""
        parts = dask.compute(*[delayed(count_partition)(p) for p in self.y_parts])
        lengths = np.array([p[3] for p in parts], dtype=np.int64)
        if self.lengths is not None and not np.array_equal(lengths, self.lengths):
            raise DataError("X and y are not aligned: partition lengths differ")
        self.lengths = lengths
        non_empty = [p[0] for p in parts if len(p[0])]
        if not non_empty:
            raise DataError("y is empty: no rows to resample")
        classes = unique_labels(np.concatenate(non_empty))
        from sklearn.utils.multiclass import type_of_target

        kind = type_of_target(classes)
        if kind not in ("binary", "multiclass"):
            raise DataError("y's labels must be classes, but they look %s (%s...)" % (kind, classes[:5]))
        if len(classes) < 2:
            raise DataError("y has a single class (%r); resampling needs at least two" % (classes[0],))
        counts = np.zeros((len(parts), len(classes)), dtype=np.int64)
        first = np.full(len(classes), np.iinfo(np.int64).max, dtype=np.int64)
        for p, (cls, cnt, fst, _) in enumerate(parts):
            if len(cls) == 0:
                continue
            ids = np.searchsorted(classes, cls)
            counts[p, ids] = cnt
            first[ids] = np.minimum(first[ids], fst + self.offsets[p])
        return ClassStats(classes, counts, first)

    @property
    def offsets(self):
        return np.concatenate([[0], np.cumsum(self.lengths)[:-1]]).astype(np.int64)

    @property
    def n_rows(self):
        return int(self.lengths.sum())

    # outputs -----------------------------------------------------------------
    def rows_part(self, p):
        """Partition p of X as float rows (a Delayed)."""
        return delayed(rows_of)(self.x_parts[p], self.dtype, p, int(self.offsets[p]))

    def output(self, pieces, float_output=False):
        """The resampled X and y from pieces in output order.

        Each piece is ("select", p, local, n): the rows `local` (a Delayed of int64 indices
        into partition p, n of them), ("whole", p, n): all of partition p, or ("new", rows,
        labels, n): new rows (Delayed float rows and labels). Empty pieces are left out, so a
        DataFrame's divisions (its fresh 0..n-1 index) are known. `float_output`: the sampler's new
        rows of an int / bool array are float64, and so is the whole output (in memory: stack_rows).
        """
        pieces = [pc for pc in pieces if pc[-1] > 0]
        out_dtype = getattr(self, "out_dtype", None)  # arrays; a frame keeps its columns' dtypes
        cast = lambda x: x  # noqa: E731
        if float_output and self.kind == "array" and out_dtype not in _FLOATS and any(
                pc[0] == "new" for pc in pieces):
            out_dtype = np.dtype(np.float64)
            cast = lambda x: delayed(_cast)(x, out_dtype)  # noqa: E731
        starts = np.concatenate([[0], np.cumsum([pc[-1] for pc in pieces])]).astype(np.int64)
        xs, ys = [], []
        offsets = self.offsets
        for pc, start in zip(pieces, starts[:-1]):
            start = int(start)
            if pc[0] == "select":
                _, p, local, n = pc
                xs.append(cast(delayed(take_rows)(self.x_parts[p], self.y_parts[p], local, p, int(offsets[p]),
                                                  start, self.finite)))
                ys.append(delayed(take_labels)(self.y_parts[p], local, start))
            elif pc[0] == "whole":
                _, p, n = pc
                if self.kind == "frame":
                    x_part = delayed(reindexed)(self.x_parts[p], start)
                    y_part = delayed(reindexed)(self.y_parts[p], start)
                    xs.append(delayed(_checked)(x_part, y_part, p, int(offsets[p]), self.finite))
                    ys.append(y_part)
                else:
                    xs.append(cast(delayed(check_finite)(self.x_parts[p], p, int(offsets[p])) if self.finite
                                   else self.x_parts[p]))
                    ys.append(self.y_parts[p])
            else:
                _, rows, labels, n = pc
                if self.kind == "frame":
                    xs.append(delayed(as_frame)(rows, self.columns, self.dtypes, start))
                    ys.append(delayed(as_series)(labels, self.y_name, self.y_dtype, start))
                else:
                    xs.append(delayed(_cast)(rows, out_dtype))
                    ys.append(delayed(_cast)(labels, self.y_dtype))
        sizes = [pc[-1] for pc in pieces]
        if self.kind == "frame":
            divisions = tuple(int(s) for s in starts[:-1]) + (int(starts[-1]) - 1,)
            if not xs:
                return dd.from_pandas(self.meta, npartitions=1), dd.from_pandas(self.y_meta, npartitions=1)
            X_res = dd.from_delayed(xs, meta=self.meta, divisions=divisions, verify_meta=False)
            y_res = dd.from_delayed(ys, meta=self.y_meta, divisions=divisions, verify_meta=False)
            return X_res, y_res
        if not xs:
            return (da.zeros((0, self.n_features), dtype=out_dtype),
                    da.zeros((0,), dtype=self.y_dtype))
        X_res = da.concatenate([da.from_delayed(x, (n, self.n_features), dtype=out_dtype)
                                for x, n in zip(xs, sizes)])
        y_res = da.concatenate([da.from_delayed(v, (n,), dtype=self.y_dtype) for v, n in zip(ys, sizes)])
        return X_res, y_res


def _check_not_complex(dtypes):
    """Complex X is scikit-learn's ValueError in memory; here it is refused from the dtype, before
    anything is computed (a cast to float would drop the imaginary parts)."""
    complex_ = [t for t in dtypes if getattr(t, "kind", None) == "c"]
    if complex_:
        raise DataError("Complex data not supported (X has dtype %s); give its real and imaginary parts as "
                        "separate features" % complex_[0])


def _checked(x_part, y_part, index, offset, finite=True):
    check_lengths(x_part, y_part, index)
    return check_finite(x_part, index, offset) if finite else x_part


def _cast(values, dtype):
    return np.asarray(values).astype(dtype, copy=False)


def index_array(parts):
    """sample_indices_ as a lazy int64 dask array from (Delayed indices, n) pieces."""
    parts = [(d, n) for d, n in parts if n > 0]
    if not parts:
        return da.zeros((0,), dtype=np.int64)
    return da.concatenate([da.from_delayed(d, (n,), dtype=np.int64) for d, n in parts])
