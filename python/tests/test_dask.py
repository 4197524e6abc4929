"""smrt.dask: the in-memory results on dask collections, on any scheduler, in bounded memory.

Every comparison is against the in-memory smrt class on the same arrays: identical rows for the
samplers that gather (SMOTE family, ADASYN, SMRT) and for the block-pair cleaners on tie-free
data; exact class counts for the random samplers (their draws are per partition).
"""
import contextlib
import threading

import numpy as np
import pandas as pd
import pytest

import smrt
import smrt.combine
import smrt.generative
import smrt.over_sampling
import smrt.under_sampling

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("dask.distributed")
import dask.array as da  # noqa: E402
import dask.dataframe as dd  # noqa: E402

import smrt.dask as sd  # noqa: E402
from smrt.dask import _knn, _random, _strategy  # noqa: E402

TINY_SMRT = dict(n_epochs=2, n_hidden=(8,), n_latent_factors=2, batch_size=64)
WHOLE_TABLE = ("SMOTEN", "SVMSMOTE", "KMeansSMOTE", "NearMiss", "CondensedNearestNeighbour", "OneSidedSelection",
               "ClusterCentroids", "InstanceHardnessThreshold", "PolynomFitSMOTE", "ProWSyn", "SafeLevelSMOTE",
               "MWMOTE", "GeometricSMOTE", "SMOBD", "SMOTEIPF")
IMAGE_SAMPLERS = ("ConditionalGAN", "SMate", "DeepSMOTE", "AugmentOverSampler")


def memory_class(name):
    for module in (smrt.over_sampling, smrt.under_sampling, smrt.combine, smrt.generative):
        if hasattr(module, name):
            return getattr(module, name)
    raise KeyError(name)


def make_data(n=1500, d=5, seed=0, weights=(0.8, 0.15, 0.05)):
    """Tie-free float32 rows, three classes with overlap (so cleaners and ADASYN have work)."""
    rng = np.random.default_rng(seed)
    y = rng.choice(len(weights), size=n, p=weights)
    X = (rng.normal(size=(n, d)) + 0.8 * y[:, None]).astype(np.float32)
    return X, y


def to_dask(X, y, chunks=250):
    """Row blocks of `chunks` rows (an int, or the blocks' lengths)."""
    rows = tuple(chunks) if isinstance(chunks, (list, tuple)) else chunks
    return da.from_array(X, chunks=(rows, X.shape[1])), da.from_array(y, chunks=(rows,))


@contextlib.contextmanager
def on(scheduler):
    """Run dask work on a scheduler: 'sync', 'threads' or a distributed Client."""
    if isinstance(scheduler, str):
        with dask.config.set(scheduler=scheduler):
            yield
    else:
        with scheduler.as_current(), dask.config.set(scheduler=scheduler):
            yield


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 single-threaded workers (threads inside one process), no dashboard."""
    c = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0")
    client = distributed.Client(c, set_as_default=False)
    yield client
    client.close()
    c.close()


def params_of(name, **extra):
    cls = getattr(sd, name)
    kwargs = {}
    if "random_state" in cls().get_params():
        kwargs["random_state"] = 7
    if name == "SMRT":
        kwargs.update(TINY_SMRT, sampling_strategy="auto")
    if name == "SMOTENC":
        kwargs["categorical_features"] = [0]
    from conftest import TINY

    kwargs.update(TINY.get(name, {}) if name != "SMRT" else {})
    kwargs.update(extra)
    return kwargs


def run_both(name, X, y, scheduler="sync", chunks=250, **extra):
    """(dask sampler, computed X_res, y_res), (in-memory sampler, X_res, y_res)."""
    kwargs = params_of(name, **extra)
    s = getattr(sd, name)(**kwargs)
    Xd, yd = to_dask(X, y, chunks)
    with on(scheduler):
        X_res, y_res = s.fit_resample(Xd, yd)
        X_res, y_res = dask.compute(X_res, y_res)
    kwargs.pop("max_synthetic_bytes", None)
    kwargs.pop("max_gather_bytes", None)
    m = memory_class(name)(**kwargs)
    Xm, ym = m.fit_resample(X, y)
    return (s, X_res, y_res), (m, Xm, ym)


# -- gathered samplers: identical rows ------------------------------------------------

@pytest.mark.parametrize("name,extra", [
    ("SMOTE", {}),
    ("SMOTE", {"sampling_strategy": "minority"}),
    ("BorderlineSMOTE", {}),
    ("BorderlineSMOTE", {"kind": "borderline-2"}),
    ("ADASYN", {}),
    ("SMOTENC", {}),
    ("SMRT", {}),
])
def test_gathering_samplers_give_the_in_memory_rows(name, extra):
    X, y = make_data()
    if name == "SMOTENC":
        X[:, 0] = np.round(X[:, 0])
    (s, X_res, y_res), (m, Xm, ym) = run_both(name, X, y, **extra)
    assert X_res.dtype == X.dtype and y_res.dtype == y.dtype
    np.testing.assert_array_equal(X_res, Xm)
    np.testing.assert_array_equal(y_res, ym)
    assert dict(s.sampling_strategy_) == dict(m.sampling_strategy_)
    assert len(X_res) > len(X)


def test_gathering_one_minority_class_pads_and_matches():
    X, y = make_data(weights=(0.9, 0.1))
    (_, X_res, y_res), (_, Xm, ym) = run_both("SMOTE", X, y)
    np.testing.assert_array_equal(X_res, Xm)
    np.testing.assert_array_equal(y_res, ym)


def test_synthetic_rows_split_over_tasks_keep_counts():
    """Beyond max_synthetic_bytes SMOTE makes its rows in several tasks: same counts, new rows
    on segments of the class (other draws than in memory)."""
    X, y = make_data(weights=(0.9, 0.1))
    (s, X_res, y_res), (m, Xm, ym) = run_both("SMOTE", X, y, max_synthetic_bytes=4000)
    np.testing.assert_array_equal(np.bincount(y_res), np.bincount(ym))
    np.testing.assert_array_equal(X_res[:len(X)], X)
    new = X_res[len(X):]
    assert not np.array_equal(new, Xm[len(X):])  # several seeds: other draws
    minority = X[y == 1]
    lo, hi = minority.min(axis=0), minority.max(axis=0)
    assert np.all((new >= lo - 1e-6) & (new <= hi + 1e-6))  # inside the class's box
    np.testing.assert_allclose(new.mean(axis=0), Xm[len(X):].mean(axis=0), atol=0.1)  # SMOTE's spread
    np.testing.assert_allclose(new.std(axis=0), Xm[len(X):].std(axis=0), rtol=0.1)
    with pytest.raises(smrt.ParameterError, match="max_synthetic_bytes"):
        sd.ADASYN(max_synthetic_bytes=4000).fit_resample(*to_dask(X, y))
    # SMRT trains once, then several tasks generate from the trained models
    (s, X_res, y_res), (m, Xm, ym) = run_both("SMRT", X, y, max_synthetic_bytes=4000)
    np.testing.assert_array_equal(np.bincount(y_res), np.bincount(ym))
    np.testing.assert_array_equal(X_res[:len(X)], X)


# -- whole-table samplers: the in-memory class on the gathered table, row for row ----------------

@pytest.mark.parametrize("name,extra", [
    ("SMOTEN", {}),
    ("SVMSMOTE", {}),
    ("KMeansSMOTE", {}),
    ("NearMiss", {}),
    ("NearMiss", {"version": 2}),
    ("NearMiss", {"version": 3, "n_neighbors_ver3": 4}),
    ("CondensedNearestNeighbour", {}),
    ("OneSidedSelection", {}),
    ("ClusterCentroids", {}),
    ("ClusterCentroids", {"voting": "hard"}),
    ("InstanceHardnessThreshold", {}),
    ("PolynomFitSMOTE", {}),
    ("PolynomFitSMOTE", {"topology": "poly_2"}),
    ("ProWSyn", {}),
    ("SafeLevelSMOTE", {}),
    ("MWMOTE", {}),
    ("GeometricSMOTE", {}),
    ("SMOBD", {}),
    ("SMOTEIPF", {}),
])
def test_whole_table_samplers_give_the_in_memory_rows(name, extra):
    X, y = make_data(n=600)
    if name == "SMOTEN":
        X = np.round(X)  # categories
    (s, X_res, y_res), (m, Xm, ym) = run_both(name, X, y, chunks=[130, 250, 20, 200], **extra)
    assert X_res.dtype == X.dtype and y_res.dtype == y.dtype
    np.testing.assert_array_equal(X_res, Xm)
    np.testing.assert_array_equal(y_res, ym)
    assert dict(s.sampling_strategy_) == dict(m.sampling_strategy_)
    assert len(X_res) != len(X)  # the sampler did something
    if hasattr(m, "sample_indices_"):
        np.testing.assert_array_equal(s.sample_indices_.compute(scheduler="sync"), m.sample_indices_)
    else:
        assert not hasattr(s, "sample_indices_")


@pytest.mark.parametrize("chunks", [600, [130, 250, 20, 200]])
def test_cluster_centroids_puts_centres_between_the_kept_classes(chunks):
    """ClusterCentroids cutting class 1 only: its centres come between the rows of classes 0 and 2, as
    in memory (imbalanced-learn's class-by-class order), also where those rows lie in one partition
    and would otherwise be one run."""
    X, y = make_data(n=600)
    (s, X_res, y_res), (m, Xm, ym) = run_both("ClusterCentroids", X, y, chunks=chunks, sampling_strategy={1: 20})
    assert (np.diff(ym) >= 0).all() and np.count_nonzero(ym == 1) == 20
    np.testing.assert_array_equal(X_res, Xm)
    np.testing.assert_array_equal(y_res, ym)


@pytest.mark.parametrize("name", IMAGE_SAMPLERS)
def test_image_samplers_give_the_in_memory_images(name, images):
    """Images as a dask array (n, H, W) or (n, C, H, W), chunked by rows (and columns): the same images
    as in memory with n_threads = n_threads_per_task (the networks' sums depend on the thread count)."""
    X, y = images
    if name == "SMate":
        X = X[:, None]  # (n, 1, 28, 28)
    kwargs = params_of(name)
    s = getattr(sd, name)(**kwargs)
    with on("sync"):
        X_res, y_res = s.fit_resample(da.from_array(X, chunks=(30,) + X.shape[1:-1] + (14,)),
                                      da.from_array(y, chunks=30))
        assert X_res.shape[1:] == X.shape[1:] and all(len(c) == 1 for c in X_res.chunks[1:])
        X_res, y_res = dask.compute(X_res, y_res)
    m = memory_class(name)(n_threads=1, **kwargs)
    Xm, ym = m.fit_resample(X, y)
    np.testing.assert_array_equal(X_res, Xm)
    np.testing.assert_array_equal(y_res, ym)
    assert dict(s.sampling_strategy_) == dict(m.sampling_strategy_)
    assert len(X_res) > len(X)


def test_whole_table_dataframe_and_string_labels():
    df, labels = _frame(n=600)
    kwargs = params_of("NearMiss", version=3)
    s = sd.NearMiss(**kwargs)
    X, y = dd.from_pandas(df, npartitions=3), dd.from_pandas(labels, npartitions=3)
    with on("sync"):
        X_res, y_res = s.fit_resample(X, y)
        assert X_res.known_divisions
        Xc, yc = dask.compute(X_res, y_res)
        # In memory on what dask holds (current dask stores pandas strings as string[pyarrow]).
        df, labels = dask.compute(X, y)
    m = memory_class("NearMiss")(**kwargs)
    Xm, ym = m.fit_resample(df, labels)
    pd.testing.assert_frame_equal(Xc, Xm)
    pd.testing.assert_series_equal(yc, ym)
    np.testing.assert_array_equal(s.sample_indices_.compute(scheduler="sync"), m.sample_indices_)


@pytest.mark.parametrize("name", WHOLE_TABLE + IMAGE_SAMPLERS)
def test_whole_table_gather_over_the_limit_fails_before_X_is_read(name):
    data = Blocks()
    s = getattr(sd, name)(**params_of(name, max_gather_bytes=20000))
    with on("sync"), pytest.raises(smrt.DataError, match=r"1600 rows x 28 bytes = 44800 bytes.*max_gather_bytes=20000"):
        s.fit_resample(data.X, data.y)
    assert data.any_calls == 0
    assert "max_gather_bytes" in s.get_params() and "max_synthetic_bytes" not in s.get_params()


# -- cleaners: the same decisions ------------------------------------------------------

@pytest.mark.parametrize("name,extra", [
    ("EditedNearestNeighbours", {}),
    ("EditedNearestNeighbours", {"kind_sel": "mode", "n_neighbors": 4}),
    ("EditedNearestNeighbours", {"sampling_strategy": "all"}),
    ("RepeatedEditedNearestNeighbours", {}),
    ("RepeatedEditedNearestNeighbours", {"kind_sel": "mode"}),
    ("AllKNN", {}),
    ("AllKNN", {"allow_minority": True, "n_neighbors": 5}),
    ("TomekLinks", {}),
    ("TomekLinks", {"sampling_strategy": "all"}),
    ("NeighbourhoodCleaningRule", {}),
    ("NeighbourhoodCleaningRule", {"rule": "imblearn-0.10"}),
    ("NeighbourhoodCleaningRule", {"rule": "imblearn-0.10", "kind_sel": "mode", "threshold_cleaning": 0.1}),
    ("NeighbourhoodCleaningRule", {"rule": "imblearn-0.12", "threshold_cleaning": 1.5, "n_neighbors": 4}),
    ("NeighbourhoodCleaningRule", {"rule": "imblearn-0.12", "sampling_strategy": "all", "n_neighbors": 2}),
])
def test_cleaners_keep_the_in_memory_rows(name, extra):
    X, y = make_data(n=1200)
    (s, X_res, y_res), (m, Xm, ym) = run_both(name, X, y, **extra)
    kept = np.sort(m.sample_indices_)
    assert len(kept) < len(X)  # the data gives the rule work
    np.testing.assert_array_equal(s.sample_indices_.compute(scheduler="sync"), kept)
    np.testing.assert_array_equal(X_res, X[kept])  # input order
    np.testing.assert_array_equal(y_res, y[kept])
    assert dict(s.sampling_strategy_) == dict(m.sampling_strategy_)
    if name == "RepeatedEditedNearestNeighbours":  # passes run, as imbalanced-learn counts them
        from imblearn.under_sampling import RepeatedEditedNearestNeighbours

        reference = RepeatedEditedNearestNeighbours(**extra)
        reference.fit_resample(X, y)
        assert s.n_iter_ == reference.n_iter_


@pytest.mark.parametrize("name", ["SMOTEENN", "SMOTETomek"])
def test_combined_samplers_keep_the_in_memory_rows(name):
    X, y = make_data(n=1200)
    (s, X_res, y_res), (m, Xm, ym) = run_both(name, X, y)
    ours = np.column_stack([X_res, y_res])
    theirs = np.column_stack([Xm, ym])
    np.testing.assert_array_equal(np.unique(ours, axis=0), np.unique(theirs, axis=0))
    assert len(ours) == len(theirs)
    assert dict(s.sampling_strategy_) == dict(m.sampling_strategy_)


def test_knn_merges_ties_by_global_index():
    """Equal distances (duplicated rows) are ordered by global index, across blocks too."""
    rng = np.random.default_rng(3)
    base = rng.integers(0, 3, size=(60, 2)).astype(np.float32)  # many exact ties
    idx = np.arange(len(base), dtype=np.int64)
    cls = np.zeros(len(base), dtype=np.int32)
    K = 7
    blocks = np.array_split(np.arange(len(base)), 4)
    diag = _knn.search(base[:20], cls[:20], base[blocks[0]], idx[blocks[0]], cls[blocks[0]], K)
    parts = [diag] + [_knn.search(base[:20], cls[:20], base[b], idx[b], cls[b], K, bound=diag[0][:, -1])
                      for b in blocks[1:]]
    d, i, _ = _knn.merge(K, *parts)
    exact = ((base[:20, None, :].astype(np.float64) - base[None, :, :]) ** 2).sum(-1)
    expected = np.lexsort((np.broadcast_to(idx, exact.shape), exact))[:, :K]
    np.testing.assert_array_equal(i, expected)


# -- random samplers: exact counts, partition-wise draws ---------------------------------

@pytest.mark.parametrize("replacement", [False, True])
def test_random_under_sampler_counts(replacement):
    X, y = make_data()
    (s, X_res, y_res), (m, Xm, ym) = run_both("RandomUnderSampler", X, y, replacement=replacement)
    np.testing.assert_array_equal(np.bincount(y_res), np.bincount(ym))
    assert dict(s.sampling_strategy_) == dict(m.sampling_strategy_)
    idx = s.sample_indices_.compute(scheduler="sync")
    assert idx.dtype == np.int64
    np.testing.assert_array_equal(X_res, X[idx])
    np.testing.assert_array_equal(y_res, y[idx])
    assert np.all(np.diff(idx) >= 0)  # input order
    if not replacement:
        assert len(np.unique(idx)) == len(idx)
    # the minority (untargeted) is kept whole
    np.testing.assert_array_equal(np.sort(idx[y[idx] == 2]), np.flatnonzero(y == 2))


def test_random_over_sampler_counts_and_shrinkage():
    X, y = make_data()
    (s, X_res, y_res), (m, Xm, ym) = run_both("RandomOverSampler", X, y)
    np.testing.assert_array_equal(np.bincount(y_res), np.bincount(ym))
    idx = s.sample_indices_.compute(scheduler="sync")
    np.testing.assert_array_equal(idx[:len(X)], np.arange(len(X)))
    np.testing.assert_array_equal(X_res, X[idx])
    np.testing.assert_array_equal(y_res, y[idx])
    (s, X_res, y_res), (m, Xm, ym) = run_both("RandomOverSampler", X, y, shrinkage=1.0)
    np.testing.assert_array_equal(np.bincount(y_res), np.bincount(ym))
    assert not hasattr(s, "sample_indices_")
    new, new_y = X_res[len(X):], y_res[len(X):]
    # smoothed bootstrap: each class's new rows spread like the in-memory ones
    for c in (1, 2):
        ours, theirs = new[new_y == c].std(axis=0), Xm[len(X):][ym[len(X):] == c].std(axis=0)
        np.testing.assert_allclose(ours, theirs, rtol=0.25)
    # one factor per class (imbalanced-learn's dict): class 2 without noise gets copies of its rows
    (s, X_res, y_res), _ = run_both("RandomOverSampler", X, y, shrinkage={1: 1.0, 2: 0.0})
    new, new_y = X_res[len(X):], y_res[len(X):]
    assert new[new_y == 1].std(axis=0).min() > 0
    rows_2 = {tuple(r) for r in X[y == 2].astype(X_res.dtype)}
    assert len(new[new_y == 2]) and all(tuple(r) in rows_2 for r in new[new_y == 2])
    with pytest.raises(smrt.ParameterError, match="missing classes are: 2"):
        run_both("RandomOverSampler", X, y, shrinkage={1: 1.0})


def test_quota_split_has_the_draw_distribution():
    """A hypergeometric split: each partition's expected share is quota * n_p / N."""
    rng = np.random.default_rng(0)
    counts = np.array([50, 0, 150, 300])
    draws = np.array([_random.split_without_replacement(rng, counts, 100) for _ in range(2000)])
    assert np.all(draws.sum(axis=1) == 100) and np.all(draws <= counts)
    np.testing.assert_allclose(draws.mean(axis=0), 100 * counts / counts.sum(), atol=1.0)
    draws = np.array([_random.split_with_replacement(rng, counts, 100) for _ in range(2000)])
    assert np.all(draws.sum(axis=1) == 100)
    np.testing.assert_allclose(draws.mean(axis=0), 100 * counts / counts.sum(), atol=1.0)


def test_sampling_targets_from_counts_match_imbalanced_learn():
    """sampling_strategy_ from the class counts alone (smrt's C++ resolution) is imbalanced-learn's from y."""
    from imblearn.utils import check_sampling_strategy

    from smrt.over_sampling import SMOTE
    from smrt.under_sampling import EditedNearestNeighbours, RandomUnderSampler

    kinds = {"over-sampling": SMOTE, "under-sampling": RandomUnderSampler, "clean-sampling": EditedNearestNeighbours}
    y = np.repeat([0, 1, 2], [70, 20, 10])
    classes, totals = np.unique(y, return_counts=True)
    cases = [("auto", "over-sampling"), ("not minority", "over-sampling"), ("minority", "over-sampling"),
             ("all", "over-sampling"), ({1: 30, 2: 40}, "over-sampling"), ("auto", "under-sampling"),
             ("majority", "under-sampling"), ({0: 20}, "under-sampling"), ("auto", "clean-sampling"),
             ("not majority", "clean-sampling"), ([0, 1], "clean-sampling")]
    for strategy, kind in cases:
        got = _strategy.resolve(kinds[kind](sampling_strategy=strategy), classes, totals)
        assert dict(got) == dict(check_sampling_strategy(strategy, y, kind)), (strategy, kind)
    y2 = np.repeat([0, 1], [80, 20])
    classes2, totals2 = np.unique(y2, return_counts=True)
    for ratio, kind in [(0.5, "over-sampling"), (0.5, "under-sampling")]:
        got = _strategy.resolve(kinds[kind](sampling_strategy=ratio), classes2, totals2)
        assert dict(got) == dict(check_sampling_strategy(ratio, y2, kind)), (ratio, kind)


# -- schedulers and workers ---------------------------------------------------------------

def _results(name, X, y, scheduler, **extra):
    s = getattr(sd, name)(**params_of(name, **extra))
    Xd, yd = to_dask(X, y)
    with on(scheduler):
        X_res, y_res = s.fit_resample(Xd, yd)
        out = dask.compute(X_res, y_res)
        if hasattr(s, "sample_indices_"):
            out = out + (s.sample_indices_.compute(),)
    return out


def test_same_result_on_every_scheduler_and_worker_count(cluster):
    X, y = make_data(n=1000)
    one = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0")
    client_one = distributed.Client(one, set_as_default=False)
    try:
        for name in ("RandomUnderSampler", "RandomOverSampler", "SMOTE", "EditedNearestNeighbours"):
            runs = [_results(name, X, y, sched) for sched in ("sync", "threads", cluster, client_one)]
            for other in runs[1:]:
                for a, b in zip(runs[0], other):
                    np.testing.assert_array_equal(a, b)
    finally:
        client_one.close()
        one.close()


def test_cluster_of_processes():
    """Workers in other processes: every task and argument pickles, results are the in-memory ones."""
    X, y = make_data(n=800)
    c = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    client = distributed.Client(c, set_as_default=False)
    try:
        for name in ("SMOTE", "TomekLinks", "RandomUnderSampler", "NearMiss"):
            (s, X_res, y_res), (m, Xm, ym) = run_both(name, X, y, scheduler=client)
            if name == "RandomUnderSampler":
                np.testing.assert_array_equal(np.bincount(y_res), np.bincount(ym))
            elif name == "TomekLinks":
                np.testing.assert_array_equal(X_res, X[np.sort(m.sample_indices_)])
            else:
                np.testing.assert_array_equal(X_res, Xm)
    finally:
        client.close()
        c.close()


# -- DataFrames ----------------------------------------------------------------------------

def _frame(n=1200, seed=1):
    X, y = make_data(n=n, seed=seed, weights=(0.85, 0.15))
    df = pd.DataFrame({"f32": X[:, 0], "f64": X[:, 1].astype(np.float64),
                       "i64": np.round(X[:, 2] * 10).astype(np.int64), "x3": X[:, 3], "x4": X[:, 4]})
    labels = pd.Series(np.where(y == 1, "rare", "common"), name="target")
    return df, labels


@pytest.mark.parametrize("name", ["SMOTE", "EditedNearestNeighbours", "RandomUnderSampler"])
def test_dataframe_in_dataframe_out(name):
    df, labels = _frame()
    X, y = dd.from_pandas(df, npartitions=4), dd.from_pandas(labels, npartitions=4)
    kwargs = params_of(name)
    s = getattr(sd, name)(**kwargs)
    with on("sync"):
        X_res, y_res = s.fit_resample(X, y)
        assert isinstance(X_res, dd.DataFrame) and isinstance(y_res, dd.Series)
        assert list(X_res.columns) == list(df.columns) and y_res.name == "target"
        assert X_res.known_divisions
        Xc, yc = dask.compute(X_res, y_res)
    # The dask input's dtypes (current dask turns pandas strings into string[pyarrow] on the way in).
    assert (Xc.dtypes == X.dtypes).all() and yc.dtype == y.dtype and yc.name == "target"
    assert list(Xc.index) == list(range(len(Xc)))
    with on("sync"):
        df, labels = dask.compute(X, y)  # what dask holds (current dask: strings as string[pyarrow])
    Xm, ym = memory_class(name)(**kwargs).fit_resample(df, labels)
    if name == "RandomUnderSampler":
        assert yc.value_counts().to_dict() == ym.value_counts().to_dict()
        return
    if name == "SMOTE":
        pd.testing.assert_frame_equal(Xc, Xm)
        pd.testing.assert_series_equal(yc, ym)
    else:
        keys = list(df.columns)
        pd.testing.assert_frame_equal(Xc.sort_values(keys).reset_index(drop=True),
                                      Xm.sort_values(keys).reset_index(drop=True))
    assert list(s.feature_names_in_) == list(df.columns)


# -- the majority is not computed -------------------------------------------------------------

class Blocks:
    """A dask array whose pure-majority blocks count their computations and raise."""

    def __init__(self, n_blocks=8, rows=200, minority_blocks=(6, 7)):
        rng = np.random.default_rng(5)
        self.lock = threading.Lock()
        self.majority_calls = 0
        self.any_calls = 0
        xs, ys, blocks = [], [], []
        for b in range(n_blocks):
            y = np.zeros(rows, dtype=np.int64)
            if b in minority_blocks:
                y[rng.random(rows) < 0.4] = 1
            X = rng.normal(size=(rows, 4)).astype(np.float32) + y[:, None]
            xs.append(X)
            ys.append(y)
            blocks.append(da.from_delayed(dask.delayed(self._block)(X, bool(y.any())), (rows, 4), np.float32))
        self.X_np, self.y_np = np.concatenate(xs), np.concatenate(ys)
        self.X = da.concatenate(blocks)
        self.y = da.from_array(self.y_np, chunks=rows)

    def _block(self, X, has_minority):
        with self.lock:
            self.any_calls += 1
            if not has_minority:
                self.majority_calls += 1
                raise RuntimeError("a majority-only block of X was computed")
        return X


@pytest.mark.parametrize("name", ["RandomUnderSampler", "RandomOverSampler", "SMOTE", "SMOTENC", "SMRT"])
def test_fit_resample_never_computes_the_majority(name):
    data = Blocks()
    kwargs = params_of(name)
    if name == "SMOTENC":
        kwargs["categorical_features"] = [3]
    if name == "SMRT":
        kwargs["conditional"] = False  # SMRT's default conditional VAE learns from every class (below)
    s = getattr(sd, name)(**kwargs)
    with on("sync"):
        s.fit_resample(data.X, data.y)
    assert data.majority_calls == 0
    if name.startswith("Random"):
        assert data.any_calls == 0  # the random samplers read y only


def test_conditional_smrt_reads_every_class():
    """SMRT's conditional VAE (the default) trains on the majority too, so smrt.dask gathers it."""
    data = Blocks()
    with on("sync"), pytest.raises(RuntimeError, match="majority-only block"):
        sd.SMRT(**params_of("SMRT")).fit_resample(data.X, data.y)


def test_the_majority_detector_detects():
    """The same data under a sampler that must read every row (ENN) trips the detector."""
    data = Blocks()
    with on("sync"), pytest.raises(RuntimeError, match="majority-only block"):
        sd.EditedNearestNeighbours().fit_resample(data.X, data.y)
    assert data.majority_calls > 0


# -- bad input: clear errors before heavy work ----------------------------------------------

def test_unknown_chunk_sizes():
    X, y = make_data(n=300)
    Xd, yd = to_dask(X, y, 100)
    with pytest.raises(smrt.DataError, match="unknown chunk sizes"):
        sd.SMOTE().fit_resample(Xd[Xd[:, 0] > -10], yd)


def test_class_in_no_partition():
    X, y = make_data(n=300)
    with pytest.raises(smrt.DataError, match="no partition of y holds"):
        sd.RandomUnderSampler(sampling_strategy={5: 10}).fit_resample(*to_dask(X, y, 100))
    with pytest.raises(smrt.DataError, match="single class"):
        sd.SMOTE().fit_resample(*to_dask(X, np.zeros_like(y), 100))


def test_y_not_aligned_with_X():
    X, y = make_data(n=300)
    Xd, yd = to_dask(X, y, 100)
    with pytest.raises(smrt.DataError, match="not aligned: X has 300 rows, y 299"):
        sd.SMOTE().fit_resample(Xd, yd[:299])
    df = dd.from_pandas(pd.DataFrame(X), npartitions=3)
    with pytest.raises(smrt.DataError, match="3 partitions, y 2"):
        sd.SMOTE().fit_resample(df, dd.from_pandas(pd.Series(y), npartitions=2))
    # same partitions, other lengths (no divisions to tell): found where both are read
    shifted = dd.from_pandas(pd.Series(y), npartitions=3).clear_divisions()
    df = df.clear_divisions()
    lengths = dd.from_pandas(pd.Series(np.concatenate([y, y[:5]])), npartitions=3).clear_divisions()
    with on("sync"), pytest.raises(smrt.DataError, match="not aligned"):
        X_res, _ = sd.RandomUnderSampler(random_state=0).fit_resample(df, lengths)
        X_res.compute()
    sd.RandomUnderSampler(random_state=0).fit_resample(df, shifted)  # aligned: fine
    with pytest.raises(smrt.DataError, match="dask array"):
        sd.SMOTE().fit_resample(X, y)


def test_gather_over_the_limit_fails_before_X_is_read():
    data = Blocks()
    with on("sync"), pytest.raises(smrt.DataError, match="max_gather_bytes=1000"):
        sd.SMOTE(max_gather_bytes=1000).fit_resample(data.X, data.y)
    assert data.any_calls == 0


def test_bad_parameters():
    X, y = make_data(n=300)
    with pytest.raises(smrt.ParameterError, match="knn"):
        sd.EditedNearestNeighbours(knn="hnsw").fit_resample(*to_dask(X, y))
    with pytest.raises(smrt.ParameterError, match="n_threads_per_task"):
        sd.SMOTE(n_threads_per_task=0).fit_resample(*to_dask(X, y))
    with pytest.raises(smrt.ParameterError, match="k_neighbors=50"):
        sd.SMOTE(k_neighbors=50).fit_resample(*to_dask(X, y))
    with pytest.raises(ValueError, match="k_neighbors"):
        sd.SMOTE(k_neighbors=-1).fit_resample(*to_dask(X, y))
    assert "n_threads_per_task" in sd.SMOTE().get_params()
    assert sd.SMOTE(k_neighbors=3).get_params()["k_neighbors"] == 3


@pytest.mark.parametrize("name", ["SMOTE", "ADASYN", "BorderlineSMOTE", "SMOTEENN", "SMOTETomek", "SMRT"])
def test_default_random_state_gives_a_seed_the_in_memory_class_accepts(name):
    # random_state=None draws a fresh seed for the whole fit; it goes to the in-memory class,
    # which accepts scikit-learn's range [0, 2**32 - 1] (a 63-bit draw was refused).
    X, y = make_data(n=300)
    kwargs = params_of(name)
    kwargs.pop("random_state", None)
    with on("sync"):
        X_res, y_res = getattr(sd, name)(**kwargs).fit_resample(*to_dask(X, y, 100))
        X_res, y_res = dask.compute(X_res, y_res)
    assert len(X_res) == len(y_res) > 0
    for _ in range(20):
        assert 0 <= _random.seed_of(None) <= 2 ** 32 - 1


@pytest.mark.parametrize("name", ["RandomOverSampler", "RandomUnderSampler", "TomekLinks", "SMOTE",
                                  "PolynomFitSMOTE"])
@pytest.mark.parametrize("row", [0, "minority"])
def test_non_finite_values_are_a_data_error_as_in_memory(name, row):
    X, y = make_data(n=300)
    X = X.astype(np.float64)
    i = int(np.flatnonzero(y == 2)[0]) if row == "minority" else row
    X[i, 1] = np.nan if row == 0 else np.inf
    frames = (to_dask(X, y, 100), (dd.from_pandas(pd.DataFrame(X), npartitions=3),
                                   dd.from_pandas(pd.Series(y), npartitions=3)))
    if name.startswith("Random"):
        # They only pick rows: NaN and infinity pass, as in imbalanced-learn 0.10 (and in memory).
        memory = memory_class(name)(**params_of(name))
        X_res, _ = memory.fit_resample(X, y)
        assert X_res.tobytes() == X[memory.sample_indices_].tobytes()
        for Xd, yd in frames:
            with on("sync"):
                X_res, y_res = dask.compute(*getattr(sd, name)(**params_of(name)).fit_resample(Xd, yd))
            assert len(X_res) == len(y_res) > 0
        if name == "RandomOverSampler":  # shrinkage makes new rows from X's values: finite X, as before
            with pytest.raises(smrt.DataError, match="not finite"):
                memory_class(name)(**dict(params_of(name), shrinkage=1.0)).fit_resample(X, y)
            for Xd, yd in frames:
                with on("sync"), pytest.raises(smrt.DataError, match="not finite"):
                    dask.compute(*getattr(sd, name)(**dict(params_of(name), shrinkage=1.0)).fit_resample(Xd, yd))
        return
    with pytest.raises(smrt.DataError, match="not finite"):
        memory_class(name)(**params_of(name)).fit_resample(X, y)
    for Xd, yd in frames:
        with on("sync"), pytest.raises(smrt.DataError, match="not finite"):
            dask.compute(*getattr(sd, name)(**params_of(name)).fit_resample(Xd, yd))


# -- writing the result ----------------------------------------------------------------------

def test_write_npy_stack_and_csv(tmp_path):
    X, y = make_data(n=600)
    with on("sync"):
        X_res, y_res = sd.SMOTE(random_state=0).fit_resample(*to_dask(X, y, 200))
        da.to_npy_stack(str(tmp_path / "X"), X_res)
        da.to_npy_stack(str(tmp_path / "y"), y_res)
        back_X, back_y = da.from_npy_stack(str(tmp_path / "X")), da.from_npy_stack(str(tmp_path / "y"))
        np.testing.assert_array_equal(back_X.compute(), X_res.compute())
        np.testing.assert_array_equal(back_y.compute(), y_res.compute())
        df, labels = _frame(n=600)
        Xf, yf = sd.RandomUnderSampler(random_state=0).fit_resample(dd.from_pandas(df, npartitions=3),
                                                                    dd.from_pandas(labels, npartitions=3))
        Xf.assign(target=yf).to_csv(str(tmp_path / "part-*.csv"), index=False)
    back = pd.concat(pd.read_csv(p) for p in sorted(tmp_path.glob("part-*.csv")))
    assert len(back) == len(Xf) and list(back.columns) == list(df.columns) + ["target"]


@pytest.mark.parametrize("name,given", [("SMOTEENN", "smote"), ("SMOTEENN", "enn"), ("SMOTETomek", "tomek")])
def test_combined_samplers_refuse_step_objects_they_cannot_run(name, given):
    # In memory the objects run as given (imbalanced-learn's rule); on partitions smrt runs its own steps,
    # so an object there would be ignored: refused, naming the sampler's own settings.
    X, y = make_data(n=300)
    obj = {"smote": smrt.over_sampling.SMOTE(), "enn": smrt.under_sampling.EditedNearestNeighbours(),
           "tomek": smrt.under_sampling.TomekLinks()}[given]
    with pytest.raises(smrt.ParameterError, match="%s= objects are not run" % given):
        getattr(sd, name)(random_state=0, **{given: obj}).fit_resample(*to_dask(X, y))


@pytest.mark.parametrize("name, extra", [("SMOTE", {}), ("SMOTE", {"max_synthetic_bytes": 800}), ("ADASYN", {}),
                                         ("BorderlineSMOTE", {})])
def test_far_offset_float64_columns_keep_their_spread(name, extra):
    """Timestamps (1.7e9 + 60 x randn): the gathered rows are shifted as the in-memory classes shift
    them (a pad row far from S hid the offset: SMOTE gave 3 distinct values on float32's 128-unit
    steps), in both the one-task and the split path; the new rows are the in-memory class's to
    float32 precision of the spread."""
    rng = np.random.default_rng(0)
    X = np.c_[1.7e9 + 60 * rng.standard_normal((120, 2)), rng.standard_normal(120)]
    y = np.array([0] * 100 + [1] * 20)
    Xd, yd = to_dask(X, y, chunks=40)
    X_res, y_res = dask.compute(*getattr(sd, name)(random_state=0, **extra).fit_resample(Xd, yd))
    X_mem, _ = memory_class(name)(random_state=0).fit_resample(X, y)
    new = np.asarray(X_res)[120:]
    assert X_res.dtype == np.float64 and len(new) == 80
    assert len(np.unique(new[:, 0])) >= 78
    if not extra:  # the split path draws other rows (same distribution)
        np.testing.assert_allclose(np.sort(new, axis=0), np.sort(X_mem[120:], axis=0), rtol=0, atol=1e-4)
    lo, hi = X[100:].min(axis=0), X[100:].max(axis=0)
    assert ((new >= lo - 1e-6) & (new <= hi + 1e-6)).all()


# -- what the in-memory classes take or refuse, taken or refused the same way -------------------

def test_smotenc_takes_column_names_of_a_dask_dataframe():
    # The gathered rows reach the in-memory SMOTENC as arrays: the names are resolved from the dask
    # DataFrame's columns first (they were refused, as if X were an array).
    rng = np.random.default_rng(16)
    df = pd.DataFrame({"x1": rng.normal(size=300), "cat": rng.integers(0, 5, 300), "x2": rng.normal(size=300)})
    labels = pd.Series(np.where(rng.random(300) < 0.15, "yes", "no"), name="y")
    X, y = dd.from_pandas(df, npartitions=3), dd.from_pandas(labels, npartitions=3)
    with on("sync"):
        X_res, y_res = dask.compute(*sd.SMOTENC(categorical_features=["cat"], random_state=0).fit_resample(X, y))
        by_index = dask.compute(*sd.SMOTENC(categorical_features=[1], random_state=0).fit_resample(X, y))
    Xm, ym = smrt.over_sampling.SMOTENC(categorical_features=["cat"], random_state=0).fit_resample(df, labels)
    pd.testing.assert_frame_equal(X_res, Xm)
    pd.testing.assert_frame_equal(X_res, by_index[0])
    np.testing.assert_array_equal(y_res, ym)
    with pytest.raises(smrt.ParameterError, match="no column 'kat'"):
        sd.SMOTENC(categorical_features=["kat"]).fit_resample(X, y)


@pytest.mark.parametrize("name", ["SMOTE", "ADASYN", "BorderlineSMOTE", "SMOTEENN", "SVMSMOTE"])
def test_interpolating_samplers_refuse_a_bool_X_as_in_memory(name):
    # Interpolated rows cast back to bool were returned (nearly all True where any value was).
    rng = np.random.default_rng(6)
    X = rng.normal(size=(300, 3)) > 0
    y = (rng.random(300) < 0.2).astype(int)
    with pytest.raises(TypeError) as in_memory:
        memory_class(name)(random_state=0).fit_resample(X, y)
    frame = (dd.from_pandas(pd.DataFrame(X, columns=list("abc")), npartitions=3),
             dd.from_pandas(pd.Series(y), npartitions=3))
    for Xd, yd in (to_dask(X, y, 100), frame):
        with pytest.raises(TypeError) as on_dask:
            getattr(sd, name)(random_state=0).fit_resample(Xd, yd)
        assert str(on_dask.value) == str(in_memory.value)
    # no error where the rows are categories' values (SMOTEN: bools stay bools) or a float64 encoding's
    # (SMOTENC: float64 rows, as in memory and imbalanced-learn)
    X_res, _ = dask.compute(*sd.SMOTEN(random_state=0).fit_resample(*to_dask(X, y, 100)))
    assert X_res.dtype == np.bool_ and len(X_res) > 300
    X_res, _ = dask.compute(*sd.SMOTENC(categorical_features=[0], random_state=0).fit_resample(*to_dask(X, y, 100)))
    memory = smrt.over_sampling.SMOTENC(categorical_features=[0], random_state=0).fit_resample(X, y)[0]
    assert X_res.dtype == memory.dtype == np.float64 and len(X_res) == len(memory)


def _never_computed(block):
    raise AssertionError("X was computed")


@pytest.mark.parametrize("name", ["SMOTE", "EditedNearestNeighbours", "NearMiss", "RandomUnderSampler"])
def test_complex_X_is_refused_from_its_dtype_as_in_memory(name):
    # The imaginary parts were dropped (a ComplexWarning only) and the real parts resampled.
    rng = np.random.default_rng(6)
    X = rng.normal(size=(300, 3)) + 1j * rng.normal(size=(300, 3))
    y = (rng.random(300) < 0.2).astype(int)
    with pytest.raises(ValueError, match="Complex data not supported"):
        memory_class(name)().fit_resample(X, y)
    Xd, yd = to_dask(X, y, 100)
    Xd = Xd.map_blocks(_never_computed, dtype=X.dtype)
    frame = dd.from_pandas(pd.DataFrame({"a": X[:, 0], "b": X[:, 1].real}), npartitions=3)
    for Xd in (Xd, frame):
        with pytest.raises(smrt.DataError, match="Complex data not supported"):
            getattr(sd, name)().fit_resample(Xd, yd if Xd is not frame else dd.from_pandas(pd.Series(y), npartitions=3))


def _same_state(a, b):
    return all(np.array_equal(u, v) for u, v in zip(a.get_state(), b.get_state()))


@pytest.mark.parametrize("name", ["SMOTE", "SVMSMOTE", "SMOTEENN"])
def test_a_random_state_instance_gives_one_draw_per_call_as_in_memory(name):
    # Each call drew twice (resolving sampling_strategy_, then the run; the whole-table samplers'
    # second draw inside a task, from a pickled copy on a process cluster): the first result was the
    # in-memory class's second.
    X, y = make_data(n=300)
    state, reference = np.random.RandomState(0), np.random.RandomState(0)
    s, m = getattr(sd, name)(random_state=state), memory_class(name)(random_state=np.random.RandomState(0))
    for _ in range(2):
        with on("sync"):
            X_res, y_res = s.fit_resample(*to_dask(X, y, 100))
            reference.randint(np.iinfo(np.int32).max)  # the one draw, taken by fit_resample on the client
            assert _same_state(state, reference)
            X_res, y_res = dask.compute(X_res, y_res)
        assert _same_state(state, reference)  # nothing drawn while computing
        Xm, ym = m.fit_resample(X, y)
        if name == "SMOTEENN":  # the same rows, as a set
            Xm, X_res = np.unique(Xm, axis=0), np.unique(X_res, axis=0)
        np.testing.assert_array_equal(X_res, Xm)


def test_labels_that_cannot_be_ordered_are_a_data_error_in_one_partition_too():
    X, y = make_data(n=300)
    y = y.astype(object)
    mixed = y.copy()
    mixed[3] = "x"  # with the ints of partition 0 (numpy's bare TypeError from np.unique)
    spread = y.copy()
    spread[100:200] = "x"  # a partition of strings
    for labels in (mixed, spread):
        with pytest.raises(smrt.DataError, match="y mixes label types that cannot be ordered"):
            sd.SMOTE().fit_resample(*to_dask(X, labels, 100))


@pytest.mark.parametrize("name,extra", [("SMOTE", {}), ("EditedNearestNeighbours", {}), ("NearMiss", {}),
                                        ("RandomOverSampler", {"shrinkage": 1.0}), ("ADASYN", {})])
@pytest.mark.parametrize("frame", [False, True])
def test_non_finite_values_name_the_global_row(name, extra, frame):
    # The partition's own row was named ("a partition, row 30"), which the user could not find.
    X, y = make_data(n=300)
    X = X.astype(np.float64)
    X[230, 1] = np.nan
    if frame:
        Xd, yd = dd.from_pandas(pd.DataFrame(X), npartitions=3), dd.from_pandas(pd.Series(y), npartitions=3)
    else:
        Xd, yd = to_dask(X, y, 100)
    with on("sync"), pytest.raises(smrt.DataError, match=r"X: row 230 \(partition 2, row 30\), feature 1"):
        dask.compute(*getattr(sd, name)(**params_of(name, **extra)).fit_resample(Xd, yd))


def test_non_finite_value_in_a_partition_read_only_for_the_output_names_the_global_row():
    # SMOTE gathers the minority alone: a partition without any is first read for the output.
    X, y = make_data(n=300)
    y = np.zeros(300, dtype=int)
    y[:40] = 1
    X[230, 1] = np.inf
    for Xd, yd in (to_dask(X, y, 100), (dd.from_pandas(pd.DataFrame(X), npartitions=3),
                                        dd.from_pandas(pd.Series(y), npartitions=3))):
        X_res, y_res = sd.SMOTE(random_state=0).fit_resample(Xd, yd)
        with on("sync"), pytest.raises(smrt.DataError, match=r"X: row 230 \(partition 2, row 30\), feature 1"):
            dask.compute(X_res, y_res)


def test_new_rows_of_an_int_array_are_float64_as_in_memory():
    """ClusterCentroids' centres and RandomOverSampler's smoothed rows of an int array are float64 in
    memory (imbalanced-learn's vstack); smrt.dask cast them to the input's int dtype (centres
    truncated), kept rows included as float64 like the in-memory output."""
    rng = np.random.RandomState(0)
    X = rng.randint(0, 100, (120, 3))
    y = np.r_[np.zeros(100, int), np.ones(20, int)]
    dX, dy = da.from_array(X, chunks=40), da.from_array(y, chunks=40)
    centres = smrt.under_sampling.ClusterCentroids(random_state=0).fit_resample(X, y)[0]
    lazy = sd.ClusterCentroids(random_state=0).fit_resample(dX, dy)[0]
    assert centres.dtype == lazy.dtype == np.float64
    assert np.array_equal(np.sort(lazy.compute(), axis=0), np.sort(centres, axis=0))
    smoothed = sd.RandomOverSampler(random_state=0, shrinkage=1.0).fit_resample(dX, dy)[0]
    assert smoothed.dtype == smoothed.compute().dtype == np.float64
    assert np.array_equal(smoothed[:120].compute(), X)  # kept rows, exactly, as float64
    copies = sd.RandomOverSampler(random_state=0).fit_resample(dX, dy)[0]  # copies keep the dtype
    assert copies.dtype == copies.compute().dtype == X.dtype


def test_core_warnings_point_at_the_callers_line():
    """A warning of the core raised inside a task (SVM-SMOTE adding fewer rows than asked) pointed into
    dask/core.py; on the synchronous scheduler it names the user's line, as in memory."""
    import dask
    import warnings

    rng = np.random.RandomState(0)
    X = np.vstack([rng.randn(60, 2), rng.randn(12, 2) * 0.5 + 6])
    y = np.r_[np.zeros(60, int), np.ones(12, int)]
    with warnings.catch_warnings(record=True) as caught, dask.config.set(scheduler="sync"):
        warnings.simplefilter("always")
        X_res, _ = sd.SVMSMOTE(random_state=0).fit_resample(da.from_array(X, chunks=30), da.from_array(y, chunks=30))
        X_res.compute()
    files = {w.filename for w in caught if "SVMSMOTE: added" in str(w.message)}
    assert files == {__file__}
