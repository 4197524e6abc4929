"""Ctrl-C and exceptions raised while smrt's C++ work runs reach the caller (they were lost or waited for
the end of a fit that could take minutes)."""
import threading

import numpy as np
import pytest

import smrt
import smrt._estimator
import smrt.autoencode
from conftest import run_python
from smrt.autoencode import VariationalAutoEncoder
from smrt.generative import SMRT

# A fit of a million epochs: minutes or hours if nothing stops it.
_ENDLESS = dict(n_hidden=8, n_latent_factors=2, n_epochs=1000000, batch_size=8, random_state=0)


def _rows(n=120, d=4):
    return np.random.RandomState(0).rand(n, d).astype(np.float32)


def test_ctrl_c_stops_a_fit_with_keyboard_interrupt():
    """SIGINT 0.3 s into a VAE fit and an SMRT fit, quiet and with progress: KeyboardInterrupt at once."""
    script = """
        import os, signal, threading, time, warnings
        import numpy as np
        import smrt
        from smrt.autoencode import VariationalAutoEncoder
        from smrt.generative import SMRT
        warnings.simplefilter("ignore")
        X = np.random.RandomState(0).rand(120, 4).astype(np.float32)
        y = np.r_[np.zeros(100, int), np.ones(20, int)]
        for what in ("vae", "smrt"):
            for verbose in (0, 1):
                params = dict(n_hidden=8, n_latent_factors=2, n_epochs=1000000, batch_size=8, random_state=0,
                              verbose=verbose)
                timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
                timer.start()
                start = time.time()
                try:
                    if what == "vae":
                        VariationalAutoEncoder(**params).fit(X)
                    else:
                        SMRT(sampling_strategy="auto", **params).fit_resample(X, y)
                    print(what, verbose, "ran to its end")
                except KeyboardInterrupt:
                    print(what, verbose, "interrupted after %.1f s" % (time.time() - start))
                timer.join()
    """
    done = run_python(script, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 4, done.stdout
    for line in lines:
        assert "interrupted after" in line, line
        assert float(line.split()[-2]) < 30, line  # SIGINT at 0.3 s; stopped at the next poll


def test_an_error_in_the_progress_callback_stops_the_fit_and_is_raised(monkeypatch):
    calls = []

    def failing(*args):
        calls.append(args)
        raise RuntimeError("my progress printer broke")

    monkeypatch.setattr(smrt.autoencode, "print_progress", failing)
    with pytest.raises(RuntimeError, match="my progress printer broke"):
        VariationalAutoEncoder(verbose=1, **_ENDLESS).fit(_rows())
    assert len(calls) == 1  # no report after the failing one
    # nothing is left over for the next call
    monkeypatch.undo()
    VariationalAutoEncoder(n_hidden=8, n_latent_factors=2, n_epochs=2, random_state=0).fit(_rows())


def test_an_error_raised_by_the_last_report_is_raised_too(monkeypatch):
    def fail_at_the_end(label, done, total, seconds, note, final):
        if final:
            raise RuntimeError("failed on the final report")

    monkeypatch.setattr(smrt._estimator, "print_progress", fail_at_the_end)
    X, y = _rows(), np.r_[np.zeros(100, int), np.ones(20, int)]
    with pytest.raises(RuntimeError, match="failed on the final report"):
        SMRT(sampling_strategy="auto", verbose=1, n_hidden=8, n_latent_factors=2, n_epochs=2,
             random_state=0).fit_resample(X, y)
    X_res, _ = SMRT(sampling_strategy="auto", n_hidden=8, n_latent_factors=2, n_epochs=2,
                    random_state=0).fit_resample(X, y)
    assert len(X_res) == 200


def test_a_fit_in_another_thread_gets_its_own_callback_error(monkeypatch):
    monkeypatch.setattr(smrt.autoencode, "print_progress",
                        lambda *args: (_ for _ in ()).throw(ValueError("from the worker's callback")))
    caught = []

    def work():
        try:
            VariationalAutoEncoder(verbose=1, **_ENDLESS).fit(_rows())
        except ValueError as error:
            caught.append(str(error))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(120)
    assert not thread.is_alive()
    assert caught == ["from the worker's callback"]
