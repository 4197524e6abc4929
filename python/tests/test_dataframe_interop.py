"""SMOTENC / SMOTEN and RandomOverSampler on pandas DataFrames as imbalanced-learn takes them: nullable columns
beside text, categorical_features given every way imbalanced-learn allows (and refused clearly otherwise), missing
categories named with their column and row."""
import warnings

import numpy as np
import pandas as pd
import pytest

import smrt
from smrt import _versions
from smrt.over_sampling import SMOTEN, SMOTENC, RandomOverSampler

N, N_MINORITY = 60, 15


def labels():
    return pd.Series([0] * (N - N_MINORITY) + [1] * N_MINORITY, name="target")


def frame(seed=0):
    """Two continuous columns and a text category column (feature 2)."""
    rng = np.random.RandomState(seed)
    y = labels()
    return pd.DataFrame({"a": rng.normal(size=N) + y, "b": rng.normal(size=N),
                         "cat": pd.Categorical(rng.choice(["x", "y", "z"], N))})


def test_nullable_columns_beside_text_keep_their_dtypes():
    # scikit-learn converts a frame with a nullable column to float64 as a whole: "Cannot cast str dtype to float64"
    rng = np.random.RandomState(1)
    X = frame().assign(a=lambda f: f["a"].astype("Float64"),
                       n=pd.array(rng.randint(0, 4, N), dtype="Int64"),
                       flag=pd.array(rng.rand(N) > 0.5, dtype="boolean"))
    X_res, y_res = SMOTENC(categorical_features=["cat", "n", "flag"], random_state=0).fit_resample(X, labels())
    assert len(X_res) == 2 * (N - N_MINORITY) and list(X_res.dtypes) == list(X.dtypes)
    pd.testing.assert_frame_equal(X_res.iloc[:N], X)  # kept rows, exactly
    for name in ("cat", "n", "flag"):
        assert set(X_res[name].iloc[N:]) <= set(X[name])
    X_res, _ = SMOTEN(random_state=0).fit_resample(X[["cat", "n"]], labels())
    assert list(X_res.dtypes) == list(X[["cat", "n"]].dtypes) and set(X_res["n"]) <= set(X["n"])


@pytest.mark.parametrize("text", [False, True])
@pytest.mark.parametrize("categorical, words", [
    ([5], "categorical_features: index 5 is out of range; indices must be between 0 and 2"),
    ([-4], "categorical_features: index -4 is out of range"),  # -1: test_smotenc_leftovers.py (by version)
    ([2, 2], "categorical_features: column 'code' (feature 2) is given more than once"),
    (["code", 2], "categorical_features: column 'code' (feature 2) is given more than once"),
])
def test_categorical_index_errors_name_the_parameter(text, categorical, words):
    # on text X, an index out of range left the text column 'continuous': "column 'code' ... holds 'y'"
    X = frame().rename(columns={"cat": "code"})
    if not text:
        X["code"] = X["code"].cat.codes.astype(np.int64)
    with pytest.raises(smrt.ParameterError) as info:
        SMOTENC(categorical_features=categorical, random_state=0).fit_resample(X, labels())
    assert words in str(info.value)


def test_multiindex_columns_by_tuple():
    X = frame()
    X.columns = pd.MultiIndex.from_tuples([("num", "a"), ("num", "b"), ("txt", "cat")])
    by_name = SMOTENC(categorical_features=[("txt", "cat")], random_state=0)
    X_res, y_res = by_name.fit_resample(X, labels())
    X_pos, y_pos = SMOTENC(categorical_features=[2], random_state=0).fit_resample(X, labels())
    pd.testing.assert_frame_equal(X_res, X_pos)
    assert list(by_name.categorical_features_) == [2]
    with pytest.raises(smrt.ParameterError, match=r"no column \('txt', 'kat'\) in X"):
        SMOTENC(categorical_features=[("txt", "kat")]).fit_resample(X, labels())


@pytest.mark.parametrize("make, shown", [
    (lambda X: X.assign(cat=X["cat"].astype(object)).astype({"cat": "category"}), "nan"),
    (lambda X: X.assign(cat=X["cat"].astype("string")), "<NA>"),
])
def test_missing_category_names_column_and_row(make, shown):
    # NaN was scikit-learn's bare "Input contains NaN", pandas.NA a TypeError ("boolean value of NA is ambiguous").
    # None, and NaN for SMOTENC on imbalanced-learn >= 0.11, are categories: test_smotenc_leftovers.py.
    X = make(frame())
    X.loc[50, "cat"] = pd.NA if shown == "<NA>" else np.nan
    samplers = [SMOTEN(random_state=0)]
    if shown == "<NA>" or not _versions.IMBLEARN_0_11:
        samplers.append(SMOTENC(categorical_features=[2], random_state=0))
    for sampler in samplers:
        with pytest.raises(smrt.DataError) as info:
            sampler.fit_resample(X if isinstance(sampler, SMOTENC) else X[["cat"]], labels())
        assert "column 'cat' (feature %d) has a missing value (%s) in row 50" % (
            2 if isinstance(sampler, SMOTENC) else 0, shown) in str(info.value)


def test_missing_value_in_numbers_is_still_scikit_learns_error():
    X = frame()
    X["cat"] = X["cat"].cat.codes.astype(float)
    X.loc[3, "a"] = np.nan  # a continuous feature (NaN in the categorical one: test_smotenc_leftovers.py)
    with pytest.raises(ValueError, match="Input X contains NaN"):
        SMOTENC(categorical_features=[2], random_state=0).fit_resample(X, labels())


@pytest.mark.parametrize("value", [2, 2.0])
def test_one_number_is_an_invalid_parameter(value):
    # was "TypeError: 'int' object is not iterable", after a constraint that named "an instance of 'float'"
    with pytest.raises(ValueError) as info:
        SMOTENC(categorical_features=value).fit_resample(frame(), labels())
    assert type(info.value).__name__ == "InvalidParameterError"
    assert "must be an array-like, a str among {'auto'} or None. Got %r instead" % value in str(info.value)


def test_auto_takes_the_category_columns():
    X = frame()
    auto = SMOTENC(categorical_features="auto", random_state=0)
    X_auto, y_auto = auto.fit_resample(X, labels())
    X_named, y_named = SMOTENC(categorical_features=["cat"], random_state=0).fit_resample(X, labels())
    pd.testing.assert_frame_equal(X_auto, X_named)
    assert list(auto.categorical_features_) == [2] and list(auto.continuous_features_) == [0, 1]
    with pytest.raises(smrt.ParameterError, match="'auto' takes the category-dtype columns of a pandas DataFrame"):
        SMOTENC(categorical_features="auto").fit_resample(X.to_numpy(), labels().to_numpy())
    with pytest.raises(smrt.ParameterError, match="no column of the category dtype"):
        SMOTENC(categorical_features="auto").fit_resample(X.astype({"cat": object}), labels())


def test_shrinkage_on_text_gives_imblearns_message():
    X = frame()
    with pytest.raises(smrt.DataError, match="When shrinkage is not None, X needs to contain only numerical data "
                                             "to later generate a smoothed bootstrap sample"):
        RandomOverSampler(shrinkage=1.0, random_state=0).fit_resample(X, labels())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        RandomOverSampler(random_state=0).fit_resample(X, labels())  # picking rows takes text, as before
