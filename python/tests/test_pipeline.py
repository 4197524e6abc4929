"""smrt's samplers inside imbalanced-learn pipelines, cross-validation and grid search."""
import numpy as np
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
