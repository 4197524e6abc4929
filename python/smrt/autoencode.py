"""The seed's ``smrt.autoencode``: AutoEncoder and VariationalAutoEncoder.

Same constructor parameters and methods as smrt 0.4 (fit, transform / encode,
feed_forward, generate, generate_from_sample, epoch_costs_), trained by smrt's
C++ core (LibTorch). Parameters are declared once, in C++ (``smrt list smrt``
shows the VAE's); fitted models pickle through their model-file bytes, the
same bytes ``smrt fit`` writes.
"""
import numbers
import os

import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils.validation import check_array, check_is_fitted

from . import _core, _params, _versions
from ._estimator import class_name_of, print_progress, seed_text, unavailable_class


def _rows(X, what="X"):
    """X as C-contiguous float rows (float32 kept, others float64) and its sample shape.

    scikit-learn's check_array gives the usual errors (1-D, empty, NaN, sparse, complex).
    """
    X = check_array(X, dtype=[np.float64, np.float32], allow_nd=True, input_name=what)
    shape = list(X.shape[1:]) if X.ndim > 2 else []
    return np.ascontiguousarray(X.reshape(X.shape[0], -1)), shape


def sample_count(n_samples, n, default=None):
    """generate()'s count: ``n_samples``, or ``n`` (the original SMRT's name for it), an int >= 0; one of
    them, else `default` (None: a count is required)."""
    if n is not None:
        if n_samples is not None:
            raise _core.ParameterError("generate: give n_samples or n (the original's name for it), not both "
                                       "(got n_samples=%r, n=%r)" % (n_samples, n))
        n_samples = n
    elif n_samples is None:
        if default is None:
            raise _core.ParameterError("generate: give the number to generate as n_samples or n")
        n_samples = default
    if not isinstance(n_samples, numbers.Integral) or isinstance(n_samples, bool) or n_samples < 0:
        raise _core.ParameterError("generate: n_samples=%r must be an int >= 0" % (n_samples,))
    return int(n_samples)


def _shaped(rows, est):
    """Rows back in the shape of the samples `est` was fitted on, as `smrt generate` writes them: (n, H, W)
    gives (n, H, W), (n, 1, H, W) gives (n, 1, H, W) (a reconstruction the shape of X, so X - feed_forward(X)
    broadcasts). The model file keeps that shape; one written before it did gives (n, H, W) for a single
    channel. ``_fit_sample_shape``: the shape an estimator pickled by an older smrt recorded itself."""
    shape = tuple(est.__dict__.get("_fit_sample_shape") or est.model_.sample_shape())
    if len(shape) > 1:
        return rows.reshape((rows.shape[0],) + shape)
    return rows


class _BaseAutoEncoder(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """get_feature_names_out gives 'autoencoder0', ... ('variationalautoencoder0', ...), as PCA's 'pca0', so
    set_output(transform='pandas') works; a DataFrame's columns become feature_names_in_ and are checked
    by every method that takes X, as scikit-learn's transformers check them."""

    _kind = None

    def _param_text(self):
        text = {}
        for spec in self._smrt_specs:
            value = getattr(self, spec["name"])
            if spec["name"] == "random_state":  # int, RandomState (one draw per fit) or None, as the samplers
                text["random_state"] = seed_text(value)
            else:
                text[spec["name"]] = _params.to_text(value, spec)
        return text

    def fit(self, X, y=None):
        """Train on the rows of X (images may keep their shape: (n, H, W) or (n, C, H, W))."""
        from . import _openblas

        _versions.check_feature_names(self, X, reset=True)
        rows, shape = _rows(X)
        _openblas.warn_if_slow()
        verbose = int(self.verbose or 0)
        self.model_ = _core.Model.fit_autoencoder(
            self._kind, self._param_text(), rows, shape, int(self.n_threads or 0), verbose,
            print_progress if verbose > 0 else None)
        self.epoch_costs_ = list(self.model_.epoch_costs())
        self.n_features_in_ = rows.shape[1]
        self.__dict__.pop("_fit_sample_shape", None)  # an older smrt's record of X's shape: the model keeps it now
        return self

    def _input(self, X):
        """X's rows for a fitted model: fitted first, then the column names (scikit-learn's order)."""
        check_is_fitted(self, "model_")
        _versions.check_feature_names(self, X, reset=False)
        rows, _ = _rows(X)
        return rows

    @property
    def _n_features_out(self):
        """The width of transform's output (the code), for get_feature_names_out; from the model, so a
        loaded or unpickled estimator has it too. Unfitted: an AttributeError (check_is_fitted's test)."""
        if "model_" not in self.__dict__:
            raise AttributeError("_n_features_out")
        probe = np.zeros((1, self.model_.n_features()), dtype=np.float32)
        return int(self.model_.encode(probe, 1).shape[1])

    def _model(self, rows=None):
        check_is_fitted(self, "model_")
        if rows is not None and rows.shape[1] != self.n_features_in_:
            raise _core.DataError("X has %d features, but %s is expecting %d features as input." % (
                rows.shape[1], type(self).__name__, self.n_features_in_))
        return self.model_

    def feed_forward(self, X):
        """Encode and decode X: its reconstruction, in the data's units."""
        rows = self._input(X)
        return _shaped(self._model(rows).feed_forward(rows, int(self.n_threads or 0)), self).astype(
            rows.dtype, copy=False)

    def encode(self, X):
        """The code of each row (AutoEncoder: the last hidden layer; VAE: the latent mean)."""
        rows = self._input(X)
        return self._model(rows).encode(rows, int(self.n_threads or 0)).astype(rows.dtype, copy=False)

    def transform(self, X):
        """The same as encode (scikit-learn's transformer interface)."""
        return self.encode(X)

    def reconstruction_error(self, X):
        """Mean squared reconstruction error of each row."""
        rows = self._input(X)
        return self._model(rows).reconstruction_error(rows, int(self.n_threads or 0))

    def save(self, path):
        """Write the model file (the same format as ``smrt fit``)."""
        self._model().save(str(path))

    @classmethod
    def load(cls, path):
        """Load a model file written by save() or ``smrt fit`` (``smrt.generative.load_model`` loads any
        smrt model file)."""
        path = os.fspath(path)
        model = _core.Model.load(path)
        if model.kind() != cls.__name__:
            raise _core.IoError("%s holds %s, not %s %s; smrt.generative.load_model(path) loads any smrt model file"
                                % (path, describe_kind(model.kind()), _article(cls.__name__), cls.__name__))
        return cls._from_model(model)

    @classmethod
    def _from_model(cls, model):
        """The fitted estimator of a loaded _core.Model of this class."""
        est = cls()
        est.set_params(**{k: v for k, v in _parse_params(est, model.params()).items()})
        est.model_ = model
        est.epoch_costs_ = list(model.epoch_costs())
        est.n_features_in_ = model.n_features()
        return est

    def __getstate__(self):
        state = self.__dict__.copy()
        if "model_" in state:
            state["model_"] = state["model_"].to_bytes()
        return state

    def __setstate__(self, state):
        if isinstance(state.get("model_"), (bytes, bytearray)):
            state["model_"] = _core.Model.from_bytes(bytes(state["model_"]))
        self.__dict__.update(state)

    def _more_tags(self):  # scikit-learn < 1.6
        return {"X_types": ["2darray"], "allow_nan": False, "requires_y": False}

    def __sklearn_tags__(self):  # scikit-learn >= 1.6
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        tags.target_tags.required = False
        return tags


def _article(kind):
    """'an' before AutoEncoder ("holds an AutoEncoder", not "a AutoEncoder"), else 'a'."""
    return "an" if kind[:1].lower() in "aeiou" else "a"


def describe_kind(kind):
    """A model file's kind for a message: "a VariationalAutoEncoder", "a cgan model (ConditionalGAN)"."""
    if kind in ("AutoEncoder", "VariationalAutoEncoder"):
        return "%s %s" % (_article(kind), kind)
    name = next((class_name_of(m) for m in _core.methods() if m["name"] == kind), None)
    return "a %s model%s" % (kind, " (%s)" % name if name else "")


def _parse_params(est, text):
    out = {}
    for spec in est._smrt_specs:
        if spec["name"] in text:
            out[spec["name"]] = _params.parse_default(dict(spec, default=text[spec["name"]]))
    return out


class _VariationalMixin:
    def generate(self, n_samples=None, loc=0.0, scale=1.0, *, n=None):
        """n_samples rows (default 1) decoded from latent draws z ~ Normal(loc, scale). ``n`` is the
        original SMRT's name for n_samples (``generate(n=5)``); give one of them."""
        n_samples = sample_count(n_samples, n, default=1)
        out = self._model().generate(n_samples, float(loc), float(scale), int(self.n_threads or 0))
        return _shaped(out, self)

    def generate_from_sample(self, X, loc=0.0, scale=1.0):
        """One new row near each row of X: encode, draw z = mean + e * sigma with e ~ Normal(loc, scale), decode."""
        rows = self._input(X)
        out = self._model(rows).generate_from_sample(rows, float(loc), float(scale), int(self.n_threads or 0))
        return _shaped(out, self).astype(rows.dtype, copy=False)

    def decode(self, Z):
        """Decode latent rows (n, n_latent_factors)."""
        Z = np.ascontiguousarray(np.asarray(Z, dtype=np.float32))
        return _shaped(self._model().decode(Z, int(self.n_threads or 0)), self)


def _make(kind, class_name, summary, bases):
    try:
        specs = list(_core.autoencoder_params(kind))
    except _core.SmrtError as error:
        if _core.has_generative():
            raise
        # Built without LibTorch: the class raises the core's message when made, not `import smrt`.
        return unavailable_class(class_name, __name__, str(error))
    defaults = []
    for spec in specs:
        value = _params.parse_default(spec)
        if spec["name"] == "verbose":
            value = 0  # silent unless asked: verbose=1 progress, 2 the notebook's per-epoch lines
        defaults.append((spec["name"], value))
    defaults.append(("n_threads", None))
    constraints = {s["name"]: _params.constraints(s) for s in specs}
    if "random_state" in constraints:
        constraints["random_state"] = ["random_state"]  # int, RandomState or None (seed_text)
    constraints["n_threads"] = [numbers.Integral, None]
    attrs = {
        "__init__": _params.make_init(defaults),
        "__module__": __name__,
        "__doc__": _params.docstring(summary, specs, {"n_threads": ("int >= 0 or None", "None",
                                                                    _params.N_THREADS_DOC)},
                                     defaults=dict(defaults)),
        "_kind": kind,
        "_smrt_specs": tuple(specs),
        "_parameter_constraints": constraints,
    }
    return type(class_name, bases, attrs)


AutoEncoder = _make(
    "autoencoder", "AutoEncoder",
    "The notebook's AutoEncoder: dense (or convolutional) encoder and mirrored decoder, trained to "
    "reconstruct its input.", (_BaseAutoEncoder,))
VariationalAutoEncoder = _make(
    "vae", "VariationalAutoEncoder",
    "The notebook's VariationalAutoEncoder: a generative autoencoder (reconstruction cross-entropy + KL); "
    "generate() and generate_from_sample() draw new rows.", (_VariationalMixin, _BaseAutoEncoder))

__all__ = ["AutoEncoder", "VariationalAutoEncoder"]
