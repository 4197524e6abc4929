"""Threads: results do not depend on n_threads; C++ work runs without the GIL; the default count
follows SMRT_NUM_THREADS, OMP_NUM_THREADS and the CPU affinity; n_jobs reads as in joblib; a forked
child of a multi-threaded process does not hang."""
import os
import sys
import threading
import time

import numpy as np
import pytest
from sklearn.datasets import make_classification

from conftest import make, run_python
from smrt import _core


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


@pytest.fixture
def no_thread_env(monkeypatch):
    monkeypatch.delenv("SMRT_NUM_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    return monkeypatch


def test_default_count_follows_smrt_then_omp_num_threads(no_thread_env):
    # Read on every call: the value of the moment, as the documentation promises for SMRT_NUM_THREADS.
    no_thread_env.setenv("OMP_NUM_THREADS", "5,2")  # joblib's workers set it to 1; a list: its first level
    assert _core.num_threads() == 5
    no_thread_env.setenv("SMRT_NUM_THREADS", "7")
    assert _core.num_threads() == 7


def test_default_count_is_the_cpus_this_process_may_run_on(no_thread_env):
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})  # this thread, as `taskset -c` would set the process
    try:
        assert _core.num_threads() == 1
    finally:
        os.sched_setaffinity(0, allowed)
    assert _core.num_threads() == len(allowed)


def test_a_bad_smrt_num_threads_is_a_warning_at_import():
    done = run_python("""
        import warnings
        warnings.simplefilter("always")
        with warnings.catch_warnings(record=True) as caught:
            from smrt import _core
        print(_core.num_threads())
        print([str(w.message) for w in caught if "SMRT_NUM_THREADS" in str(w.message)])
    """, SMRT_NUM_THREADS="lots", OMP_NUM_THREADS="3")
    assert done.returncode == 0, done.stderr[-2000:]
    count, warned = done.stdout.splitlines()
    assert count == "3", done.stdout  # skipped: OMP_NUM_THREADS's count
    assert "SMRT_NUM_THREADS='lots' is not a thread count" in warned and "runs 3 threads" in warned, warned


def test_n_threads_1_keeps_the_whole_call_on_one_thread():
    """The output table and labels are put together on the call's threads too, not the process's (4 here)."""
    done = run_python("""
        import os
        import numpy as np
        from sklearn.datasets import make_classification
        from smrt.over_sampling import SMOTE
        from smrt.under_sampling import EditedNearestNeighbours
        X, y = make_classification(n_samples=20000, n_features=20, weights=[0.9], random_state=0)
        # numpy's own BLAS may have started threads making the data (PyPI's numpy: a pthreads OpenBLAS)
        before = len(os.listdir("/proc/self/task"))
        for sampler, rows in [(SMOTE(random_state=0, n_threads=1), X), (SMOTE(random_state=0, n_threads=1),
                              X.astype(np.float32)), (EditedNearestNeighbours(n_threads=1), X)]:
            sampler.fit_resample(rows, y)
            print(type(sampler).__name__, rows.dtype, len(os.listdir("/proc/self/task")) - before)
    """, SMRT_NUM_THREADS="4")
    assert done.returncode == 0, done.stderr[-2000:]
    for line in done.stdout.splitlines():
        assert line.endswith(" 0"), "OS threads started by a call at n_threads=1: " + line


def test_n_jobs_reads_as_in_joblib(tabular, monkeypatch):
    import joblib

    X, y = tabular
    assert make("SMOTE", n_jobs=3)._smrt_threads() == 3
    assert make("SMOTE", n_jobs=-1, n_threads=2)._smrt_threads() == 2  # n_threads first
    assert make("SMOTE")._smrt_threads() == 0  # None: the process setting
    default = _core.default_num_threads()
    if default == joblib.cpu_count():  # no SMRT_NUM_THREADS / OMP_NUM_THREADS / cgroup quota apart
        for n_jobs in (-1, -2, -3, -100, 1, 2):
            assert make("SMOTE", n_jobs=n_jobs)._smrt_threads() == joblib.effective_n_jobs(n_jobs), n_jobs
    monkeypatch.setenv("SMRT_NUM_THREADS", "4")  # the default count, whatever this machine has
    assert [make("SMOTE", n_jobs=n)._smrt_threads() for n in (-1, -2, -4, -5, -9)] == [4, 3, 1, 1, 1]
    with pytest.raises(_core.ParameterError, match="n_jobs=0 has no meaning"):
        make("EditedNearestNeighbours", n_jobs=0).fit_resample(X, y)
    with pytest.raises(ValueError, match="n_jobs=0"):
        make("SMOTE", n_jobs=0).fit_resample(X, y)


def test_a_process_forked_after_a_multithreaded_fit_does_not_hang():
    """GNU OpenMP's pool does not survive fork(): the child runs smrt's work on one thread, the same rows."""
    done = run_python("""
        import os, sys, time
        from sklearn.datasets import make_classification
        from smrt import _core
        from smrt.over_sampling import SMOTE
        from smrt.under_sampling import EditedNearestNeighbours
        X, y = make_classification(n_samples=20000, n_features=10, weights=[0.9], random_state=0)
        def run():
            out = [SMOTE(random_state=0, n_threads=2).fit_resample(X, y), EditedNearestNeighbours().fit_resample(X, y)]
            if _core.has_generative():
                from smrt.generative import SMRT
                out.append(SMRT(random_state=0, n_epochs=1, n_hidden=(8,), n_latent_factors=2).fit_resample(X[:3000], y[:3000]))
            return [(a.tobytes(), b.tobytes()) for a, b in out]
        parent = run()  # OpenMP's threads start here
        pid = os.fork()
        if pid == 0:
            same = run() == parent
            os._exit(0 if same and _core.num_threads() == 1 else 3 if same else 2)
        deadline = time.time() + 30
        while time.time() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                sys.exit(os.waitstatus_to_exitcode(status))
            time.sleep(0.05)
        os.kill(pid, 9)
        sys.exit("the forked child hung")
    """, SMRT_NUM_THREADS=None, OMP_NUM_THREADS=None)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
