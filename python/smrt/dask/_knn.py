"""Exact k nearest neighbours over blocks of rows, merged by (distance, global index).

One task searches the queries of one block among the rows of another and
returns, for each query, its K nearest there: squared Euclidean distances in
float64 and the rows' global indices and class ids. Merging the answers of all
blocks keeps, per query, the K smallest by (distance, global index): the exact
K nearest of the whole table, with ties broken by the lower global index
(tie-free data then gives scikit-learn's and the in-memory samplers' answer).

Inside a task, candidates are found with float32 products (|b|^2 - 2 q.b in one
matrix product) and kept when within a rigorous bound of float32's rounding
error of the current K-th distance, so no true neighbour is lost; their
distances are then computed again exactly in float64 (sum of squared
differences) and those decide. A bound from the query's own block (searched
first) prunes the other blocks' candidates to a few per query.
"""
import numpy as np

_TILE_Q = 1024     # query rows per tile
_TILE_B = 8192     # data rows per tile: a tile's products are 32 MB of float32
_UNIT = 2.0 ** -24  # float32 unit roundoff


def _threadpool(n_threads):
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - scikit-learn depends on it
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(limits=max(1, int(n_threads)), user_api="blas")


def empty_result(n_queries, K):
    return (np.full((n_queries, K), np.inf), np.full((n_queries, K), -1, dtype=np.int64),
            np.full((n_queries, K), -1, dtype=np.int32))


def _merge_candidates(best, rows, dist, idx, cls, K):
    """Put candidate (row, dist, idx, cls) into the running top K of their rows."""
    best_d, best_i, best_c = best
    u, inv = np.unique(rows, return_inverse=True)
    n_u = len(u)
    group = np.concatenate([np.repeat(np.arange(n_u), K), inv])
    d_all = np.concatenate([best_d[u].ravel(), dist])
    i_all = np.concatenate([best_i[u].ravel(), idx])
    c_all = np.concatenate([best_c[u].ravel(), cls])
    order = np.lexsort((i_all, d_all, group))
    group = group[order]
    rank = np.arange(len(order)) - np.searchsorted(group, np.arange(n_u))[group]
    keep = rank < K
    target_rows, target_cols, src = u[group[keep]], rank[keep], order[keep]
    best_d[target_rows, target_cols] = d_all[src]
    best_i[target_rows, target_cols] = i_all[src]
    best_c[target_rows, target_cols] = c_all[src]


def search(Q, q_cls, B, b_idx, b_cls, K, bound=None, other_class=False, n_threads=1):
    """The K nearest rows of B for each row of Q (see the module docstring).

    Q, B: float rows; b_idx: global indices of B's rows; q_cls, b_cls: class ids;
    bound: per query, a distance no true top-K neighbour exceeds (or None);
    other_class: only rows of B whose class differs from the query's count.
    Returns (dist float64, idx int64, cls int32), each (n_queries, K), padded
    with (inf, -1, -1) where B has fewer rows.
    """
    best = empty_result(len(Q), K)
    if len(Q) == 0 or len(B) == 0:
        return best
    Q = np.asarray(Q, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    d = Q.shape[1]
    qq = np.einsum("ij,ij->i", Q, Q)
    bb = np.einsum("ij,ij->i", B, B)
    Qa = np.empty((len(Q), d + 1), dtype=np.float32)
    Qa[:, :d] = Q
    Qa[:, d] = 1.0
    Ba = np.empty((len(B), d + 1), dtype=np.float32)
    Ba[:, :d] = -2.0 * B
    Ba[:, d] = bb
    factor = (d + 4) * 4 * _UNIT
    with _threadpool(n_threads):
        for qs in range(0, len(Q), _TILE_Q):
            qe = min(len(Q), qs + _TILE_Q)
            tile_best = (best[0][qs:qe], best[1][qs:qe], best[2][qs:qe])
            for bs in range(0, len(B), _TILE_B):
                be = min(len(B), bs + _TILE_B)
                _search_tile(Q, Qa, qq, q_cls, B, Ba, bb, b_idx, b_cls, qs, qe, bs, be, K, bound, other_class,
                             factor, tile_best)
    return best


def _search_tile(Q, Qa, qq, q_cls, B, Ba, bb, b_idx, b_cls, qs, qe, bs, be, K, bound, other_class, factor, best):
    G = Qa[qs:qe] @ Ba[bs:be].T  # |b|^2 - 2 q.b in float32: distance minus |q|^2
    if other_class:
        G[q_cls[qs:qe, None] == b_cls[None, bs:be]] = np.inf
    q2 = qq[qs:qe]
    b2 = bb[bs:be].max()
    slack = factor * (q2 + b2 + 2.0 * np.sqrt(q2 * b2)) + 1e-300  # bound on |G - exact|
    kth = best[0][:, K - 1].copy()
    if bound is not None:
        kth = np.minimum(kth, bound[qs:qe])
    threshold = kth - q2 + slack  # G of a true candidate is at most this
    open_rows = ~np.isfinite(threshold)
    if open_rows.any():
        # No bound yet: the K-th smallest approximate value among the first columns (any K rows
        # bound the K nearest); a true top-K member is within 2 slacks of it.
        probe = min(G.shape[1], max(4 * K, 1024))
        if probe > K:
            kth_approx = np.partition(G[open_rows, :probe], K - 1, axis=1)[:, K - 1].astype(np.float64)
            threshold[open_rows] = kth_approx + 2.0 * slack[open_rows]
        else:
            threshold[open_rows] = np.inf
    limit = np.nextafter(threshold.astype(np.float32), np.float32(np.inf))
    mask = G <= limit[:, None]
    if other_class:
        mask &= np.isfinite(G)
    r, c = _true_cells(mask)
    if len(r) == 0:
        return
    diff = Q[qs + r] - B[bs + c]
    dist = np.einsum("ij,ij->i", diff, diff)
    _merge_candidates(best, r, dist, b_idx[bs + c], b_cls[bs + c], K)


def _true_cells(mask):
    """np.nonzero of a mostly-False 2-D mask, fast: scan it 8 cells (one uint64) at a time."""
    flat = mask.reshape(-1)
    if flat.size % 8:
        pos = np.flatnonzero(flat)
    else:
        words = np.flatnonzero(flat.view(np.uint64))
        pos = (words[:, None] * 8 + np.arange(8)).ravel()
        pos = pos[flat[pos]]
    return np.divmod(pos, mask.shape[1])


def merge(K, *results):
    """Per query, the K smallest of several blocks' answers by (distance, global index)."""
    results = [r for r in results if r is not None]
    if len(results) == 1:
        return results[0]
    d = np.concatenate([r[0] for r in results], axis=1)
    i = np.concatenate([r[1] for r in results], axis=1)
    c = np.concatenate([r[2] for r in results], axis=1)
    order = np.lexsort((i, d))[:, :K]
    return (np.take_along_axis(d, order, 1), np.take_along_axis(i, order, 1), np.take_along_axis(c, order, 1))


def tree_merge(delayed_fn, K, results, fan_in=8):
    """Merge Delayed results in a tree of `fan_in`, so no task holds many at once."""
    while len(results) > 1:
        results = [delayed_fn(merge)(K, *results[s:s + fan_in]) for s in range(0, len(results), fan_in)]
    return results[0]
