"""The seed notebook's flow (../shared/seeds/000, 001) on real MNIST digits, at small settings.

Only the import lines and the sizes differ from the notebook's cells.
"""
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

from conftest import ROOT


def _digits():
    X = np.load(ROOT / "data" / "mnist" / "X.npy", mmap_mode="r")
    y = np.load(ROOT / "data" / "mnist" / "y.npy")
    rows = np.concatenate([np.flatnonzero(y == 8)[:400], np.flatnonzero(y == 3)[:40]])
    return np.asarray(X[rows], dtype=np.float32).reshape(len(rows), -1) / 255.0, y[rows]


SEED_RATIOS = (0.025, 0.05, 0.075, 0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.275, 0.3, 0.325, 0.35, 0.375,
               0.4, 0.425, 0.45, 0.475, 0.5)


def _notebook_vae(X_min, seed=42, n_epochs=3):
    """In [36]: the minority's VAE with the notebook's own (SGD) settings, fitted."""
    from smrt.autoencode import VariationalAutoEncoder

    return VariationalAutoEncoder(n_epochs=n_epochs, n_hidden=64, n_latent_factors=4, learning_rate=0.075,
                                  batch_size=256, display_step=25, activation_function='sigmoid', verbose=0,
                                  l2_penalty=None, random_state=seed, early_stopping=True, dropout=0.4,
                                  learning_function='sgd', clip=False).fit(X_min)


def _sweep_kwargs(seed, min_label, v_encoder):
    """The notebook's fit_pred_report keywords: (smote_balance's, smrt_balance's with the prefit VAE)."""
    smrt_kwargs = dict(n_epochs=3, n_hidden=64, n_latent_factors=4, learning_rate=0.06, batch_size=256,
                       display_step=25, activation_function='sigmoid', verbose=0, l2_penalty=None,
                       random_state=seed, early_stopping=True, dropout=0.8, learning_function='sgd', clip=False,
                       shuffle=False, return_estimators=True, prefit_estimators={min_label: v_encoder})
    smote_kwargs = dict(random_state=seed, n_neighbors=25, shuffle=True, return_estimators=True)
    return smote_kwargs, smrt_kwargs


def test_seed_notebook_flow(capsys):
    import smrt
    from smrt.autoencode import AutoEncoder, VariationalAutoEncoder
    from smrt.balance import smote_balance, smrt_balance

    seed = 42
    assert isinstance(smrt.__version__, str)
    X, y = _digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, train_size=0.8, random_state=seed, stratify=y)
    min_label, maj_label = 3, 8
    min_mask = y_train == min_label

    # In [5]: the plain AutoEncoder
    ae = AutoEncoder(n_epochs=3, n_hidden=32, learning_rate=0.01, batch_size=256, display_step=1,
                     activation_function='sigmoid', verbose=2, random_state=seed, clip=True, l2_penalty=1e-6,
                     early_stopping=True)
    ae.fit(X_train)
    reconstructed = ae.feed_forward(X_test)
    assert reconstructed.shape == X_test.shape
    c = ae.epoch_costs_
    assert 1 <= len(c) <= 3 and all(np.isfinite(c))
    assert "Epoch: 1" in capsys.readouterr().err  # verbose=2 prints the notebook's epoch lines

    # In [36]: the VAE of the minority class, with the notebook's own (SGD) settings
    v_encoder = _notebook_vae(X_train[min_mask, :], seed, n_epochs=5)
    assert isinstance(v_encoder, VariationalAutoEncoder)
    fake = v_encoder.generate_from_sample(X_train[min_mask, :][:10])
    assert fake.shape == (10, 784) and np.all(np.isfinite(fake))

    # In [18]: smrt_balance with the prefit estimator
    X_smrt, y_smrt = smrt_balance(X_train, y_train, n_hidden=64, n_latent_factors=4, random_state=seed,
                                  shuffle=False, balance_ratio=0.5, return_estimators=False,
                                  prefit_estimators={min_label: v_encoder})
    n_maj = int(np.sum(y_train == maj_label))
    assert np.sum(y_smrt == min_label) == int(0.5 * n_maj)
    assert np.array_equal(X_smrt[: len(X_train)], X_train)  # shuffle=False: input rows first, unchanged

    # In [24]: smote_balance
    X_smote, y_smote = smote_balance(X_train, y_train, random_state=seed, n_neighbors=25, shuffle=False,
                                     balance_ratio=0.5)
    assert np.sum(y_smote == min_label) == int(0.5 * n_maj)

    # The ratio sweep, with return_estimators=True
    smote_kwargs, smrt_kwargs = _sweep_kwargs(seed, min_label, v_encoder)
    for balancer, kw in ((smote_balance, smote_kwargs), (smrt_balance, smrt_kwargs)):
        for ratio in (0.2, 0.5):
            x_tr, y_tr, estimators = balancer(X_train, y_train, balance_ratio=ratio, **kw)
            assert np.sum(y_tr == min_label) == int(ratio * n_maj)
            prds = LogisticRegression(max_iter=200).fit(x_tr, y_tr).predict(X_test)
            assert f1_score(y_test, prds, pos_label=min_label) > 0.3
    assert estimators[min_label] is v_encoder


def test_seed_ratio_sweep_with_a_prefit_estimator():
    """The notebook's fit_pred_report over the seed's own ratios, from 0.025: at the low ones the
    minority (32 training threes against 320 eights) is already above ratio x majority, so the class is
    returned as it is and its prefit estimator is left unused (it raised a ParameterError before)."""
    from smrt.balance import smote_balance, smrt_balance

    seed, min_label, maj_label = 42, 3, 8
    X, y = _digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, train_size=0.8, random_state=seed, stratify=y)
    v_encoder = _notebook_vae(X_train[y_train == min_label])
    n_min, n_maj = int(np.sum(y_train == min_label)), int(np.sum(y_train == maj_label))
    assert SEED_RATIOS[0] * n_maj < SEED_RATIOS[1] * n_maj < n_min  # the low ratios are already met
    smote_kwargs, smrt_kwargs = _sweep_kwargs(seed, min_label, v_encoder)
    for balancer, kw in ((smote_balance, smote_kwargs), (smrt_balance, smrt_kwargs)):
        for ratio in SEED_RATIOS:
            x_tr, y_tr, estimators = balancer(X_train, y_train, balance_ratio=ratio, **kw)
            assert np.sum(y_tr == min_label) == max(n_min, int(ratio * n_maj))
            assert np.sum(y_tr == maj_label) == n_maj
            if balancer is smrt_balance:
                assert estimators == {min_label: v_encoder}
                assert np.array_equal(x_tr[: len(X_train)], X_train)
                if int(ratio * n_maj) <= n_min:
                    assert np.array_equal(x_tr, X_train) and np.array_equal(y_tr, y_train)
            if ratio in (0.025, 0.5):
                prds = LogisticRegression(max_iter=200).fit(x_tr, y_tr).predict(X_test)
                assert f1_score(y_test, prds, pos_label=min_label) > 0.3


def test_smrt_balance_with_a_prefit_estimator_repeats_for_a_seed():
    """The same prefit VAE and random_state give the same rows on every call (the VAE's own draws so
    far do not matter); another random_state other rows."""
    from smrt.balance import smrt_balance

    X, y = _digits()
    v = _notebook_vae(X[y == 3])
    kw = dict(balance_ratio=0.5, shuffle=False, prefit_estimators={3: v})
    a = smrt_balance(X, y, random_state=42, **kw)
    v.generate(3)  # the estimator's own generations in between change nothing
    b = smrt_balance(X, y, random_state=42, **kw)
    c = smrt_balance(X, y, random_state=7, **kw)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    n = len(X)
    assert len(a[0]) > n and np.array_equal(a[1], c[1]) and not np.array_equal(a[0][n:], c[0][n:])
    fresh = _notebook_vae(X[y == 3])  # an identical fit gives the same rows
    d = smrt_balance(X, y, random_state=42, balance_ratio=0.5, shuffle=False, prefit_estimators={3: fresh})
    assert np.array_equal(a[0], d[0])


def test_vae_generate_takes_the_original_keyword_n():
    """The original's VariationalAutoEncoder.generate(self, n=1, **nrm_args)."""
    import smrt

    X, y = _digits()
    v = _notebook_vae(X[y == 3][:20])
    assert v.generate().shape == (1, 784)
    assert v.generate(n=5).shape == v.generate(5).shape == v.generate(n_samples=5).shape == (5, 784)
    assert v.generate(n=2, loc=0.0, scale=1.0).shape == (2, 784)
    with pytest.raises(smrt.ParameterError, match="n_samples or n"):
        v.generate(3, n=5)
    with pytest.raises(smrt.ParameterError, match="n_samples or n"):
        v.generate(n_samples=1, n=5)


@pytest.mark.parametrize("kind", ["AutoEncoder", "VariationalAutoEncoder"])
def test_autoencoders_take_a_random_state_instance(kind):
    """Documented as "int, RandomState or None": a RandomState gives one seed draw per fit, as the samplers."""
    import smrt.autoencode as ae

    X, y = _digits()
    X = X[:60]
    cls = getattr(ae, kind)
    kw = dict(n_epochs=2, n_hidden=(16,), n_threads=1)
    a = cls(random_state=np.random.RandomState(0), **kw).fit(X)
    b = cls(random_state=np.random.RandomState(0), **kw).fit(X)
    assert np.array_equal(a.feed_forward(X), b.feed_forward(X))  # the same draw from the same state
    seed = int(np.random.RandomState(0).randint(np.iinfo(np.int32).max))
    c = cls(random_state=seed, **kw).fit(X)
    assert np.array_equal(a.feed_forward(X), c.feed_forward(X))
    a._validate_params()  # the constraint takes it too (GridSearchCV, set_params)
