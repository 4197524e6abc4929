"""Shared fixtures: tiny data, every sampler at test size, the CLI binary."""
import os
import pathlib
import subprocess
import sys
import textwrap

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))  # this checkout's package, whatever is installed

# smrt first: it sets OpenBLAS's kernels before numpy loads the library, so the
# neural methods run the kernels the CLI runs (and give the same bytes).
import smrt  # noqa: E402,I001

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import smrt.combine  # noqa: E402
import smrt.generative  # noqa: E402
import smrt.over_sampling  # noqa: E402
import smrt.under_sampling  # noqa: E402

# Methods that work on images only, and tiny settings for every neural method.
IMAGE_ONLY = {"ConditionalGAN", "SMate", "DeepSMOTE", "AugmentOverSampler"}
TINY = {
    "KMeansSMOTE": dict(cluster_balance_threshold=0.05),
    "SMRT": dict(n_epochs=2, n_hidden=(8,), n_latent_factors=2, batch_size=64),
    "ConditionalGAN": dict(n_epochs=1, channels=(4, 8), latent_dim=8, max_per_class=20, batch_size=16),
    "SMate": dict(n_epochs=1, finetune_epochs=1, channels=(4, 8), latent_dim=8, max_per_class=20, batch_size=16),
    "DeepSMOTE": dict(n_epochs=1, channels=(4, 8), latent_dim=8, max_per_class=20, batch_size=16),
}
SMRT_BIN = os.environ.get("SMRT_BIN", str(ROOT / "build" / "smrt"))


def sampler_classes():
    out = {}
    for module in (smrt.over_sampling, smrt.under_sampling, smrt.combine, smrt.generative):
        for name in module.__all__:
            out[name] = getattr(module, name)
    return out


def make(name, **params):
    """A sampler at test size: seeded, tiny networks."""
    cls = sampler_classes()[name]
    kwargs = dict(TINY.get(name, {}))
    if "random_state" in cls().get_params():
        kwargs["random_state"] = 0
    if name == "SMOTENC":
        kwargs["categorical_features"] = [0]
    kwargs.update(params)
    return cls(**kwargs)


@pytest.fixture(scope="session")
def tabular():
    from sklearn.datasets import make_classification

    X, y = make_classification(n_samples=300, n_features=6, n_informative=4, n_classes=3,
                               weights=[0.6, 0.3, 0.1], random_state=0)
    X[:, 0] = np.round(X[:, 0])  # a categorical-looking column for SMOTENC
    return X, y


@pytest.fixture(scope="session")
def images():
    """A few real MNIST digits (installed by scripts/setup), 3 classes, imbalanced."""
    X = np.load(ROOT / "data" / "mnist" / "X.npy", mmap_mode="r")
    y = np.load(ROOT / "data" / "mnist" / "y.npy")
    rows = np.concatenate([np.flatnonzero(y == 3)[:60], np.flatnonzero(y == 8)[:30], np.flatnonzero(y == 9)[:10]])
    return np.asarray(X[rows], dtype=np.float32) / 255.0, y[rows]


def run_python(code, timeout=120, **env):
    """`code` in a fresh interpreter that imports this checkout's smrt, its environment changed by `env`
    (a value of None unsets the variable)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "python"), **env}
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env,
                          timeout=timeout)
