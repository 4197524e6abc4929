#!/usr/bin/python3
"""End to end as a CLI user meets it (issue 17).

`smrt resample --method smote` on a 1,000,000 x 20 float32 NPY pair (1% minority) to an NPY pair,
process start to files renamed into place, against imbalanced-learn's in-memory
SMOTE().fit_resample on the same arrays (already loaded, nothing written), timed in the same run,
alternating, best of --repeats. Also the start-up of `smrt --version` and of
`smrt resample --method smote` on a 1,000-row CSV.

    /usr/bin/python3 bench/cli_end_to_end.py [--smrt build/smrt] [--repeats 7]

The VM is shared and noisy: figures are best-of, and worth repeating.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np


def best_of(runs):
    return min(runs)


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smrt", default=os.path.join(here, "..", "build", "smrt"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cols", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--overwrite", action="store_true",
                        help="write over the previous run's output (default: a new output each run)")
    args = parser.parse_args()
    smrt = os.path.abspath(args.smrt)
    from imblearn.over_sampling import SMOTE

    work = tempfile.mkdtemp(prefix="smrt_e2e_")
    try:
        rng = np.random.default_rng(0)
        X = rng.standard_normal((args.rows, args.cols), dtype=np.float32)
        y = np.zeros(args.rows, dtype=np.int64)
        y[rng.choice(args.rows, args.rows // 100, replace=False)] = 1
        x_path, y_path = os.path.join(work, "X.npy"), os.path.join(work, "y.npy")
        np.save(x_path, X)
        np.save(y_path, y)
        csv_path = os.path.join(work, "small.csv")
        small_y = y[:1000].copy()
        small_y[:20] = 1
        with open(csv_path, "w") as f:
            f.write(",".join(f"x{j}" for j in range(args.cols)) + ",label\n")
            for row, label in zip(X[:1000], small_y):
                f.write(",".join(repr(float(v)) for v in row) + f",{label}\n")

        out = os.path.join(work, "out")
        cli_cmd = [smrt, "-q", "resample", x_path, "--labels", y_path, "--method", "smote", "--seed", "0", "-o", out]
        version_cmd = [smrt, "--version"]
        small_cmd = [smrt, "-q", "resample", csv_path, "--label", "label", "--method", "smote", "--seed", "0",
                     "-o", os.path.join(work, "small_out.csv")]

        # Warm-up: page cache, first-run costs on both sides; check the output.
        timed(cli_cmd)
        out_X = np.load(out + "_X.npy", mmap_mode="r")
        assert out_X.shape == (2 * (args.rows - args.rows // 100), args.cols), out_X.shape
        assert out_X.dtype == np.float32 and np.array_equal(out_X[: args.rows], X)
        del out_X
        SMOTE(random_state=0).fit_resample(X, y)
        timed(version_cmd)
        timed(small_cmd)

        imblearn, cli, version, small = [], [], [], []
        for _ in range(args.repeats):
            start = time.perf_counter()
            X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
            imblearn.append(time.perf_counter() - start)
            del X_res, y_res
            if not args.overwrite:
                for suffix in ("_X.npy", "_y.npy"):
                    if os.path.exists(out + suffix):
                        os.remove(out + suffix)
            cli.append(timed(cli_cmd))
            version.append(timed(version_cmd))
            small.append(timed(small_cmd))

        b_imb, b_cli = best_of(imblearn), best_of(cli)
        print(f"data: {args.rows} x {args.cols} float32, 1% minority; {args.repeats} alternating runs, best of")
        print(f"imbalanced-learn SMOTE().fit_resample (in memory): {b_imb:.3f} s")
        print(f"smrt resample --method smote, NPY to NPY (whole command): {b_cli:.3f} s"
              f" ({'overwriting' if args.overwrite else 'new output files'})")
        print(f"ratio (imbalanced-learn / smrt): {b_imb / b_cli:.2f}x")
        print(f"start-up: smrt --version {best_of(version) * 1000:.1f} ms; "
              f"smrt resample --method smote on a 1,000-row CSV {best_of(small) * 1000:.1f} ms")
        print("all runs (s): imblearn " + " ".join(f"{t:.3f}" for t in imblearn) +
              " | smrt " + " ".join(f"{t:.3f}" for t in cli))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
