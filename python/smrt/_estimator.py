"""The samplers as imbalanced-learn estimators, built from the C++ method table.

One class per registered method (``smrt list``): its name is imbalanced-learn's
(the method's CamelCase alias), it subclasses imbalanced-learn's base classes
(so Pipeline, cross_val_score and GridSearchCV take it), its ``__init__`` has
the C++ declarations' parameters and defaults, plus ``n_threads`` and the
imbalanced-learn parameters that smrt maps onto its own (see _compat.py).
fit_resample validates as imbalanced-learn does, runs the C++ sampler with the
GIL released, and builds the output from the input: kept rows are the input's
rows (to the bit, in its dtype, sparse or pandas as given), synthetic rows are
cast to the input's dtype.
"""
import json
import numbers
import sys
import warnings
from collections import OrderedDict
from collections.abc import Mapping

import numpy as np
from scipy import sparse
from sklearn.preprocessing import label_binarize
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets

from imblearn.base import BaseSampler
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.under_sampling.base import BaseCleaningSampler, BaseUnderSampler
from imblearn.utils._validation import ArraysTransformer

from . import _core, _params, _versions
from ._versions import Interval
from ._compat import COMPAT

# The family of a method -> imbalanced-learn's base class.
_BASES = {
    "over": BaseOverSampler,
    "under": BaseUnderSampler,
    "clean": BaseCleaningSampler,
    "combine": BaseSampler,  # as imbalanced-learn's SMOTEENN / SMOTETomek
    "generative": BaseOverSampler,
}

# imbalanced-learn's samplers that expose sample_indices_ (and smrt's, by their rule).
_SAMPLE_INDICES = {
    "RandomOverSampler", "RandomUnderSampler", "TomekLinks", "EditedNearestNeighbours",
    "RepeatedEditedNearestNeighbours", "AllKNN", "CondensedNearestNeighbour", "OneSidedSelection",
    "NeighbourhoodCleaningRule", "NearMiss", "InstanceHardnessThreshold",
}


def print_progress(label, done, total, seconds, note, final):
    """Default progress printer (verbose >= 1): one line per report on stderr."""
    if total < 0:
        text = note
    elif total > 0:
        text = "%s %d/%d %.1fs %s" % (label, done, total, seconds, note)
    else:
        text = "%s %d %.1fs %s" % (label, done, seconds, note)
    print(text, file=sys.stderr, flush=True)


class ClassKeys:
    """The classes of y as the C++ layer names them, in numpy.unique order.

    Integer labels (and integral floats, bools) are passed as integers and
    strings as text; other labels get position keys, so the C++ order of
    classes is always numpy.unique's.
    """

    def __init__(self, y):
        y = np.asarray(y)
        integral = y.dtype.kind == "i" or (y.dtype.kind == "u" and y.dtype.itemsize < 8)
        counted = _core.factorize_int(y) if integral and y.ndim == 1 and y.size else None
        if counted is not None:
            # Integer labels in a compact range: counted, not sorted (numpy.unique's order).
            classes, self.ids = counted
            self.classes = classes.astype(y.dtype, copy=False)
        else:
            self.classes, ids = np.unique(y, return_inverse=True)
            self.ids = ids.astype(np.int32, copy=False)
        kind = self.classes.dtype.kind
        self.integers = None
        self.names = []
        if kind in "iub" or (kind == "f" and np.all(np.mod(self.classes, 1) == 0)):
            self.integers = [int(c) for c in self.classes]
            self.keys = [str(i) for i in self.integers]
        elif kind == "U" or (kind == "O" and all(isinstance(c, str) for c in self.classes)):
            self.names = [str(c) for c in self.classes]
            self.keys = list(self.names)
        else:
            width = len(str(len(self.classes)))
            self.names = ["%0*d" % (width, i) for i in range(len(self.classes))]
            self.keys = list(self.names)

    def key(self, label):
        """The C++ text of a user's class label (a sampling_strategy key)."""
        for c, k in zip(self.classes, self.keys):
            if c == label:
                return k
        return str(label)


def strategy_text(strategy, y, keys):
    """sampling_strategy as the C++ text: 'auto', '0.5', a JSON map or list."""
    if callable(strategy):
        strategy = strategy(y)
    if isinstance(strategy, Mapping):
        counts = {}
        for label, count in strategy.items():
            if not isinstance(count, numbers.Integral) or isinstance(count, bool):
                raise _core.ParameterError(
                    "sampling_strategy: the count for class %r is %r, not an integer" % (label, count))
            counts[keys.key(label)] = int(count)
        return json.dumps(counts)
    if isinstance(strategy, (list, tuple, np.ndarray)):
        return json.dumps([keys.key(label) for label in strategy])
    if isinstance(strategy, numbers.Real) and not isinstance(strategy, bool):
        return repr(float(strategy))
    return strategy


def seed_text(random_state):
    """random_state as C++ reads it: None, an int, or a draw from a RandomState."""
    if random_state is None:
        return "None"
    if isinstance(random_state, numbers.Integral):
        return str(int(random_state))
    rng = check_random_state(random_state)
    return str(int(rng.randint(np.iinfo(np.int32).max)))


def float_rows(X):
    """X as C-contiguous float32/float64 rows for C++, and its sample shape."""
    if sparse.issparse(X):
        X = X.toarray()
    X = np.asarray(X)
    sample_shape = list(X.shape[1:]) if X.ndim > 2 else []
    if X.ndim > 2:
        X = X.reshape(X.shape[0], -1)
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    return np.ascontiguousarray(X), sample_shape


def take_rows(X, indices):
    """The input's rows at `indices`, exactly (dense, sparse or N-D)."""
    if sparse.issparse(X):
        return X[indices]
    return np.asarray(X)[indices]


def stack_rows(kept, synthetic, like):
    """Kept rows then synthetic rows, in the input's dtype and kind."""
    if synthetic.shape[0] == 0:
        return kept
    if sparse.issparse(like):
        new = sparse.csr_matrix(synthetic.astype(like.dtype, copy=False))
        return sparse.vstack([kept, new], format=like.format)
    synthetic = synthetic.astype(kept.dtype, copy=False).reshape((-1,) + kept.shape[1:])
    return np.concatenate([kept, synthetic])


def _plain_arrays(X, y):
    """2-D float32/float64 C-contiguous X and 1-D integer y, both plain ndarrays."""
    return (type(X) is np.ndarray and type(y) is np.ndarray and X.ndim == 2 and y.ndim == 1
            and X.dtype in (np.float32, np.float64) and X.flags.c_contiguous and y.dtype.kind in "iu"
            and X.shape[1] > 0)


class SmrtSamplerMixin:
    """fit_resample on smrt's C++ core; set by make_sampler_class()."""

    _smrt_method = None  # the registered method name
    _smrt_specs = ()     # its parameter declarations (from _core.methods())
    _smrt_compat = None  # a _compat.Compat or None

    _smrt_images = False  # X may keep an image shape (ImageInputMixin)

    def _more_tags(self):  # scikit-learn < 1.6
        return {
            "X_types": ["2darray", "dataframe", "sparse"],
            "sample_indices": type(self).__name__ in _SAMPLE_INDICES,
            "allow_nan": False,
        }

    def __sklearn_tags__(self):  # scikit-learn >= 1.6
        return _versions.sampler_tags(super().__sklearn_tags__(), type(self).__name__ in _SAMPLE_INDICES,
                                      sparse=True, images=self._smrt_images)

    # -- parameters ---------------------------------------------------------
    def _smrt_param_text(self, y, keys):
        """The declared parameters as C++ text (compat parameters folded in)."""
        values = {spec["name"]: getattr(self, spec["name"]) for spec in self._smrt_specs}
        if self._smrt_compat is not None:
            values = self._smrt_compat.to_smrt(self, values)
        text = {}
        for spec in self._smrt_specs:
            name = spec["name"]
            value = values[name]
            if name == "sampling_strategy":
                text[name] = strategy_text(value, y, keys)
            elif name == "random_state":
                text[name] = seed_text(value)
            elif name == "prefit_estimators" and isinstance(value, Mapping):
                continue  # fitted objects go to C++ directly (see _prefit_models)
            else:
                text[name] = _params.to_text(value, spec)
        return text

    def _smrt_threads(self):
        n = getattr(self, "n_threads", None)
        if n is None and getattr(self, "n_jobs", None) is not None:
            n = 0 if self.n_jobs < 0 else self.n_jobs
        return 0 if n is None else int(n)

    def _smrt_verbose(self):
        return int(getattr(self, "verbose", 0) or 0)

    def _prefit_models(self, keys):
        return {}

    # -- imbalanced-learn's interface --------------------------------------
    def _check_X_y(self, X, y, accept_sparse=None):
        return BaseSampler._check_X_y(self, X, y, accept_sparse=accept_sparse)

    def fit(self, X, y):
        """Check inputs and statistics (imbalanced-learn's fit); use fit_resample."""
        self._validate_params()
        X, y, _ = self._check_X_y(X, y)
        self.sampling_strategy_ = self._strategy_dict(y)
        return self

    def fit_model(self, X, y):
        """Generative methods: train the model of the classes sampling_strategy targets,
        without generating (then ``model_``). Others have no model: a ValueError."""
        self._validate_params()
        X, y, _ = self._check_X_y(X, y)
        self.sampling_strategy_ = self._strategy_dict(y)
        self._run(X, y, ClassKeys(y), resample=False)
        return self

    def fit_resample(self, X, y):
        """Resample the data set.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        X_resampled, y_resampled : the input's kept rows (exact, in its dtype and
            container) followed by the synthetic rows.
        """
        self._validate_params()
        if _plain_arrays(X, y):
            # numpy in, numpy out: the C++ layer checks the values (finite, two
            # classes, lengths) and names what is wrong; scikit-learn's
            # checks would sort y twice and scan X again.
            self.n_features_in_ = X.shape[1]
            self.__dict__.pop("feature_names_in_", None)
            return self._run(X, y, ClassKeys(y), resample=True)
        check_classification_targets(y)
        arrays_transformer = ArraysTransformer(X, y)
        X, y, binarize_y = self._check_X_y(X, y)
        keys = ClassKeys(y)
        X_res, y_res = self._run(X, y, keys, resample=True)
        if binarize_y:
            y_res = label_binarize(y_res, classes=keys.classes)
        return arrays_transformer.transform(X_res, y_res)

    def _fit_resample(self, X, y):
        return self._run(X, y, ClassKeys(y), resample=True)

    def _core_call(self, X, y, keys, resample=True, assemble=False):
        """The C++ sampler on (X, y) with this estimator's parameters, threads and progress:
        (the _core.Sampler, fit_resample's (indices, synthetic, synthetic ids, {class id: n}, output
        table or None) or None). With `assemble`, float32 X and an over-sampler, the output table
        (X's rows, then the new ones written in place) comes back too."""
        params = self._smrt_param_text(y, keys)
        rows, sample_shape = float_rows(X)
        core = _core.Sampler(self._smrt_method, params)
        prefit = self._prefit_models(keys)
        if prefit:
            core.set_prefit_models(prefit)
        verbose = self._smrt_verbose()
        if self._smrt_uses_torch():
            from . import _openblas

            _openblas.warn_if_slow()
        args = (rows, keys.ids, keys.integers, keys.names, sample_shape, self._smrt_threads(), verbose,
                print_progress if verbose > 0 else None)
        if not resample:
            core.fit(*args)
            return core, None
        return core, core.fit_resample(*args, assemble)

    def _core_rows(self, X):
        """X as the C++ layer reads it, and a function (kept indices, synthetic rows) -> X_res where
        the input needs its own way back (text categories); None: X itself."""
        return X, None

    def _run(self, X, y, keys, resample):
        rows, restore = self._core_rows(X)
        core, result = self._core_call(rows, y, keys, resample, assemble=restore is None)
        if not resample:
            self._store_model(core)
            return None
        indices, synthetic, synthetic_ids, strategy, table = result
        self.sampling_strategy_ = OrderedDict(
            (keys.classes[c], n) for c, n in sorted(strategy.items()))
        if isinstance(self, BaseOverSampler):
            self._warn_if_a_class_got_nothing(keys, indices, synthetic_ids, strategy)
        self._store_model(core)
        self.__dict__.pop("sample_indices_", None)
        if type(self).__name__ in _SAMPLE_INDICES and len(synthetic) == 0:
            self.sample_indices_ = indices
        if restore is not None:
            X_res = restore(indices, synthetic)
        elif table is not None:  # float32: the new rows were written behind a copy of X
            X_res = table
        elif isinstance(X, np.ndarray) and X.ndim == 2 and X.dtype in (np.float32, np.float64) \
                and X.flags.c_contiguous:
            X_res = _core.assemble(X, indices, synthetic)
        else:
            X_res = stack_rows(take_rows(X, indices), synthetic, X)
        y = np.asarray(y)
        if y.dtype == np.int64 and y.ndim == 1 and y.flags.c_contiguous and keys.classes.dtype == np.int64:
            y_res = _core.assemble_labels(y, indices, keys.classes, synthetic_ids)
        else:
            y_res = np.concatenate([y[indices], keys.classes[synthetic_ids].astype(y.dtype, copy=False)])
        return X_res, y_res

    def _warn_if_a_class_got_nothing(self, keys, indices, synthetic_ids, strategy):
        """An over-sampler whose rule found nothing to generate from (Safe-Level-SMOTE with every
        safe level 0, Borderline-SMOTE with no row in danger) returns the class as it was, as
        imbalanced-learn does; say so rather than leave the user to count."""
        n = len(keys.classes)
        before = np.bincount(keys.ids, minlength=n)
        after = np.bincount(keys.ids[np.asarray(indices)], minlength=n) + np.bincount(
            np.asarray(synthetic_ids, dtype=np.int64), minlength=n)
        missed = [c for c, asked in sorted(strategy.items()) if asked > 0 and after[c] <= before[c]]
        if missed:
            warnings.warn("%s added no rows to class %s (asked for %s): its rule found no row to generate "
                          "from; the class is returned as it was" % (
                              type(self).__name__, ", ".join(repr(keys.classes[c]) for c in missed),
                              ", ".join(str(strategy[c]) for c in missed)), UserWarning, stacklevel=4)

    def _strategy_dict(self, y):
        """sampling_strategy_ as fit_resample sets it, from y's class counts: the C++ resolution
        (the one fit_resample and smrt.dask use)."""
        keys = ClassKeys(y)
        core = _core.Sampler(self._smrt_method, self._smrt_param_text(y, keys))
        counts = np.bincount(keys.ids, minlength=len(keys.classes))
        targets = core.sampling_targets([int(n) for n in counts], keys.integers, keys.names)
        return OrderedDict((keys.classes[c], n) for c, n in sorted(targets.items()))

    def _smrt_uses_torch(self):
        return False

    def _store_model(self, core):
        pass


class ImageInputMixin:
    """Image samplers: X may keep its shape, (n, H, W) or (n, C, H, W)."""

    _smrt_images = True

    def _check_X_y(self, X, y, accept_sparse=None):
        from imblearn.utils import check_target_type

        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X, y = _versions.validate_data(self, X, y, reset=True, accept_sparse=["csr", "csc"], allow_nd=True)
        return X, y, binarize_y


def make_constraints(specs, compat):
    out = {}
    for spec in specs:
        name = spec["name"]
        if name == "sampling_strategy":
            out[name] = [Interval(numbers.Real, 0, 1, closed="right"), str, Mapping, list, callable]
        elif name == "random_state":
            out[name] = ["random_state"]
        elif name == "prefit_estimators":
            out[name] = [str, Mapping, None]
        else:
            out[name] = _params.constraints(spec)
    out["n_threads"] = [Interval(numbers.Integral, 0, None, closed="left"), None]
    if compat is not None:
        out.update(compat.constraints)
    return out


def python_defaults(specs):
    """Declared defaults as Python values; Python-side exceptions documented in docs/python.md."""
    out = []
    for spec in specs:
        default = _params.parse_default(spec)
        if spec["name"] == "verbose":
            default = 0  # silent by default in pipelines; verbose=1 shows progress
        out.append((spec["name"], default))
    return out


def make_sampler_class(info, class_name, module, mixins=(), base=None):
    """A sampler class for one registered method (see the module's docstring)."""
    specs = list(info["params"])
    compat = COMPAT.get(class_name)
    names_defaults = python_defaults(specs) + [("n_threads", None)]
    if compat is not None:
        names_defaults += list(compat.defaults.items())
    init = _params.make_init(names_defaults)
    base = base or _BASES[info["family"]]
    if base is BaseSampler:
        attrs_extra = {"_sampling_type": "over-sampling"}
    else:
        attrs_extra = {}
    extra = {"n_threads": ("int >= 0 or None", "None", _params.N_THREADS_DOC)}
    if compat is not None:
        extra.update(compat.docs)
    attrs = {
        "__init__": init,
        "__module__": module,
        "__doc__": _params.docstring(
            "%s\n\nsmrt method ``%s`` (``smrt resample --method %s``); aliases: %s." % (
                info["summary"], info["name"], info["name"], ", ".join(info["aliases"]) or "none"),
            specs, extra),
        "_smrt_method": info["name"],
        "_smrt_specs": tuple(specs),
        "_smrt_compat": compat,
        "_parameter_constraints": make_constraints(specs, compat),
    }
    attrs.update(attrs_extra)
    return type(class_name, tuple(mixins) + (SmrtSamplerMixin, base), attrs)


def class_name_of(info):
    """imbalanced-learn's name: the first CamelCase alias, else the name in CamelCase."""
    for alias in info["aliases"]:
        if alias[:1].isupper():
            return alias
    return "".join(part.capitalize() for part in info["name"].split("_"))


def methods_of(families):
    return [m for m in _core.methods() if m["family"] in families]
