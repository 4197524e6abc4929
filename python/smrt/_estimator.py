"""The samplers as imbalanced-learn estimators, built from the C++ method table.

One class per registered method (``smrt list``): its name is imbalanced-learn's
(the method's CamelCase alias), it subclasses imbalanced-learn's base classes
(so Pipeline, cross_val_score and GridSearchCV take it), its ``__init__`` has
the C++ declarations' parameters and defaults, plus ``n_threads`` and the
imbalanced-learn parameters that smrt maps onto its own (see _compat.py).
fit_resample validates as imbalanced-learn does, runs the C++ sampler with the
GIL released, and builds the output from the input: kept rows are the input's
rows (to the bit, in its dtype, sparse or pandas as given), synthetic rows are
cast to the input's dtype (float64 for ClusterCentroids' centres and smoothed
bootstraps of an int / bool X, as imbalanced-learn's; stack_rows). float64
columns far from 0 reach the float32 core shifted (column_offsets).
"""
import functools
import importlib.util
import json
import numbers
import os
import sys
import warnings
from collections import OrderedDict
from collections.abc import Mapping

import joblib
import numpy as np
import sklearn
from scipy import sparse
from sklearn.base import clone
from sklearn.preprocessing import label_binarize
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets

import imblearn
from imblearn.base import BaseSampler
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.under_sampling.base import BaseCleaningSampler, BaseUnderSampler
from imblearn.utils._validation import ArraysTransformer

from . import _core, _params, _versions
from ._versions import Interval
from ._compat import COMPAT, threads_of_n_jobs

_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1

# The most threads the core runs a call with: smrt::kMaxThreads (include/smrt/core/threads.h), which the core's
# ThreadScope enforces too; python/tests/test_smotenc_leftovers.py checks the two agree.
MAX_THREADS = 4096

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
        integers = None
        if kind in "iub" or (kind == "f" and np.all(np.mod(self.classes, 1) == 0)):
            integers = [int(c) for c in self.classes]
            if not all(_INT64_MIN <= i <= _INT64_MAX for i in integers):
                integers = None  # uint64 ids above 2**63 - 1, huge integral floats: position keys
        if integers is not None:
            self.integers = integers
            self.keys = [str(i) for i in self.integers]
        elif kind == "U" or (kind == "O" and all(isinstance(c, str) for c in self.classes)):
            self.names = [str(c) for c in self.classes]
            self.keys = list(self.names)
        else:
            width = len(str(len(self.classes)))
            self.names = ["%0*d" % (width, i) for i in range(len(self.classes))]
            self.keys = list(self.names)

    def find(self, label):
        """The C++ text of a user's class label (a sampling_strategy key), or None when no class
        of y equals it (as imbalanced-learn matches: by equality, so 2 and 2.0 name the same class,
        but the text '2' does not name the integer 2, nor 2 the text '2' or the bytes b'z')."""
        for c, k in zip(self.classes, self.keys):
            if same_label(c, label):
                return k
        return None

    def key(self, label):
        """The C++ text of a user's class label; one that names no class is imbalanced-learn's
        ValueError (a ParameterError)."""
        k = self.find(label)
        if k is None:
            raise _core.ParameterError(_not_present([label]))
        return k


def same_label(a, b):
    """Whether two class labels are equal as imbalanced-learn compares them (2 == 2.0; a comparison
    numpy cannot make, text against bytes or arrays, is not a match)."""
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


# joblib too: imbalanced-learn's Pipeline calls fit_resample through joblib.Memory; and dask, whose
# threaded schedulers run smrt.dask's tasks below the caller's compute().
_LIBRARY_DIRS = tuple(os.path.dirname(m.__file__) + os.sep for m in (sys.modules[__package__], imblearn, sklearn, joblib)) \
    + tuple(os.path.dirname(spec.origin) + os.sep
            for spec in map(importlib.util.find_spec, ("dask", "distributed")) if spec is not None)


def _caller_level():
    """warnings.warn's stacklevel that names the user's line: the first frame outside smrt,
    imbalanced-learn and scikit-learn (a pipeline, a combination or smrt.dask calls from inside)."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_LIBRARY_DIRS):
        frame, level = frame.f_back, level + 1
    return level


def label_text(label):
    """A class label in a message as the user wrote it: 1, 'a', b'z', 2.5, True. numpy >= 2 writes a
    numpy scalar's repr with its type (np.int64(1)); its value is written as numpy 1 wrote it."""
    if isinstance(label, (np.str_, np.bytes_)):
        return repr(label.item())
    if isinstance(label, np.generic):
        return str(label)
    return repr(label)


def _not_present(labels):
    """imbalanced-learn's message (utils/_validation.py) for class labels absent from y."""
    try:
        named = set(labels)
    except TypeError:  # unhashable labels: listed as given
        named = list(labels)
    return "The %s target class is/are not present in the data." % (named,)


def strategy_text(strategy, y, keys, sampling_type=None):
    """sampling_strategy as the C++ text: 'auto', '0.5', a JSON map or list. `sampling_type` is
    imbalanced-learn's (the sampler's `_sampling_type`): a list is only for cleaning samplers."""
    if callable(strategy):
        given = strategy(y)
        if not isinstance(given, Mapping):  # imbalanced-learn reads the result as a dict (its .keys())
            raise _core.ParameterError("sampling_strategy: the callable returned %r (a %s); it must return a dict "
                                       "{label: count}" % (given, type(given).__name__))
        strategy = given
    if isinstance(strategy, (list, tuple, np.ndarray)) and sampling_type not in (None, "clean-sampling"):
        # before the labels are looked up: the list itself is the mistake
        raise _core.ParameterError(
            "sampling_strategy=%r: a class list is only for cleaning samplers; use a per-class map "
            "({label: count})" % (strategy,))
    if isinstance(strategy, (Mapping, list, tuple, np.ndarray)):
        labels = list(strategy.keys() if isinstance(strategy, Mapping) else strategy)
        missing = [label for label in labels if keys.find(label) is None]
        if missing:  # as imbalanced-learn, before any other check of the counts
            raise _core.ParameterError(_not_present(missing))
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
    if isinstance(strategy, numbers.Real):
        # True passes the float constraint (a bool is a number): imbalanced-learn 0.10 reads it as 1.0.
        return repr(float(strategy))
    if not isinstance(strategy, str):
        raise _core.ParameterError("sampling_strategy: %r is not a float, str, dict, list or callable" % (strategy,))
    return strategy


def shrinkage_text(shrinkage, keys):
    """RandomOverSampler's per-class shrinkage as the C++ JSON map. As imbalanced-learn: a label
    that names no class is not used (a raised class without a factor is the core's error)."""
    factors = {}
    for label, factor in shrinkage.items():
        key = keys.find(label)
        if key is None:
            continue
        if not isinstance(factor, numbers.Real) or isinstance(factor, bool):
            raise _core.ParameterError("shrinkage: the factor for class %r is %r, not a number" % (label, factor))
        factors[key] = float(factor)
    return json.dumps(factors) if factors else "{}"


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
    """The input's rows at `indices`, exactly (dense, sparse, N-D or a pandas DataFrame)."""
    if sparse.issparse(X):
        return X[indices]
    if is_dataframe(X):
        return X.iloc[indices]
    return np.asarray(X)[indices]


def output_order(n_kept, places):
    """The row of [kept rows; synthetic rows] that each output row is, or None where that is the order.
    `places` (the core's synthetic_at): empty, or synthetic row j right after the first places[j] kept
    rows (ClusterCentroids: imbalanced-learn's class-by-class order)."""
    if len(places) == 0:
        return None
    # Kept row i sorts at 2i + 1; synthetic row j at 2 places[j], just before kept row places[j] (after
    # kept row places[j] - 1), after the synthetic rows before it (a stable sort).
    keys = np.concatenate([2 * np.arange(n_kept, dtype=np.int64) + 1, 2 * np.asarray(places, dtype=np.int64)])
    return np.argsort(keys, kind="stable")


def is_dataframe(X):
    """A pandas DataFrame (without importing pandas)."""
    return type(X).__name__ == "DataFrame" and type(X).__module__.startswith("pandas")


@functools.lru_cache(maxsize=None)
def _aligns_index():
    """Whether the installed imbalanced-learn gives a resampled DataFrame's y the index of its X (0.12 and
    later pass a frame through the row pickers with its index; 0.10 builds both anew, numbered from 0)."""
    import pandas as pd

    X = pd.DataFrame({"a": [1]}, index=[7])
    return ArraysTransformer(X, pd.Series([0])).transform(X, np.array([0]))[1].index[0] == 7


def stack_rows(kept, synthetic, like, float_output=False, sparse_float_output=False):
    """Kept rows then synthetic rows, in the input's dtype and kind.

    With `float_output` (samplers whose new rows are not made from the input's values by
    interpolation: ClusterCentroids' k-means centres, RandomOverSampler's smoothed bootstrap; and
    SMOTENC, which interpolates its own float64 encoding), a dense input of a non-float dtype (int,
    bool, float16) gives float64 rows, as numpy.vstack of imbalanced-learn's float rows and the input's
    rows does; a sparse input keeps its dtype, as imbalanced-learn's csr_matrix(..., dtype=X.dtype)
    does, except with `sparse_float_output` (SMOTENC: float64 there too)."""
    if synthetic.shape[0] == 0:
        return kept
    if sparse.issparse(like):
        dtype = like.dtype
        if sparse_float_output and dtype not in (np.float32, np.float64):
            dtype = np.dtype(np.float64)
        new = sparse.csr_matrix(synthetic.astype(dtype, copy=False))
        return sparse.vstack([kept.astype(dtype, copy=False), new], format=like.format)
    dtype = kept.dtype
    if float_output and dtype not in (np.float32, np.float64):
        dtype = np.dtype(np.float64)
    synthetic = synthetic.astype(dtype, copy=False).reshape((-1,) + kept.shape[1:])
    return np.concatenate([kept.astype(dtype, copy=False), synthetic])


def column_offsets(rows, common=False):
    """The shift that brings far-off float64 columns near 0 before the float32 core, or None.

    The C++ readers' rule (smrt/core/column_shift.h, `_core.column_offsets`): a column whose midpoint
    m = (min + max) / 2 is larger in magnitude than its range max - min (values 1.7e9 +- 100: float32
    steps of 128 would merge them) is shifted by m; every value v of it lies in [m/2, 3m/2] (m > 0; the
    mirror for m < 0), so v - m is exact in float64 (Sterbenz) and the core sees the column's spread
    at float32 precision instead of its offset. Other columns get 0 (unchanged bits); a constant
    column already exact in float32 too. With `common`, one shift for all columns (of the whole
    table's range). NaN values are left out of the ranges (the core names them later)."""
    if rows.dtype != np.float64 or rows.ndim != 2 or rows.shape[0] == 0 or rows.shape[1] == 0:
        return None
    return _core.column_offsets(np.ascontiguousarray(rows), common)


def _plain_arrays(X, y):
    """2-D float32/float64 C-contiguous X and 1-D integer y, both plain ndarrays."""
    return (type(X) is np.ndarray and type(y) is np.ndarray and X.ndim == 2 and y.ndim == 1
            and X.dtype in (np.float32, np.float64) and X.flags.c_contiguous and y.dtype.kind in "iu"
            and X.shape[1] > 0)


class SmrtSamplerMixin:
    """fit_resample on smrt's C++ core; set by make_sampler_class()."""

    _smrt_method = None  # the registered method name
    _smrt_specs = ()     # its parameter declarations (from _core.methods())
    _smrt_shift = "none"  # the column shift its result allows (from _core.methods())
    _smrt_compat = None  # a _compat.Compat or None

    _smrt_images = False  # X may keep an image shape (ImageInputMixin)
    _smrt_float_output = False  # new rows of an int / bool X are float64 (stack_rows)
    _smrt_sparse_float_output = False  # ... of a sparse one too (SMOTENC)
    _smrt_categories = False  # new rows take values of X's rows (SMOTEN, SMOTENC): a bool X stays bool

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
                text[name] = strategy_text(value, y, keys, getattr(self, "_sampling_type", None))
            elif name == "random_state":
                text[name] = seed_text(value)
            elif name == "prefit_estimators" and isinstance(value, Mapping):
                continue  # fitted objects go to C++ directly (see _prefit_models)
            elif name == "shrinkage" and isinstance(value, Mapping):
                text[name] = shrinkage_text(value, keys)
            else:
                text[name] = _params.to_text(value, spec)
        return text

    def _smrt_threads(self):
        """The call's thread count (0: the process setting): n_threads, else imbalanced-learn's n_jobs. Above the
        core's limit a ParameterError names the parameter the user gave, with its value (the core's own check
        names n_threads=<the count n_jobs became>, and a count past int32 fails in pybind11's conversion)."""
        n = getattr(self, "n_threads", None)
        if n is None and getattr(self, "n_jobs", None) is not None:
            threads = threads_of_n_jobs(self.n_jobs)
            given, hint = ("n_jobs", self.n_jobs), "-1 means every CPU this process may run on"
        else:
            threads = 0 if n is None else int(n)
            given, hint = ("n_threads", n), "0 means the default count"
        if threads > MAX_THREADS:
            raise _core.ParameterError("%s=%d is more threads than smrt runs a call with (at most %d; %s)" % (
                given + (MAX_THREADS, hint)))
        return threads

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

    def _core_call(self, X, y, keys, resample=True, assemble=False, centre=True):
        """The C++ sampler on (X, y) with this estimator's parameters, threads and progress:
        (the _core.Sampler, fit_resample's (indices, synthetic, synthetic ids, {class id: n}, output
        table or None, the synthetic rows' places: see output_order) or None). With `assemble`, float32
        X and an over-sampler, the output table (X's rows, then the new ones written in place) comes
        back too.

        float64 rows with columns far from 0 relative to their spread (timestamps, ...) would lose
        their spread in the core's float32: with `centre`, such columns go to the core shifted by
        their midpoint (column_offsets), and the synthetic rows come back float64 with the shift
        added back. Every method whose declared shift is not "none" gives the same rows for X + c as for
        X, so this changes nothing but the precision; float32 rows and columns near 0 go as they
        are (the same bytes as without it)."""
        params = self._smrt_param_text(y, keys)
        rows, sample_shape = float_rows(X)
        offset = None
        # Each method declares the shift its result allows (the C++ SamplerInfo::shift: none for the
        # neural methods, augment and IHT; one common shift for SVM-SMOTE's gamma='scale').
        if centre and not sample_shape and self._smrt_shift != "none":
            offset = column_offsets(rows, common=self._smrt_shift == "common")
        if offset is not None:
            rows = rows - offset  # exact (see column_offsets); a new array, X is untouched
            assemble = False
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
        *result, warned = core.fit_resample(*args, assemble)
        result = tuple(result)
        for text in warned:  # the core's warnings (a class left as it was, ...), as imbalanced-learn warns
            warnings.warn("%s: %s" % (type(self).__name__, text), UserWarning, stacklevel=_caller_level())
        if offset is not None:  # the new rows back in X's units, float64
            indices, synthetic, synthetic_ids, strategy, _, places = result
            synthetic = np.asarray(synthetic, dtype=np.float64).reshape(-1, rows.shape[1]) + offset
            result = (indices, synthetic, synthetic_ids, strategy, None, places)
        return core, result

    def _core_rows(self, X):
        """X as the C++ layer reads it, and a function (kept indices, synthetic rows) -> X_res where
        the input needs its own way back (text categories); None: X itself."""
        return X, None

    def _run(self, X, y, keys, resample):
        if resample and getattr(X, "dtype", None) == np.bool_:
            self._refuse_bool_rows(y)
        rows, restore = self._core_rows(X)
        # Text categories (restore) become codes 0..k-1, near 0, so column_offsets leaves them alone while it
        # still keeps the precision of far-off continuous columns beside them (timestamps).
        # The core's own output table is dense: a sparse X is put back together here (stack_rows).
        core, result = self._core_call(rows, y, keys, resample, assemble=restore is None and not sparse.issparse(X))
        if not resample:
            self._store_model(core)
            return None
        indices, synthetic, synthetic_ids, strategy, table, places = result
        self.sampling_strategy_ = OrderedDict(
            (keys.classes[c], n) for c, n in sorted(strategy.items()))
        self._store_model(core)
        self.__dict__.pop("sample_indices_", None)
        if type(self).__name__ in _SAMPLE_INDICES and len(synthetic) == 0:
            self.sample_indices_ = indices
        if restore is not None:
            X_res = restore(indices, synthetic)
        elif table is not None:  # float32: the new rows were written behind a copy of X
            X_res = table
        elif isinstance(X, np.ndarray) and X.ndim == 2 and X.dtype in (np.float32, np.float64) \
                and X.flags.c_contiguous and synthetic.dtype == np.float32:
            X_res = _core.assemble(X, indices, synthetic, self._smrt_threads())
        else:  # also float64 new rows of shifted columns (_core_call): not through float32
            X_res = stack_rows(take_rows(X, indices), synthetic, X, self._smrt_float_output,
                               self._smrt_sparse_float_output)
        y = np.asarray(y)
        if y.dtype == np.int64 and y.ndim == 1 and y.flags.c_contiguous and keys.classes.dtype == np.int64:
            y_res = _core.assemble_labels(y, indices, keys.classes, synthetic_ids, self._smrt_threads())
        else:
            y_res = np.concatenate([y[indices], keys.classes[synthetic_ids].astype(y.dtype, copy=False)])
        order = output_order(len(indices), places)
        if order is not None:  # ClusterCentroids: its centres between the kept classes, as the core places them
            X_res, y_res = take_rows(X_res, order), y_res[order]
        return X_res, y_res

    def _refuse_bool_rows(self, y):
        """_bool_rows_error, raised before the run where the strategy adds rows (the one check: after the
        run, MWMOTE or SMOTE-IPF on a large table would have run for nothing, and SMOTEENN's cleaning may
        have removed every new row). The counts to add do not depend on the seed: a copy at
        random_state=0 takes no draw from a RandomState."""
        error = self._bool_rows_error()
        if error is None or getattr(self, "_sampling_type", None) != "over-sampling":
            return  # under-samplers keep rows of X (ClusterCentroids' centres are float64: no error)
        probe = clone(self).set_params(random_state=0) if "random_state" in self.get_params(deep=False) else self
        if any(n > 0 for n in probe._strategy_dict(y).values()):
            raise error

    def _bool_rows_error(self):
        """The TypeError for new rows made from a bool X, or None where this sampler's are fine (float64
        rows, or values of X's rows); smrt.dask and SMOTEENN raise it too."""
        if self._smrt_images:
            # The generative methods make new values, not mixes of two rows: no SMOTEN advice here.
            return TypeError("%s: X is boolean; give it as numbers (X.astype(np.uint8) or a float dtype)"
                             % type(self).__name__)
        if not (self._smrt_float_output or self._smrt_categories):
            # True + gap * (False - True) has no bool value (a cast would make every new value True).
            return TypeError(
                "%s: X is boolean, and new rows interpolated between its rows are not: give X as numbers "
                "(X.astype(float)), or use SMOTEN for categorical features (imbalanced-learn raises a "
                "TypeError here too: numpy boolean subtract)" % type(self).__name__)
        return None

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


class RowPickerMixin:
    """RandomOverSampler and RandomUnderSampler: they only pick rows, so X may hold anything
    (NaN, text, a DataFrame of mixed dtypes), as imbalanced-learn 0.10 validates them (dtype=None,
    NaN allowed). The C++ sampler picks the same rows whatever X's values (its draws read only
    the class counts; python/tests/test_data.py compares), so it runs on a one-column placeholder
    and the rows are taken from X. RandomOverSampler with ``shrinkage`` makes new rows from X's
    values: numeric, finite X as the other samplers (imbalanced-learn: "X needs to contain only
    numerical data"); its new rows of an int / bool X are float64, as imbalanced-learn's."""

    _smrt_float_output = True

    def _picks_only(self):
        return getattr(self, "shrinkage", None) is None

    def _more_tags(self):  # scikit-learn < 1.6
        tags = super()._more_tags()
        tags["X_types"] = ["2darray", "string", "sparse", "dataframe"]
        tags["allow_nan"] = True
        return tags

    def __sklearn_tags__(self):  # scikit-learn >= 1.6
        return _versions.sampler_tags(super().__sklearn_tags__(), True, sparse=True, images=False, any_values=True)

    def _check_X_y(self, X, y, accept_sparse=None):
        if not self._picks_only():
            return super()._check_X_y(X, y, accept_sparse=accept_sparse)
        from imblearn.utils import check_target_type

        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        if is_dataframe(X):
            # Rows are only picked: the frame goes through as it is. One common dtype would put an int64
            # column beside floats through float64 (ids past 2**53 changed) and refuse datetime columns.
            # The checks (lengths, y, feature names) run on a stand-in of its shape and columns.
            import pandas as pd

            standin = pd.DataFrame(np.zeros(X.shape, dtype=np.float32), columns=X.columns)
            _, y = _versions.validate_data(self, standin, y, reset=True, dtype=None, **{_versions.ALL_FINITE: False})
            return X, y, binarize_y
        X, y = _versions.validate_data(self, X, y, reset=True, accept_sparse=["csr", "csc"], dtype=None,
                                       **{_versions.ALL_FINITE: False})
        return X, y, binarize_y

    def _core_rows(self, X):
        if not self._picks_only():
            return super()._core_rows(X)
        placeholder = np.zeros((X.shape[0], 1), dtype=np.float32)

        # The frame's rows are numbered as imbalanced-learn numbers them: anew from 0, except that
        # 0.12 and later keep the labels of the rows RandomUnderSampler picks.
        keep_labels = isinstance(self, BaseUnderSampler) and _aligns_index()

        def picked(indices, synthetic):
            rows = take_rows(X, indices)
            return rows if keep_labels or not is_dataframe(rows) else rows.reset_index(drop=True)

        return placeholder, picked


class SmoothedBootstrapMixin(RowPickerMixin):
    """RandomOverSampler: imbalanced-learn's ``shrinkage_`` (None, or the factor of each raised class)."""

    def _run(self, X, y, keys, resample):
        out = super()._run(X, y, keys, resample)
        if not resample:
            return out
        if self.shrinkage is None or isinstance(self.shrinkage, Mapping):
            self.shrinkage_ = self.shrinkage
        else:
            self.shrinkage_ = {label: self.shrinkage for label in self.sampling_strategy_}
        return out


class FloatOutputMixin:
    """ClusterCentroids: its k-means centres of an int / bool X are float64 rows, as imbalanced-learn's
    (stack_rows)."""

    _smrt_float_output = True


class ImageInputMixin:
    """Image samplers: X may keep its shape, (n, H, W) or (n, C, H, W)."""

    _smrt_images = True

    def _check_X_y(self, X, y, accept_sparse=None):
        from imblearn.utils import check_target_type

        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X, y = _versions.validate_data(self, X, y, reset=True, accept_sparse=["csr", "csc"], allow_nd=True)
        check_image_axes(X.shape, type(self).__name__)
        return X, y, binarize_y


def check_image_axes(shape, owner):
    """Images are (n, H, W) or (n, C, H, W): more axes, or a channels-last (n, H, W, C) array, would be
    read with the wrong axes (augmentation would turn the colour axis; the GANs would ask for another
    image size), so they are refused here with what to do."""
    if len(shape) > 4:
        raise _core.DataError("%s: X has %d axes %s; give images as (n, H, W) or (n, C, H, W)" % (
            owner, len(shape), tuple(shape)))
    if len(shape) == 4 and shape[3] in (1, 3, 4) and shape[1] > 4:
        raise _core.DataError(
            "%s: X's shape %s looks channels-last (n, H, W, C); smrt takes images as (n, C, H, W): pass "
            "np.moveaxis(X, -1, 1)" % (owner, tuple(shape)))


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
        elif name == "shrinkage":  # RandomOverSampler: a factor >= 0 or one per class (imbalanced-learn's dict)
            out[name] = [Interval(numbers.Real, 0, None, closed="left"), Mapping, str, None]
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
        default = _versions.PYTHON_DEFAULTS.get(spec["name"], _params.parse_default(spec))
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
            specs, extra, defaults=dict(names_defaults)),
        "_smrt_method": info["name"],
        "_smrt_specs": tuple(specs),
        "_smrt_shift": info["shift"],
        "_smrt_compat": compat,
        "_parameter_constraints": make_constraints(specs, compat),
    }
    attrs.update(attrs_extra)
    return type(class_name, tuple(mixins) + (SmrtSamplerMixin, base), attrs)


class _Unavailable(type):
    """The stand-ins' type: a class attribute they lack (VariationalAutoEncoder.load) names the reason too."""

    def __getattr__(cls, name):
        raise AttributeError("%s.%s: %s" % (cls.__name__, name, cls._smrt_unavailable))


def unavailable_class(class_name, module, reason):
    """A stand-in for a class this build lacks (smrt built without LibTorch): ``import smrt`` works and
    the classical samplers run; making this class raises the core's reason (a SmrtError)."""

    def __init__(self, *args, **kwargs):
        raise _core.SmrtError("%s: %s" % (class_name, reason))

    return _Unavailable(class_name, (), {"__init__": __init__, "__module__": module, "_smrt_unavailable": reason,
                                         "__doc__": "Not in this build of smrt: %s" % reason})


def class_name_of(info):
    """imbalanced-learn's name: the first CamelCase alias, else the name in CamelCase."""
    for alias in info["aliases"]:
        if alias[:1].isupper():
            return alias
    return "".join(part.capitalize() for part in info["name"].split("_"))


def methods_of(families):
    return [m for m in _core.methods() if m["family"] in families]
