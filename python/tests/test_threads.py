"""Threads: results do not depend on n_threads; C++ work runs without the GIL."""
import threading
import time

import numpy as np
from sklearn.datasets import make_classification

from conftest import make


def test_one_or_two_threads_same_bytes(tabular):
    X, y = tabular
    for name in ("SMOTE", "ADASYN", "EditedNearestNeighbours", "SMOTEENN", "SMRT"):
        a = make(name, n_threads=1).fit_resample(X, y)
        b = make(name, n_threads=2).fit_resample(X, y)
        assert a[0].tobytes() == b[0].tobytes() and np.array_equal(a[1], b[1]), name


def test_gil_released_during_fit_resample():
    """A Python thread keeps running while fit_resample works (it would stall if the GIL were held)."""
    # A VAE fit: nearly all of the call is C++ (LibTorch) work.
    X, y = make_classification(n_samples=3000, n_features=20, weights=[0.8], random_state=0)
    sampler = make("SMRT", sampling_strategy="auto", n_epochs=40, n_threads=1)
    start = time.perf_counter()
    sampler.fit_resample(X, y)
    alone = time.perf_counter() - start

    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    counter = threading.Thread(target=count)
    counter.start()
    time.sleep(0.02)
    start = time.perf_counter()
    sampler.fit_resample(X, y)
    end = time.perf_counter()
    stop.set()
    counter.join()
    during = [t for t in ticks if start + 0.25 * (end - start) < t < start + 0.75 * (end - start)]
    # With the GIL held the counter could not run at all in the middle of the call.
    assert end - start > 0.02 and alone > 0.0
    assert len(during) >= 3, (len(during), end - start)


def test_two_python_threads_same_results(tabular):
    X, y = tabular
    out = {}

    def run(i):
        out[i] = make("SMOTE", n_threads=1).fit_resample(X, y)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert np.array_equal(out[0][0], out[1][0])
