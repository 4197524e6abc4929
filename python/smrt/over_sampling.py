"""Over-samplers with imbalanced-learn 0.10's names and parameters (SMOTE, ADASYN, ...),
on smrt's C++ core. Generated from the C++ method table: ``smrt list`` shows the same."""
import re

import numpy as np

from . import _versions
from ._categorical import AllCategoricalInputMixin, CategoricalInputMixin
from ._estimator import ImageInputMixin, SmoothedBootstrapMixin, class_name_of, make_sampler_class, methods_of
from ._versions import StrOptions
from .exceptions import ClusterError, DataError

# The C++ KMeansSMOTE's error when no cluster holds enough rows of a class (src/sample/over/kmeans_smote.cpp).
_NO_CLUSTER = re.compile(r"KMeansSMOTE: no cluster has enough rows of class '(.*)'; lower cluster_balance_threshold",
                         re.S)


class KMeansSMOTEMixin:
    """KMeansSMOTE: imbalanced-learn's cluster_balance_threshold_, and its RuntimeError (a ClusterError)
    with its message when no cluster holds enough rows of a class."""

    def _run(self, X, y, keys, resample):
        if resample:
            # As imbalanced-learn's _validate_estimator: one cluster is always balanced enough.
            given = {"kmeans_estimator": self.kmeans_estimator}
            n_clusters = self._smrt_compat.to_smrt(self, given)["kmeans_estimator"]  # a KMeans: its n_clusters
            one = n_clusters is not None and int(n_clusters) == 1  # None: 8, the C++ and MiniBatchKMeans default
            self.cluster_balance_threshold_ = -np.inf if one else self.cluster_balance_threshold
        return super()._run(X, y, keys, resample)

    def _core_call(self, X, y, keys, *args, **kwargs):  # smrt.dask's whole-table run comes here too
        try:
            return super()._core_call(X, y, keys, *args, **kwargs)
        except DataError as error:
            found = _NO_CLUSTER.match(str(error))
            if found is None:
                raise
            key = found.group(1)
            label = keys.classes[keys.keys.index(key)] if key in keys.keys else key
            raise ClusterError(
                "No clusters found with sufficient samples of class %s. Try lowering the cluster_balance_threshold "
                "or increasing the number of clusters." % (label,)) from error


class ShrinkageInputMixin:
    """RandomOverSampler: with shrinkage, X that is not numeric gets imbalanced-learn 0.10's error (as a DataError),
    not numpy's conversion error about one value."""

    def _check_X_y(self, X, y, accept_sparse=None):
        X, y, binarize_y = super()._check_X_y(X, y, accept_sparse=accept_sparse)
        if not self._picks_only() and X.dtype.kind not in "biuf":
            from sklearn.utils import check_array

            try:  # as imbalanced-learn 0.10 checks it
                check_array(X, accept_sparse=["csr", "csc"], dtype="numeric", **{_versions.ALL_FINITE: False})
            except ValueError as error:
                raise DataError("When shrinkage is not None, X needs to contain only numerical data to later "
                                "generate a smoothed bootstrap sample (%s)" % error) from error
        return X, y, binarize_y


_MIXINS = {  # method -> what its X may hold beyond numbers, or what differs from the default
    "ros": (ShrinkageInputMixin, SmoothedBootstrapMixin),
    "augment": (ImageInputMixin,),
    "smoten": (AllCategoricalInputMixin,),
    "smotenc": (CategoricalInputMixin,),
    "kmeans_smote": (KMeansSMOTEMixin,),
}

__all__ = []
for _info in methods_of(("over",)):
    _name = class_name_of(_info)
    globals()[_name] = make_sampler_class(_info, _name, __name__, mixins=_MIXINS.get(_info["name"], ()))
    __all__.append(_name)

# categorical_features: indices, a mask or names (array-like), imbalanced-learn's 'auto', or None (an error at fit
# time); not one number, which the C++ declaration's 'int list' constraint would let through.
SMOTENC._parameter_constraints = dict(SMOTENC._parameter_constraints,  # noqa: F821 - made by the loop above
                                      categorical_features=["array-like", StrOptions({"auto"}), None])
