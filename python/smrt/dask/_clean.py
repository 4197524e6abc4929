"""Cleaning samplers on a distributed exact kNN: ENN, RENN, AllKNN, TomekLinks, NCR.

The rows are held as blocks (the input's partitions, and for SMOTEENN /
SMOTETomek the synthetic partitions too), persisted across the workers for
the length of fit_resample. A search is a graph of block pairs: the queries
of block i against block i first (that bound prunes the rest), then against
every other block, merged per query by (distance, global index)
(`_knn`). The rules of imbalanced-learn 0.10 (NCR: the rule its `rule`
parameter names, as the in-memory class) are then applied per block where the answers are, and only small things
travel to the client: class counts, and for TomekLinks and NCR the pairs and
neighbours that cross blocks.

Which rows remain is a boolean mask per block (`keep`), persisted between the
passes of RENN and AllKNN.
"""
import numpy as np

import dask
from dask import delayed

from .._core import ParameterError
from . import _data, _knn, _strategy


# -- per-block functions ------------------------------------------------------

def base_block(x_part, y_part, classes, dtype, index, offset):
    """Partition `index` (its first global row at `offset`) as (float rows, class ids)."""
    _data.check_lengths(x_part, y_part, index)
    return _data.Parts((_data.rows_of(x_part, dtype, index, offset),
                        _data.class_ids(_data.labels_of(y_part), classes)))


def base_new(rows, labels, classes):
    """New (synthetic) rows as a block."""
    return _data.Parts((np.ascontiguousarray(rows), _data.class_ids(np.asarray(labels), classes)))


def _current(base, keep, query_classes=None):
    """Local positions of the block's remaining rows (of the query classes, if given)."""
    ids = base[1]
    sel = np.ones(len(ids), dtype=bool) if keep is None else keep.copy()
    if query_classes is not None:
        sel &= query_classes[ids]
    return np.flatnonzero(sel)


def pair_search(base_q, keep_q, base_b, keep_b, offset_b, query_classes, K, diag, n_threads):
    """The K nearest remaining rows of block b for the queries of block q."""
    ql = _current(base_q, keep_q, query_classes)
    bl = _current(base_b, keep_b)
    bound = None if diag is None else diag[0][:, K - 1]
    return _knn.search(base_q[0][ql], base_q[1][ql], base_b[0][bl], bl.astype(np.int64) + offset_b,
                       base_b[1][bl], K, bound=bound, n_threads=n_threads)


def block_counts(base, keep, n_classes):
    ids = base[1] if keep is None else base[1][keep]
    return np.bincount(ids, minlength=n_classes).astype(np.int64)


def _modes(labels):
    """scipy.stats.mode per row: the most frequent value, ties to the smallest."""
    s = np.sort(labels, axis=1)
    counts = (s[:, :, None] == s[:, None, :]).sum(axis=2)
    return s[np.arange(len(s)), counts.argmax(axis=1)]


def _agree(own, labels, kind_all):
    if kind_all:
        return (labels == own[:, None]).all(axis=1)
    return _modes(labels) == own


def enn_keep(base, keep, query_classes, result, kind_all):
    """ENN on one block: a row of a queried class stays when its neighbours (the first
    hit, itself, left out) agree with it (kind_sel 'all': all of them; 'mode': their mode)."""
    ql = _current(base, keep, query_classes)
    new = np.ones(len(base[1]), dtype=bool) if keep is None else keep.copy()
    if len(ql):
        new[ql] = _agree(base[1][ql], result[2][:, 1:], kind_all)
    return new


def cross_pairs(base, keep, offset, result):
    """TomekLinks: (row, nearest) global pairs whose classes differ, and the row's class."""
    ql = _current(base, keep)
    nearest, nearest_cls = result[1][:, 1], result[2][:, 1]
    own = base[1][ql]
    cross = nearest_cls != own
    return ql[cross].astype(np.int64) + offset, nearest[cross], own[cross]


def ncr_flags(base, keep, offset, query_classes, result, targeted, minority, kind_all, truthy, n_neighbors,
              predict=False):
    """NCR on one block: A1 (ENN with kind_sel='mode' on the targeted classes) as a mask,
    and A2 candidates: neighbours of minority rows whose neighbourhood disagrees (`predict`,
    imbalanced-learn >= 0.12: the mode of the first n_neighbors hits, the row itself among them,
    is another class; else kind_sel on the hits after the first)."""
    ql = _current(base, keep, query_classes)
    own = base[1][ql]
    labels = result[2][:, 1:n_neighbors + 1]
    hood = result[1][:, 1:n_neighbors + 1]
    remove = np.zeros(len(base[1]), dtype=bool)
    t = targeted[own]
    remove[ql[t]] = ~_agree(own[t], labels[t], kind_all=False)
    m = own == minority
    if predict:  # KNeighborsClassifier(n_neighbors).predict: the row itself votes too
        judged = _modes(result[2][:, :n_neighbors][m]) == own[m]
    elif kind_all:  # imbalanced-learn 0.10 tests the labels' truth values here (np.all(labels))
        judged = truthy[labels[m]].all(axis=1)
    else:
        judged = _modes(labels[m]) == own[m]
    bad = ~judged
    return remove, hood[m][bad].ravel(), labels[m][bad].ravel()


def keep_without(base, keep, removed_local):
    new = np.ones(len(base[1]), dtype=bool) if keep is None else keep.copy()
    new[removed_local] = False
    return new


def kept_local(keep, n):
    return np.arange(n, dtype=np.int64) if keep is None else np.flatnonzero(keep).astype(np.int64)


# -- the blocks and passes ----------------------------------------------------

class Blocks:
    """Rows as persisted blocks (rows, class ids), a keep mask each, global offsets."""

    def __init__(self, bases, lengths, n_classes, n_threads):
        self.bases = list(dask.persist(*bases))
        self.lengths = np.asarray(lengths, dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(self.lengths)[:-1]]).astype(np.int64)
        self.keep = [None] * len(self.bases)
        self.n_classes = n_classes
        self.n_threads = n_threads
        self.counts = None  # (n_blocks, n_classes) of the remaining rows

    def current_counts(self, block_counts_known=None):
        if block_counts_known is not None:
            self.counts = block_counts_known
        else:
            self.counts = np.array(dask.compute(*[delayed(block_counts)(b, k, self.n_classes)
                                                  for b, k in zip(self.bases, self.keep)]))
        return self.counts

    def search(self, query_classes, K, query_counts):
        """Per block, a Delayed (dist, idx, cls) of the K nearest remaining rows of its queries,
        or None where the block has no query."""
        out = []
        blocks_with_rows = [j for j in range(len(self.bases)) if self.counts[j].sum() > 0]
        for i in range(len(self.bases)):
            if query_counts[i] == 0:
                out.append(None)
                continue
            diag = delayed(pair_search)(self.bases[i], self.keep[i], self.bases[i], self.keep[i],
                                        int(self.offsets[i]), query_classes, K, None, self.n_threads)
            parts = [diag] + [delayed(pair_search)(self.bases[i], self.keep[i], self.bases[j], self.keep[j],
                                                   int(self.offsets[j]), query_classes, K, diag, self.n_threads)
                              for j in blocks_with_rows if j != i]
            out.append(_knn.tree_merge(delayed, K, parts))
        return out

    def check_k(self, K, owner):
        n = int(self.counts.sum())
        if K > n:
            raise ParameterError("%s=%d needs at least %d rows (each row and its neighbours), but the data has %d"
                                 % (owner, K - 1, K, n))

    def enn_pass(self, query_classes, n_neighbors, kind_all):
        """One edited-nearest-neighbours pass over the remaining rows; updates keep and counts."""
        K = n_neighbors + 1
        self.check_k(K, "n_neighbors")
        query_counts = self.counts[:, query_classes].sum(axis=1)
        results = self.search(query_classes, K, query_counts)
        new = [self.keep[i] if r is None else delayed(enn_keep)(self.bases[i], self.keep[i], query_classes, r,
                                                                 kind_all)
               for i, r in enumerate(results)]
        self.keep = list(dask.persist(*new))
        self.current_counts()

    def kept_pieces(self):
        """(Delayed local rows kept, how many) per block."""
        return [(delayed(kept_local)(k, int(n)) if k is not None else None, int(c.sum()))
                for k, n, c in zip(self.keep, self.lengths, self.counts)]


def targets_of(memory, classes):
    """A function: remaining class counts -> which classes sampling_strategy targets (cleaning),
    resolved again for each pass as imbalanced-learn's inner ENN does."""
    def targeted(totals):
        targets = _strategy.resolve(memory, classes, totals, "clean-sampling")
        return np.array([c in targets for c in classes], dtype=bool)
    return targeted


def every_class(classes):
    """The cleaning step of SMOTEENN / SMOTETomek: sampling_strategy='all'."""
    return lambda totals: np.ones(len(classes), dtype=bool)


def _stop_check(stats_first, classes, before, after, allow_minority=False):
    """imbalanced-learn's RENN / AllKNN stops: a class fell below the original minority's count,
    or a class disappeared."""
    minority = _data.ClassStats(classes, before[None, :], stats_first).first_minority(before)
    present = after > 0
    below = np.any(present & (np.arange(len(after)) != minority) & (after < before[minority]))
    removed = np.any((before > 0) & ~present)
    return (below and not allow_minority), removed


def edited(blocks, targeted_of, classes, first, n_neighbors, kind_sel, repeat=1, mode="enn", allow_minority=False):
    """ENN (repeat=1), RENN (repeat=max_iter, until no change or a stop) or AllKNN
    (k = 1..n_neighbors); returns the number of passes run."""
    kind_all = kind_sel == "all"
    before = blocks.counts.sum(axis=0)
    steps = range(1, n_neighbors + 1) if mode == "allknn" else range(repeat)
    n_iter = 0
    for step in steps:
        n_iter += 1
        totals = blocks.counts.sum(axis=0)
        query_classes = targeted_of(totals)
        k = step if mode == "allknn" else n_neighbors
        blocks.enn_pass(query_classes, k, kind_all)
        after = blocks.counts.sum(axis=0)
        if mode == "enn":
            break
        below, removed = _stop_check(first, classes, before, after, allow_minority and mode == "allknn")
        converged = mode == "renn" and after.sum() == totals.sum()
        if converged or below or removed:
            break
    return n_iter


def tomek(blocks, targeted_of, classes):
    """TomekLinks: remove rows of targeted classes whose nearest neighbour, of another class,
    has them as its own nearest neighbour."""
    blocks.check_k(2, "TomekLinks (one neighbour)")
    targeted = targeted_of(blocks.counts.sum(axis=0))
    every = np.ones(len(classes), dtype=bool)
    results = blocks.search(every, 2, blocks.counts.sum(axis=1))
    pairs = dask.compute(*[delayed(cross_pairs)(blocks.bases[i], blocks.keep[i], int(blocks.offsets[i]), r)
                           for i, r in enumerate(results) if r is not None])
    rows = np.concatenate([p[0] for p in pairs]) if pairs else np.zeros(0, np.int64)
    nearest = np.concatenate([p[1] for p in pairs]) if pairs else np.zeros(0, np.int64)
    own = np.concatenate([p[2] for p in pairs]) if pairs else np.zeros(0, np.int32)
    # (a, b) is a link when (b, a) is a cross pair too; a row has one nearest neighbour,
    # so the rows of the pairs are unique and sorted lookups find the reverse pair.
    order = np.argsort(rows)
    sorted_rows, sorted_nearest = rows[order], nearest[order]
    pos = np.minimum(np.searchsorted(sorted_rows, nearest), max(len(rows) - 1, 0))
    linked = np.zeros(len(rows), dtype=bool)
    if len(rows):
        linked = (sorted_rows[pos] == nearest) & (sorted_nearest[pos] == rows)
    _remove_global(blocks, rows[linked & targeted[own]])


def _remove_global(blocks, removed):
    """Drop global rows `removed` from the blocks' keep masks."""
    removed = np.unique(np.asarray(removed, dtype=np.int64))
    where = np.searchsorted(blocks.offsets, removed, side="right") - 1
    new = []
    for i in range(len(blocks.bases)):
        local = removed[where == i] - blocks.offsets[i]
        new.append(blocks.keep[i] if len(local) == 0 else
                   delayed(keep_without)(blocks.bases[i], blocks.keep[i], local))
    blocks.keep = list(dask.persist(*new))
    blocks.current_counts()


def ncr(blocks, targeted_of, classes, first, n_neighbors, kind_sel, threshold_cleaning, rule="imblearn-0.10"):
    """NeighbourhoodCleaningRule: A1 = what ENN(kind_sel='mode') removes; A2 = neighbours of
    misjudged minority rows, in classes larger than threshold_cleaning of the rows (rule
    'imblearn-0.10') or of the minority class (rule 'imblearn-0.12'); both go."""
    K = n_neighbors + 1
    blocks.check_k(K, "n_neighbors")
    totals = blocks.counts.sum(axis=0)
    targeted = targeted_of(totals)
    minority = _data.ClassStats(classes, totals[None, :], first).first_minority(totals)
    query_classes = targeted.copy()
    query_classes[minority] = True
    predict = rule == "imblearn-0.12"
    base = int(totals[minority]) if predict else int(totals.sum())
    under = np.array([bool(targeted[c] and totals[c] > base * threshold_cleaning)
                      for c in range(len(classes))])
    truthy = np.array([bool(c) for c in classes])
    results = blocks.search(query_classes, K, blocks.counts[:, query_classes].sum(axis=1))
    flags = [None if r is None else
             delayed(ncr_flags, nout=3)(blocks.bases[i], blocks.keep[i], int(blocks.offsets[i]), query_classes, r,
                                        targeted, minority, kind_sel == "all", truthy, n_neighbors, predict)
             for i, r in enumerate(results)]
    a2 = dask.compute(*[(f[1], f[2]) for f in flags if f is not None])
    hood = np.concatenate([h for h, _ in a2]) if a2 else np.zeros(0, np.int64)
    hood_cls = np.concatenate([c for _, c in a2]) if a2 else np.zeros(0, np.int32)
    a2_rows = np.unique(hood[under[hood_cls]])
    where = np.searchsorted(blocks.offsets, a2_rows, side="right") - 1
    new = []
    for i, f in enumerate(flags):
        local = a2_rows[where == i] - blocks.offsets[i]
        a1 = f[0] if f is not None else None
        new.append(delayed(_ncr_keep)(blocks.bases[i], blocks.keep[i], a1, local))
    blocks.keep = list(dask.persist(*new))
    blocks.current_counts()


def _ncr_keep(base, keep, a1_remove, a2_local):
    new = np.ones(len(base[1]), dtype=bool) if keep is None else keep.copy()
    if a1_remove is not None:
        new &= ~a1_remove
    new[a2_local] = False
    return new
