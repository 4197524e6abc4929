"""Generative over-samplers: SMRT, ConditionalGAN, SMate, DeepSMOTE (and the
AugmentOverSampler baseline), as imbalanced-learn samplers on smrt's C++ core.

Image methods take images as (n, H, W) or (n, C, H, W) arrays (SMRT also
tables of rows); fitted models are kept as ``model_`` (image GANs: an ImageModel) or
``estimators_`` (SMRT: one VariationalAutoEncoder per balanced class) and pickle through
their model-file bytes. ``load_model(path)`` reads any file ``smrt fit`` or ``save(path)``
writes.
"""
import numbers
import os
import warnings
from collections.abc import Mapping

import numpy as np
from sklearn.utils import check_random_state

from imblearn.base import BaseSampler

from . import _core
from ._estimator import (ImageInputMixin, _caller_level, class_name_of, label_text, make_sampler_class, methods_of,
                         unavailable_class)
from .autoencode import AutoEncoder, VariationalAutoEncoder, _parse_params, describe_kind, sample_count


def _generation_seed(random_state):
    """generate()'s seed: an int in [0, 2^32 - 1] (numpy's range, as the samplers' random_state), or one
    draw from a RandomState or from numpy's global generator (None)."""
    if random_state is None or isinstance(random_state, np.random.RandomState):
        return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, (bool, np.bool_)) \
            and 0 <= int(random_state) <= 4294967295:
        return int(random_state)
    raise _core.ParameterError("generate: random_state=%r must be an int in [0, 4294967295], a RandomState or "
                               "None" % (random_state,))


class ImageModel:
    """A fitted image GAN (cgan, smate, deepsmote), a sampler's ``model_`` or loaded from a model file
    (``ImageModel.load(path)``, ``load_model(path)``): generate images of a class, named by its label as
    in y (1.0, True, a uint64 id above 2**63 - 1 ...; a model loaded from a file: as its file names it,
    the text of the label: ``generate("3", ...)``, and ``generate(3, ...)`` too)."""

    def __init__(self, model, keys=None):
        self._model = model
        self._keys = keys  # the fit's ClassKeys: the user's labels for the C++ class names

    @classmethod
    def load(cls, path):
        """Load a model file written by ``smrt fit -m cgan|smate|deepsmote`` or by save()."""
        path = os.fspath(path)
        model = _core.Model.load(path)
        if model.kind() in _AUTOENCODERS:
            raise _core.IoError("%s holds %s, not an image GAN model (cgan, smate, deepsmote); load it with "
                                "%s.load(path) or smrt.generative.load_model(path)"
                                % (path, describe_kind(model.kind()), model.kind()))
        return cls(model)

    def __repr__(self):
        return "ImageModel(kind=%r, classes_=%r, sample_shape=%r)" % (
            self.kind, list(self.classes_), tuple(self._model.sample_shape()))

    @property
    def kind(self):
        """The method that fitted the model: 'cgan', 'smate' or 'deepsmote'."""
        return self._model.kind()

    @property
    def classes_(self):
        names = self._model.classes()
        if self._keys is None:
            return names
        by_key = dict(zip(self._keys.keys, self._keys.classes))
        return [by_key.get(name, name) for name in names]

    def _key(self, label):
        key = self._keys.find(label) if self._keys is not None else str(label)
        if key is None:  # was imbalanced-learn's sampling_strategy message, "... not present in the data."
            raise _core.ParameterError("class %s: this %s model generates only %s" % (
                label_text(label), self._model.kind(), ", ".join(label_text(c) for c in self.classes_)))
        return key

    def generate(self, label, n_samples=None, random_state=0, n=None):
        """n_samples images of class `label`; `n` is the same count, as VariationalAutoEncoder.generate
        takes it. random_state: an int in [0, 2^32 - 1] (the same int, the same images), a RandomState
        (one draw) or None (a draw from numpy's global generator)."""
        rows, warned = self._model.generate_class(self._key(label), sample_count(n_samples, n),
                                                  _generation_seed(random_state), 0)
        for text in warned:  # e.g. DeepSMOTE's class of a single image
            warnings.warn("%s: %s" % (self._method_name(), text), UserWarning, stacklevel=_caller_level())
        shape = self._model.sample_shape()
        return rows.reshape((rows.shape[0],) + tuple(shape)) if len(shape) > 1 else rows

    def _method_name(self):
        kind = self._model.kind()
        return next((class_name_of(m) for m in _core.methods() if m["name"] == kind), kind)

    def save(self, path):
        """Write the model file (the format ``smrt fit`` writes; ``smrt generate`` and load_model read it)."""
        self._model.save(os.fspath(path))

    def __getstate__(self):
        return {"bytes": self._model.to_bytes(), "keys": self._keys}

    def __setstate__(self, state):
        self._model = _core.Model.from_bytes(state["bytes"])
        self._keys = state.get("keys")


_ImageModel = ImageModel  # its old name, which samplers pickled by an earlier smrt refer to
_AUTOENCODERS = {"AutoEncoder": AutoEncoder, "VariationalAutoEncoder": VariationalAutoEncoder}


def load_model(path):
    """Load any smrt model file (``smrt fit``, or ``save(path)`` in Python) as the object that fitted it
    holds: an image GAN file (cgan, smate, deepsmote) as an ImageModel (what a sampler's ``model_`` is:
    ``generate(label, n_samples, random_state)``, ``classes_``), an autoencoder file as a fitted
    VariationalAutoEncoder or AutoEncoder. A missing, damaged or truncated file is an smrt.IoError
    naming it."""
    path = os.fspath(path)
    model = _core.Model.load(path)
    kind = model.kind()
    if kind in _AUTOENCODERS:
        return _AUTOENCODERS[kind]._from_model(model)
    return ImageModel(model)


class _GenerativeMixin:
    def _smrt_uses_torch(self):
        return True

    def _store_model(self, core):
        # What this fit trained, only: a fit that trains nothing (every class already at its target)
        # leaves no model_ / estimators_ of an earlier data set behind.
        self.__dict__.pop("model_", None)
        self.__dict__.pop("estimators_", None)
        model = core.model()
        if model is not None:
            self.model_ = ImageModel(model, getattr(self, "_last_keys", None))
        models = core.class_models()
        if models:
            self.estimators_ = {}
            prefit = self.prefit_estimators if isinstance(getattr(self, "prefit_estimators", None), Mapping) else {}
            own = self.get_params()
            for key, m in models.items():
                label = self._label_of(key)
                if label in prefit:  # the caller's own fitted object
                    self.estimators_[label] = prefit[label]
                    continue
                # The VAE SMRT fitted, with the parameters it was fitted with.
                vae = VariationalAutoEncoder(**{k: v for k, v in own.items()
                                                if k in VariationalAutoEncoder().get_params() and k != "n_threads"})
                # Its sizes as the network has them: SMRT's None sizes are not a VAE's None sizes.
                shown = _parse_params(vae, m.params())
                vae.set_params(**{k: shown[k] for k in ("n_hidden", "n_latent_factors") if k in shown})
                vae.model_ = m
                vae.epoch_costs_ = list(m.epoch_costs())
                vae.n_features_in_ = m.n_features()
                self.estimators_[label] = vae

    def _label_of(self, key):
        keys = getattr(self, "_last_keys", None)
        if keys is not None:
            for c, k in zip(keys.classes, keys.keys):
                if k == key:
                    return c
        return key

    def _prefit_models(self, keys):
        self._last_keys = keys
        prefit = getattr(self, "prefit_estimators", None)
        if not isinstance(prefit, Mapping):
            return {}
        out = {}
        for label, est in prefit.items():
            model = getattr(est, "model_", None)
            if not isinstance(model, _core.Model) or model.kind() != "VariationalAutoEncoder":  # a GAN, an AutoEncoder
                raise _core.ParameterError(
                    "prefit_estimators: the estimator for class %r is not a fitted VariationalAutoEncoder" % (label,))
            key = keys.find(label)
            if key is None:
                raise _core.ParameterError("prefit_estimators: class %r is not in the data (classes: %s)" % (
                    label, ", ".join(str(c) for c in keys.classes)))
            out[key] = model
        return out

    def __getstate__(self):
        state = BaseSampler.__getstate__(self) if hasattr(BaseSampler, "__getstate__") else self.__dict__.copy()
        state = dict(state)
        state.pop("_last_keys", None)
        return state


# The generative methods the C++ core registers with LibTorch (a test checks this list against it).
_TORCH_SAMPLERS = ("SMRT", "ConditionalGAN", "SMate", "DeepSMOTE")

__all__ = []  # the samplers (tests and smrt.dask list them from here); load_model and ImageModel by name
for _info in methods_of(("generative",)):
    _name = class_name_of(_info)
    globals()[_name] = make_sampler_class(_info, _name, __name__, mixins=(_GenerativeMixin, ImageInputMixin))
    __all__.append(_name)
if not _core.has_generative():  # built without LibTorch: stand-ins that raise the core's message when made
    for _name in _TORCH_SAMPLERS:
        globals()[_name] = unavailable_class(_name, __name__, VariationalAutoEncoder._smrt_unavailable)
        __all__.append(_name)

# Classic augmentation, the baseline generative methods must beat on images.
from .over_sampling import AugmentOverSampler  # noqa: E402

__all__.append("AugmentOverSampler")
