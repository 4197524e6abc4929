"""Over-sampling followed by cleaning (SMOTEENN, SMOTETomek), on smrt's C++ core."""
from sklearn.base import clone

from ._estimator import class_name_of, make_sampler_class, methods_of


class _GivenSteps:
    """imbalanced-learn's rule for ``smote=`` and ``enn=`` / ``tomek=`` objects: they run as given
    (their own sampling_strategy, random_state and every other setting; the outer ones are not
    applied to them), SMOTE then the cleaner. Without them the combined C++ sampler runs."""

    _cleaner = None  # the cleaner's parameter: "enn" or "tomek" (its fitted copy: _cleaner + "_")

    def fit_resample(self, X, y):
        cleaner = getattr(self, self._cleaner)
        if self.smote is None and cleaner is None:
            return super().fit_resample(X, y)
        self._validate_params()
        from .over_sampling import SMOTE

        common = dict(knn=self.knn, n_threads=self._smrt_threads())
        if self.smote is not None:
            self.smote_ = clone(self.smote)
        else:
            self.smote_ = SMOTE(sampling_strategy=self.sampling_strategy, random_state=self.random_state,
                                k_neighbors=self.k_neighbors, **common)
        step = clone(cleaner) if cleaner is not None else self._default_cleaner(common)
        X_res, y_res = self.smote_.fit_resample(X, y)
        self.sampling_strategy_ = self.smote_.sampling_strategy_
        for name in ("n_features_in_", "feature_names_in_"):
            if hasattr(self.smote_, name):
                setattr(self, name, getattr(self.smote_, name))
        out = step.fit_resample(X_res, y_res)
        setattr(self, self._cleaner + "_", step)
        self.__dict__.pop("sample_indices_", None)
        return out


class _GivenEnn(_GivenSteps):
    _cleaner = "enn"

    def _default_cleaner(self, common):
        from .under_sampling import EditedNearestNeighbours

        return EditedNearestNeighbours(sampling_strategy="all", n_neighbors=self.n_neighbors, kind_sel=self.kind_sel,
                                       **common)


class _GivenTomek(_GivenSteps):
    _cleaner = "tomek"

    def _default_cleaner(self, common):
        from .under_sampling import TomekLinks

        return TomekLinks(sampling_strategy="all", **common)


_MIXINS = {"smote_enn": (_GivenEnn,), "smote_tomek": (_GivenTomek,)}

__all__ = []
for _info in methods_of(("combine",)):
    _name = class_name_of(_info)
    globals()[_name] = make_sampler_class(_info, _name, __name__, mixins=_MIXINS.get(_info["name"], ()))
    __all__.append(_name)
