"""pickle and clone: unfitted estimators carry their parameters, fitted models their weights."""
import json
import pickle
import struct

import numpy as np
import pytest
from sklearn.base import clone

from conftest import IMAGE_ONLY, make, sampler_classes
import smrt
from smrt.autoencode import AutoEncoder, VariationalAutoEncoder


@pytest.mark.parametrize("name", sorted(set(sampler_classes()) - IMAGE_ONLY), ids=str)
def test_sampler_round_trips(name, tabular):
    X, y = tabular
    est = make(name)
    ref = est.fit_resample(X, y)
    for other in (clone(est), pickle.loads(pickle.dumps(est))):
        out = other.fit_resample(X, y)
        assert np.array_equal(out[0], ref[0]) and np.array_equal(out[1], ref[1])


def test_unfitted_pickle_holds_only_parameters():
    est = make("SMOTE", k_neighbors=3)
    state = pickle.loads(pickle.dumps(est)).__dict__
    assert {k for k in state if not k.startswith("_")} == set(est.get_params())


@pytest.mark.parametrize("cls", [AutoEncoder, VariationalAutoEncoder])
def test_fitted_autoencoders_survive_pickling(cls, tabular):
    X, _ = tabular
    kwargs = dict(n_epochs=3, n_hidden=(8,), random_state=1)
    if cls is VariationalAutoEncoder:
        kwargs["n_latent_factors"] = 2
    model = cls(**kwargs).fit(X)
    again = pickle.loads(pickle.dumps(model))
    assert np.array_equal(again.feed_forward(X), model.feed_forward(X))
    assert again.epoch_costs_ == model.epoch_costs_
    if cls is VariationalAutoEncoder:
        assert np.array_equal(again.generate(5), model.generate(5))
    assert np.array_equal(clone(model).fit(X).feed_forward(X), model.feed_forward(X))


def test_fitted_image_model_survives_pickling(images):
    X, y = images
    sampler = make("ConditionalGAN").fit_model(X.reshape(len(X), 28, 28), y)
    again = pickle.loads(pickle.dumps(sampler))
    a = sampler.model_.generate(9, 4, random_state=3)
    b = again.model_.generate(9, 4, random_state=3)
    assert a.shape == (4, 28, 28) and np.array_equal(a, b)
    # The count also as `n`, as VariationalAutoEncoder.generate takes it; not both.
    assert np.array_equal(again.model_.generate(9, n=4, random_state=3), a)
    with pytest.raises(smrt.ParameterError, match="n_samples or n"):
        again.model_.generate(9, 4, n=4)
    with pytest.raises(smrt.ParameterError, match="n_samples or n"):
        again.model_.generate(9)


def _reframed(blob, edit):
    """A model file's bytes with its JSON header edited (the checksum covers the weights only)."""
    n = struct.unpack("<Q", blob[14:22])[0]
    header = json.loads(blob[22:22 + n])
    edit(header)
    text = json.dumps(header).encode()
    return blob[:14] + struct.pack("<Q", len(text)) + text + blob[22 + n:]


def test_a_tampered_state_raises_instead_of_crashing(images):
    """A header that disagrees with itself is an IoError on unpickling: class_names fewer than the
    cgan's labels crashed the interpreter on classes_; a wrong sample_shape mis-shaped generate."""
    X, y = images
    model = make("ConditionalGAN").fit_model(X.reshape(len(X), 28, 28), y).model_
    blob = model.__getstate__()["bytes"]
    for edit, match in [(lambda h: h.update(class_names=["3", "8"]), "class_names lists 2 class"),
                        (lambda h: h.update(sample_shape=[1, 27, 27]), r"sample_shape \[1, 27, 27\]")]:
        with pytest.raises(smrt.IoError, match=match):
            model.__setstate__({"bytes": _reframed(blob, edit)})  # what pickle.loads calls
    assert model.classes_ == [3, 8, 9]  # a failed __setstate__ leaves the model as it was


def test_a_gan_that_trained_nothing_leaves_no_model_and_its_pipeline_pickles(images):
    """Every class at its target: the fit trains nothing. It left an empty model_ that could not be
    saved, so pickling a fitted pipeline (or a cross-validation fold) failed."""
    X, y = images
    X, y = X.reshape(len(X), 28, 28), y
    balanced = np.concatenate([np.flatnonzero(y == c)[:10] for c in np.unique(y)])
    for name in ("ConditionalGAN", "DeepSMOTE"):
        sampler = make(name)
        X_res, y_res = sampler.fit_resample(X[balanced], y[balanced])
        assert len(X_res) == len(balanced) and not hasattr(sampler, "model_")
        assert not hasattr(pickle.loads(pickle.dumps(sampler)), "model_")


def test_a_gan_model_names_classes_by_the_labels_of_y(images):
    """model_.generate took the C++ text of a label: 1.0, True or a uint64 id above 2**63 - 1 named no
    class although sampling_strategy_ listed them; classes_ showed the C++ names."""
    X, y = images
    X = X.reshape(len(X), 28, 28)
    keep = np.r_[np.flatnonzero(y == 3)[:40], np.flatnonzero(y == 8)[:15]]
    two = (y[keep] == 8).astype(int)
    for labels in (two.astype(float), two.astype(bool), two.astype(np.uint64) + np.uint64(2 ** 63)):
        sampler = make("DeepSMOTE", sampling_strategy="minority").fit_model(X[keep], labels)
        (label,) = sampler.sampling_strategy_
        assert sampler.model_.classes_ == [label]
        assert sampler.model_.generate(label, 2).shape == (2, 28, 28)
        again = pickle.loads(pickle.dumps(sampler.model_))
        assert again.classes_ == [label] and np.array_equal(again.generate(label, 2), sampler.model_.generate(label, 2))


def test_smrt_estimators_pickle(tabular):
    X, y = tabular
    sampler = make("SMRT", sampling_strategy="auto")
    sampler.fit_resample(X, y)
    assert set(sampler.estimators_) == {1, 2}
    again = pickle.loads(pickle.dumps(sampler))
    for label, vae in sampler.estimators_.items():
        assert np.array_equal(again.estimators_[label].feed_forward(X), vae.feed_forward(X))


def test_a_loaded_model_keeps_the_parameters_it_was_fitted_with(tmp_path):
    """load() gave every default (n_hidden=None, activation 'sigmoid', ...) for a model fitted otherwise, so
    get_params described another network and clone(loaded).fit trained one; the file keeps them now."""
    rng = np.random.RandomState(0)
    X = rng.rand(40, 6)
    given = dict(n_hidden=[16, 8], n_latent_factors=3, activation_function="tanh", learning_function="adam",
                 learning_rate=0.01, dropout=0.7, n_epochs=2, random_state=7)
    for cls, params in [(VariationalAutoEncoder, given),
                        (AutoEncoder, {k: v for k, v in given.items() if k != "n_latent_factors"})]:
        est = cls(**params).fit(X)
        est.save(tmp_path / "m.smrtm")
        loaded = cls.load(tmp_path / "m.smrtm")
        for key, value in params.items():
            got = loaded.get_params()[key]
            assert (list(got) if key == "n_hidden" else got) == value, (cls.__name__, key)
        assert np.array_equal(clone(loaded).fit(X).encode(X), est.encode(X))  # the same network, retrained


def test_smrt_estimators_say_the_sizes_of_their_networks(tabular):
    """SMRT's None sizes (max(32, 2 d) hidden units, d / 2 latent factors) are not a VAE's None sizes: its
    estimators_ give the sizes their networks have, so a clone trains a network of the same shape."""
    X, y = tabular
    sampler = make("SMRT", sampling_strategy="auto")
    sampler.fit_resample(X, y)
    for vae in sampler.estimators_.values():
        params = vae.get_params()
        assert params["n_hidden"] is not None and params["n_latent_factors"] is not None
        assert params["n_latent_factors"] == vae.encode(X[:1]).shape[1]
        assert clone(vae).set_params(n_epochs=1).fit(X).encode(X[:1]).shape == vae.encode(X[:1]).shape


def test_smrt_fit_model_trains_what_fit_resample_trains(tabular):
    X, y = tabular
    fitted = make("SMRT", sampling_strategy="auto").fit_model(X, y)
    resampled = make("SMRT", sampling_strategy="auto")
    resampled.fit_resample(X, y)
    assert set(fitted.estimators_) == set(resampled.estimators_) == {1, 2}
    for label in fitted.estimators_:
        assert np.array_equal(fitted.estimators_[label].feed_forward(X), resampled.estimators_[label].feed_forward(X))


def test_smrt_estimators_are_those_of_the_last_fit():
    """A later fit_resample that trains nothing (every class at its target) leaves no estimators_ of
    the earlier data set behind."""
    rng = np.random.RandomState(0)
    X, y = rng.rand(200, 5), np.array([0] * 160 + [1] * 40)
    sampler = make("SMRT", sampling_strategy="balance_ratio:0.5")
    sampler.fit_resample(X, y)
    assert set(sampler.estimators_) == {1} and sampler.estimators_[1].n_features_in_ == 5
    X2, y2 = rng.rand(200, 3), np.array([0] * 100 + [7] * 100)  # balanced: nothing to train
    X_res, _ = sampler.fit_resample(X2, y2)
    assert np.array_equal(X_res, X2) and sampler.n_features_in_ == 3
    assert not hasattr(sampler, "estimators_") and not hasattr(sampler, "model_")
    sampler.fit_resample(X, y)  # and a fit that trains has them again
    assert set(sampler.estimators_) == {1}


@pytest.mark.parametrize("shape", [(8, 8), (1, 8, 8), (64,)], ids=str)
def test_a_saved_autoencoder_generates_the_shape_it_was_fitted_on(shape, tmp_path):
    """A VAE fitted on (n, 1, H, W) images generated (n, 1, H, W), but after save / load (n, H, W): the
    file kept no record of the shape fit was given."""
    from smrt.generative import load_model

    X = np.random.RandomState(0).rand(20, *shape).astype(np.float32)
    vae = VariationalAutoEncoder(n_hidden=(4,), n_latent_factors=2, n_epochs=1, random_state=0).fit(X)
    vae.save(tmp_path / "v.smrtm")
    for model in (vae, VariationalAutoEncoder.load(tmp_path / "v.smrtm"), load_model(tmp_path / "v.smrtm"),
                  pickle.loads(pickle.dumps(vae))):
        assert model.generate(3).shape == (3,) + shape
        assert model.feed_forward(X).shape == X.shape


def test_a_saved_gan_model_loads_as_model_(images, tmp_path):
    """model_.save(path) wrote a file only `smrt generate` could read; load_model gives the same object
    model_ is, drawing the same images, its classes named as the file names them."""
    from smrt.generative import ImageModel, load_model

    X, y = images
    sampler = make("SMate").fit_model(X.reshape(len(X), 28, 28), y)
    sampler.model_.save(tmp_path / "m.smrtm")
    for loaded in (load_model(tmp_path / "m.smrtm"), ImageModel.load(str(tmp_path / "m.smrtm"))):
        assert isinstance(loaded, type(sampler.model_)) and loaded.kind == "smate"
        assert loaded.classes_ == [str(c) for c in sampler.model_.classes_]
        for label in (sampler.model_.classes_[0], str(sampler.model_.classes_[0])):
            assert np.array_equal(loaded.generate(label, 3, random_state=5),
                                  sampler.model_.generate(sampler.model_.classes_[0], 3, random_state=5))
        assert repr(loaded).startswith("ImageModel(kind='smate', classes_=")
