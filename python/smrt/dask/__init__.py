"""smrt on dask.distributed: resample tables larger than one machine, exactly, in bounded memory.

::

    import smrt.dask
    X_res, y_res = smrt.dask.SMOTE(random_state=0).fit_resample(X, y)   # X: dask array or DataFrame

Each class takes the parameters of its in-memory namesake (smrt.over_sampling.SMOTE, ...) plus
``n_threads_per_task`` (threads of the C++ sampler and of BLAS inside one task) and, where rows are
gathered, ``max_gather_bytes`` and ``max_synthetic_bytes``. ``fit_resample`` takes a dask array
chunked by rows and a 1-D dask array (or numpy array) of labels, or a dask DataFrame and a dask
Series, and returns lazy collections of the same kind; ``sampling_strategy_`` comes from the global
class counts, ``sample_indices_`` (a lazy int64 dask array of global row numbers) where the in-memory
class has it. Run it under any dask scheduler: a ``dask.distributed.Client`` (local or a real
cluster), threads, or the synchronous one; the result does not depend on which.

How each sampler splits its work, what it gathers, and what is exact: docs/dask.md. This module is
not imported by ``import smrt``: import smrt.dask explicitly (it needs dask and distributed).
"""
import inspect
import numbers
from collections import OrderedDict

import numpy as np

try:  # smrt.dask's own requirements (the extra smrt[dask]), which `import smrt` does without
    import dask
    import dask.array  # noqa: F401
    import dask.dataframe  # noqa: F401
    import pandas  # noqa: F401
except ImportError as _error:
    raise ImportError("smrt.dask needs dask (its array and dataframe parts, and pandas) and distributed to run "
                      "on a cluster; this Python lacks one (%s): pip install 'smrt[dask]', or on Debian 12 "
                      "apt-get install python3-dask python3-distributed" % _error) from _error
from dask import delayed
from sklearn.base import BaseEstimator

from .. import combine as _combine
from .. import generative as _generative
from .. import over_sampling as _over
from .. import under_sampling as _under
from .._core import DataError, ParameterError
from .._categorical import categorical_indices
from .._estimator import _SAMPLE_INDICES, MAX_THREADS, unavailable_class
from . import _clean, _data, _gather, _random, _strategy
from . import _whole as _whole_table

__all__ = []

_GIB = 2 ** 30
_EXTRA = {
    "n_threads_per_task": (1, "Threads of the C++ sampler and of BLAS inside one dask task (the cluster's "
                              "workers x threads give the parallelism across tasks)."),
}
_GATHER_EXTRA = {
    "max_gather_bytes": (_GIB, "The most bytes of rows gathered into one task (the over-sampled classes, and "
                               "their nearest rows for ADASYN / BorderlineSMOTE); more is a DataError before "
                               "any heavy work."),
    "max_synthetic_bytes": (2 ** 28, "The most bytes of synthetic rows one task makes; more are made in "
                                     "several tasks, each with its own seed (same distribution, other draws)."),
}

_WHOLE_EXTRA = {
    "max_gather_bytes": (_GIB, "The most bytes of rows gathered into one task: this sampler gathers the whole "
                               "table (rows x (row bytes + 12)); more is a DataError before X is read."),
}


class _DaskSampler(BaseEstimator):
    """fit_resample on dask collections; the in-memory class gives the parameters and checks."""

    _memory_class = None
    _own = ("n_threads_per_task",)
    _categories = False  # a DataFrame's columns may be of the category dtype (SMOTENC)

    # -- parameters -----------------------------------------------------------
    def _memory(self, **override):
        """The in-memory sampler with these parameters (what is gathered runs on it)."""
        params = {k: v for k, v in self.get_params(deep=False).items() if k not in self._own}
        params["n_threads"] = int(self.n_threads_per_task)
        params.update(override)
        return self._memory_class(**params)

    def _check_own_params(self):
        n = self.n_threads_per_task
        if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
            raise ParameterError("n_threads_per_task: an int >= 1, got %r" % (n,))
        if n > MAX_THREADS:  # named here: the in-memory class would name its n_threads
            raise ParameterError("n_threads_per_task=%d is more threads than smrt runs a task with (at most %d)"
                                 % (n, MAX_THREADS))
        for name in ("max_gather_bytes", "max_synthetic_bytes"):
            if name in self._own:
                v = getattr(self, name)
                if not isinstance(v, numbers.Integral) or isinstance(v, bool) or v < 1:
                    raise ParameterError("%s: an int >= 1 (bytes), got %r" % (name, v))

    # -- the interface ---------------------------------------------------------
    def fit_resample(self, X, y):
        """Resample dask collections.

        Parameters
        ----------
        X : dask array of shape (n_samples, n_features), chunked by rows (known chunk sizes), or a
            dask DataFrame of numeric columns
        y : dask array (same row chunks as X, or a numpy array) or, with a DataFrame, a dask Series
            with the same partitions

        Returns
        -------
        X_resampled, y_resampled : lazy dask collections of the input's kind (a DataFrame keeps its
            columns and dtypes and gets the index 0..n-1; a Series its name and dtype).
        """
        self._check_own_params()
        memory = self._memory()
        memory._validate_params()
        X = self._prepare_X(X)
        table = _data.Table(X, y, categories=self._categories)
        self._check_before_pass(memory)
        self._with_columns(memory, table)
        stats = table.class_stats()
        if "random_state" in memory.get_params(deep=False):
            # One seed for the whole call, drawn here on the client: a RandomState gives one draw per call,
            # as to the in-memory class (resolving sampling_strategy_ or a task would draw again).
            memory.set_params(random_state=_random.seed_of(memory.random_state))
        self._check_bool(table, stats, memory)
        self.n_features_in_ = table.n_features
        self.__dict__.pop("feature_names_in_", None)
        if table.kind == "frame":
            self.feature_names_in_ = np.asarray(table.columns, dtype=object)
        self.__dict__.pop("sample_indices_", None)
        pieces = self._resample(table, stats, memory)
        return self._finish(table.output(pieces, float_output=memory._smrt_float_output))

    def _prepare_X(self, X):
        return X

    def _finish(self, out):
        return out

    def _check_before_pass(self, memory):
        pass

    def _with_columns(self, memory, table):
        """Parameters that name X's columns, resolved on `memory` before any row is read."""

    def _check_bool(self, table, stats, memory):
        """A bool X: the in-memory class's TypeError where it would make new rows (interpolated ones have
        no bool value), from the dtype and the class counts, before X is read."""
        if not table.all_bool or memory._sampling_type != "over-sampling":
            return
        error = memory._bool_rows_error()
        if error is not None and any(n > 0 for n in _strategy.resolve(memory, stats.classes, stats.totals).values()):
            raise error

    def _resample(self, table, stats, memory):  # pragma: no cover - each family defines it
        raise NotImplementedError

    def _targets(self, memory, stats):
        targets = _strategy.resolve(memory, stats.classes, stats.totals)
        self.sampling_strategy_ = targets
        return targets

    def _more_tags(self):
        return {"X_types": ["2darray", "dataframe"], "allow_nan": False}


class _RandomUnder(_DaskSampler):
    def _resample(self, table, stats, memory):
        targets = self._targets(memory, stats)
        table.finite = False  # it only picks rows: NaN passes, as in memory (imbalanced-learn's rule)
        pieces, indices = _random.under_sample(table, stats, targets, _random.seed_of(memory.random_state),
                                               bool(memory.replacement))
        self.sample_indices_ = _data.index_array(indices)
        return pieces


class _RandomOver(_DaskSampler):
    def _resample(self, table, stats, memory):
        targets = self._targets(memory, stats)
        table.finite = memory.shrinkage is not None  # without shrinkage it only picks rows: NaN passes
        pieces, indices = _random.over_sample(table, stats, targets, _random.seed_of(memory.random_state),
                                              memory.shrinkage)
        if indices is not None:
            self.sample_indices_ = _data.index_array(indices)
        return pieces


def _whole(table):
    return [("whole", p, int(table.lengths[p])) for p in range(table.n_partitions)]


class _Gathering(_DaskSampler):
    """SMOTE, SMOTENC, BorderlineSMOTE, ADASYN, SMRT (see _gather)."""

    _own = ("n_threads_per_task", "max_gather_bytes", "max_synthetic_bytes")
    _k_name = "k_neighbors"   # the class-size check: k + 1 rows per over-sampled class
    _can_split = True         # synthetic rows may be made in several tasks
    _prefit = False           # SMRT: fit the models once before the tasks that generate
    _split_smote = False      # beyond one task: one neighbour search, then plain SMOTE draws

    def _neighbour_counts(self, memory):
        """(k_all, k_other): nearest rows of the whole table each gathered row needs."""
        return 0, 0

    def _gathered_classes(self, stats, add):
        wanted = np.array([c in add for c in stats.classes], dtype=bool)
        return wanted

    def _pad_rows(self, stats):
        """Rows given to each class S lacks (see _gather.subset_arrays)."""
        return 1

    def _synthesize(self, table, stats, memory, add, what):
        """Synthetic output pieces for `add` ({label: rows to add}) with the in-memory sampler."""
        add = {label: n for label, n in add.items() if n > 0}
        if not add:
            return []
        k_name = self._k_name
        if k_name is not None and isinstance(getattr(memory, k_name, None), numbers.Integral):
            _gather.check_class_sizes(stats, add, int(getattr(memory, k_name)), k_name)
        wanted = self._gathered_classes(stats, add)
        S = _gather.gather(table, stats, wanted, self.max_gather_bytes, what)
        k_all, k_other = self._neighbour_counts(memory)
        if k_all:
            S = _gather.add_neighbours(table, stats, S, k_all + _gather._MARGIN,
                                       k_other + _gather._MARGIN if k_other else 0, self.max_gather_bytes,
                                       int(self.n_threads_per_task), what)
        S_classes = dask.compute(delayed(np.unique)(S[1]))[0]
        pad_ids = [c for c in range(len(stats.classes)) if c not in set(S_classes.tolist())]
        pad_rows = self._pad_rows(stats)
        counts_of = {label: int(stats.totals[stats.id_of(label)]) for label in add}
        seed = _random.seed_of(memory.random_state)
        chunk_rows = int(max(1, table.lengths.max()))
        row_bytes = table.n_features * np.dtype(table.dtype).itemsize
        n_pieces = _gather.plan_pieces(sum(add.values()), row_bytes, self.max_synthetic_bytes)
        strategy = {label: counts_of[label] + n for label, n in add.items()}
        sampler = memory.set_params(sampling_strategy=strategy, random_state=seed)
        if n_pieces == 1:
            return _gather.run_once(sampler, S, stats.classes, pad_ids, pad_rows, chunk_rows)
        if not self._can_split:
            raise ParameterError(
                "%s: its %d synthetic rows (%.1f MB) exceed max_synthetic_bytes=%d, and it makes them in one task "
                "(their number depends on the whole run); raise max_synthetic_bytes" % (
                    what, sum(add.values()), sum(add.values()) * row_bytes / 1e6, self.max_synthetic_bytes))
        if self._split_smote:
            return _gather.smote_split(S, stats, add, int(memory.k_neighbors), n_pieces, seed, chunk_rows,
                                       int(self.n_threads_per_task), table.dtype)
        return _gather.run_split(sampler, S, stats.classes, pad_ids, pad_rows, counts_of, add, n_pieces, seed,
                                 chunk_rows, self._prefit)

    def _resample(self, table, stats, memory):
        targets = self._targets(memory, stats)
        return _whole(table) + self._synthesize(table, stats, memory, dict(targets), type(self).__name__)


class _SMOTEMixin:
    _split_smote = True


class _SMOTENCMixin:
    # Category-dtype columns (what categorical_features='auto' takes, as in memory) reach the in-memory class as
    # their values' ranks and come back as categories (_data.frame_rows); they must be categorical features.
    _categories = True

    def _with_columns(self, memory, table):
        # Column names and 'auto' for categorical_features, as the in-memory class takes them from a DataFrame:
        # indices from the dask DataFrame's columns and dtypes, since the gathered rows reach the in-memory class
        # as arrays.
        frame = table.kind == "frame"
        indices = categorical_indices(memory.categorical_features, table.n_features,
                                      table.columns if frame else None, list(table.dtypes) if frame else None)
        if frame:
            loose = [j for j in _data.category_columns(table.dtypes) if indices is None or j not in indices]
            if loose:  # its ranks would be taken for numbers
                raise DataError("X: column %r (feature %d) is of the category dtype, but not in categorical_features "
                                "(%r); name it there, or give it as numbers" % (
                                    str(table.columns[loose[0]]), loose[0], memory.categorical_features))
        memory.set_params(categorical_features=indices)

    def _gathered_classes(self, stats, add):
        wanted = np.array([c in add for c in stats.classes], dtype=bool)
        wanted[stats.first_minority()] = True  # its spread scales the categorical columns
        return wanted

    def _pad_rows(self, stats):
        # A pad class must not become SMOTENC's minority: as many rows as the minority (seen later).
        return int(stats.totals[stats.first_minority()])


class _ADASYNMixin:
    _k_name = "n_neighbors"
    _can_split = False

    def _neighbour_counts(self, memory):
        return int(memory.n_neighbors) + 1, 0


class _BorderlineMixin:
    _can_split = False

    def _neighbour_counts(self, memory):
        k_other = int(memory.k_neighbors) if memory.kind == "borderline-2" else 0
        return int(memory.m_neighbors) + 1, k_other


class _SMRTMixin:
    _k_name = None
    _prefit = True

    def _synthesize(self, table, stats, memory, add, what):
        # SMRT's conditional VAE (its default) learns from every class: gather the whole table.
        self._gather_all = bool(getattr(memory, "conditional", False))
        return super()._synthesize(table, stats, memory, add, what)

    def _gathered_classes(self, stats, add):
        if getattr(self, "_gather_all", False):
            return np.ones(len(stats.classes), dtype=bool)
        return super()._gathered_classes(stats, add)


class _Cleaning(_DaskSampler):
    """ENN, RENN, AllKNN, TomekLinks, NCR (see _clean)."""

    def _check_before_pass(self, memory):
        knn = getattr(memory, "knn", "exact")
        if knn != "exact":
            raise ParameterError("knn=%r: smrt.dask's cleaning samplers search neighbours exactly, block by "
                                 "block; give knn='exact'" % (knn,))

    def _blocks(self, table, stats):
        bases = [delayed(_clean.base_block)(table.x_parts[p], table.y_parts[p], stats.classes, table.dtype, p,
                                            int(table.offsets[p]))
                 for p in range(table.n_partitions)]
        blocks = _clean.Blocks(bases, table.lengths, len(stats.classes), int(self.n_threads_per_task))
        blocks.current_counts(stats.counts.copy())
        return blocks

    def _resample(self, table, stats, memory):
        self._targets(memory, stats)
        blocks = self._blocks(table, stats)
        self._clean(blocks, memory, stats)
        pieces, indices = [], []
        for p, (local, n) in enumerate(blocks.kept_pieces()):
            offset = int(table.offsets[p])
            if local is None:
                pieces.append(("whole", p, n))
                indices.append((delayed(np.arange)(offset, offset + n, dtype=np.int64), n))
            else:
                pieces.append(("select", p, local, n))
                indices.append((delayed(_data.global_indices)(local, offset), n))
        self.sample_indices_ = _data.index_array(indices)
        return pieces

    def _clean(self, blocks, memory, stats):  # pragma: no cover
        raise NotImplementedError


class _ENNMixin:
    def _clean(self, blocks, memory, stats):
        _clean.edited(blocks, _clean.targets_of(memory, stats.classes), stats.classes, stats.first,
                      int(memory.n_neighbors), memory.kind_sel)


class _RENNMixin:
    def _clean(self, blocks, memory, stats):
        self.n_iter_ = _clean.edited(blocks, _clean.targets_of(memory, stats.classes), stats.classes, stats.first,
                                     int(memory.n_neighbors), memory.kind_sel, repeat=int(memory.max_iter),
                                     mode="renn")


class _AllKNNMixin:
    def _clean(self, blocks, memory, stats):
        _clean.edited(blocks, _clean.targets_of(memory, stats.classes), stats.classes, stats.first,
                      int(memory.n_neighbors), memory.kind_sel, mode="allknn",
                      allow_minority=bool(memory.allow_minority))


class _TomekMixin:
    def _clean(self, blocks, memory, stats):
        _clean.tomek(blocks, _clean.targets_of(memory, stats.classes), stats.classes)


class _NCRMixin:
    def _clean(self, blocks, memory, stats):
        _clean.ncr(blocks, _clean.targets_of(memory, stats.classes), stats.classes, stats.first,
                   int(memory.n_neighbors), memory.kind_sel, float(memory.threshold_cleaning), memory.rule)


class _Combined(_Gathering, _Cleaning):
    """SMOTEENN, SMOTETomek: SMOTE's rows (gathered), then cleaning every class over the input's
    partitions and the synthetic ones."""

    _own = ("n_threads_per_task", "max_gather_bytes", "max_synthetic_bytes")

    def _settings(self, memory):
        values = {spec["name"]: getattr(memory, spec["name"]) for spec in memory._smrt_specs}
        if memory._smrt_compat is not None:
            values = memory._smrt_compat.to_smrt(memory, values)
        return values

    def _resample(self, table, stats, memory):
        given = [name for name in ("smote", self._cleaner) if getattr(memory, name, None) is not None]
        if given:
            raise ParameterError(
                "%s: %s objects are not run on dask partitions; set this sampler's own sampling_strategy, "
                "random_state, k_neighbors%s instead (smrt's SMOTE, then the cleaner on every class)" % (
                    type(self).__name__, " and ".join("%s=" % g for g in given),
                    ", n_neighbors, kind_sel" if self._cleaner == "enn" else ""))
        values = self._settings(memory)
        smote = _over.SMOTE(sampling_strategy=memory.sampling_strategy, random_state=memory.random_state,
                            k_neighbors=int(values["k_neighbors"]), knn=values["knn"],
                            n_threads=int(self.n_threads_per_task))
        targets = self._targets(smote, stats)
        new = _Gathering._synthesize(self, table, stats, smote, dict(targets), type(self).__name__)
        bases = [delayed(_clean.base_block)(table.x_parts[p], table.y_parts[p], stats.classes, table.dtype, p,
                                            int(table.offsets[p]))
                 for p in range(table.n_partitions)]
        bases += [delayed(_clean.base_new)(rows, labels, stats.classes) for _, rows, labels, _ in new]
        lengths = list(table.lengths) + [n for *_, n in new]
        blocks = _clean.Blocks(bases, lengths, len(stats.classes), int(self.n_threads_per_task))
        blocks.current_counts()
        everything = _clean.every_class(stats.classes)
        if self._cleaner == "enn":
            _clean.edited(blocks, everything, stats.classes, stats.first, int(values["n_neighbors"]),
                          values["kind_sel"])
        else:
            _clean.tomek(blocks, everything, stats.classes)
        kept = blocks.kept_pieces()
        pieces = []
        for p in range(table.n_partitions):
            local, n = kept[p]
            pieces.append(("whole", p, n) if local is None else ("select", p, local, n))
        for (_, rows, labels, _), (local, n) in zip(new, kept[table.n_partitions:]):
            if local is None:
                pieces.append(("new", rows, labels, n))
            else:
                r, lab = delayed(_take_new, nout=2)(rows, labels, local)
                pieces.append(("new", r, lab, n))
        return pieces


class _WholeGather(_DaskSampler):
    """Samplers whose algorithm needs every row: the whole table gathered under max_gather_bytes,
    the in-memory class run on it in one task (see _whole); exact, not distributed."""

    _own = ("n_threads_per_task", "max_gather_bytes")

    def _resample(self, table, stats, memory):
        self._targets(memory, stats)  # checks sampling_strategy against the global counts first
        pieces, indices, targets = _whole_table.whole_table(memory, table, stats, self.max_gather_bytes,
                                                      type(self).__name__, getattr(self, "_sample_shape", ()))
        self.sampling_strategy_ = OrderedDict(targets)
        if indices is not None and type(self).__name__ in _SAMPLE_INDICES:
            self.sample_indices_ = _data.index_array(indices)
        return pieces


class _ImageMixin:
    """Image samplers: X may be a dask array of images, (n, H, W) or (n, C, H, W), chunked by rows;
    the output keeps that shape."""

    def _prepare_X(self, X):
        import dask.array as da

        self._sample_shape = ()
        if isinstance(X, da.Array) and X.ndim > 2:
            if any(np.isnan(c) for c in X.chunks[0]):
                raise DataError("X has unknown chunk sizes (rows per block); call X.compute_chunk_sizes() first")
            self._sample_shape = tuple(int(s) for s in X.shape[1:])
            X = X.rechunk({i: -1 for i in range(1, X.ndim)})
            X = X.map_blocks(_flatten, chunks=(X.chunks[0], (int(np.prod(self._sample_shape)),)),
                             drop_axis=list(range(2, X.ndim)), dtype=X.dtype)
        return X

    def _finish(self, out):
        shape = self.__dict__.pop("_sample_shape", ())
        X_res, y_res = out
        if shape:
            X_res = X_res.map_blocks(_unflatten, shape, chunks=(X_res.chunks[0],) + tuple((s,) for s in shape),
                                     new_axis=list(range(2, 1 + len(shape))), dtype=X_res.dtype)
        return X_res, y_res


def _flatten(block):
    return block.reshape(len(block), -1)


def _unflatten(block, shape):
    return block.reshape((len(block),) + tuple(shape))


def _take_new(rows, labels, local):
    return rows[local], labels[local]


class _SMOTEENNMixin:
    _cleaner = "enn"
    _split_smote = True


class _SMOTETomekMixin:
    _cleaner = "tomek"
    _split_smote = True


# -- writing the result --------------------------------------------------------

def _save_pair(x_block, y_block, x_path, y_path):
    np.save(x_path, np.asarray(x_block))
    np.save(y_path, np.asarray(y_block))
    return len(y_block)


def to_npy_stack(dirname, X_res, y_res):
    """Write X_res and y_res (dask arrays with the same row chunks) in one pass, as
    dask.array.to_npy_stack lays them out: dirname/X and dirname/y, each read back with
    dask.array.from_npy_stack. One pass matters: computing X_res and then y_res would make the
    rows twice (for SMOTE beyond max_synthetic_bytes, run the sampler twice). Workers write the
    files themselves, so on a cluster `dirname` must be a filesystem they all see."""
    import os
    import pickle

    import dask.array as da

    if not isinstance(X_res, da.Array) or not isinstance(y_res, da.Array):
        raise DataError("to_npy_stack writes dask arrays; write a DataFrame with "
                        "X_res.assign(target=y_res).to_csv(...) or .to_parquet(...)")
    if X_res.chunks[0] != y_res.chunks[0]:
        raise DataError("X_res and y_res must have the same row chunks (as fit_resample returns them)")
    if len(X_res.chunks[1]) > 1:
        X_res = X_res.rechunk({1: -1})
    tasks = []
    for name, arr in (("X", X_res), ("y", y_res)):
        os.makedirs(os.path.join(dirname, name), exist_ok=True)
        chunks = tuple(c if i == 0 else (sum(c),) for i, c in enumerate(arr.chunks))
        with open(os.path.join(dirname, name, "info"), "wb") as f:
            pickle.dump({"chunks": chunks, "dtype": arr.dtype, "axis": 0}, f)
    for i, (xb, yb) in enumerate(zip(X_res.to_delayed().ravel(), y_res.to_delayed().ravel())):
        tasks.append(delayed(_save_pair)(xb, yb, os.path.join(dirname, "X", "%d.npy" % i),
                                         os.path.join(dirname, "y", "%d.npy" % i)))
    return int(sum(dask.compute(*tasks)))


# -- the public classes --------------------------------------------------------

_FAMILIES = {
    "RandomUnderSampler": (_under, (_RandomUnder,)),
    "RandomOverSampler": (_over, (_RandomOver,)),
    "SMOTE": (_over, (_SMOTEMixin, _Gathering)),
    "SMOTENC": (_over, (_SMOTENCMixin, _Gathering)),
    "BorderlineSMOTE": (_over, (_BorderlineMixin, _Gathering)),
    "ADASYN": (_over, (_ADASYNMixin, _Gathering)),
    "SMRT": (_generative, (_SMRTMixin, _Gathering)),
    "EditedNearestNeighbours": (_under, (_ENNMixin, _Cleaning)),
    "RepeatedEditedNearestNeighbours": (_under, (_RENNMixin, _Cleaning)),
    "AllKNN": (_under, (_AllKNNMixin, _Cleaning)),
    "TomekLinks": (_under, (_TomekMixin, _Cleaning)),
    "NeighbourhoodCleaningRule": (_under, (_NCRMixin, _Cleaning)),
    "SMOTEENN": (_combine, (_SMOTEENNMixin, _Combined)),
    "SMOTETomek": (_combine, (_SMOTETomekMixin, _Combined)),
    # the whole table gathered under max_gather_bytes (docs/dask.md)
    "SMOTEN": (_over, (_WholeGather,)),
    "SVMSMOTE": (_over, (_WholeGather,)),
    "KMeansSMOTE": (_over, (_WholeGather,)),
    "NearMiss": (_under, (_WholeGather,)),
    "CondensedNearestNeighbour": (_under, (_WholeGather,)),
    "OneSidedSelection": (_under, (_WholeGather,)),
    "ClusterCentroids": (_under, (_WholeGather,)),
    "InstanceHardnessThreshold": (_under, (_WholeGather,)),
    # the samplers from the smote-variants ranking: each reads the whole table's neighbourhoods
    "PolynomFitSMOTE": (_over, (_WholeGather,)),
    "ProWSyn": (_over, (_WholeGather,)),
    "SafeLevelSMOTE": (_over, (_WholeGather,)),
    "MWMOTE": (_over, (_WholeGather,)),
    "GeometricSMOTE": (_over, (_WholeGather,)),
    "SMOBD": (_over, (_WholeGather,)),
    "SMOTEIPF": (_combine, (_WholeGather,)),
    "ConditionalGAN": (_generative, (_ImageMixin, _WholeGather)),
    "SMate": (_generative, (_ImageMixin, _WholeGather)),
    "DeepSMOTE": (_generative, (_ImageMixin, _WholeGather)),
    "AugmentOverSampler": (_over, (_ImageMixin, _WholeGather)),
}


def _make_class(name, module, bases):
    """A dask class with its in-memory namesake's parameters and defaults plus smrt.dask's own."""
    from .._params import make_init

    memory_class = getattr(module, name)
    if hasattr(memory_class, "_smrt_unavailable"):  # built without LibTorch: a stand-in here too
        return unavailable_class(name, __name__, memory_class._smrt_unavailable)
    signature = inspect.signature(memory_class.__init__)
    names_defaults = [(p.name, p.default) for p in signature.parameters.values() if p.name != "self"]
    extra = dict(_EXTRA)
    if any(issubclass(b, _Gathering) for b in bases):
        extra.update(_GATHER_EXTRA)
    elif any(issubclass(b, _WholeGather) for b in bases):
        extra.update(_WHOLE_EXTRA)
    names_defaults += [(k, v[0]) for k, v in extra.items()]
    doc = ("%s on dask collections (smrt.dask); the parameters of smrt's in-memory %s.%s, and:\n\n%s\n\n"
           "See docs/dask.md for how the work is split and what is exact.\n\n%s" % (
               name, module.__name__, name,
               "\n".join("%s : default=%r\n    %s" % (k, v[0], v[1]) for k, v in extra.items()),
               memory_class.__doc__ or ""))
    return type(name, bases, {"__init__": make_init(names_defaults), "__module__": __name__, "__doc__": doc,
                              "_memory_class": memory_class})


for _name, (_module, _bases) in _FAMILIES.items():
    globals()[_name] = _make_class(_name, _module, _bases)
    __all__.append(_name)

SUPPORTED = tuple(_FAMILIES)
"""The samplers smrt.dask has; docs/dask.md says why the others are not here."""

__all__ += ["SUPPORTED", "to_npy_stack", "DataError", "ParameterError"]
