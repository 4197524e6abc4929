#!/usr/bin/python3
"""imbalanced-learn parity fuzz: random data sets through every classical
sampler of the Python package (smrt.over_sampling, smrt.under_sampling,
smrt.combine) and the same sampler of python3-imblearn (0.10), compared.

What must agree, by sampler (docs/testing.md says why each is where it is):
  rows     the deterministic samplers (TomekLinks, ENN, AllKNN, NCR, NearMiss
           1-3): sample_indices_ in imbalanced-learn's order, and X_res, y_res
           byte for byte; RENN: the same kept rows as a set (imbalanced-learn
           permutes them when it converges in its first pass).
  counts   the samplers whose class counts do not depend on random draws
           (RandomOverSampler, RandomUnderSampler, SMOTE, SMOTEN, SMOTENC,
           BorderlineSMOTE borderline-1, ADASYN, ClusterCentroids): rows per
           class of y_res; borderline-2 within one row (a Beta(10, 10) draw
           splits its rows on both sides).
  order    ClusterCentroids, besides its counts: y_res row for row (class by
           class, in imbalanced-learn's order), and the rows of the classes it
           leaves alone byte for byte in their places (the centres, or the
           rows nearest them, follow each side's own k-means draws).
  strategy every sampler, the above and those whose counts follow their own
           random draws (SVMSMOTE, KMeansSMOTE, CondensedNearestNeighbour,
           OneSidedSelection, InstanceHardnessThreshold, SMOTEENN,
           SMOTETomek): sampling_strategy_; the rows sample_indices_ names
           are the rows returned; over-samplers return the input rows first,
           unchanged.
In every case both raise, or neither does (smrt's ParameterError / DataError
against imbalanced-learn's ValueError / RuntimeError), except KMeansSMOTE,
whose random clustering decides whether a cluster qualifies. Cases where
imbalanced-learn itself fails with another exception (its
InstanceHardnessThreshold on string labels) are counted as skipped.

Data sets vary the row count (20-300), columns (1-20), classes (2-4, weights
drawn), label type (integers, negative, strings) and kind: gaussian blobs,
an integer grid (distance ties everywhere) and duplicated rows. Parameters
(sampling_strategy forms, neighbour counts, kind_sel, version) are drawn per
case. A failure prints the seed and case to rerun it alone.

  /usr/bin/python3 tests/parity/parity_fuzz.py --seed 0 --cases 40          # the ctest run
  /usr/bin/python3 tests/parity/parity_fuzz.py --seed 1 --seconds 3600      # the long run
  /usr/bin/python3 tests/parity/parity_fuzz.py --seed 7 --case 13 -v        # one case again
"""
import argparse
import os
import sys
import time
import warnings
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
# This checkout's package (SMRT_PYTHON_DIR: another one's).
sys.path.insert(0, os.environ.get("SMRT_PYTHON_DIR", os.path.join(HERE, "..", "..", "python")))

import smrt  # noqa: E402,I001  (first: it sets OpenBLAS up before numpy loads it)
import smrt.combine  # noqa: E402
import smrt.over_sampling  # noqa: E402
import smrt.under_sampling  # noqa: E402

import numpy as np  # noqa: E402
import imblearn  # noqa: E402
from imblearn import combine, over_sampling, under_sampling  # noqa: E402

ROWS, ROWS_SORTED, COUNTS, COUNTS_NEAR, ORDER, STRATEGY = (
    "rows", "rows_sorted", "counts", "counts_near", "order", "strategy")
# Samplers whose random draws decide whether they fail (KMeansSMOTE: whether a
# cluster qualifies), so one side may raise where the other does not.
RANDOM_ERRORS = {"KMeansSMOTE"}


def over_strategies(rng, labels, counts):
    # Not 'minority': imbalanced-learn 0.10.0's parameter check rejects it for
    # over-samplers although its check_sampling_strategy (and smrt) take it.
    forms = ["auto", "not majority", "not minority", "all"]
    if len(labels) == 2:
        ratio = max(counts.values()) and min(counts.values()) / max(counts.values())
        forms.append(float(np.round(rng.uniform(ratio, 1.0), 2)))
    majority = max(counts.values())
    target = {c: int(rng.integers(n, majority + 20)) for c, n in counts.items() if rng.random() < 0.6}
    if target:
        forms.append(target)
    return forms


def under_strategies(rng, labels, counts):
    forms = ["auto", "majority", "not minority", "not majority", "all"]
    if len(labels) == 2:
        ratio = min(counts.values()) / max(counts.values())
        forms.append(float(np.round(rng.uniform(ratio, 1.0), 2)))
    target = {c: int(rng.integers(1, n + 1)) for c, n in counts.items() if rng.random() < 0.6}
    if target:
        forms.append(target)
    return forms


def clean_strategies(rng, labels, counts):
    forms = ["auto", "majority", "not minority", "not majority", "all"]
    pick = [c for c in labels if rng.random() < 0.5]
    if pick:
        forms.append(pick)
    return forms


# name -> (module, what must agree, strategy forms, parameter draws, data it needs)
def k(rng, lo, hi):
    return int(rng.integers(lo, hi + 1))


SAMPLERS = {
    "RandomOverSampler": ("over_sampling", COUNTS, over_strategies, lambda r: {}, None),
    "SMOTE": ("over_sampling", COUNTS, over_strategies, lambda r: {"k_neighbors": k(r, 1, 6)}, None),
    "SMOTEN": ("over_sampling", COUNTS, over_strategies, lambda r: {"k_neighbors": k(r, 1, 6)}, "categorical"),
    "SMOTENC": ("over_sampling", COUNTS, over_strategies,
                lambda r: {"k_neighbors": k(r, 1, 6), "categorical_features": [0]}, "mixed"),
    "BorderlineSMOTE": ("over_sampling", COUNTS, over_strategies,
                        lambda r: {"k_neighbors": k(r, 1, 6), "m_neighbors": k(r, 2, 10),
                                   "kind": str(r.choice(["borderline-1", "borderline-2"]))}, None),
    "SVMSMOTE": ("over_sampling", STRATEGY, over_strategies,
                 lambda r: {"k_neighbors": k(r, 1, 6), "m_neighbors": k(r, 2, 10)}, None),
    "ADASYN": ("over_sampling", COUNTS, over_strategies, lambda r: {"n_neighbors": k(r, 1, 6)}, None),
    "KMeansSMOTE": ("over_sampling", STRATEGY, over_strategies,
                    lambda r: {"k_neighbors": 2, "cluster_balance_threshold": 0.05}, None),
    "RandomUnderSampler": ("under_sampling", COUNTS, under_strategies,
                           lambda r: {"replacement": bool(r.random() < 0.3)}, None),
    "NearMiss": ("under_sampling", ROWS, under_strategies,
                 lambda r: {"version": k(r, 1, 3), "n_neighbors": k(r, 1, 5), "n_neighbors_ver3": k(r, 1, 5)}, None),
    "ClusterCentroids": ("under_sampling", ORDER, under_strategies,
                         lambda r: {"voting": str(r.choice(["hard", "soft"]))}, None),
    "TomekLinks": ("under_sampling", ROWS, clean_strategies, lambda r: {}, None),
    "EditedNearestNeighbours": ("under_sampling", ROWS, clean_strategies,
                                lambda r: {"n_neighbors": k(r, 1, 5), "kind_sel": str(r.choice(["all", "mode"]))},
                                None),
    "RepeatedEditedNearestNeighbours": ("under_sampling", ROWS_SORTED, clean_strategies,
                                        lambda r: {"n_neighbors": k(r, 1, 5), "max_iter": k(r, 1, 100),
                                                   "kind_sel": str(r.choice(["all", "mode"]))}, None),
    "AllKNN": ("under_sampling", ROWS, clean_strategies,
               lambda r: {"n_neighbors": k(r, 1, 5), "kind_sel": str(r.choice(["all", "mode"])),
                          "allow_minority": bool(r.random() < 0.5)}, None),
    # smrt's class runs the installed imbalanced-learn's rule (its `rule` parameter's default): 0.10's with
    # kind_sel and a threshold below 1, or 0.12's, which has no kind_sel and takes larger thresholds.
    "NeighbourhoodCleaningRule": ("under_sampling", ROWS, clean_strategies,
                                  (lambda r: {"n_neighbors": k(r, 1, 5),
                                              "threshold_cleaning": float(np.round(r.uniform(0.01, 3), 2))})
                                  if smrt.under_sampling.NeighbourhoodCleaningRule().rule == "imblearn-0.12" else
                                  (lambda r: {"n_neighbors": k(r, 1, 5), "kind_sel": str(r.choice(["all", "mode"])),
                                              "threshold_cleaning": float(np.round(r.uniform(0, 1), 2))}), None),
    "CondensedNearestNeighbour": ("under_sampling", STRATEGY, clean_strategies, lambda r: {}, None),
    "OneSidedSelection": ("under_sampling", STRATEGY, clean_strategies, lambda r: {}, None),
    "InstanceHardnessThreshold": ("under_sampling", STRATEGY, under_strategies, lambda r: {"cv": k(r, 2, 5)}, None),
    "SMOTEENN": ("combine", STRATEGY, over_strategies, lambda r: {}, None),
    "SMOTETomek": ("combine", STRATEGY, over_strategies, lambda r: {}, None),
}
# smrt parameters imbalanced-learn spells differently (or not at all).
SMRT_ONLY = {"SMOTEENN": ("k_neighbors", "n_neighbors", "kind_sel")}


def imblearn_sampler(name, params, seed):
    module = {"over_sampling": over_sampling, "under_sampling": under_sampling, "combine": combine}
    cls = getattr(module[SAMPLERS[name][0]], name)
    kwargs = dict(params)
    if name == "InstanceHardnessThreshold":
        from sklearn.linear_model import LogisticRegression
        kwargs["estimator"] = LogisticRegression(solver="liblinear")
    if name == "ClusterCentroids":
        from sklearn.cluster import KMeans
        kwargs["estimator"] = KMeans(n_clusters=8, n_init=1, random_state=seed)
    if "random_state" in cls.__init__.__code__.co_varnames:
        kwargs["random_state"] = seed
    return cls(**kwargs)


def smrt_sampler(name, params, seed):
    module = {"over_sampling": smrt.over_sampling, "under_sampling": smrt.under_sampling, "combine": smrt.combine}
    cls = getattr(module[SAMPLERS[name][0]], name)
    kwargs = dict(params)
    if "random_state" in cls.__init__.__code__.co_varnames:
        kwargs["random_state"] = seed
    return cls(**kwargs)


def make_data(rng):
    """A random labelled table; returns X (float32), y, and the kind."""
    kind = str(rng.choice(["gauss", "gauss", "grid", "duplicates", "categorical", "mixed"]))
    n = int(rng.integers(20, 301))
    d = int(rng.integers(1, 21)) if kind == "gauss" else int(rng.integers(1, 16))
    n_classes = int(rng.integers(2, 5))
    weights = rng.dirichlet(np.ones(n_classes)) + 0.05
    weights /= weights.sum()
    y_ids = rng.choice(n_classes, size=n, p=weights)
    y_ids[:n_classes] = np.arange(n_classes)  # every class present
    if kind in ("gauss", "duplicates"):
        centres = rng.normal(scale=rng.uniform(0.5, 3.0), size=(n_classes, d))
        X = centres[y_ids] + rng.normal(size=(n, d))
        if kind == "duplicates":
            src = rng.integers(0, n, size=n // 4)
            dst = rng.integers(0, n, size=n // 4)
            X[dst] = X[src]
            if rng.random() < 0.5:
                y_ids[dst] = y_ids[src]  # copies with the same label; else relabelled copies too
    elif kind == "mixed":
        X = rng.normal(size=(n, max(d, 2)))
        X[:, 0] = rng.integers(0, 4, size=n)
    else:  # grid and categorical: small integers, ties everywhere
        X = rng.integers(0, 4, size=(n, d)).astype(np.float64) + y_ids[:, None] * (kind == "grid")
    X = X.astype(np.float32)
    label_kind = rng.choice(["ids", "spread", "strings"])
    if label_kind == "ids":
        y = y_ids.astype(np.int64)
    elif label_kind == "spread":
        values = np.sort(rng.choice(np.arange(-5, 50), size=n_classes, replace=False))
        y = values[y_ids].astype(np.int64)
    else:
        names = np.array(sorted(rng.choice(["a", "b", "cat", "dog", "fraud", "ok"], size=n_classes, replace=False)))
        y = names[y_ids]
    return X, y, kind


class ImblearnBug(Exception):
    """imbalanced-learn failed where it should not have (e.g. InstanceHardnessThreshold
    indexes its probabilities with string labels): nothing to compare with."""


def run(sampler, X, y, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            X_res, y_res = sampler.fit_resample(X, y)
        except expected as e:
            return None, None, "%s: %s" % (type(e).__name__, (str(e).splitlines() or [""])[0][:160])
        except Exception as e:
            if expected is SMRT_ERRORS:
                raise
            raise ImblearnBug("%s: %s" % (type(e).__name__, e)) from e
    return np.asarray(X_res), np.asarray(y_res), None


SMRT_ERRORS = (smrt.SmrtError,)
IMBLEARN_ERRORS = (ValueError, RuntimeError)


def as_plain(strategy):
    return {str(c): int(n) for c, n in strategy.items()}


def check(name, X, y, params, seed):
    """'' when smrt and imbalanced-learn agree, else what differs."""
    what = SAMPLERS[name][1]
    if name == "BorderlineSMOTE" and params["kind"] == "borderline-2":
        what = COUNTS_NEAR  # a Beta(10, 10) draw splits the rows: within one row of the target
    ours = smrt_sampler(name, params, seed)
    theirs = imblearn_sampler(name, {p: v for p, v in params.items() if p not in SMRT_ONLY.get(name, ())}, seed)
    Xs, ys, err_s = run(ours, X, y, SMRT_ERRORS)
    try:
        Xi, yi, err_i = run(theirs, X, y, IMBLEARN_ERRORS)
    except ImblearnBug:
        return None
    if err_s or err_i:
        if bool(err_s) != bool(err_i) and name not in RANDOM_ERRORS:
            return "smrt: %s; imblearn: %s" % (err_s or "ok", err_i or "ok")
        return ""
    # SMOTEENN / SMOTETomek keep the raw value; their SMOTE has the dict.
    strategy_i = theirs.smote_.sampling_strategy_ if hasattr(theirs, "smote_") else theirs.sampling_strategy_
    if as_plain(ours.sampling_strategy_) != as_plain(strategy_i):
        return "sampling_strategy_ smrt %s, imblearn %s" % (as_plain(ours.sampling_strategy_), as_plain(strategy_i))
    if ys.dtype.kind != yi.dtype.kind or Xs.dtype != X.dtype:
        return "dtypes: smrt X %s y %s, imblearn y %s" % (Xs.dtype, ys.dtype, yi.dtype)
    # A kept row is an input row of the same class (over-samplers: the inputs come first).
    if hasattr(ours, "sample_indices_"):
        idx = np.asarray(ours.sample_indices_)
        if not (np.array_equal(Xs[:len(idx)], X[idx]) and np.array_equal(ys[:len(idx)], y[idx])):
            return "X_res / y_res are not the rows sample_indices_ names"
    if SAMPLERS[name][0] == "over_sampling" and not (np.array_equal(Xs[:len(X)], X) and np.array_equal(ys[:len(y)], y)):
        return "the input rows do not come back first, unchanged"
    if what == STRATEGY:
        return ""
    counts_s, counts_i = Counter(ys.tolist()), Counter(yi.tolist())
    if what == COUNTS_NEAR:
        if set(counts_s) == set(counts_i) and all(abs(counts_s[c] - counts_i[c]) <= 1 for c in counts_s):
            return ""
    if counts_s != counts_i:
        return "class counts smrt %s, imblearn %s" % (dict(sorted(counts_s.items())), dict(sorted(counts_i.items())))
    if what == COUNTS:
        return ""
    if what == ORDER:
        if not np.array_equal(ys, yi):
            return "y_res differs row for row (same counts, another class order)"
        alone = ~np.isin(yi, np.array(list(strategy_i)))
        if not np.array_equal(Xs[alone], Xi[alone]):
            return "the rows of the classes left alone differ or are elsewhere"
        return ""
    idx_s, idx_i = np.asarray(ours.sample_indices_), np.asarray(theirs.sample_indices_)
    if what == ROWS_SORTED:
        idx_s, idx_i = np.sort(idx_s), np.sort(idx_i)
    elif not (Xs.tobytes() == Xi.tobytes() and np.array_equal(ys, yi)):
        if np.array_equal(idx_s, idx_i):
            return "same sample_indices_ but different X_res / y_res"
    if not np.array_equal(idx_s, idx_i):
        only_s = sorted(set(idx_s.tolist()) - set(idx_i.tolist()))
        only_i = sorted(set(idx_i.tolist()) - set(idx_s.tolist()))
        return "kept rows differ: only smrt %s, only imblearn %s%s" % (
            only_s[:10], only_i[:10], " (same set, other order)" if not only_s and not only_i else "")
    return ""


def cases(seed):
    """(case number, sampler, X, y, kind, params) forever, reproducible from the seed."""
    rng = np.random.default_rng(seed)
    names = sorted(SAMPLERS)
    i = 0
    while True:
        X, y, kind = make_data(rng)
        labels, counts = np.unique(y, return_counts=True)
        counts = {c: int(n) for c, n in zip(labels.tolist(), counts)}
        for name in names:
            params = SAMPLERS[name][3](rng)
            forms = SAMPLERS[name][2](rng, labels.tolist(), counts)
            params["sampling_strategy"] = forms[int(rng.integers(0, len(forms)))]
            yield i, name, X, y, kind, params
            i += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cases", type=int, default=0, help="stop after this many cases (0: no limit)")
    ap.add_argument("--seconds", type=float, default=0, help="stop after this long (0: no limit)")
    ap.add_argument("--case", type=int, default=None, help="run this case only")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if not args.cases and not args.seconds and args.case is None:
        args.cases = 40
    start = time.time()
    failures, ran, skipped, per = [], 0, 0, Counter()
    for i, name, X, y, kind, params in cases(args.seed):
        if args.case is not None and i != args.case:
            if i > args.case:
                break
            continue
        problem = check(name, X, y, params, args.seed + i)
        if problem is None:
            skipped += 1
            continue
        ran += 1
        per[name] += 1
        desc = "case %d %s %s %s X%s y=%s params=%s" % (i, name, kind, "", X.shape, np.unique(y).tolist(), params)
        if args.verbose:
            print(desc, "->", problem or "agree", flush=True)
        if problem:
            failures.append("%s\n    %s\n    rerun: %s --seed %d --case %d -v" % (desc, problem, sys.argv[0], args.seed, i))
        if args.case is not None or (args.cases and ran >= args.cases) or \
                (args.seconds and time.time() - start >= args.seconds):
            break
    print("parity fuzz: seed %d, %d cases (%d samplers, %d data sets) in %.1f s, imbalanced-learn %s: %d differ"
          " (%d cases skipped: imbalanced-learn itself failed)"
          % (args.seed, ran, len(per), (ran + skipped + len(SAMPLERS) - 1) // len(SAMPLERS), time.time() - start,
             imblearn.__version__, len(failures), skipped))
    for f in failures:
        print("DIFFERS:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
