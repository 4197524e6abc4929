"""The CLI and the Python package give the same bytes for every sampler, data set and seed."""
import subprocess

import numpy as np
import pytest

from conftest import IMAGE_ONLY, SMRT_BIN, TINY, make, sampler_classes
from smrt import _params


def _cli_params(est):
    """The sampler's declared parameters as --param arguments (seed as --seed)."""
    args = []
    given = est.get_params()
    for spec in est._smrt_specs:
        name = spec["name"]
        if name in ("random_state",) or given[name] == _params.parse_default(spec):
            continue
        args += ["-p", "%s=%s" % (name, _params.to_text(given[name]))]
    return args


def _run_cli(tmp_path, method, X, y, params, seed):
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "y.npy", y)
    cmd = [SMRT_BIN, "-q", "resample", str(tmp_path / "X.npy"), "--labels", str(tmp_path / "y.npy"),
           "--method", method, "-o", str(tmp_path / "out")] + params
    if seed is not None:
        cmd += ["--seed", str(seed)]
    subprocess.run(cmd, check=True, capture_output=True)
    return np.load(tmp_path / "out_X.npy"), np.load(tmp_path / "out_y.npy")


@pytest.mark.parametrize("name", sorted(sampler_classes()), ids=str)
def test_cli_and_python_agree(name, tmp_path, tabular, images):
    if name in IMAGE_ONLY:
        X, y = images
        X = X.reshape(len(X), 28, 28)
    else:
        X, y = tabular
        X = X.astype(np.float32)
    est = make(name)
    X_py, y_py = est.fit_resample(X, y)
    X_cli, y_cli = _run_cli(tmp_path, est._smrt_method, X, y, _cli_params(est),
                            0 if "random_state" in est.get_params() else None)
    assert X_cli.dtype == X_py.dtype == np.float32
    assert X_cli.reshape(len(X_cli), -1).tobytes() == X_py.reshape(len(X_py), -1).tobytes()
    assert np.array_equal(y_cli, y_py)


@pytest.mark.parametrize("voting", ["soft", "hard"])
def test_cluster_centroids_places_centres_between_classes_as_python(voting, tmp_path, tabular):
    """ClusterCentroids cutting class 1 only: the CLI writes its centres (hard voting: the rows nearest
    them) between classes 0 and 2, as Python does (imbalanced-learn's class-by-class order), and
    --indices names the input row of every other output row."""
    X, y = tabular
    X = X.astype(np.float32)
    X_py, y_py = make("ClusterCentroids", sampling_strategy={1: 7}, voting=voting).fit_resample(X, y)
    X_cli, y_cli = _run_cli(tmp_path, "cluster_centroids", X, y,
                            ["-s", "1:7", "-p", "voting=" + voting, "--indices", str(tmp_path / "rows.txt")], 0)
    assert list(y_py) == sorted(y_py) and np.count_nonzero(y_py == 1) == 7
    assert X_cli.tobytes() == X_py.tobytes() and np.array_equal(y_cli, y_py)
    rows = np.loadtxt(tmp_path / "rows.txt", dtype=np.int64)
    copied = rows >= 0
    assert copied.tolist() == ((y_py != 1) | (voting == "hard")).tolist()
    assert X_cli[copied].tobytes() == X[rows[copied]].tobytes()


@pytest.mark.parametrize("method", ["cgan", "smate", "deepsmote", "vae"])
@pytest.mark.parametrize("shape", [(8, 8), (1, 8, 8)], ids=["HxW", "1xHxW"])
def test_a_cli_fitted_model_loaded_in_python_generates_the_cli_images(method, shape, tmp_path, monkeypatch):
    """A file from `smrt fit` loaded with smrt.generative.load_model (GAN files had no loader but unpickling)
    generates what `smrt generate` writes for the same seed, in the same shape: the shape fit was given, for
    every kind of model (a VAE's (n, 1, H, W) images came back (n, H, W), a GAN's (n, 1, H, W))."""
    from smrt.generative import load_model

    monkeypatch.setenv("SMRT_NUM_THREADS", "1")  # the CLI's and this process's convolutions sum alike
    rng = np.random.RandomState(0)
    X = rng.rand(24, *shape).astype(np.float32)
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "y.npy", np.r_[np.full(16, 3), np.full(8, 7)])
    params = {"vae": ["-p", "n_hidden=4", "-p", "n_latent_factors=2", "-p", "n_epochs=1"],
              "smate": ["-p", "finetune_epochs=1", "-p", "augment_to=8"]}.get(method, [])
    if method != "vae":
        params += ["-p", "channels=4,8", "-p", "latent_dim=4", "-p", "n_epochs=1", "-p", "batch_size=8"]
    model = str(tmp_path / "m.smrtm")
    subprocess.run([SMRT_BIN, "-q", "fit", "-m", method, str(tmp_path / "X.npy"), "--labels", str(tmp_path / "y.npy"),
                    "--seed", "1", "-o", model] + params, check=True, capture_output=True)
    generate = [SMRT_BIN, "-q", "generate", model, "-n", "5", "-o", str(tmp_path / "g.npy")]
    subprocess.run(generate + ([] if method == "vae" else ["--class", "7", "--seed", "4"]), check=True,
                   capture_output=True)
    from_cli = np.load(tmp_path / "g.npy")
    loaded = load_model(model)
    from_python = loaded.generate(5) if method == "vae" else loaded.generate(7, 5, random_state=4)
    assert from_cli.shape == from_python.shape == (5,) + shape
    assert from_cli.tobytes() == from_python.tobytes()
    if method != "vae":
        assert loaded.kind == method and "7" in loaded.classes_
