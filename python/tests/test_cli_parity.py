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
