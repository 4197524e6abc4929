"""The seed notebook's flow (../shared/seeds/000, 001) on real MNIST digits, at small settings.

Only the import lines and the sizes differ from the notebook's cells.
"""
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

from conftest import ROOT


def _digits():
    X = np.load(ROOT / "data" / "mnist" / "X.npy", mmap_mode="r")
    y = np.load(ROOT / "data" / "mnist" / "y.npy")
    rows = np.concatenate([np.flatnonzero(y == 8)[:400], np.flatnonzero(y == 3)[:40]])
    return np.asarray(X[rows], dtype=np.float32).reshape(len(rows), -1) / 255.0, y[rows]


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
    v_encoder = VariationalAutoEncoder(n_epochs=5, n_hidden=64, n_latent_factors=4, learning_rate=0.075,
                                       batch_size=256, display_step=25, activation_function='sigmoid', verbose=0,
                                       l2_penalty=None, random_state=seed, early_stopping=True, dropout=0.4,
                                       learning_function='sgd', clip=False)
    v_encoder.fit(X_train[min_mask, :])
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
    smrt_kwargs = dict(n_epochs=3, n_hidden=64, n_latent_factors=4, learning_rate=0.06, batch_size=256,
                       display_step=25, activation_function='sigmoid', verbose=0, l2_penalty=None,
                       random_state=seed, early_stopping=True, dropout=0.8, learning_function='sgd', clip=False,
                       shuffle=False, return_estimators=True, prefit_estimators={min_label: v_encoder})
    smote_kwargs = dict(random_state=seed, n_neighbors=25, shuffle=True, return_estimators=True)
    for balancer, kw in ((smote_balance, smote_kwargs), (smrt_balance, smrt_kwargs)):
        for ratio in (0.2, 0.5):
            x_tr, y_tr, estimators = balancer(X_train, y_train, balance_ratio=ratio, **kw)
            assert np.sum(y_tr == min_label) == int(ratio * n_maj)
            prds = LogisticRegression(max_iter=200).fit(x_tr, y_tr).predict(X_test)
            assert f1_score(y_test, prds, pos_label=min_label) > 0.3
    assert estimators[min_label] is v_encoder
