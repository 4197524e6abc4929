#!/usr/bin/python3
"""One-data-set check of MWMOTE, Geometric SMOTE and SMOBD against their
reference implementations: class counts after resampling, the mean distance
of the new rows to their nearest real minority row, and the time of
fit_resample on each side (data in memory, one thread, fastest of --repeats runs).

References, unpacked wheels (no install needed):
  MWMOTE, SMOBD  smote-variants 1.0.1      pip download --no-deps smote-variants
  GeometricSMOTE imbalanced-learn-extra    pip download --no-deps imbalanced-learn-extra
                 (the authors' geometric-smote package; smote-variants' G_SMOTE is
                 another method, Sandhan and Choi 2014, not Geometric SMOTE)
smote-variants imports metric_learn, minisom, seaborn and matplotlib at load
time; --stubs names a folder of empty stand-ins for them (only the imports
are needed). imbalanced-learn-extra needs scikit-learn >= 1.6's
validate_data, given here for older ones.

  mkdir -p /tmp/sv && cd /tmp/sv && pip download --no-deps smote-variants imbalanced-learn-extra
  unzip -o smote_variants-*.whl -d sv; unzip -o imbalanced_learn_extra-*.whl -d ile
  PYTHONPATH=python /usr/bin/python3 bench/smote_variants_b_check.py \
      --sv /tmp/sv/sv --ile /tmp/sv/ile --stubs /tmp/sv/stubs
"""
import argparse
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("SMRT_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402
from sklearn.neighbors import NearestNeighbors  # noqa: E402


def reference_samplers(args):
    sys.path[:0] = [args.sv, args.ile, args.stubs]
    import sklearn.utils.validation as validation

    if not hasattr(validation, "validate_data"):
        def validate_data(est, X, y, reset=True, **_):
            X = np.asarray(X)
            est.n_features_in_ = X.shape[1]
            return X, np.asarray(y)

        validation.validate_data = validate_data
    import smote_variants as sv
    from imblearn_extra.gsmote.geometric_smote import GeometricSMOTE

    def sv_run(cls, **params):
        return lambda X, y: cls(random_state=0, **params).sample(X, y)

    return {
        "mwmote": sv_run(sv.MWMOTE),
        "gsmote": lambda X, y: GeometricSMOTE(random_state=0).fit_resample(X, y),
        "smobd": sv_run(sv.SMOBD),
        "smobd max_eps=8": sv_run(sv.SMOBD, max_eps=8.0),
    }


def smrt_samplers():
    from smrt import over_sampling as o

    return {
        "mwmote": lambda X, y: o.MWMOTE(random_state=0).fit_resample(X, y),
        "gsmote": lambda X, y: o.GeometricSMOTE(random_state=0).fit_resample(X, y),
        "smobd": lambda X, y: o.SMOBD(random_state=0).fit_resample(X, y),
        "smobd max_eps=8": lambda X, y: o.SMOBD(random_state=0, max_eps=8.0).fit_resample(X, y),
    }


def describe(X, y, X_res, y_res, seconds):
    minority = np.flatnonzero(np.bincount(y) == np.bincount(y).min())[0]
    new = X_res[len(X):]
    nn = NearestNeighbors(n_neighbors=1).fit(X[y == minority])
    dist = nn.kneighbors(new)[0].mean() if len(new) else float("nan")
    return {"counts": np.bincount(np.asarray(y_res)).tolist(), "new": len(new), "nn_dist": dist, "seconds": seconds}


def timed(run, X, y, repeats):
    """The output of the first run and the fastest of `repeats` runs (one when a run takes over 30 s):
    the first call into either library also loads and warms it, and this machine is shared."""
    best = float("inf")
    for r in range(repeats):
        start = time.perf_counter()
        X_res, y_res = run(X, y)
        best = min(best, time.perf_counter() - start)
        if r == 0:
            first = (np.asarray(X_res), np.asarray(y_res))
        if best > 30:
            break
    return first[0], first[1], best


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sv", required=True, help="folder holding the smote_variants package")
    p.add_argument("--ile", required=True, help="folder holding the imblearn_extra package")
    p.add_argument("--stubs", required=True, help="folder of stand-ins for smote-variants' optional imports")
    p.add_argument("--rows", type=int, default=20000)
    p.add_argument("--cols", type=int, default=20)
    p.add_argument("--methods", default="mwmote,gsmote,smobd,smobd max_eps=8")
    p.add_argument("--repeats", type=int, default=3, help="runs per side; the fastest is kept")
    args = p.parse_args()
    X, y = make_classification(n_samples=args.rows, n_features=args.cols, n_informative=10, weights=[0.95],
                               random_state=0)
    ours, theirs = smrt_samplers(), reference_samplers(args)
    print(f"data: make_classification {args.rows} x {args.cols}, counts {np.bincount(y).tolist()}")
    print("| method | side | counts | new rows | mean NN distance to real minority | seconds |")
    print("|---|---|---|---|---|---|")
    for method in args.methods.split(","):
        rows = {}
        for side, runs in (("smrt", ours), ("reference", theirs)):
            X_res, y_res, seconds = timed(runs[method], X, y, args.repeats)
            rows[side] = describe(X, y, X_res, y_res, seconds)
            r = rows[side]
            print(f"| {method} | {side} | {r['counts']} | {r['new']} | {r['nn_dist']:.4f} | {r['seconds']:.3f} |")
        print(f"| {method} | ratio | | | | {rows['reference']['seconds'] / rows['smrt']['seconds']:.1f}x |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
