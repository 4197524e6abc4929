"""Bad input is a ValueError (or OSError) that names what was wrong; nothing aborts."""
import warnings

import numpy as np
import pytest

import smrt
from smrt.autoencode import VariationalAutoEncoder
from smrt.over_sampling import ADASYN, SMOTE, BorderlineSMOTE
from smrt.under_sampling import EditedNearestNeighbours


@pytest.fixture
def data(tabular):
    X, y = tabular
    return X.copy(), y.copy()


@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_non_finite(data, value):
    X, y = data
    X[5, 2] = value
    with pytest.raises(ValueError, match="NaN|infinity|finite"):
        SMOTE().fit_resample(X, y)


def test_float64_beyond_float32(data):
    X, y = data
    X[7, 3] = 1e39
    with pytest.raises(ValueError, match=r"row 7, feature 3.*float32"):
        SMOTE().fit_resample(X, y)


def test_one_class(data):
    X, _ = data
    with pytest.raises(ValueError, match="class"):
        SMOTE().fit_resample(X, np.zeros(len(X)))


@pytest.mark.parametrize("sampler, match", [
    (SMOTE(k_neighbors=0), "k_neighbors"),
    (BorderlineSMOTE(kind="borderline-3"), "kind"),
    (ADASYN(knn="faiss"), "knn"),
    (EditedNearestNeighbours(kind_sel="some"), "kind_sel"),
    (SMOTE(sampling_strategy={0: 10}), "sampling_strategy"),
    (SMOTE(sampling_strategy="most"), "sampling_strategy"),
    (SMOTE(sampling_strategy={7: 500}), "7"),
])
def test_bad_parameters(data, sampler, match):
    X, y = data
    with pytest.raises(ValueError, match=match):
        sampler.fit_resample(X, y)


def test_errors_are_smrt_errors(data):
    X, y = data
    with pytest.raises(smrt.ParameterError) as info:
        smrt._core.Sampler("smote", {"k_neighbors": "0"})
    assert isinstance(info.value, ValueError) and isinstance(info.value, smrt.SmrtError)
    with pytest.raises(smrt.ParameterError, match="unknown method"):
        smrt._core.Sampler("smoot", {})
    with pytest.raises(smrt.ParameterError, match="k_neighbours"):  # a mistyped key names itself
        smrt._core.Sampler("smote", {"k_neighbours": "3"})


def test_more_neighbours_than_rows(data):
    X, y = data
    with pytest.raises(ValueError, match="neighbo"):
        SMOTE(k_neighbors=250).fit_resample(X, y)


def test_latent_draws_beyond_float32_are_errors_not_nan_rows():
    """loc / scale past float32's range passed the finite check and gave rows of NaN (exit code 0 from
    the CLI); codes that overflow the decoder, or NaN codes given to decode, gave inf / NaN rows."""
    from smrt.balance import smrt_balance

    rng = np.random.RandomState(0)
    X = rng.randn(30, 4) * 5
    vae = VariationalAutoEncoder(n_hidden=4, n_latent_factors=2, n_epochs=1, random_state=0,
                                 activation_function="relu").fit(X)
    for args in [dict(loc=1e39), dict(scale=1e39), dict(loc=-np.inf)]:
        with pytest.raises(smrt.ParameterError, match="must be finite float32 values"):
            vae.generate(2, **args)
        with pytest.raises(smrt.ParameterError, match="must be finite float32 values"):
            vae.generate_from_sample(X[:2], **args)
    y = np.r_[np.zeros(24, int), np.ones(6, int)]
    with pytest.raises(smrt.ParameterError, match="generate_args: loc=1e\\+39"):
        smrt_balance(X, y, balance_ratio=0.5, n_epochs=1, generate_args={"loc": 1e39})
    with pytest.raises(smrt.DataError, match="decoding gave values beyond float32's range"):
        vae.decode(np.full((2, 2), 3e38))
    with pytest.raises(smrt.DataError, match="Z: row 0, feature 0: value nan is not finite"):
        vae.decode(np.full((1, 2), np.nan))
    assert np.isfinite(vae.decode(np.full((2, 2), 1e20))).all()  # far, and still a row


def test_model_file_errors(tmp_path):
    bad = tmp_path / "bad.smrtm"
    bad.write_bytes(b"not a model")
    with pytest.raises(OSError, match="not an smrt model file"):
        VariationalAutoEncoder.load(bad)
    with pytest.raises(OSError, match="cannot open"):
        VariationalAutoEncoder.load(tmp_path / "missing.smrtm")
    with pytest.raises(smrt.IoError):
        smrt._core.Model.from_bytes(b"SMRTMODEL\n\x01\x00")


def test_beyond_memory_is_a_memory_error(data):
    """A network or a draw the machine cannot hold is refused before allocating, as a MemoryError."""
    X, y = data
    with pytest.raises(smrt.ResourceError, match=r"n_hidden=\[100000000\].*memory available"):
        VariationalAutoEncoder(n_hidden=100000000).fit(X)
    with pytest.raises(MemoryError, match="latent factors"):
        VariationalAutoEncoder(n_latent_factors=1e9).fit(X)
    with pytest.raises(smrt.ResourceError, match="new rows"):
        SMOTE(sampling_strategy={int(np.bincount(y).argmin()): 10**12}).fit_resample(X, y)


def test_knn_magnitude_names_the_input_row(data):
    """The row is the input's, not a row counted within one class."""
    X, y = data
    minority = int(np.bincount(y).argmin())
    row = int(np.flatnonzero(y == minority)[3])  # SMOTE searches the minority rows only: row 3 of them
    assert row != 3
    X[row, 1] = 1e20
    with pytest.raises(ValueError, match=r"input: row %d, feature 1 is 1e\+20" % row):
        SMOTE().fit_resample(X, y)


def test_an_over_sampler_that_adds_nothing_says_so():
    from smrt.over_sampling import RandomOverSampler, SafeLevelSMOTE

    y = np.array([0] * 24 + [1] * 6)
    # Identical rows: every minority row's 5 nearest are majority rows, every safe level is 0.
    with pytest.warns(UserWarning, match=r"SafeLevelSMOTE: added no rows to class 1 \(asked for 18\)") as warned:
        X_res, y_res = SafeLevelSMOTE().fit_resample(np.ones((30, 3)), y)
    assert [w.filename for w in warned] == [__file__]  # the user's line, not the library's
    assert np.bincount(y_res).tolist() == [24, 6]
    # the label as the user wrote it (not numpy 2's repr, np.int64(1) / np.str_('b')), under any numpy
    with pytest.warns(UserWarning, match=r"added no rows to class 'b' \(asked for 18\)"):
        SafeLevelSMOTE().fit_resample(np.ones((30, 3)), np.array(["a", "b"])[y])
    X = np.random.RandomState(0).randn(30, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # rows added (synthetic or copies): no warning
        SMOTE().fit_resample(X, y)
        RandomOverSampler().fit_resample(X, y)
        SMOTE(sampling_strategy={1: 6}).fit_resample(X, y)  # nothing asked


def test_balance_functions_raise_smrt_parameter_errors_naming_their_arguments():
    """smrt_balance / smote_balance: what docs/python.md promises (smrt.ParameterError, naming the
    function's own argument), not float()'s TypeError or scikit-learn's error about class SMRT / SMOTE."""
    from sklearn.datasets import make_classification

    from smrt.balance import smote_balance, smrt_balance

    X, y = make_classification(n_samples=120, n_features=5, weights=[0.85], random_state=0)
    tiny = dict(n_hidden=8, n_latent_factors=2, n_epochs=1)
    cases = [
        (lambda: smote_balance(X, y, balance_ratio=None), r"^balance_ratio=None is not a number"),
        (lambda: smrt_balance(X, y, balance_ratio=None, **tiny), r"^balance_ratio=None is not a number"),
        (lambda: smrt_balance(X, y, balance_ratio="abc", **tiny), r"^balance_ratio='abc' is not a number"),
        (lambda: smote_balance(X, y, balance_ratio=0), r"balance_ratio=0 is out of range"),
        (lambda: smote_balance(X, y, n_neighbors=0), r"^smote_balance: n_neighbors=0 must be an int >= 1"),
        (lambda: smote_balance(X, y, n_neighbors=2.5), r"^smote_balance: n_neighbors=2.5"),
        (lambda: smote_balance(X, y, k_neighbors=3), r"^smote_balance: k_neighbors=3 is SMOTE's name.*n_neighbors"),
        # the core's check with the data (the minority has 20 rows) names smote_balance's argument too
        (lambda: smote_balance(X, y, n_neighbors=25, balance_ratio=0.5),
         r"^smote_balance: n_neighbors=25 needs at least 26 rows[^k]*$"),
        (lambda: smrt_balance(X, y, n_epochs=0), r"^smrt_balance: n_epochs must be an int"),
        (lambda: smrt_balance(X, y, activation_function="softplus"), r"^smrt_balance: activation_function must"),
        (lambda: smrt_balance(X, y, prefit_estimators=[1]), r"^smrt_balance: prefit_estimators must"),
        (lambda: smrt_balance(X, y, no_such_argument=1), r"^smrt_balance: .*no_such_argument"),
    ]
    for call, match in cases:
        with pytest.raises(smrt.ParameterError, match=match) as error:
            call()
        assert "of SMRT" not in str(error.value) and "of SMOTE" not in str(error.value)
    # a numeric text still reads as the ratio (as before)
    assert len(smote_balance(X, y, balance_ratio="0.5", random_state=0)[0]) > len(X)


@pytest.mark.parametrize("name", ["AugmentOverSampler", "ConditionalGAN", "SMRT"])
def test_image_axes_that_would_be_misread_are_refused(name, images):
    """A channels-last (n, H, W, C) array would be read as C = H images of W columns (augmentation
    turned the colour axis into the picture, the GANs asked for another image size); five axes are
    not images. Both are DataErrors saying what to do; bool images get advice for images."""
    from conftest import make

    X, y = images
    square = X.reshape(len(X), 28, 28)
    colour_last = np.repeat(square[..., None], 3, axis=3)
    with pytest.raises(smrt.DataError, match="channels-last.*np.moveaxis"):
        make(name).fit_resample(colour_last, y)
    with pytest.raises(smrt.DataError, match="5 axes"):
        make(name).fit_resample(square[:, None, None], y)
    with pytest.raises(TypeError, match="X.astype\\(np.uint8\\)"):
        make(name).fit_resample(square > 0.5, y)
    X_res, _ = make(name).fit_resample(np.moveaxis(colour_last, -1, 1), y)  # (n, C, H, W) runs
    assert X_res.shape[1:] == (3, 28, 28)


def test_smobd_says_when_every_row_is_noise_and_outliers_are_drawn():
    from smrt.over_sampling import SMOBD

    rng = np.random.RandomState(0)
    X = np.vstack([rng.randn(60, 2), rng.randn(10, 2) * 0.3 + 3])
    y = np.r_[np.zeros(60, int), np.ones(10, int)]
    with pytest.warns(UserWarning, match=r"SMOBD: every row of class 1 counts as noise at t=0 .*a larger t"):
        SMOBD(t=0.0, random_state=0).fit_resample(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the default t leaves the dense rows in: no warning
        SMOBD(random_state=0).fit_resample(X, y)


def test_combinations_do_not_say_no_rows_were_added_when_cleaning_removed_them():
    """SMOTEENN / SMOTETomek add rows, then clean: a class that ends no larger than it was got rows all
    the same (the cleaning removed them), so "added no rows ... its rule found no row to generate from"
    was wrong there; their SMOTE step still warns for itself."""
    from smrt.combine import SMOTEENN, SMOTETomek

    rng = np.random.RandomState(0)
    X, y = rng.randn(108, 2), np.r_[np.zeros(100, int), np.ones(8, int)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for cls in (SMOTEENN, SMOTETomek):
            X_res, y_res = cls(random_state=0, sampling_strategy={1: 10}).fit_resample(X, y)
            assert (y_res == 1).sum() <= 8  # the case: the cleaning took the new rows and more


def test_svm_smote_says_when_it_adds_fewer_rows_than_asked():
    """With every support vector safe (or every one in danger) SVM-SMOTE leaves out the other kind's
    share, as imbalanced-learn (60 / 31 here): 20 of 48 rows came back without a word."""
    from smrt.over_sampling import SVMSMOTE

    rng = np.random.RandomState(0)
    X = np.vstack([rng.randn(60, 2), rng.randn(12, 2) * 0.5 + 6])
    y = np.r_[np.zeros(60, int), np.ones(12, int)]
    with pytest.warns(UserWarning, match=r"SVMSMOTE: added (\d+) of the 48 rows asked for class 1: its support "
                                         r"vectors are all safe") as caught:
        X_res, y_res = SVMSMOTE(random_state=0).fit_resample(X, y)
    assert "added %d of the 48" % ((y_res == 1).sum() - 12) in str(caught[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # overlapping classes: both kinds, every row asked for
        X2 = np.vstack([rng.randn(60, 2), rng.randn(12, 2) + 1])
        assert abs((SVMSMOTE(random_state=0).fit_resample(X2, y)[1] == 1).sum() - 60) <= 1


def test_deepsmote_says_when_a_class_of_one_image_can_only_be_copied(images):
    from conftest import make

    X, y = images
    keep = np.r_[np.flatnonzero(y != y.max()), np.flatnonzero(y == y.max())[:1]]  # the last class: one image
    with pytest.warns(UserWarning, match=r"DeepSMOTE: class %d has a single image" % y.max()):  # the label as given
        X_res, y_res = make("DeepSMOTE").fit_resample(X[keep], y[keep])
    lone = X_res[len(keep):][y_res[len(keep):] == y.max()]
    assert len(lone) and len(np.unique(lone.reshape(len(lone), -1), axis=0)) == 1


def test_deepsmote_model_generate_warns_at_the_callers_line(images):
    """A fitted model's generate() (outside fit_resample) warns as a UserWarning too, at the user's
    line, not on stderr."""
    from conftest import make

    X, y = images
    keep = np.r_[np.flatnonzero(y != y.max()), np.flatnonzero(y == y.max())[:1]]
    sampler = make("DeepSMOTE").fit_model(X[keep], y[keep])
    with pytest.warns(UserWarning, match=r"DeepSMOTE: class %d has a single image" % y.max()) as caught:
        sampler.model_.generate(y.max(), 3)
    assert caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a class of several images: no warning
        other = next(c for c in sampler.model_.classes_ if c != y.max())
        assert len(sampler.model_.generate(other, 2)) == 2


def test_warnings_inside_a_pipeline_point_at_the_callers_line(images):
    """imbalanced-learn's Pipeline calls fit_resample through joblib.Memory: the warning pointed into
    joblib."""
    from imblearn.pipeline import Pipeline
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import FunctionTransformer
    from conftest import make

    X, y = images
    keep = np.r_[np.flatnonzero(y != y.max()), np.flatnonzero(y == y.max())[:1]]
    flat = FunctionTransformer(lambda A: A.reshape(len(A), -1))
    pipe = Pipeline([("over", make("DeepSMOTE")), ("flat", flat), ("lr", LogisticRegression(max_iter=50))])
    with pytest.warns(UserWarning, match="DeepSMOTE: class .* has a single image") as caught:
        pipe.fit(X[keep], y[keep])
    assert [w.filename for w in caught if "single image" in str(w.message)] == [__file__]


def test_image_model_generate_checks_its_seed_and_prefit_estimators_their_kind(images):
    """A negative, huge or None random_state reached pybind11 (a TypeError about generate_class's
    arguments, or 2^32 taken silently); a fitted GAN as a prefit estimator gave set_prefit_models'
    TypeError."""
    from conftest import make

    X, y = images
    gan = make("DeepSMOTE").fit_model(X, y)
    label = gan.model_.classes_[0]
    for bad in [-1, 2 ** 32, 2 ** 64, 1.5, True, "0"]:
        with pytest.raises(smrt.ParameterError, match=r"generate: random_state=.* must be an int in \[0, 4294967295\]"):
            gan.model_.generate(label, 2, random_state=bad)
    first = gan.model_.generate(label, 2, random_state=np.random.RandomState(3))
    assert np.array_equal(first, gan.model_.generate(label, 2, random_state=np.random.RandomState(3)))
    assert gan.model_.generate(label, 2, random_state=None).shape == first.shape
    with pytest.raises(smrt.ParameterError, match="is not a fitted VariationalAutoEncoder"):
        make("SMRT", prefit_estimators={int(label): gan}).fit_resample(X.reshape(len(X), -1), y)


def test_image_model_generate_names_its_classes_for_a_label_it_lacks(images):
    """model_.generate(label) of a class the model does not know said imbalanced-learn's sampling_strategy
    message, "The {7} target class is/are not present in the data."."""
    from conftest import make

    X, y = images
    gan = make("DeepSMOTE").fit_model(X, y)
    for bad, shown in [(7, "7"), ("x", "'x'"), (None, "None")]:
        with pytest.raises(smrt.ParameterError, match=r"^class %s: this deepsmote model generates only %s$" % (
                shown, ", ".join(str(c) for c in gan.model_.classes_))):
            gan.model_.generate(bad, 2)


def test_balanced_images_still_fit_a_conditional_gan(images):
    """A cgan models every class: fit_model on a balanced set (no class below its target) refused, "adds rows
    to no class, so there is no class to model", so no cgan could be fitted on Fashion-MNIST."""
    from conftest import make

    X, y = images
    keep = np.concatenate([np.flatnonzero(y == c)[:10] for c in np.unique(y)])
    gan = make("ConditionalGAN").fit_model(X[keep], y[keep])
    assert list(gan.model_.classes_) == list(np.unique(y))
    assert gan.model_.generate(y.max(), 2, random_state=1).shape == (2,) + X.shape[1:]
    with pytest.raises(smrt.ParameterError, match="adds rows to no class"):  # DeepSMOTE models the targeted only
        make("DeepSMOTE").fit_model(X[keep], y[keep])


def test_autoencoder_refuses_samples_of_more_axes_by_their_shape():
    """(n, 1, 1, 4, 4) said "sample_shape of 4 dimensions with 16 values does not describe rows of 16 values"."""
    X = np.random.RandomState(0).rand(20, 1, 1, 4, 4)
    with pytest.raises(smrt.DataError, match=r"samples of shape 1 x 1 x 4 x 4 have 4 axes; give images as "
                                             r"N x H x W or N x C x H x W"):
        VariationalAutoEncoder(n_epochs=1, n_threads=1).fit(X)


def test_kmeans_smote_without_a_cluster_is_imblearns_runtime_error():
    """No cluster with enough rows of a class: imbalanced-learn's RuntimeError and message, as a
    smrt.ClusterError (a DataError, so a ValueError as before, and a RuntimeError)."""
    import warnings

    from sklearn.datasets import make_classification

    import imblearn.over_sampling as io
    from smrt.over_sampling import KMeansSMOTE

    warnings.filterwarnings("ignore", category=FutureWarning)  # scikit-learn 1.2's KMeans n_init notice
    X, y = make_classification(n_samples=100, n_features=6, weights=[0.8, 0.2], random_state=0)
    y[:] = 0
    y[0] = 1  # one minority row: no cluster holds the k_neighbors + 1 it needs
    for labels in (y, np.array(["a", "b"])[y]):
        with pytest.raises(RuntimeError) as theirs:
            io.KMeansSMOTE(random_state=0).fit_resample(X, labels)
        with pytest.raises(RuntimeError) as ours:
            KMeansSMOTE(random_state=0).fit_resample(X, labels)
        assert str(ours.value) == str(theirs.value)
        assert isinstance(ours.value, smrt.ClusterError) and isinstance(ours.value, smrt.DataError)
        assert isinstance(ours.value, ValueError) and isinstance(ours.value, smrt.SmrtError)


def test_messages_name_the_python_forms_too():
    """Errors the core shares with the CLI spoke only of .npy files and 'A:100,B:200' strings."""
    from smrt.generative import ConditionalGAN

    rng = np.random.RandomState(0)
    X, y = rng.rand(60, 16).astype(np.float32), np.r_[np.zeros(50, int), np.ones(10, int)]
    with pytest.raises(smrt.ParameterError, match=r"use a per-class map \({label: count}\)$"):
        SMOTE(sampling_strategy=[0, 1]).fit_resample(X, y)
    with pytest.raises(smrt.DataError, match=r"needs images \(N x H x W or N x C x H x W: an array of that shape"):
        ConditionalGAN().fit_resample(X, y)


def test_model_loaders_name_what_a_file_holds(tmp_path):
    """A GAN model file had no Python loader but unpickling; now load_model reads any smrt model file and
    each class's load names what a file of another kind holds. Missing, truncated or foreign files are
    IoErrors naming the file, never a crash."""
    from smrt.autoencode import AutoEncoder
    from smrt.generative import ImageModel, load_model
    from conftest import make

    rng = np.random.RandomState(0)
    X, y = rng.rand(30, 8, 8).astype(np.float32), np.r_[np.zeros(20, int), np.ones(10, int)]
    make("ConditionalGAN").fit_model(X, y).model_.save(tmp_path / "gan.smrtm")
    VariationalAutoEncoder(n_hidden=(4,), n_latent_factors=2, n_epochs=1).fit(X).save(tmp_path / "vae.smrtm")
    assert isinstance(load_model(tmp_path / "gan.smrtm"), ImageModel)
    assert isinstance(load_model(str(tmp_path / "vae.smrtm")), VariationalAutoEncoder)
    with pytest.raises(smrt.IoError, match=r"vae\.smrtm holds a VariationalAutoEncoder, not an image GAN model "
                                           r"\(cgan, smate, deepsmote\); load it with VariationalAutoEncoder\.load"):
        ImageModel.load(tmp_path / "vae.smrtm")
    for cls in (VariationalAutoEncoder, AutoEncoder):
        with pytest.raises(smrt.IoError, match=r"gan\.smrtm holds a cgan model \(ConditionalGAN\), not an? %s; "
                                               r"smrt\.generative\.load_model\(path\)" % cls.__name__):
            cls.load(tmp_path / "gan.smrtm")
    blob = (tmp_path / "gan.smrtm").read_bytes()
    np.save(tmp_path / "X.npy", X)
    cases = [(tmp_path / "missing.smrtm", "cannot open model file"), (tmp_path / "X.npy", "not an smrt model file")]
    for n in (12, 30, len(blob) // 2, len(blob) - 1):
        (tmp_path / ("cut%d.smrtm" % n)).write_bytes(blob[:n])
        cases.append((tmp_path / ("cut%d.smrtm" % n), "truncated"))
    for path, match in cases:
        for loader in (load_model, ImageModel.load):
            with pytest.raises(smrt.IoError, match=match):
                loader(path)


def test_image_method_size_errors_name_the_method():
    """fit_resample said "channels has 2 levels, so ..." naming no method (fit_model named it)."""
    from conftest import make

    X, y = np.random.RandomState(0).rand(30, 6, 6), np.r_[np.zeros(20, int), np.ones(10, int)]
    for name, method in [("ConditionalGAN", "cgan"), ("SMate", "smate"), ("DeepSMOTE", "deepsmote")]:
        for call in ("fit_resample", "fit_model"):
            with pytest.raises(smrt.ParameterError, match=r"^%s: channels has 2 levels, so image height and width "
                                                          r"must divide by 4; the images are 6 x 6$" % method):
                getattr(make(name), call)(X, y)


def test_smrt_names_itself_in_the_errors_of_the_vae_it_fits():
    """SMRT's errors named the VariationalAutoEncoder it fits inside, a class the caller never chose."""
    from conftest import make

    X, y = np.random.RandomState(0).rand(30, 6, 6), np.r_[np.zeros(20, int), np.ones(10, int)]
    for flat, match in [(False, r"^smrt: conv_channels has 2 levels, so image height and width must divide by 4"),
                        (True, r"^smrt: architecture=conv needs image data")]:
        with pytest.raises(smrt.ParameterError, match=match):
            make("SMRT", sampling_strategy="auto", architecture="conv", conv_channels=(4, 4)).fit_resample(
                X.reshape(30, -1) if flat else X, y)


def test_smrt_refuses_a_prefit_vae_fitted_on_data_of_other_units():
    """A VAE fitted on 0-255 values was used on 0-1 data silently: its rows came out in 0-255."""
    from conftest import make

    rng = np.random.RandomState(0)
    X, y = rng.rand(40, 16), np.r_[np.zeros(30, int), np.ones(10, int)]
    tiny = dict(n_hidden=(4,), n_latent_factors=2, n_epochs=1, random_state=0)
    vae = VariationalAutoEncoder(**tiny).fit(X[y == 1] * 255)
    with pytest.raises(smrt.DataError, match=r"prefit_estimators: the estimator for class '1' was fitted on values "
                                             r"in \[.*\], but the class's rows here lie in \[.*\], 255x apart"):
        make("SMRT", sampling_strategy="auto", prefit_estimators={1: vae}).fit_resample(X, y)
    same_units = VariationalAutoEncoder(**tiny).fit(X[y == 1])
    X_res, _ = make("SMRT", sampling_strategy="auto", prefit_estimators={1: same_units}).fit_resample(X, y)
    assert len(X_res) == 60


@pytest.mark.parametrize("call", ["fit_resample", "fit_model"])
def test_smate_refuses_a_class_of_one_image_it_cannot_fine_tune(call):
    """A class of one image with augment_to=0 (batch_norm on) was never fine-tuned: its images were the
    pre-trained majority generator's, silently."""
    from conftest import make

    X, y = np.random.RandomState(0).rand(21, 8, 8), np.r_[np.zeros(20, int), 1]
    with pytest.raises(smrt.ParameterError, match=r"^smate: class 1 has a single image and augment_to=0 adds none.*"
                                                  r"set augment_to to 2 or more .* or batch_norm=False$"):
        getattr(make("SMate", augment_to=0), call)(X, y)
