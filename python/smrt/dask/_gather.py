"""SMOTE family, ADASYN and SMRT: gather the over-sampled classes, run the in-memory sampler.

These samplers build new rows from the rows of the classes they over-sample
(and ADASYN / BorderlineSMOTE weigh those rows by their neighbours in the
whole table). So:

1. gather the rows of the targeted classes (`T`) from the partitions that
   hold any (the others are not computed), into one task, after checking
   their size against `max_gather_bytes`;
2. ADASYN, BorderlineSMOTE: search T's nearest rows of any class (and for
   borderline-2 of the other classes) block by block (`_knn`), and gather
   those few rows too: in `S = T + neighbours` every row of T has the same
   nearest rows as in the whole table, so the in-memory sampler's weights,
   danger flags and neighbours are the whole table's;
3. run the in-memory class on S with `sampling_strategy` = the counts the
   global strategy asks for (a dict), in one task: its synthetic rows are the
   in-memory class's on the whole table, row for row. Each class S lacks gets
   a pad row far from all of S (`subset_arrays`): S then has the table's class
   ids (SMRT seeds each class's model by its id) and two classes at least; a
   pad row is nobody's neighbour, is not over-sampled and draws nothing.

The synthetic rows come back as new partitions after the input's. When they
would exceed `max_synthetic_bytes`, SMOTE, SMOTENC and SMRT make them in
several tasks at compute time, each with its own seed from random_state:
SMOTE from one neighbour search of each class (`smote_split`), SMOTENC by
running the in-memory class in each task, SMRT from models trained once,
first. The same distribution, other draws.
"""
import math

import numpy as np

import dask
from dask import delayed

from .._core import DataError, ParameterError
from .._estimator import column_offsets
from . import _data, _knn

_MARGIN = 2  # extra neighbours gathered, so float32 rounding in C++ cannot pick a row outside S


# -- per-partition and per-task functions ---------------------------------------

def take_classes(x_part, y_part, classes, wanted, dtype, offset, index):
    """Rows of the wanted classes of one partition: (rows, class ids, global indices)."""
    _data.check_lengths(x_part, y_part, index)
    ids = _data.class_ids(_data.labels_of(y_part), classes)
    local = np.flatnonzero(wanted[ids])
    return _data.rows_of(x_part, dtype, index, offset)[local], ids[local], local.astype(np.int64) + offset


def take_local(x_part, y_part, classes, local, dtype, offset, index):
    _data.check_lengths(x_part, y_part, index)
    ids = _data.class_ids(_data.labels_of(y_part), classes)
    return _data.rows_of(x_part, dtype, index, offset)[local], ids[local], np.asarray(local, dtype=np.int64) + offset


def stack(*parts):
    """Gathered pieces as one (rows, ids, global indices), in global row order."""
    rows = np.concatenate([p[0] for p in parts])
    ids = np.concatenate([p[1] for p in parts])
    gidx = np.concatenate([p[2] for p in parts])
    order = np.argsort(gidx, kind="stable")
    return _data.Parts((np.ascontiguousarray(rows[order]), ids[order], gidx[order]))


def neighbours_in(gathered, x_part, y_part, classes, dtype, offset, k_all, k_other, n_threads, index):
    """The k_all nearest rows of a partition for each gathered row, and the k_other nearest
    of another class (k_other may be 0)."""
    _data.check_lengths(x_part, y_part, index)
    rows, ids, _ = gathered
    B = _data.rows_of(x_part, dtype, index, offset)
    b_ids = _data.class_ids(_data.labels_of(y_part), classes)
    b_idx = np.arange(len(B), dtype=np.int64) + offset
    near = _knn.search(rows, ids, B, b_idx, b_ids, k_all, n_threads=n_threads)
    other = _knn.search(rows, ids, B, b_idx, b_ids, k_other, other_class=True, n_threads=n_threads) \
        if k_other else None
    return near, other


def neighbour_rows(near, other, gathered):
    """Global indices of the neighbours not already gathered (sorted)."""
    found = [near[1].ravel()] + ([other[1].ravel()] if other is not None else [])
    found = np.unique(np.concatenate(found))
    found = found[found >= 0]
    return np.setdiff1d(found, gathered[2], assume_unique=True)


def subset_arrays(S, classes, pad_ids, pad_rows, offset=None):
    """S as (X, y) for the in-memory class, with `pad_rows` rows of each class in `pad_ids`.

    The pad rows give every class of the table a row in S, so S's class ids are the table's
    (SMRT seeds each class's model by its id) and S has two classes at least. They lie
    farther from every row of S, in every coordinate, than any two rows of S are from each
    other, so they are nobody's neighbour; they are not over-sampled and draw nothing.
    With `offset`, S's rows are shifted by it first (far-off columns, `shift_of`).
    """
    rows, ids, _ = S
    if offset is not None:
        rows = rows - offset
    labels = classes[ids]
    if len(pad_ids) and pad_rows:
        finite = np.abs(rows[np.isfinite(rows)])  # NaN: SMOTENC's missing categories (imbalanced-learn >= 0.11)
        far = 3.0 * (float(finite.max()) + 1.0) if finite.size else 1.0
        if far > np.finfo(np.float32).max / 8:
            far = 0.0  # values near float32's limit: no room beyond them (SMOTE only needs the count)
        pad = np.full((len(pad_ids) * pad_rows, rows.shape[1]), far, dtype=rows.dtype)
        rows = np.concatenate([rows, pad])
        labels = np.concatenate([labels, np.repeat(classes[np.asarray(pad_ids)], pad_rows).astype(labels.dtype)])
    return rows, labels


def shift_of(sampler, rows):
    """The in-memory classes' shift of far-off float64 columns (timestamps), taken here from S's
    own rows: a pad row far from S would widen every column's range and hide the offset from the
    in-memory class (SMOTE's new rows then fell on float32's 128-unit steps near 1.7e9)."""
    if sampler._smrt_shift == "none" or rows.dtype != np.float64:
        return None
    return column_offsets(rows, common=sampler._smrt_shift == "common")


def run_sampler(sampler, S, classes, pad_ids, pad_rows):
    """The in-memory sampler on S: its synthetic rows and their labels only."""
    offset = shift_of(sampler, S[0])
    X, y = subset_arrays(S, classes, pad_ids, pad_rows, offset)
    X_res, y_res = sampler.fit_resample(X, y)
    new = np.asarray(X_res[len(X):])
    if offset is not None:
        new = new + offset  # the float64 rows back in X's units
    return _data.Parts((new, np.asarray(y_res[len(y):])))


def fit_models(sampler, S, classes, pad_ids, pad_rows):
    """SMRT: train each over-sampled class's model once, for the tasks that then generate
    (SMRT has no fit-only call: it is asked for one row of each class, and keeps estimators_)."""
    X, y = subset_arrays(S, classes, pad_ids, pad_rows)
    sampler = _clone(sampler, {})
    strategy = sampler.sampling_strategy  # {label: count wanted}: the over-sampled classes
    counts = dict(zip(*np.unique(y, return_counts=True)))
    sampler.set_params(sampling_strategy={label: int(counts[label]) + 1 for label in strategy})
    sampler.fit_resample(X, y)
    return sampler


def run_prefit(fitted, params, S, classes, pad_ids, pad_rows):
    sampler = type(fitted)(**dict(fitted.get_params(), **params, prefit_estimators=fitted.estimators_))
    return run_sampler(sampler, S, classes, pad_ids, pad_rows)


def _part(result, which, start, stop):
    return result[which][start:stop]


def _length(result):
    return len(result[1])


# -- the steps --------------------------------------------------------------------

def gather(table, stats, wanted, max_gather_bytes, what):
    """One Delayed (rows, ids, global indices) of the wanted classes' rows, persisted."""
    n = int(stats.totals[wanted].sum())
    need = n * (table.row_bytes + 12)
    if need > max_gather_bytes:
        names = ", ".join(repr(c) for c in stats.classes[wanted])
        raise DataError("%s gathers the %d rows of class %s (%s) into one task, more than max_gather_bytes=%d; "
                        "raise max_gather_bytes (each worker needs a few times that) or use RandomOverSampler, "
                        "which gathers nothing" % (what, n, names, _size(need), max_gather_bytes))
    holding = [p for p in range(table.n_partitions) if stats.counts[p, wanted].sum() > 0]
    parts = [delayed(take_classes)(table.x_parts[p], table.y_parts[p], stats.classes, wanted, table.dtype,
                                   int(table.offsets[p]), p) for p in holding]
    return dask.persist(delayed(stack)(*parts))[0]


def add_neighbours(table, stats, T, k_all, k_other, max_gather_bytes, n_threads, what):
    """S = T plus the rows among T's nearest (k_all of any class, k_other of another class),
    searched block by block; each partition is computed once, on its worker."""
    results = [delayed(neighbours_in, nout=2)(T, table.x_parts[p], table.y_parts[p], stats.classes, table.dtype,
                                              int(table.offsets[p]), k_all, k_other, n_threads, p)
               for p in range(table.n_partitions) if table.lengths[p] > 0]
    near = _knn.tree_merge(delayed, k_all, [r[0] for r in results])
    other = _knn.tree_merge(delayed, k_other, [r[1] for r in results]) if k_other else None
    extra = dask.compute(delayed(neighbour_rows)(near, other, T))[0]
    n_T = int(dask.compute(delayed(len)(T[2]))[0])
    need = (n_T + len(extra)) * (table.row_bytes + 12)
    if need > max_gather_bytes:
        raise DataError("%s gathers %d rows (the over-sampled classes and their nearest rows of the others, "
                        "%s), more than max_gather_bytes=%d; raise max_gather_bytes" % (
                            what, n_T + len(extra), _size(need), max_gather_bytes))
    where = np.searchsorted(table.offsets, extra, side="right") - 1
    parts = [T]
    for p in np.unique(where):
        local = extra[where == p] - table.offsets[p]
        parts.append(delayed(take_local)(table.x_parts[p], table.y_parts[p], stats.classes, local, table.dtype,
                                         int(table.offsets[p]), int(p)))
    return dask.persist(delayed(stack)(*parts))[0]


def _size(n_bytes):
    return "%.1f MB" % (n_bytes / 1e6)


def plan_pieces(total_rows, row_bytes, max_synthetic_bytes):
    """How many tasks make the synthetic rows: one when they fit max_synthetic_bytes."""
    return max(1, math.ceil(total_rows * row_bytes / max(1, max_synthetic_bytes)))


def split_counts(add, n_pieces):
    """Each class's count split as evenly as possible over the pieces: [{label: n}, ...]."""
    out = [dict() for _ in range(n_pieces)]
    for label, n in add.items():
        base, extra = divmod(int(n), n_pieces)
        for q in range(n_pieces):
            out[q][label] = base + (1 if q < extra else 0)
    return out


def piece_seeds(seed, n_pieces):
    states = np.random.SeedSequence(seed).generate_state(n_pieces, dtype=np.uint64)
    return [int(s >> np.uint64(33)) for s in states]  # ints the in-memory classes take


def synthetic_pieces(result_delayed, n, chunk_rows):
    """Output pieces ("new", rows, labels, n) of one task's synthetic rows, in chunks."""
    out = []
    for start in range(0, n, chunk_rows):
        stop = min(n, start + chunk_rows)
        out.append(("new", delayed(_part)(result_delayed, 0, start, stop),
                    delayed(_part)(result_delayed, 1, start, stop), stop - start))
    return out


def run_once(sampler, S, classes, pad_ids, pad_rows, chunk_rows):
    """Run the in-memory sampler on S now, on a worker; its rows stay there (persisted)."""
    result = dask.persist(delayed(run_sampler)(sampler, S, classes, pad_ids, pad_rows))[0]
    n = int(dask.compute(delayed(_length)(result))[0])
    return synthetic_pieces(result, n, chunk_rows)


def run_split(sampler, S, classes, pad_ids, pad_rows, counts_of, add, n_pieces, seed, chunk_rows, prefit):
    """Synthetic rows made in n_pieces tasks at compute time, each with its own seed."""
    pieces = []
    fitted = None
    if prefit:
        fitted = dask.persist(delayed(fit_models)(sampler, S, classes, pad_ids, pad_rows))[0]
    for share, piece_seed in zip(split_counts(add, n_pieces), piece_seeds(seed, n_pieces)):
        n = sum(share.values())
        if n == 0:
            continue
        params = dict(sampling_strategy={label: counts_of[label] + k for label, k in share.items()},
                      random_state=piece_seed)
        if fitted is not None:
            result = delayed(run_prefit)(fitted, params, S, classes, pad_ids, pad_rows)
        else:
            result = delayed(run_sampler)(_clone(sampler, params), S, classes, pad_ids, pad_rows)
        pieces += synthetic_pieces(result, n, chunk_rows)
    return pieces


def _clone(sampler, params):
    from sklearn.base import clone

    return clone(sampler).set_params(**params)


def check_class_sizes(stats, add, k, name):
    """SMOTE-like samplers need k + 1 rows in each over-sampled class (checked before any work)."""
    for label, n in add.items():
        c = stats.id_of(label)
        if n > 0 and stats.totals[c] < k + 1:
            raise ParameterError("%s=%d needs at least %d rows in class %r, which has %d (lower %s)" % (
                name, k, k + 1, label, stats.totals[c], name))


# -- SMOTE beyond one task: one neighbour search, then plain generation ------------------------

_GENERATE_ROWS = 1 << 18  # rows generated at a time (bounds the float64 temporaries)


def class_rows(S, c):
    """The gathered rows of class id c, in global order (its rows as the in-memory class sees them),
    far-off float64 columns shifted as the in-memory SMOTE shifts them (their offset third, or None)."""
    rows, ids, _ = S
    sel = ids == c
    rows = np.ascontiguousarray(rows[sel])
    offset = column_offsets(rows) if rows.dtype == np.float64 else None
    if offset is not None:
        rows = rows - offset
    return _data.Parts((rows, ids[sel], offset))


def row_block(part, start, stop):
    return _data.Parts((part[0][start:stop], part[1][start:stop]))


def neighbour_table(*results):
    """Each row's k nearest of its class (the first hit, itself, left out), as class positions."""
    return np.concatenate([r[1][:, 1:] for r in results])


def smote_rows(part, nn, n, seed, label, dtype):
    """n SMOTE rows: a uniform row of the class, one of its k neighbours uniformly, a uniform
    gap in [0, 1): x + gap * (neighbour - x), in float64 rounded to float32 as the C++ core
    (plus the class's shift in float64, for far-off columns: class_rows)."""
    rows, offset = part[0], part[2]
    k = nn.shape[1]
    rng = np.random.default_rng(seed)
    out = np.empty((n, rows.shape[1]), dtype=np.float32)
    for s in range(0, n, _GENERATE_ROWS):
        e = min(n, s + _GENERATE_ROWS)
        base = rng.integers(0, len(rows), e - s)
        towards = nn[base, rng.integers(0, k, e - s)]
        gap = rng.random(e - s)[:, None]
        x = rows[base].astype(np.float64)
        out[s:e] = x + gap * (rows[towards].astype(np.float64) - x)
    if offset is not None:
        return _data.Parts((out.astype(np.float64) + offset, np.full(n, label)))
    return _data.Parts((out.astype(dtype, copy=False), np.full(n, label)))


def smote_split(S, stats, add, k, n_pieces, seed, chunk_rows, n_threads, dtype, block_rows=50000):
    """SMOTE's rows in n_pieces tasks at compute time: each class's k nearest neighbours are
    searched once (block by block, `_clean.Blocks`) and kept on the workers; each task then draws
    its share with its own seed. Counts exact, SMOTE's distribution, other draws."""
    from . import _clean

    pieces = []
    seeds = piece_seeds(seed, n_pieces * len(add))
    for a, (label, n_add) in enumerate(add.items()):
        c = stats.id_of(label)
        n_c = int(stats.totals[c])
        part = dask.persist(delayed(class_rows)(S, c))[0]
        bounds = np.linspace(0, n_c, max(1, math.ceil(n_c / block_rows)) + 1).astype(np.int64)
        bases = [delayed(row_block)(part, int(s), int(e)) for s, e in zip(bounds[:-1], bounds[1:])]
        blocks = _clean.Blocks(bases, np.diff(bounds), len(stats.classes), n_threads)
        counts = np.zeros((len(bases), len(stats.classes)), dtype=np.int64)
        counts[:, c] = np.diff(bounds)
        blocks.current_counts(counts)
        every = np.ones(len(stats.classes), dtype=bool)
        results = blocks.search(every, k + 1, np.diff(bounds))
        nn = dask.persist(delayed(neighbour_table)(*results))[0]
        base, extra = divmod(int(n_add), n_pieces)
        for q in range(n_pieces):
            n = base + (1 if q < extra else 0)
            if n:
                result = delayed(smote_rows)(part, nn, n, seeds[a * n_pieces + q], label, dtype)
                pieces += synthetic_pieces(result, n, chunk_rows)
    return pieces
