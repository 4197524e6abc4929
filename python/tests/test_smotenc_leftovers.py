"""SMOTENC / SMOTEN as the installed imbalanced-learn takes them (0.10 on Debian, 0.14 from PyPI): negative
categorical_features indices, missing values in categorical columns, the categorical_features docstring,
'auto' on smrt.dask, and thread counts named as the user gave them. Each test asks the installed
imbalanced-learn what it does and checks smrt does the same (or refuses with a DataError where
imbalanced-learn fails with an error unrelated to the value)."""
import os
import subprocess
import warnings

import numpy as np
import pandas as pd
import pytest
from imblearn import over_sampling as imb

import smrt
from smrt import _core, _versions
from smrt._estimator import MAX_THREADS
from smrt.over_sampling import SMOTE, SMOTEN, SMOTENC

from conftest import SMRT_BIN

N, N_MINORITY = 40, 12
NEW = N - 2 * N_MINORITY  # rows SMOTENC adds to balance the two classes


def labels():
    return np.array([0] * (N - N_MINORITY) + [1] * N_MINORITY)


def numeric_table(seed=0):
    """Two continuous features and integer category codes (feature 2)."""
    rng = np.random.RandomState(seed)
    return np.column_stack([rng.normal(size=N), rng.normal(size=N), rng.randint(0, 3, N)]).astype(float)


def imblearn_result(make):
    """imbalanced-learn's (fitted sampler, X_res) or the exception it raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            sampler = make()
            return sampler, sampler.fit_resample(*make.data)[0]
        except Exception as error:  # noqa: BLE001 - whatever imbalanced-learn raises
            return error


def runner(cls, data, **params):
    def make():
        return cls(**params)

    make.data = data
    return make


# -- 1. negative categorical_features indices ------------------------------------------------------

@pytest.mark.parametrize("frame", [False, True])
@pytest.mark.parametrize("categorical, same_as", [([-1], [2]), ([-1, -2], [2, 1]), ([-3], [0]),
                                                  (np.array([-1]), [2]), ((1, -1), [1, 2])])
def test_negative_indices_as_the_installed_imblearn(frame, categorical, same_as):
    X = numeric_table()
    if frame:
        X = pd.DataFrame(X, columns=["a", "b", "code"])
    theirs = imblearn_result(runner(imb.SMOTENC, (X, labels()), categorical_features=categorical, random_state=0))
    ours = SMOTENC(categorical_features=categorical, random_state=0)
    if _versions.IMBLEARN_0_11:  # scikit-learn's column indexing: -1 is the last feature
        assert not isinstance(theirs, Exception)
        X_res, y_res = ours.fit_resample(X, labels())
        np.testing.assert_array_equal(ours.categorical_features_, theirs[0].categorical_features_)
        np.testing.assert_array_equal(ours.continuous_features_, theirs[0].continuous_features_)
        assert list(ours.categorical_features_) == same_as
        assert X_res.shape == theirs[1].shape
        by_position = SMOTENC(categorical_features=same_as, random_state=0).fit_resample(X, labels())
        np.testing.assert_array_equal(np.asarray(X_res), np.asarray(by_position[0]))
        np.testing.assert_array_equal(y_res, by_position[1])
    else:  # 0.10: "Some of the categorical indices are out of range"
        assert isinstance(theirs, ValueError) and "out of range" in str(theirs)
        with pytest.raises(smrt.ParameterError, match="categorical_features: index -[0-9] is out of range; "
                                                      "indices must be between 0 and 2"):
            ours.fit_resample(X, labels())


@pytest.mark.parametrize("frame", [False, True])
def test_a_negative_index_naming_a_feature_twice_is_refused(frame):
    # imbalanced-learn >= 0.11 counts feature 2 twice on arrays (one more column out than in) and fails on a
    # DataFrame (duplicate columns); 0.10 refuses -1 itself
    X = numeric_table()
    if frame:
        X = pd.DataFrame(X, columns=["a", "b", "code"])
    with pytest.raises(smrt.ParameterError) as info:
        SMOTENC(categorical_features=[2, -1], random_state=0).fit_resample(X, labels())
    if _versions.IMBLEARN_0_11:
        assert "%s is given more than once (as 2 and -1)" % (
            "column 'code' (feature 2)" if frame else "feature 2") in str(info.value)
        theirs = imblearn_result(runner(imb.SMOTENC, (X, labels()), categorical_features=[2, -1], random_state=0))
        assert isinstance(theirs, ValueError) if frame else theirs[1].shape[1] == 4
    else:
        assert "index -1 is out of range" in str(info.value)


def test_negative_index_out_of_range():
    theirs = imblearn_result(runner(imb.SMOTENC, (numeric_table(), labels()), categorical_features=[-4]))
    assert isinstance(theirs, ValueError)
    with pytest.raises(smrt.ParameterError) as info:
        SMOTENC(categorical_features=[-4]).fit_resample(numeric_table(), labels())
    assert "categorical_features: index -4 is out of range; indices must be between 0 and 2" in str(info.value)
    assert ("between -3 and -1, counting from the end" in str(info.value)) == _versions.IMBLEARN_0_11


# -- 2. missing values in categorical columns -------------------------------------------------------

def text_column(marker, seed=1):
    """Text categories; every minority row holds `marker` (a list: cycled), so every synthetic row does."""
    rng = np.random.RandomState(seed)
    column = rng.choice(["x", "y", "z"], N).astype(object)
    for i, row in enumerate(range(N - N_MINORITY, N)):
        column[row] = marker[i % len(marker)]
    return column


def containers(column):
    """(name, SMOTENC's X with the category as feature 2, SMOTEN's X) for each way a table holds it."""
    rng = np.random.RandomState(2)
    a, b = rng.normal(size=N), rng.normal(size=N)
    yield "object array", np.column_stack([a, b, column]).astype(object), np.column_stack([column, column])
    obj = pd.Series(column.copy(), dtype=object)
    yield "object frame", pd.DataFrame({"a": a, "b": b, "c": obj}), pd.DataFrame({"c": obj})
    if not any(v is pd.NaT for v in column):
        cat = pd.Categorical(column.copy())
        yield "category frame", pd.DataFrame({"a": a, "b": b, "c": cat}), pd.DataFrame({"c": cat})
        text = pd.Series(column.copy(), dtype="string")
        yield "string frame", pd.DataFrame({"a": a, "b": b, "c": text}), pd.DataFrame({"c": text})


def synthetic_values(X_res):
    column = X_res.iloc[N:, -1] if isinstance(X_res, pd.DataFrame) else X_res[N:, -1]
    return {"NaN" if isinstance(v, float) and v != v else v for v in column}


MARKERS = {"None": [None], "NaN": [np.nan], "pandas.NA": [pd.NA], "NaT": [pd.NaT], "None and NaN": [None, np.nan]}


@pytest.mark.parametrize("sampler", ["SMOTENC", "SMOTEN"])
@pytest.mark.parametrize("marker", list(MARKERS))
def test_missing_categories_as_the_installed_imblearn(sampler, marker):
    """Taken as a category where imbalanced-learn takes it (the same synthetic values: every minority row holds
    it), else a DataError naming column and row, where imbalanced-learn refuses it or fails with an error that
    says nothing of the value (AttributeError, TypeError: the cases smrt keeps its own error for)."""
    for name, X_nc, X_n in containers(text_column(MARKERS[marker])):
        X = X_nc if sampler == "SMOTENC" else X_n
        params = dict(categorical_features=[2]) if sampler == "SMOTENC" else {}
        theirs = imblearn_result(runner(getattr(imb, sampler), (X, labels()), random_state=0, **params))
        ours = getattr(smrt.over_sampling, sampler)(random_state=0, **params)
        if isinstance(theirs, Exception):
            with pytest.raises(smrt.DataError, match=r"has a missing value \(.*\) in row (28|29); a missing "
                                                     r"category may be given as None"):
                ours.fit_resample(X, labels())
            continue
        X_res, y_res = ours.fit_resample(X, labels())
        assert len(X_res) == len(theirs[1]) == N + NEW, name
        assert synthetic_values(X_res) == synthetic_values(theirs[1]), (name, synthetic_values(X_res))
        if isinstance(X, pd.DataFrame):
            # kept rows (pandas >= 3 makes an object column's None NaN in the output frame, as in imbalanced-learn's)
            assert all((pd.isna(u) and pd.isna(v)) or u == v
                       for u, v in zip(X_res.iloc[:N].to_numpy().ravel(), X.to_numpy().ravel()))
            assert list(X_res.dtypes) == list(X.dtypes)
        else:
            assert all(u is v for u, v in zip(X_res[:N].ravel(), X.ravel()))


def test_which_missing_values_are_categories():
    # the rule the comparisons above check, written out (each imbalanced-learn version gives a result here)
    accepted = {(s, m) for s in ("SMOTENC", "SMOTEN") for m in ("None",)}
    if _versions.IMBLEARN_0_11:
        accepted |= {("SMOTENC", "NaN"), ("SMOTENC", "None and NaN")}
    X_nc, X_n = next(containers(text_column([None])))[1:]
    for sampler, marker in [(s, m) for s in ("SMOTENC", "SMOTEN") for m in MARKERS]:
        X_nc, X_n = next(containers(text_column(MARKERS[marker])))[1:]
        params = dict(categorical_features=[2]) if sampler == "SMOTENC" else {}
        run = lambda: getattr(smrt.over_sampling, sampler)(random_state=0, **params).fit_resample(  # noqa: E731
            X_nc if sampler == "SMOTENC" else X_n, labels())
        if (sampler, marker) in accepted:
            run()
        else:
            with pytest.raises(smrt.DataError):
                run()


def test_a_missing_category_is_one_category_among_the_others():
    # half the minority rows 'x', half None: new rows take one of the two, and never another value
    X = np.column_stack([np.random.RandomState(3).normal(size=(N, 2)), text_column(["x", None])]).astype(object)
    X_res, _ = SMOTENC(categorical_features=[2], random_state=0).fit_resample(X, labels())
    assert synthetic_values(X_res) <= {"x", None} and len(X_res) == N + NEW
    X_res, _ = SMOTEN(random_state=0).fit_resample(X[:, 2:], labels())
    assert synthetic_values(X_res) <= {"x", None}


@pytest.mark.parametrize("kind", ["float64", "float32", "frame", "Int64 frame"])
def test_nan_in_a_numeric_categorical_column(kind):
    # imbalanced-learn >= 0.11 gives NaN its own category in a numeric X too (its encoder sees the column alone)
    X = numeric_table()
    X[N - N_MINORITY:, 2] = np.nan
    X = {"float64": X, "float32": X.astype(np.float32), "frame": pd.DataFrame(X, columns=list("abc")),
         "Int64 frame": pd.DataFrame({"a": X[:, 0], "b": X[:, 1],
                                      "c": pd.array([None if v != v else int(v) for v in X[:, 2]], dtype="Int64")})}[kind]
    theirs = imblearn_result(runner(imb.SMOTENC, (X, labels()), categorical_features=[2], random_state=0))
    ours = SMOTENC(categorical_features=[2], random_state=0)
    if not _versions.IMBLEARN_0_11:
        assert isinstance(theirs, ValueError)
        with pytest.raises(ValueError, match="contains NaN|not finite"):
            ours.fit_resample(X, labels())
        return
    X_res, _ = ours.fit_resample(X, labels())
    assert type(X_res) is type(theirs[1]) and X_res.shape == theirs[1].shape
    if isinstance(X_res, pd.DataFrame):
        assert list(X_res.dtypes) == list(theirs[1].dtypes)
        assert X_res.iloc[N:, 2].isna().all() and theirs[1].iloc[N:, 2].isna().all()
        pd.testing.assert_frame_equal(X_res.iloc[:N], X)
    else:
        assert X_res.dtype == theirs[1].dtype and np.isnan(X_res[N:, 2]).all()
        np.testing.assert_array_equal(X_res[:N], X)
    # NaN in a continuous feature stays scikit-learn's error; infinity in a categorical one the core's
    bad = numeric_table()
    bad[3, 0] = np.nan
    with pytest.raises(ValueError, match="NaN|not finite"):
        ours.fit_resample(bad, labels())
    bad = numeric_table()
    bad[3, 2], bad[4, 2] = np.nan, np.inf
    with pytest.raises(ValueError, match="not finite|infinity"):
        ours.fit_resample(bad, labels())


# -- 3. the categorical_features docstring ----------------------------------------------------------

def test_categorical_features_docstring_says_what_it_takes():
    doc = SMOTENC.__doc__
    line = next(text for text in doc.splitlines() if text.startswith("categorical_features :"))
    assert "int list or None" not in line
    for words in ("array-like of int", "bool", "column labels", "'auto'", "None"):
        assert words in line
    description = doc.splitlines()[doc.splitlines().index(line) + 1]
    for words in ("boolean mask", "'auto'", "negative indices", "column names"):
        assert words in description


@pytest.mark.skipif(not os.path.exists(SMRT_BIN), reason="the CLI is not built")
def test_parameters_md_has_the_declaration_text():
    listed = subprocess.run([SMRT_BIN, "list", "--markdown"], capture_output=True, text=True, check=True).stdout
    row = next(text for text in listed.splitlines() if text.startswith("| `categorical_features`"))
    assert "int list, column names or None" in row
    docs = os.path.join(os.path.dirname(SMRT_BIN), "..", "docs", "parameters.md")
    with open(docs, encoding="utf-8") as f:
        assert row in f.read().splitlines()


# -- 4. smrt.dask's SMOTENC: 'auto' and category columns, as in memory --------------------------------

def _dask_frames(df, labels_, npartitions=3):
    dd = pytest.importorskip("dask.dataframe")
    return dd.from_pandas(df, npartitions=npartitions), dd.from_pandas(labels_, npartitions=npartitions)


def category_frame(seed=4, n=300, missing=False):
    rng = np.random.default_rng(seed)
    # categories in an order that is not the sorted one: the ranks follow the values, as in memory
    df = pd.DataFrame({"x1": rng.normal(size=n), "cat": pd.Categorical(rng.choice(["b", "a", "c"], n),
                                                                       categories=["c", "b", "a"]),
                       "x2": rng.normal(size=n), "size": pd.Categorical(rng.choice([3, 1, 2], n))})
    y = pd.Series(np.where(rng.random(n) < 0.15, "yes", "no"), name="y")
    if missing:
        df.loc[np.flatnonzero(y == "yes")[::2], "cat"] = np.nan
        df.loc[[1, 5], "cat"] = np.nan
    return df, y


@pytest.mark.parametrize("categorical", ["auto", ["cat", "size"], [1, 3]])
def test_dask_smotenc_takes_auto_and_category_columns_as_in_memory(categorical):
    dask = pytest.importorskip("dask")
    import smrt.dask as sd

    df, y = category_frame()
    X, yd = _dask_frames(df, y)
    with dask.config.set(scheduler="sync"):
        on_dask = sd.SMOTENC(categorical_features=categorical, random_state=0)
        X_res, y_res = dask.compute(*on_dask.fit_resample(X, yd))
    Xm, ym = SMOTENC(categorical_features=categorical, random_state=0).fit_resample(df, y)
    pd.testing.assert_frame_equal(X_res, Xm)
    np.testing.assert_array_equal(y_res, ym)
    assert list(X_res.dtypes) == list(df.dtypes) and len(X_res) > len(df)


def test_dask_smotenc_missing_categories_as_in_memory():
    dask = pytest.importorskip("dask")
    import smrt.dask as sd

    df, y = category_frame(missing=True)
    X, yd = _dask_frames(df, y)
    memory = SMOTENC(categorical_features="auto", random_state=0)
    on_dask = sd.SMOTENC(categorical_features="auto", random_state=0)
    with dask.config.set(scheduler="sync"):
        if not _versions.IMBLEARN_0_11:  # a DataError in both
            with pytest.raises(smrt.DataError, match="missing value"):
                memory.fit_resample(df, y)
            with pytest.raises(smrt.DataError, match="feature 1: value nan is not finite"):
                dask.compute(*on_dask.fit_resample(X, yd))
            return
        X_res, y_res = dask.compute(*on_dask.fit_resample(X, yd))
    Xm, ym = memory.fit_resample(df, y)
    pd.testing.assert_frame_equal(X_res, Xm)
    np.testing.assert_array_equal(y_res, ym)
    assert X_res["cat"].iloc[len(df):].isna().any()


def test_dask_smotenc_auto_refusals_as_in_memory():
    dask = pytest.importorskip("dask")
    import smrt.dask as sd

    df, y = category_frame()
    X, yd = _dask_frames(df, y)
    # a dask array: 'auto' needs a DataFrame, as in memory
    with pytest.raises(smrt.ParameterError) as in_memory:
        SMOTENC(categorical_features="auto").fit_resample(df.assign(cat=df["cat"].cat.codes,
                                                                   size=df["size"].astype(int)).to_numpy(), y)
    array = X.assign(cat=X["cat"].cat.codes, size=X["size"].astype(int)).to_dask_array(lengths=True)
    with warnings.catch_warnings():  # pandas >= 3: y's str dtype "converted to object"
        warnings.simplefilter("ignore", UserWarning)
        y_array = yd.to_dask_array(lengths=True)
    with pytest.raises(smrt.ParameterError) as on_dask:
        sd.SMOTENC(categorical_features="auto").fit_resample(array, y_array)
    assert str(on_dask.value) == str(in_memory.value)
    # no category column
    numeric = df.assign(cat=df["cat"].cat.codes, size=df["size"].astype(int))
    with pytest.raises(smrt.ParameterError, match="no column of the category dtype") as in_memory:
        SMOTENC(categorical_features="auto").fit_resample(numeric, y)
    with pytest.raises(smrt.ParameterError) as on_dask:
        sd.SMOTENC(categorical_features="auto").fit_resample(_dask_frames(numeric, y)[0], yd)
    assert str(on_dask.value) == str(in_memory.value)
    # a category column left out of categorical_features would be taken for numbers (its ranks)
    with pytest.raises(smrt.DataError, match="column 'size' \\(feature 3\\) is of the category dtype, but not in "
                                             "categorical_features"):
        sd.SMOTENC(categorical_features=["cat"]).fit_resample(X, yd)
    # categories not known on the client differ between partitions
    with pytest.raises(smrt.DataError, match="unknown categories.*categorize"):
        sd.SMOTENC(categorical_features="auto").fit_resample(X.assign(cat=X["cat"].cat.as_unknown()), yd)
    # the other samplers still take numbers only
    with pytest.raises(smrt.DataError, match="X must be numeric; columns cat, size are not"):
        sd.SMOTE().fit_resample(X, yd)


# -- 5. thread counts named as given --------------------------------------------------------------

@pytest.mark.parametrize("given, words", [
    (dict(n_jobs=MAX_THREADS + 1), "n_jobs=%d is more threads than smrt runs a call with (at most %d; -1 means"),
    (dict(n_threads=MAX_THREADS + 1), "n_threads=%d is more threads than smrt runs a call with (at most %d; 0 means"),
])
@pytest.mark.parametrize("cls", [SMOTE, SMOTENC])
def test_too_many_threads_names_the_parameter_given(cls, given, words):
    X, y = numeric_table(), labels()
    params = dict(categorical_features=[2]) if cls is SMOTENC else {}
    with pytest.raises(smrt.ParameterError) as info:
        cls(**given, **params).fit_resample(X, y)
    assert words % (MAX_THREADS + 1, MAX_THREADS) in str(info.value)
    if "n_jobs" in given:
        assert "n_threads" not in str(info.value)


@pytest.mark.parametrize("name", ["n_jobs", "n_threads"])
def test_a_thread_count_past_int32_is_a_parameter_error(name):
    # it reached pybind11 as a TypeError listing the whole of X
    with pytest.raises(smrt.ParameterError, match="%s=%d is more threads" % (name, 2 ** 40)):
        SMOTE(**{name: 2 ** 40}).fit_resample(numeric_table(), labels())


def test_max_threads_is_the_cores_limit():
    X = np.zeros((3, 2), dtype=np.float32)
    args = (X, np.arange(3, dtype=np.int64), np.zeros((0, 2), dtype=np.float32))
    assert _core.assemble(*args, MAX_THREADS).shape == (3, 2)
    with pytest.raises(smrt.ParameterError, match=r"at most %d;" % MAX_THREADS):
        _core.assemble(*args, MAX_THREADS + 1)


def test_dask_names_n_threads_per_task():
    pytest.importorskip("dask")
    import dask.array as da

    import smrt.dask as sd

    X, y = numeric_table(), labels()
    with pytest.raises(smrt.ParameterError) as info:
        sd.SMOTE(n_threads_per_task=MAX_THREADS + 1).fit_resample(da.from_array(X, chunks=(10, 3)),
                                                                   da.from_array(y, chunks=10))
    assert str(info.value).startswith("n_threads_per_task=%d is more threads" % (MAX_THREADS + 1))
