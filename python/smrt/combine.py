"""Over-sampling followed by cleaning (SMOTEENN, SMOTETomek), on smrt's C++ core."""
from sklearn.base import clone

from ._estimator import class_name_of, make_sampler_class, methods_of


class _GivenSteps:
    """imbalanced-learn's rule for ``smote=`` and ``enn=`` / ``tomek=`` objects: they run as given
    (their own sampling_strategy, random_state and every other setting; the outer ones are not
    applied to them), SMOTE then the cleaner. Without them the combined C++ sampler runs (the rows of
    smrt's SMOTE then the cleaner with this sampler's settings, in its own order). Either way ``smote_`` and
    ``enn_`` / ``tomek_`` hold the steps, as imbalanced-learn's _validate_estimator sets them: clones
    of the given objects (fitted), else the defaults the combined sampler ran (not fitted on their own)."""

    _cleaner = None  # the cleaner's parameter: "enn" or "tomek" (its fitted copy: _cleaner + "_")

    def fit_resample(self, X, y):
        cleaner = getattr(self, self._cleaner)
        if self.smote is None and cleaner is None:
            # Set on every fit, so that a refit after set_params(smote=None, ...) leaves no stale step.
            self.smote_, step = self._default_smote(), self._default_cleaner()
            setattr(self, self._cleaner + "_", step)
            return super().fit_resample(X, y)
        self._validate_params()
        self.smote_ = clone(self.smote) if self.smote is not None else self._default_smote()
        step = clone(cleaner) if cleaner is not None else self._default_cleaner()
        setattr(self, self._cleaner + "_", step)
        X_res, y_res = self.smote_.fit_resample(X, y)
        self.sampling_strategy_ = self.smote_.sampling_strategy_
        for name in ("n_features_in_", "feature_names_in_"):
            # What this fit saw: an array after a DataFrame leaves no feature_names_in_ (a refit
            # leaves exactly the attributes it sets).
            if hasattr(self.smote_, name):
                setattr(self, name, getattr(self.smote_, name))
            else:
                self.__dict__.pop(name, None)
        out = step.fit_resample(X_res, y_res)
        self.__dict__.pop("sample_indices_", None)
        return out

    def _step_settings(self):
        # n_threads and n_jobs as given (not resolved), so the steps' repr is imbalanced-learn's.
        return dict(knn=self.knn, n_threads=self.n_threads, n_jobs=self.n_jobs)

    def _default_smote(self):
        from .over_sampling import SMOTE

        return SMOTE(sampling_strategy=self.sampling_strategy, random_state=self.random_state,
                     k_neighbors=self.k_neighbors, **self._step_settings())


class _GivenEnn(_GivenSteps):
    _cleaner = "enn"

    def _default_cleaner(self):
        from .under_sampling import EditedNearestNeighbours

        return EditedNearestNeighbours(sampling_strategy="all", n_neighbors=self.n_neighbors, kind_sel=self.kind_sel,
                                       **self._step_settings())


class _GivenTomek(_GivenSteps):
    _cleaner = "tomek"

    def _default_cleaner(self):
        from .under_sampling import TomekLinks

        return TomekLinks(sampling_strategy="all", **self._step_settings())


_MIXINS = {"smote_enn": (_GivenEnn,), "smote_tomek": (_GivenTomek,)}

__all__ = []
for _info in methods_of(("combine",)):
    _name = class_name_of(_info)
    globals()[_name] = make_sampler_class(_info, _name, __name__, mixins=_MIXINS.get(_info["name"], ()))
    __all__.append(_name)
