"""What goes in comes back: dtypes, exact kept rows, pandas, lists, sparse, labels."""
import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from smrt.over_sampling import SMOTE, RandomOverSampler
from smrt.under_sampling import EditedNearestNeighbours, RandomUnderSampler


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_kept_and_kept_rows_exact(dtype, tabular):
    X, y = tabular
    # values float32 cannot hold: a float64 round trip through float32 would change them
    X = (X * np.pi).astype(dtype)
    sampler = RandomUnderSampler(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert X_res.dtype == dtype
    assert X_res.tobytes() == X[sampler.sample_indices_].tobytes()
    X_res, _ = SMOTE(random_state=0).fit_resample(X, y)
    assert X_res.dtype == dtype
    assert X_res[: len(X)].tobytes() == X.tobytes()  # SMOTE keeps every input row first


@pytest.mark.parametrize("method", ["SMOTE", "ADASYN", "BorderlineSMOTE", "RandomOverSampler"])
def test_new_rows_written_in_place_match_the_copied_path(method, tabular):
    """float32 over-samplers write their new rows straight into the output table:
    the same values as the sampler's own rows copied behind X, in an array that
    owns its memory."""
    import gc

    import smrt.over_sampling as over
    from smrt import _core
    from smrt._estimator import ClassKeys

    X, y = tabular
    X = X.astype(np.float32)
    sampler = getattr(over, method)(random_state=4)
    X_res, y_res = sampler.fit_resample(X, y)
    keys = ClassKeys(y)
    _, (indices, synthetic, _, _, table) = sampler._core_call(X, y, keys, assemble=False)
    assert table is None
    expected = _core.assemble(X, indices, synthetic)
    assert X_res.dtype == np.float32 and X_res.shape == expected.shape
    assert X_res.tobytes() == expected.tobytes()
    assert X_res.flags.writeable and X_res.flags.c_contiguous
    del sampler, expected, synthetic
    gc.collect()
    X_res[-1, -1] = 1.5  # the memory is the array's own
    assert X_res[: len(X)].tobytes() == X.tobytes()


def test_float64_beyond_float32_precision_kept(tabular):
    X, y = tabular
    X = X.copy()
    X[0, 0] = 16777217.0  # not a float32
    X[1, 1] = 1e-50       # a float32 underflow
    X_res, _ = SMOTE(random_state=0).fit_resample(X, y)
    assert X_res[0, 0] == 16777217.0 and X_res[1, 1] == 1e-50


def test_pandas_in_pandas_out(tabular):
    X, y = tabular
    df = pd.DataFrame(X, columns=["f%d" % i for i in range(X.shape[1])]).astype({"f1": np.float32})
    s = pd.Series(y, name="target")
    X_res, y_res = SMOTE(random_state=0).fit_resample(df, s)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == list(df.columns)
    assert (X_res.dtypes == df.dtypes).all()
    assert y_res.name == "target"


def test_list_input(tabular):
    X, y = tabular
    X_res, y_res = RandomOverSampler(random_state=0).fit_resample(X.tolist(), y.tolist())
    assert isinstance(X_res, list) and isinstance(y_res, list)
    X_np, y_np = RandomOverSampler(random_state=0).fit_resample(X, y)
    assert np.array_equal(np.asarray(X_res), X_np) and np.array_equal(np.asarray(y_res), y_np)


def test_sparse_in_sparse_out(tabular):
    X, y = tabular
    for sampler in (SMOTE(random_state=0), EditedNearestNeighbours()):
        X_sp, y_sp = sampler.fit_resample(sparse.csr_matrix(X), y)
        X_de, y_de = sampler.fit_resample(X, y)
        assert sparse.issparse(X_sp) and X_sp.format == "csr"
        assert np.array_equal(X_sp.toarray(), X_de) and np.array_equal(y_sp, y_de)


@pytest.mark.parametrize("labels", [
    np.array(["cat", "dog", "émeu"]), np.array([10, 2, 7]), np.array([0.0, 1.0, 2.0]), np.array(["b", "a", "c"], dtype=object), np.array([-1, 0, 1])])
def test_labels_of_any_kind(labels, tabular):
    X, y = tabular
    y_named = labels[y]
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y_named)
    X_ref, y_ref = SMOTE(random_state=0).fit_resample(X, y)
    assert np.array_equal(X_res, X_ref)
    assert np.array_equal(y_res, labels[y_ref])
    assert y_res.dtype == y_named.dtype


def test_per_class_strategy_with_string_labels(tabular):
    X, y = tabular
    names = np.array(["a:b", "c,d", "e"])  # characters the text forms use
    counts = dict(zip(*np.unique(names[y], return_counts=True)))
    X_res, y_res = SMOTE(random_state=0, sampling_strategy={"e": 100, "c,d": 95}).fit_resample(X, names[y])
    out = dict(zip(*np.unique(y_res, return_counts=True)))
    assert out == {"a:b": counts["a:b"], "c,d": 95, "e": 100}


@pytest.mark.parametrize("strategy", ["auto", "not majority", "balance_ratio:0.5", {2: 120}])
def test_fit_sets_the_sampling_strategy_fit_resample_sets(strategy, tabular):
    X, y = tabular
    fitted = SMOTE(random_state=0, sampling_strategy=strategy).fit(X, y).sampling_strategy_
    resampler = SMOTE(random_state=0, sampling_strategy=strategy)
    resampler.fit_resample(X, y)
    assert fitted == resampler.sampling_strategy_ and len(fitted) > 0
