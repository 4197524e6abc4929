"""smrt's samplers inside imbalanced-learn pipelines, cross-validation and grid search."""
import numpy as np
import pytest
from imblearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score

from smrt.over_sampling import SMOTE
from smrt.under_sampling import TomekLinks


def test_pipeline_cross_val_and_grid_search(tabular):
    X, y = tabular
    pipe = make_pipeline(TomekLinks(), SMOTE(random_state=0), LogisticRegression(max_iter=500))
    scores = cross_val_score(pipe, X, y, cv=3, scoring="balanced_accuracy")
    assert scores.shape == (3,) and np.all(scores > 0.4)
    grid = GridSearchCV(pipe, {"smote__k_neighbors": [3, 5]}, cv=3, scoring="balanced_accuracy").fit(X, y)
    assert grid.best_params_["smote__k_neighbors"] in (3, 5)
    assert len(grid.cv_results_["mean_test_score"]) == 2


def test_combined_samplers_run_given_steps_as_imbalanced_learn_does(tabular):
    # smote= / enn= / tomek= objects run as given: their own sampling_strategy and random_state, SMOTE
    # then the cleaner (imbalanced-learn's rule), whether they are smrt's or imbalanced-learn's.
    import imblearn.under_sampling as iu

    from smrt.combine import SMOTEENN, SMOTETomek
    from smrt.under_sampling import EditedNearestNeighbours

    X, y = tabular
    smote = SMOTE(sampling_strategy="minority", random_state=3)
    enn = EditedNearestNeighbours(sampling_strategy="majority")
    X_res, y_res = SMOTEENN(smote=smote, enn=enn, random_state=99, sampling_strategy="all").fit_resample(X, y)
    X_sm, y_sm = SMOTE(sampling_strategy="minority", random_state=3).fit_resample(X, y)
    X_by_hand, y_by_hand = EditedNearestNeighbours(sampling_strategy="majority").fit_resample(X_sm, y_sm)
    np.testing.assert_array_equal(X_res, X_by_hand)
    np.testing.assert_array_equal(y_res, y_by_hand)
    tomek = iu.TomekLinks(sampling_strategy="majority")
    s = SMOTETomek(smote=smote, tomek=tomek)
    X_res, y_res = s.fit_resample(X, y)
    X_by_hand, y_by_hand = iu.TomekLinks(sampling_strategy="majority").fit_resample(X_sm, y_sm)
    np.testing.assert_array_equal(X_res, X_by_hand)
    np.testing.assert_array_equal(y_res, y_by_hand)
    assert type(s.tomek_) is type(tomek) and s.tomek_ is not tomek  # a clone, as imbalanced-learn keeps
    # Without objects: the combined C++ sampler, its own settings.
    X_res, y_res = SMOTEENN(random_state=3).fit_resample(X, y)
    assert len(y_res) > 0


def test_combined_samplers_steps_are_those_of_the_last_fit(tabular):
    """smote_ and enn_ / tomek_ as imbalanced-learn sets them: the default steps after a fit without
    objects (they were missing), also after set_params(smote=None, ...) (the old objects stayed)."""
    import imblearn.combine as ic

    from smrt.combine import SMOTEENN, SMOTETomek
    from smrt.under_sampling import EditedNearestNeighbours, TomekLinks

    X, y = tabular
    cases = ((SMOTEENN, ic.SMOTEENN, "enn", EditedNearestNeighbours(n_neighbors=5)),
             (SMOTETomek, ic.SMOTETomek, "tomek", TomekLinks(sampling_strategy="majority")))
    for ours, theirs, cleaner, given in cases:
        s, reference = ours(random_state=0), theirs(random_state=0)
        X_res, y_res = s.fit_resample(X, y)
        reference.fit_resample(X, y)
        for step in ("smote_", cleaner + "_"):
            assert repr(getattr(s, step)) == repr(getattr(reference, step))
        # the steps the combined sampler ran: run one after the other, the same rows (in another order)
        X_steps, y_steps = getattr(s, cleaner + "_").fit_resample(*s.smote_.fit_resample(X, y))
        assert len(y_res) == len(y_steps)
        np.testing.assert_array_equal(np.unique(np.column_stack([X_res, y_res]), axis=0),
                                      np.unique(np.column_stack([X_steps, y_steps]), axis=0))
        s.set_params(**{"smote": SMOTE(k_neighbors=2, random_state=1), cleaner: given})
        s.fit_resample(X, y)
        assert s.smote_.k_neighbors == 2 and repr(getattr(s, cleaner + "_")) == repr(given)
        s.set_params(**{"smote": None, cleaner: None})
        s.fit_resample(X, y)
        for step in ("smote_", cleaner + "_"):
            assert repr(getattr(s, step)) == repr(getattr(reference, step))


@pytest.mark.parametrize("name, cleaner", [("SMOTEENN", "enn"), ("SMOTETomek", "tomek")])
def test_combined_samplers_given_steps_refit_on_an_array_has_no_feature_names(name, cleaner, tabular):
    """A refit on an array after a DataFrame leaves no feature_names_in_, as imbalanced-learn's (the given
    steps' path kept the old names: a refit leaves exactly the attributes it sets)."""
    import pandas as pd

    import smrt.combine
    from smrt.under_sampling import EditedNearestNeighbours, TomekLinks

    X, y = tabular
    frame = pd.DataFrame(X, columns=list("abcdef"))
    for given in ({"smote": SMOTE(random_state=0)},
                  {cleaner: EditedNearestNeighbours() if cleaner == "enn" else TomekLinks()}):
        s = getattr(smrt.combine, name)(random_state=0, **given)
        s.fit_resample(frame, y)
        assert list(s.feature_names_in_) == list("abcdef")
        s.fit_resample(X, y)
        assert not hasattr(s, "feature_names_in_") and s.n_features_in_ == 6


def test_autoencoders_take_feature_names_and_pandas_output():
    """AutoEncoder / VariationalAutoEncoder keep a DataFrame's columns as feature_names_in_, refuse other
    columns as scikit-learn's transformers do, and name their output (set_output(transform='pandas'))."""
    import pandas as pd
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MinMaxScaler

    from smrt.autoencode import AutoEncoder, VariationalAutoEncoder

    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.rand(120, 4), columns=list("abcd"))
    for est, prefix in ((AutoEncoder(n_epochs=2, n_hidden=(3,), random_state=0), "autoencoder"),
                        (VariationalAutoEncoder(n_epochs=2, n_hidden=(4,), n_latent_factors=2, random_state=0),
                         "variationalautoencoder")):
        with pytest.raises(Exception, match="not fitted"):
            est.get_feature_names_out()
        est.fit(frame)
        assert list(est.feature_names_in_) == list("abcd")
        width = est.transform(frame).shape[1]
        assert list(est.get_feature_names_out()) == ["%s%d" % (prefix, i) for i in range(width)]
        with pytest.raises(ValueError, match="feature names should match"):
            est.transform(frame[list("dcba")])
        with pytest.raises(ValueError, match="feature names should match"):
            est.feed_forward(frame[list("dcba")])
        with pytest.warns(UserWarning, match="does not have valid feature names"):
            est.encode(frame.values)
        out = make_pipeline(MinMaxScaler(), est).set_output(transform="pandas").fit_transform(frame)
        assert isinstance(out, pd.DataFrame) and list(out.columns) == list(est.get_feature_names_out())
        est.fit(frame.values)  # a refit on an array: no names left
        assert not hasattr(est, "feature_names_in_")


def test_autoencoders_give_images_back_in_the_shape_they_were_fitted_on(tmp_path):
    """(n, H, W) in, (n, H, W) out (it came back (n, 1, H, W), so X - vae.feed_forward(X) broadcast to
    (n, n, H, W) without an error); (n, 1, H, W) stays (n, 1, H, W); a loaded model gives (n, H, W), as
    `smrt generate` writes it; pickling keeps the fitted shape."""
    import pickle

    from smrt.autoencode import AutoEncoder, VariationalAutoEncoder

    rng = np.random.default_rng(0)
    X = rng.random((12, 6, 5)).astype(np.float32)
    tiny = dict(n_hidden=4, n_latent_factors=2, n_epochs=1, batch_size=8, random_state=0)
    vae = VariationalAutoEncoder(**tiny).fit(X)
    assert vae.feed_forward(X).shape == X.shape
    assert (X - vae.feed_forward(X)).shape == X.shape
    assert vae.generate(3).shape == (3, 6, 5)
    assert vae.generate_from_sample(X[:2]).shape == (2, 6, 5)
    assert vae.decode(np.zeros((4, 2))).shape == (4, 6, 5)
    assert AutoEncoder(n_hidden=4, n_epochs=1, batch_size=8, random_state=0).fit(X).feed_forward(X).shape == X.shape
    X4 = X[:, None]
    assert VariationalAutoEncoder(**tiny).fit(X4).generate(2).shape == (2, 1, 6, 5)
    assert pickle.loads(pickle.dumps(vae)).feed_forward(X).shape == X.shape
    vae.save(tmp_path / "m.smrt")
    assert VariationalAutoEncoder.load(tmp_path / "m.smrt").generate(2).shape == (2, 6, 5)
