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
