"""imbalanced-learn 0.10's parameters that smrt's declarations name otherwise.

A drop-in class takes every parameter its imbalanced-learn namesake takes.
Where imbalanced-learn takes a scikit-learn object (svm_estimator, the
k-means of KMeansSMOTE, the SMOTE and ENN of SMOTEENN, ...), smrt runs its own
C++ version and reads the object's settings into its declared parameters; an
object it cannot honour is a ValueError saying which parameter to use. n_jobs
becomes the thread count when n_threads is not given. This table is the only
place those mappings live; docs/python.md lists them.
"""
import numbers

from ._versions import HasMethods, Interval

from . import _core

N_JOBS_DOC = ("imbalanced-learn's n_jobs, read as joblib reads it: the thread count when n_threads is None (-1: "
              "smrt's default count, every CPU this process may run on; -2: all but one; ...; 0 is an error). "
              "Results do not depend on it.")


def _param_error(text):
    return _core.ParameterError(text)


def threads_of_n_jobs(n_jobs):
    """joblib's n_jobs as a thread count: k > 0 is k; -1 the default count (_core.default_num_threads), -k that
    count + 1 - k, at least 1; 0 means nothing to joblib, nor here."""
    if n_jobs == 0:
        raise _param_error("n_jobs=0 has no meaning (as in joblib): give a thread count >= 1, -1 for every CPU, "
                           "-2 for all but one, ..., or None for smrt's default")
    if n_jobs < 0:
        return max(1, _core.default_num_threads() + 1 + int(n_jobs))
    return int(n_jobs)


class Compat:
    def __init__(self, params=None, mapper=None, overrides=None):
        # name -> (default, constraints, allowed text, doc)
        self.params = dict(params or {})
        self.mapper = mapper
        # declared parameters that also take a scikit-learn object: their constraints
        self.overrides = dict(overrides or {})

    @property
    def defaults(self):
        return {k: v[0] for k, v in self.params.items()}

    @property
    def constraints(self):
        out = {k: v[1] for k, v in self.params.items()}
        out.update(self.overrides)
        return out

    @property
    def docs(self):
        return {k: (v[2], repr(v[0]), v[3]) for k, v in self.params.items()}

    def to_smrt(self, est, values):
        return self.mapper(est, dict(values)) if self.mapper else values


N_JOBS = {"n_jobs": (None, [numbers.Integral, None], "int or None", N_JOBS_DOC)}


def _svm(est, values):
    svm = est.svm_estimator
    if svm is not None:
        params = svm.get_params() if hasattr(svm, "get_params") else {}
        if type(svm).__name__ != "SVC" or params.get("kernel") != "rbf" or params.get("gamma") != "scale":
            raise _param_error(
                "svm_estimator: smrt's SVMSMOTE trains an RBF SVM with gamma='scale' (LIBSVM); give "
                "svm_estimator=None and svm_C, or an SVC(kernel='rbf', gamma='scale'); got %r" % (svm,))
        values["svm_C"] = float(params["C"])
    return values


def _kmeans(est, values):
    km = values.get("kmeans_estimator")
    if km is not None and not isinstance(km, numbers.Integral):
        if not hasattr(km, "get_params") or "n_clusters" not in km.get_params():
            raise _param_error("kmeans_estimator: an int (clusters) or a KMeans / MiniBatchKMeans, got %r" % (km,))
        values["kmeans_estimator"] = int(km.get_params()["n_clusters"])
    return values


def _centroids(est, values):
    km = est.estimator
    if km is not None:
        params = km.get_params() if hasattr(km, "get_params") else {}
        if "n_clusters" not in params:
            raise _param_error("estimator: smrt's ClusterCentroids runs its own k-means; give None or a KMeans, "
                               "got %r" % (km,))
        if params.get("n_init") not in (None, "auto"):
            values["n_init"] = int(params["n_init"])
        values["max_iter"] = int(params.get("max_iter", values["max_iter"]))
        values["tol"] = float(params.get("tol", values["tol"]))
    return values


def _iht(est, values):
    e = values.get("estimator")
    if e is None:
        values["estimator"] = "logistic_regression"
    elif not isinstance(e, str):
        if type(e).__name__ != "LogisticRegression":
            raise _param_error("estimator: smrt's InstanceHardnessThreshold runs a logistic regression "
                               "(LIBLINEAR); give 'logistic_regression' and C, or a LogisticRegression, got %r" % (e,))
        values["estimator"] = "logistic_regression"
        values["C"] = float(e.get_params()["C"])
    return values


_OBJECT = [HasMethods(["get_params"]), None]

# SMOTEENN / SMOTETomek's smote= (smrt/combine.py runs the given objects).
_GIVEN_SMOTE = (None, _OBJECT, "SMOTE or None",
                "Run as given (its own sampling_strategy and random_state), then the cleaner, as imbalanced-learn "
                "does. None: smrt's SMOTE with this sampler's settings.")

COMPAT = {
    "ADASYN": Compat(N_JOBS),
    "SMOTE": Compat(N_JOBS),
    "SMOTEN": Compat(N_JOBS),
    "SMOTENC": Compat(N_JOBS),
    "BorderlineSMOTE": Compat(N_JOBS),
    "SVMSMOTE": Compat(dict(N_JOBS, svm_estimator=(
        None, _OBJECT, "SVC or None",
        "imbalanced-learn's SVM: an SVC(kernel='rbf', gamma='scale') gives its C to svm_C.")), _svm),
    "KMeansSMOTE": Compat(N_JOBS, _kmeans, {"kmeans_estimator": [
        Interval(numbers.Integral, 1, None, closed="left"), HasMethods(["fit", "predict"]), None]}),
    "ClusterCentroids": Compat({"estimator": (
        None, _OBJECT, "KMeans or None",
        "imbalanced-learn's k-means: a KMeans gives its n_init, max_iter and tol.")}, _centroids),
    "InstanceHardnessThreshold": Compat(N_JOBS, _iht, {"estimator": [str, HasMethods(["fit", "predict_proba"]), None]}),
    "NearMiss": Compat(N_JOBS),
    "TomekLinks": Compat(N_JOBS),
    "EditedNearestNeighbours": Compat(N_JOBS),
    "RepeatedEditedNearestNeighbours": Compat(N_JOBS),
    "AllKNN": Compat(N_JOBS),
    "OneSidedSelection": Compat(N_JOBS),
    "CondensedNearestNeighbour": Compat(N_JOBS),
    "NeighbourhoodCleaningRule": Compat(N_JOBS),
    "SMOTEENN": Compat(dict(N_JOBS, smote=_GIVEN_SMOTE, enn=(
        None, _OBJECT, "EditedNearestNeighbours or None",
        "Run as given on SMOTE's output (its own sampling_strategy), as imbalanced-learn does. None: "
        "EditedNearestNeighbours(sampling_strategy='all') with this sampler's n_neighbors and kind_sel."))),
    "SMOTETomek": Compat(dict(N_JOBS, smote=_GIVEN_SMOTE, tomek=(
        None, _OBJECT, "TomekLinks or None",
        "Run as given on SMOTE's output (its own sampling_strategy), as imbalanced-learn does. None: "
        "TomekLinks(sampling_strategy='all')."))),
}
