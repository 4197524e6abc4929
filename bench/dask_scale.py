#!/usr/bin/python3
"""smrt.dask at scale: wall time and peak worker memory, against the in-memory classes.

(a) --rows x --features float32 (default 2,000,000 x 20, 1% minority, 16 partitions) on a
    LocalCluster of --workers workers of --memory-limit (default 2 x 3 GiB):
    RandomUnderSampler, SMOTE, and EditedNearestNeighbours on --enn-rows rows (default 200,000);
    each also in memory in this process on the same data (time, peak RSS) and checked:
    exact class counts (RUS), identical rows (SMOTE, ENN).
(b) --big-rows rows (default 40,000,000 x 20 float32 = 3.2 GB, generated lazily in chunks, never
    whole in memory) on workers of --big-memory-limit (default 2 x 1.5 GiB, less than the table):
    RandomUnderSampler and SMOTE fit and write their result (smrt.dask.to_npy_stack) without a
    worker being killed (a killed worker restarts under a new address; both are reported).

Workers are processes (the memory limit is enforced per process), started after `import smrt`,
so they run OpenBLAS's kernels for this CPU. Peak worker memory is sampled every 0.2 s (RSS of
each worker process, the figure distributed's limit compares with).

Examples:
    /usr/bin/python3 bench/dask_scale.py                      # the full benchmark (minutes)
    /usr/bin/python3 bench/dask_scale.py --rows 200000 --enn-rows 20000 --big-rows 2000000 \\
        --memory-limit 1GiB --big-memory-limit 800MiB --big-partitions 40 \\
        --max-synthetic-bytes 20000000                          # a small proof run (20 s)
"""
import argparse
import os
import pathlib
import shutil
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))

import smrt  # noqa: E402,I001  (first: OpenBLAS's kernels, inherited by the worker processes)

import numpy as np  # noqa: E402
import psutil  # noqa: E402

import dask  # noqa: E402
import dask.array as da  # noqa: E402
from dask import delayed  # noqa: E402
from dask.distributed import Client, LocalCluster  # noqa: E402

import smrt.dask as sd  # noqa: E402
import smrt.over_sampling  # noqa: E402
import smrt.under_sampling  # noqa: E402


# -- data: generated block by block from (seed, block), so any block can be made alone -------

def _labels(seed, block, n, minority):
    rng = np.random.default_rng([seed, block, 0])
    return (rng.random(n) < minority).astype(np.int64)


def _features(seed, block, n, d, minority):
    y = _labels(seed, block, n, minority)
    rng = np.random.default_rng([seed, block, 1])
    X = rng.standard_normal((n, d), dtype=np.float32)
    X[:, : d // 2] += 1.5 * y[:, None].astype(np.float32)  # the minority is shifted on half the features
    return X


def lazy_table(rows, d, partitions, minority, seed):
    """X (float32) and y as dask arrays of `partitions` blocks, made on the workers when needed."""
    sizes = [len(b) for b in np.array_split(np.arange(rows), partitions)]
    X = da.concatenate([da.from_delayed(delayed(_features)(seed, b, n, d, minority), (n, d), np.float32)
                        for b, n in enumerate(sizes)])
    y = da.concatenate([da.from_delayed(delayed(_labels)(seed, b, n, minority), (n,), np.int64)
                        for b, n in enumerate(sizes)])
    return X, y


# -- measuring ---------------------------------------------------------------------------------

# Workers hand freed memory back to the system (smrt keeps up to 64 MB for reuse by default,
# docs/python.md), so their RSS, which distributed's memory limit watches, is what they use.
WORKER_ENV = {"SMRT_KEEP_FREED_MEMORY": "0"}


class Watchdog:
    """Ends the run with a message when a step takes longer than `seconds` (a worker paused at
    its memory limit waits for ever rather than failing)."""

    def __init__(self, seconds, what, memory):
        self.seconds, self.what, self.memory = seconds, what, memory
        self._done = threading.Event()

    def __enter__(self):
        threading.Thread(target=self._watch, daemon=True).start()
        return self

    def _watch(self):
        if not self._done.wait(self.seconds):
            print("\n%s: no result after %d s (peak worker memory %.2f GiB): a worker paused at its memory "
                  "limit? stopping." % (self.what, self.seconds, self.memory.max_gib), flush=True)
            os._exit(2)

    def __exit__(self, *exc):
        self._done.set()

def _rss():
    return psutil.Process().memory_info().rss


class WorkerMemory:
    """Peak RSS of each worker process, sampled in a thread while a step runs."""

    def __init__(self, client, period=0.2):
        self.client, self.period = client, period
        self.peak = {}
        self._stop = threading.Event()

    def __enter__(self):
        self.peak = {}
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            try:
                for worker, rss in self.client.run(_rss).items():
                    self.peak[worker] = max(self.peak.get(worker, 0), rss)
            except Exception:  # a worker restarting: sample again
                pass
            self._stop.wait(self.period)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def max_gib(self):
        return max(self.peak.values(), default=0) / 2 ** 30


def peak_rss_of(fn):
    """fn() in this process, with the peak RSS it reached (sampled)."""
    peak = [_rss()]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], _rss())
            stop.wait(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    start = time.perf_counter()
    try:
        out = fn()
    finally:
        stop.set()
        t.join()
    return out, time.perf_counter() - start, peak[0] / 2 ** 30


def row(*cells):
    print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)


# -- the runs ----------------------------------------------------------------------------------

def dask_run(client, sampler, X, y, out_dir, timeout):
    """fit_resample, then write; (seconds to fit, seconds to write, rows out, peak worker GiB)."""
    with WorkerMemory(client) as memory, Watchdog(timeout, type(sampler).__name__, memory):
        start = time.perf_counter()
        X_res, y_res = sampler.fit_resample(X, y)
        fitted = time.perf_counter() - start
        n = sd.to_npy_stack(out_dir, X_res, y_res) if out_dir else int(X_res.shape[0])
        written = time.perf_counter() - start - fitted
    return fitted, written, n, memory.max_gib, sampler


def read_back(out_dir):
    return (da.from_npy_stack(os.path.join(out_dir, "X")).compute(scheduler="sync"),
            da.from_npy_stack(os.path.join(out_dir, "y")).compute(scheduler="sync"))


def part_a(args, scratch):
    print("\n## (a) %d x %d float32, %.0f%% minority, %d partitions, %d workers x %s\n" % (
        args.rows, args.features, 100 * args.minority, args.partitions, args.workers, args.memory_limit))
    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                           memory_limit=args.memory_limit, dashboard_address=":0", env=WORKER_ENV)
    client = Client(cluster)
    row("sampler", "rows in", "rows out", "dask fit s", "dask fit+write s", "peak worker GiB", "in-memory s",
        "in-memory peak GiB", "check")
    row(*["---"] * 9)
    try:
        X, y = lazy_table(args.rows, args.features, args.partitions, args.minority, args.seed)
        X_mem, y_mem = dask.compute(X, y, scheduler="sync")
        runs = [("RandomUnderSampler", dict(random_state=0), X, y, X_mem, y_mem)]
        runs.append(("SMOTE", dict(random_state=0, n_threads_per_task=args.threads_per_task), X, y, X_mem, y_mem))
        Xe, ye = lazy_table(args.enn_rows, args.features, args.partitions, args.minority, args.seed + 1)
        Xe_mem, ye_mem = dask.compute(Xe, ye, scheduler="sync")
        runs.append(("EditedNearestNeighbours", dict(n_threads_per_task=args.threads_per_task), Xe, ye, Xe_mem,
                     ye_mem))
        for name, params, Xd, yd, Xm, ym in runs:
            out_dir = os.path.join(scratch, "a_" + name)
            fitted, written, n, peak, sampler = dask_run(client, getattr(sd, name)(**params), Xd, yd, out_dir,
                                                      args.step_timeout)
            memory_params = {k: v for k, v in params.items() if k != "n_threads_per_task"}
            memory = getattr(smrt.under_sampling if hasattr(smrt.under_sampling, name) else smrt.over_sampling,
                             name)(**memory_params)
            (X_ref, y_ref), seconds, mem_peak = peak_rss_of(lambda: memory.fit_resample(Xm, ym))
            X_out, y_out = read_back(out_dir)
            if name == "RandomUnderSampler":
                check = "counts equal: %s" % np.array_equal(np.bincount(y_out), np.bincount(y_ref))
            elif name == "SMOTE":
                check = "rows identical: %s" % (np.array_equal(X_out, X_ref) and np.array_equal(y_out, y_ref))
            else:
                kept = np.sort(memory.sample_indices_)
                check = "rows identical: %s" % np.array_equal(X_out, Xm[kept])
            row(name, len(yd), n, "%.1f" % fitted, "%.1f" % (fitted + written), "%.2f" % peak, "%.1f" % seconds,
                "%.2f" % mem_peak, check)
            del X_out, y_out, X_ref, y_ref
            shutil.rmtree(out_dir, ignore_errors=True)
    finally:
        client.close()
        cluster.close()


def part_b(args, scratch):
    table_gb = args.big_rows * args.features * 4 / 1e9
    print("\n## (b) %d x %d float32 (%.1f GB, made lazily in %d chunks), %d workers x %s\n" % (
        args.big_rows, args.features, table_gb, args.big_partitions, args.workers, args.big_memory_limit))
    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                           memory_limit=args.big_memory_limit, dashboard_address=":0", env=WORKER_ENV)
    client = Client(cluster)
    row("sampler", "rows in", "rows out", "fit s", "fit+write s", "peak worker GiB", "workers restarted")
    row(*["---"] * 7)
    try:
        X, y = lazy_table(args.big_rows, args.features, args.big_partitions, args.minority, args.seed + 2)
        for name, params in [("RandomUnderSampler", dict(random_state=0)),
                             ("SMOTE", dict(random_state=0, n_threads_per_task=args.threads_per_task,
                                            max_synthetic_bytes=args.max_synthetic_bytes))]:
            before = set(client.scheduler_info()["workers"])
            out_dir = os.path.join(scratch, "b_" + name) if args.write else None
            fitted, written, n, peak, sampler = dask_run(client, getattr(sd, name)(**params), X, y, out_dir,
                                                      args.step_timeout)
            after = set(client.scheduler_info()["workers"])
            row(name, args.big_rows, n, "%.1f" % fitted, "%.1f" % (fitted + written), "%.2f" % peak,
                len(after - before))
            if out_dir:
                shutil.rmtree(out_dir, ignore_errors=True)
    finally:
        client.close()
        cluster.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--part", choices=["a", "b", "both"], default="both")
    p.add_argument("--rows", type=int, default=2_000_000)
    p.add_argument("--features", type=int, default=20)
    p.add_argument("--minority", type=float, default=0.01)
    p.add_argument("--partitions", type=int, default=16)
    p.add_argument("--enn-rows", type=int, default=200_000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--memory-limit", default="3GiB")
    p.add_argument("--big-rows", type=int, default=40_000_000)
    p.add_argument("--big-partitions", type=int, default=160)
    p.add_argument("--big-memory-limit", default="1.5GiB")
    p.add_argument("--max-synthetic-bytes", type=int, default=2 ** 27,
                   help="(b) SMOTE: synthetic bytes one task makes (default 128 MiB)")
    p.add_argument("--threads-per-task", type=int, default=1)
    p.add_argument("--no-write", dest="write", action="store_false", help="(b): fit and count, write nothing")
    p.add_argument("--scratch", default=None, help="where results are written (default: a temporary folder)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--step-timeout", type=int, default=1800, help="seconds one sampler may take before the run stops")
    args = p.parse_args()
    scratch = tempfile.mkdtemp(prefix="smrt_dask_scale_", dir=args.scratch)
    try:
        print("smrt %s, dask %s; %d CPUs" % (smrt.__version__, dask.__version__, os.cpu_count()))
        if args.part in ("a", "both"):
            part_a(args, scratch)
        if args.part in ("b", "both"):
            part_b(args, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
