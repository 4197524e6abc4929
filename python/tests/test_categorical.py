"""SMOTEN and SMOTENC on text categories (numpy str / object arrays, pandas object and category
columns), categorical_features as indices, a boolean mask or column names: compared with
imbalanced-learn 0.10 where it takes the same input (counts, sampling_strategy_, kept rows)."""
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn import over_sampling as imb

import smrt
from smrt.over_sampling import SMOTEN, SMOTENC

COLORS = np.array(["red", "green", "blue", "grün"], dtype=object)
SIZES = np.array(["S", "M", "L"], dtype=object)


def text_table(seed=0, n=150):
    """object X: color (text), weight (float), size (text), count (int category); 3 imbalanced classes."""
    rng = np.random.default_rng(seed)
    y = rng.choice(["a", "b", "c"], size=n, p=[0.6, 0.3, 0.1])
    y[:3] = ["a", "b", "c"]
    X = np.empty((n, 4), dtype=object)
    X[:, 0] = COLORS[rng.integers(0, 4, n)]
    X[:, 1] = rng.normal(size=n) + (y == "c")
    X[:, 2] = SIZES[rng.integers(0, 3, n)]
    X[:, 3] = rng.integers(0, 5, n).astype(object)
    return X, y


def imblearn_run(cls, X, y, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cls(**params).fit_resample(X, y)


def same_objects(a, b):
    """Element-wise equal with the same Python types (kept rows are the input's objects)."""
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    return a.shape == b.shape and all(type(u) is type(v) and u == v for u, v in zip(a.ravel(), b.ravel()))


def check_against_imblearn(ours, theirs, X, y, Xs, ys, Xi, yi):
    assert Counter(ys.tolist()) == Counter(yi.tolist())
    assert dict(ours.sampling_strategy_) == dict(theirs.sampling_strategy_)
    n = len(y)
    assert same_objects(Xs[:n], X) and np.array_equal(ys[:n], y)


@pytest.mark.parametrize("strategy", ["auto", "not majority", {"b": 120, "c": 100}])
def test_smotenc_text_categories_match_imblearn(strategy):
    X, y = text_table()
    params = dict(categorical_features=[0, 2, 3], k_neighbors=3, random_state=0, sampling_strategy=strategy)
    ours, theirs = SMOTENC(**params), imb.SMOTENC(**params)
    Xs, ys = ours.fit_resample(X, y)
    Xi, yi = imblearn_run(lambda: theirs, X, y)
    assert Xs.dtype == Xi.dtype == object
    check_against_imblearn(ours, theirs, X, y, Xs, ys, Xi, yi)
    new = Xs[len(y):]
    assert len(new) > 0
    for j in (0, 2, 3):  # synthetic categories are the input's values, same strings (and ints)
        assert set(new[:, j].tolist()) <= set(X[:, j].tolist())
        assert {type(v) for v in new[:, j]} == {type(v) for v in X[:, j]}
    assert all(isinstance(v, float) for v in new[:, 1])


def test_smotenc_text_equals_sorted_codes():
    """Text categories are the sorted codes imbalanced-learn's OneHotEncoder gives them: the same
    seed gives the rows the numeric codes give, decoded."""
    X, y = text_table(1)
    codes = np.empty(X.shape)
    levels = {}
    for j in (0, 2, 3):
        levels[j], codes[:, j] = np.unique(X[:, j], return_inverse=True)
    codes[:, 1] = X[:, 1].astype(np.float64)
    Xs, ys = SMOTENC(categorical_features=[0, 2, 3], random_state=3).fit_resample(X, y)
    Xc, yc = SMOTENC(categorical_features=[0, 2, 3], random_state=3).fit_resample(codes, y)
    assert np.array_equal(ys, yc)
    for j in (0, 2, 3):
        assert np.array_equal(Xs[:, j], levels[j][Xc[:, j].astype(int)])
    assert np.array_equal(Xs[len(y):, 1].astype(np.float64), Xc[len(y):, 1])


@pytest.mark.parametrize("kind", ["str", "object", "pandas"])
def test_smoten_text_matches_imblearn(kind):
    X, y = text_table(2)
    X = X[:, [0, 2, 3]]
    if kind == "str":
        X = X.astype(str)
    elif kind == "pandas":
        X = pd.DataFrame({"color": pd.Categorical(X[:, 0]), "size": X[:, 1], "n": X[:, 2].astype(np.int64)})
    ours, theirs = SMOTEN(random_state=0, k_neighbors=4), imb.SMOTEN(random_state=0, k_neighbors=4)
    Xs, ys = ours.fit_resample(X, y)
    Xi, yi = imblearn_run(lambda: theirs, X, y)
    assert type(Xs) is type(Xi)
    if kind == "pandas":
        assert list(Xs.dtypes) == list(Xi.dtypes) == list(X.dtypes)
        assert Xs.iloc[:len(y)].equals(X)
        Xs, Xi, X = Xs.to_numpy(object), Xi.to_numpy(object), X.to_numpy(object)
    else:
        assert Xs.dtype == Xi.dtype
    check_against_imblearn(ours, theirs, X, y, Xs, ys, Xi, yi)
    for j in range(X.shape[1]):
        for c in ("b", "c"):  # a synthetic row's category is one its class holds
            assert set(Xs[len(y):][ys[len(y):] == c, j].tolist()) <= set(X[y == c, j].tolist())


def test_smoten_text_equals_sorted_codes():
    X, y = text_table(4)
    X = X[:, [0, 2]].astype(str)
    levels, codes = zip(*(np.unique(X[:, j], return_inverse=True) for j in range(2)))
    Xc = np.stack(codes, axis=1).astype(np.float64)
    Xs, ys = SMOTEN(random_state=5).fit_resample(X, y)
    Xn, yn = SMOTEN(random_state=5).fit_resample(Xc, y)
    assert np.array_equal(ys, yn)
    for j in range(2):
        assert np.array_equal(Xs[:, j], levels[j][Xn[:, j].astype(int)])


def test_smotenc_pandas_names_mask_and_indices_agree():
    X, y = text_table(5)
    df = pd.DataFrame({"color": pd.Categorical(X[:, 0]), "weight": X[:, 1].astype(np.float64),
                       "size": X[:, 2], "count": X[:, 3].astype(np.int64)})
    runs = [SMOTENC(categorical_features=cat, random_state=1).fit_resample(df, y)
            for cat in (["color", "size", "count"], [True, False, True, True], [0, 2, 3], np.array([0, 2, 3]),
                        np.array(["color", "size", "count"]))]
    Xi, yi = imblearn_run(imb.SMOTENC, df, y, categorical_features=[True, False, True, True], random_state=1)
    for Xs, ys in runs:
        assert isinstance(Xs, pd.DataFrame) and list(Xs.columns) == list(df.columns)
        assert list(Xs.dtypes) == list(Xi.dtypes)
        assert Xs.equals(runs[0][0]) and np.array_equal(ys, runs[0][1])
        assert Xs.iloc[:len(y)].equals(df)
        assert Counter(ys.tolist()) == Counter(yi.tolist())
    assert set(runs[0][0]["color"].iloc[len(y):]) <= set(COLORS)


def test_smotenc_mask_on_numeric_array():
    X, y = text_table(6)
    codes = np.column_stack([np.unique(X[:, 0], return_inverse=True)[1], X[:, 1].astype(float)])
    a = SMOTENC(categorical_features=[True, False], random_state=0).fit_resample(codes, y)
    b = SMOTENC(categorical_features=[0], random_state=0).fit_resample(codes, y)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


@pytest.mark.parametrize("make, cat, error, words", [
    (lambda X: pd.DataFrame(X, columns=list("abcd")), ["a", "nope"], smrt.ParameterError, "no column 'nope'"),
    (lambda X: X, ["a"], smrt.ParameterError, "need X as a pandas DataFrame"),
    (lambda X: X, [True, False], smrt.ParameterError, "one value per feature (4), got 2"),
    (lambda X: X, [1], smrt.DataError, "feature 0 is continuous but holds"),
])
def test_categorical_errors(make, cat, error, words):
    X, y = text_table(7)
    with pytest.raises(error) as info:
        SMOTENC(categorical_features=cat).fit_resample(make(X), y)
    assert words in str(info.value)


@pytest.mark.parametrize("bad, words", [(pd.NA, "has a missing value (<NA>) in row 5"),  # None is a category
                                        (7, "mixes text and numbers")])
def test_smoten_bad_category_values(bad, words):
    X, y = text_table(8)
    X = X[:, [0, 2]].copy()
    X[5, 1] = bad
    with pytest.raises(smrt.DataError) as info:
        SMOTEN().fit_resample(X, y)
    assert words in str(info.value) and "feature 1" in str(info.value)
