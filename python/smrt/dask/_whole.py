"""Samplers whose algorithm needs every row: gather the whole table, run the in-memory class.

SVMSMOTE (an SVM on every row), KMeansSMOTE (k-means over every row), SMOTEN (its value
difference metric counts categories of every class), CondensedNearestNeighbour and
OneSidedSelection (a sequential pass over the majority), ClusterCentroids (k-means of the
majority), InstanceHardnessThreshold (a cross-validated classifier on every row), NearMiss
beyond what the block search covers, and the image methods (ConditionalGAN, SMate, DeepSMOTE,
AugmentOverSampler).

1. the size of the whole table (rows x (row bytes + 12)) is checked against
   `max_gather_bytes` after the pass over y, before X is read;
2. every partition's rows and labels are gathered into one task (in global order: the arrays
   the in-memory class would get) and smrt's C++ sampler runs there, as the in-memory class's
   fit_resample runs it (`run_core` calls SmrtSamplerMixin._core_call, as fit_resample does); the result (kept rows'
   global indices, synthetic rows and labels) stays on that worker;
3. the output is the in-memory class's, row for row: its kept rows are selected from the
   input's partitions (to the bit, in the in-memory order: runs of indices in one partition
   become one piece), its synthetic rows follow as new partitions (or come between the kept
   rows where the core places them there: ClusterCentroids' class-by-class order).
"""
import numpy as np

import dask
from dask import delayed

from .._core import DataError
from .._estimator import ClassKeys
from . import _data


def gather_rows(x_parts_and_y, n_parts, dtype, sample_shape):
    """All partitions as (rows, labels) in global order (rows N-D with `sample_shape`)."""
    xs, ys = x_parts_and_y[:n_parts], x_parts_and_y[n_parts:]
    rows, labels = [], []
    offset = 0
    for p, (x, y) in enumerate(zip(xs, ys)):
        _data.check_lengths(x, y, p)
        rows.append(_data.rows_of(x, dtype, p, offset))
        labels.append(_data.labels_of(y))
        offset += len(labels[-1])
    rows = np.ascontiguousarray(np.concatenate(rows))
    if sample_shape:
        rows = rows.reshape((len(rows),) + tuple(sample_shape))
    return _data.Parts((rows, np.concatenate(labels)))


def _gather(*parts, n_parts, dtype, sample_shape):
    return gather_rows(parts, n_parts, dtype, sample_shape)


def run_core(sampler, gathered):
    """smrt's C++ sampler on the gathered table, as the in-memory fit_resample runs it:
    (global indices of the kept rows, synthetic rows as 2-D, their labels, {label: n}, the synthetic
    rows' places: empty, or after how many kept rows each comes)."""
    X, y = gathered
    keys = ClassKeys(y)
    _, (indices, synthetic, synthetic_ids, strategy, _, places) = sampler._core_call(X, y, keys)
    synthetic = np.asarray(synthetic).reshape(len(synthetic), int(np.prod(X.shape[1:])))
    labels = keys.classes[np.asarray(synthetic_ids, dtype=np.int64)].astype(y.dtype, copy=False)
    targets = [(keys.classes[c], int(n)) for c, n in sorted(strategy.items())]
    return _data.Parts((np.asarray(indices, dtype=np.int64), synthetic, labels, targets,
                        np.asarray(places, dtype=np.int64)))


def plan_runs(result, offsets):
    """The kept rows as runs of one partition each: (partition, start, stop) in output order, split
    where synthetic rows come between them."""
    indices = result[0]
    if len(indices) == 0:
        return np.zeros((0, 4), dtype=np.int64)
    part = np.searchsorted(offsets, indices, side="right") - 1
    places = np.unique(result[4])
    breaks = np.union1d(np.flatnonzero(np.diff(part) != 0) + 1, places[(places > 0) & (places < len(indices))])
    starts = np.concatenate([[0], breaks])
    stops = np.concatenate([breaks, [len(indices)]])
    # in order: the run is its partition's rows start, start + 1, ... (a whole partition if all)
    step = np.concatenate([[False], np.diff(indices) != 1])
    step[starts] = False
    in_order = (np.add.reduceat(step.astype(np.int64), starts) == 0).astype(np.int64)
    return np.column_stack([part[starts], starts, stops, in_order]).astype(np.int64)


def local_rows(result, start, stop, offset):
    return result[0][start:stop] - np.int64(offset)


def global_rows(result, start, stop):
    return result[0][start:stop]


def summary(result):
    """(synthetic rows, {label: n}, the synthetic rows as groups (after how many kept rows, first, stop))."""
    n_new, places = len(result[1]), result[4]
    if len(places) == 0:
        return n_new, result[3], [(len(result[0]), 0, n_new)]
    starts = np.flatnonzero(np.diff(places, prepend=-1) != 0)
    stops = np.append(starts[1:], n_new)
    return n_new, result[3], [(int(places[a]), int(a), int(b)) for a, b in zip(starts, stops)]


def _part(result, which, start, stop):
    return result[which][start:stop]


def whole_table(sampler, table, stats, max_gather_bytes, what, sample_shape=()):
    """Run `sampler` (the in-memory class) on the whole table gathered into one task.

    Returns (pieces, indices pieces for sample_indices_ or None when there are synthetic rows,
    sampling_strategy_ items)."""
    n = table.n_rows
    need = n * (table.row_bytes + 12)
    if need > max_gather_bytes:
        raise DataError("%s gathers the whole table, %d rows x %d bytes = %d bytes (%.1f MB), into one task (its "
                        "algorithm needs every row), more than max_gather_bytes=%d; raise max_gather_bytes (the "
                        "worker that runs it needs a few times that)" % (
                            what, n, table.row_bytes + 12, need, need / 1e6, max_gather_bytes))
    parts = list(table.x_parts) + list(table.y_parts)
    gathered = delayed(_gather)(*parts, n_parts=table.n_partitions, dtype=table.dtype,
                                sample_shape=tuple(sample_shape))
    result = dask.persist(delayed(run_core)(sampler, gathered))[0]
    offsets = table.offsets
    runs, (n_new, targets, groups) = dask.compute(delayed(plan_runs)(result, offsets), delayed(summary)(result))
    pieces, indices = [], []
    lengths = table.lengths
    chunk_rows = int(max(1, lengths.max()))
    groups = [g for g in groups if g[2] > g[1]]

    def new_rows(first, last):
        for start in range(first, last, chunk_rows):
            stop = min(last, start + chunk_rows)
            pieces.append(("new", delayed(_part)(result, 1, start, stop), delayed(_part)(result, 2, start, stop),
                           stop - start))

    for p, start, stop, in_order in runs:
        p, start, stop = int(p), int(start), int(stop)
        while groups and groups[0][0] <= start:  # synthetic rows placed before this run (plan_runs splits there)
            new_rows(*groups.pop(0)[1:])
        n_run = stop - start
        indices.append((delayed(global_rows)(result, start, stop), n_run))
        if in_order and n_run == lengths[p]:
            pieces.append(("whole", p, n_run))  # the whole partition, in order
        else:
            pieces.append(("select", p, delayed(local_rows)(result, start, stop, int(offsets[p])), n_run))
    for group in groups:
        new_rows(*group[1:])
    return pieces, (indices if n_new == 0 else None), targets
