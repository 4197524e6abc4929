#!/usr/bin/python3
"""smrt's samplers from the smote-variants ranking against smote-variants itself.

smote-variants (analyticalmindsltd/smote_variants, Kovacs 2019) is the
reference implementation of the ranking. It is never a dependency of smrt:
on first run this script fetches its pinned release (`pip download --no-deps`
of the wheel, i.e. its source files) into bench/.cache/ (git-ignored) and puts
it on sys.path. Its optional imports that Debian lacks (metric_learn, minisom,
seaborn, matplotlib) are stubbed: the classes compared here do not use them.

For each CASES entry (our method, the smote-variants class, the parameters of
each side) on five binary tables (fixed seeds):
  * class counts of both outputs;
  * the new rows' distribution, the rows of --seeds runs pooled on each side
    (one run is one random draw; the distribution is the sampler's): per-feature
    two-sample KS test, ours against the reference's (the smallest p-value over
    the features), and the mean distance from each new row to its nearest real
    minority row (relative difference to the reference's); a case passes when
    every feature has p > 0.01 or the mean NN distance is within 5%. The same
    figures for the reference against itself (its next --seeds seeds) show what
    the test gives for one and the same method (the "ref vs ref" columns);
  * for the references that place a new row on its segment (simplex) with
    smote-variants' "random" weights (w_i uniform, normalised: positions pile
    up near the middle), a second table against the same reference with
    uniform positions (Dirichlet(1) weights: the papers' and imbalanced-learn's
    uniform gap), which isolates that one documented difference;
  * speed on a 20,000 x 20 table with 5% minority, both in this process: ours
    through smrt.<module>.<Class>.fit_resample, the reference's .sample().
Methods not in this build (another branch adds them) are skipped with a note.

OpenBLAS: smrt is imported first, so it picks OpenBLAS's kernels before numpy
loads the library (python/smrt/_openblas.py); OPENBLAS_CORETYPE itself cannot
be changed once a process runs: set it in the environment before starting
Python if you want another kernel. The table header prints what was set.

  /usr/bin/python3 bench/smote_variants_parity.py
  /usr/bin/python3 bench/smote_variants_parity.py --cases prowsyn,safe_level_smote --repeats 3
"""
import argparse
import glob
import os
import subprocess
import sys
import time
import types
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CACHE = os.path.join(HERE, ".cache")
SV_VERSION = "1.0.1"  # the release the figures in docs/benchmarks.md were made with
USER_CORETYPE = os.environ.get("OPENBLAS_CORETYPE")
sys.path.insert(0, os.path.join(ROOT, "python"))

import smrt  # noqa: E402  (first: it picks OpenBLAS's kernels before numpy loads it)
from smrt import _core  # noqa: E402

import numpy as np  # noqa: E402
from scipy.stats import ks_2samp  # noqa: E402
from sklearn import datasets  # noqa: E402
from sklearn.neighbors import NearestNeighbors  # noqa: E402

# One entry per compared configuration: label, our method (registry name),
# our parameters, the smote-variants class, its parameters. Ours use smrt's
# names (k_neighbors for smote-variants' n_neighbors, sampling_strategy for
# proportion); defaults are each side's own.
CASES = [
    # The control: SMOTE on both sides. smote-variants' SMOTE draws a row's position on its segment as
    # w2 / (w1 + w2) with w1, w2 uniform (its "random" simplex sampling), nearer the middle than
    # SMOTE's uniform position, so its rows sit further from the real ones.
    ("smote (control)", "smote", {}, "SMOTE", {}),
    ("polynom_fit_smote star", "polynom_fit_smote", {}, "polynom_fit_SMOTE_star", {}),
    ("polynom_fit_smote bus", "polynom_fit_smote", {"topology": "bus"}, "polynom_fit_SMOTE_bus", {}),
    ("polynom_fit_smote mesh", "polynom_fit_smote", {"topology": "mesh"}, "polynom_fit_SMOTE_mesh", {}),
    ("polynom_fit_smote poly_2", "polynom_fit_smote", {"topology": "poly_2"}, "polynom_fit_SMOTE_poly", {"order": 2}),
    ("prowsyn", "prowsyn", {}, "ProWSyn", {}),
    ("smote_ipf", "smote_ipf", {}, "SMOTE_IPF", {}),
    ("safe_level_smote", "safe_level_smote", {}, "Safe_Level_SMOTE", {}),
    ("mwmote", "mwmote", {}, "MWMOTE", {}),
    # The same with smote-variants' defaults on our side (k2 = k3 = 5, cmax = 10, M = 10 clusters: average
    # linkage cut at 10 against its k-means), which isolates the parameter differences.
    ("mwmote (reference's parameters)", "mwmote", {"k2": 5, "k3": 5, "cmax": 10.0, "M": 10}, "MWMOTE", {}),
    # No gsmote entry: smote-variants' G_SMOTE is Sandhan & Choi's method (ICPR 2014), not Douzas &
    # Bacao's Geometric SMOTE; bench/smote_variants_b_check.py compares ours with the authors' own
    # package (imbalanced-learn-extra's GeometricSMOTE).
    ("smobd", "smobd", {}, "SMOBD", {}),
    # At its default max_eps = 1 smote-variants' SMOBD adds no row on these tables (docs/over_sampling.md):
    # both sides at max_eps = 8, where it does.
    ("smobd (max_eps 8)", "smobd", {"max_eps": 8.0}, "SMOBD", {"max_eps": 8.0}),
]

STUBBABLE = ("metric_learn", "minisom", "seaborn", "matplotlib", "tensorflow", "keras")


def smote_variants():
    """The pinned smote-variants, fetched into bench/.cache on first use."""
    target = os.path.join(CACHE, "smote_variants-" + SV_VERSION)
    if not os.path.isdir(os.path.join(target, "smote_variants")):
        os.makedirs(CACHE, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                        "smote-variants==" + SV_VERSION, "-d", CACHE], check=True)
        wheel = glob.glob(os.path.join(CACHE, "smote_variants-%s-*.whl" % SV_VERSION))[0]
        with zipfile.ZipFile(wheel) as z:
            z.extractall(target)
    sys.path.insert(0, target)

    class Missing:
        def __init__(self, *args, **kwargs):
            raise ImportError("stubbed by bench/smote_variants_parity.py")

    class Stub(types.ModuleType):
        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            return Missing

    import logging
    logging.getLogger("smote_variants").setLevel(logging.WARNING)
    while True:
        try:
            import smote_variants as sv
            logging.getLogger("smote_variants").setLevel(logging.WARNING)
            return sv
        except ModuleNotFoundError as e:
            if e.name.split(".")[0] not in STUBBABLE:
                raise
            for name in [n for n in sys.modules if n.startswith("smote_variants")]:
                del sys.modules[name]
            sys.modules[e.name] = Stub(e.name)


def tables():
    """Five binary tables, minority label 1."""
    out = []
    X, y = datasets.make_classification(n_samples=1000, n_features=8, n_informative=5, weights=[0.9],
                                        random_state=1)
    out.append(("make_classification 1000x8 10%", X, y))
    X, y = datasets.make_classification(n_samples=600, n_features=12, n_informative=6, weights=[0.8],
                                        flip_y=0.02, class_sep=0.8, random_state=2)
    out.append(("make_classification 600x12 20% flip", X, y))
    X, y = datasets.load_breast_cancer(return_X_y=True)
    out.append(("breast cancer (malignant)", X, (y == 0).astype(int)))
    X, y = datasets.load_wine(return_X_y=True)
    out.append(("wine (class 2 vs rest)", X, (y == 2).astype(int)))
    X, y = datasets.load_digits(return_X_y=True)
    out.append(("digits (0 vs rest)", X.astype(float), (y == 0).astype(int)))
    return out


def our_class(method):
    info = next((m for m in _core.methods() if m["name"] == method), None)
    if info is None:
        return None
    module = {"over": smrt.over_sampling, "combine": smrt.combine}[info["family"]]
    return getattr(module, smrt._estimator.class_name_of(info))


def new_rows(X, X_out):
    """The output's rows that are not input rows (kept rows come first on both sides,
    but SMOTE-IPF may drop some of them)."""
    if len(X_out) >= len(X) and np.array_equal(X_out[:len(X)], X.astype(X_out.dtype)):
        return X_out[len(X):]
    seen = {r.tobytes() for r in X.astype(np.float32)}
    return X_out[[r.tobytes() not in seen for r in X_out.astype(np.float32)]]


def pooled_new_rows(X, outputs):
    """The new rows of several runs, stacked."""
    rows = [new_rows(X, np.asarray(Xo, dtype=float)) for Xo, _ in outputs]
    return np.vstack(rows) if rows else np.zeros((0, X.shape[1]))


def distribution_test(X, y, new_a, new_b):
    """(smallest per-feature KS p, mean NN distance of a, of b, relative difference, pass)."""
    if len(new_a) < 2 or len(new_b) < 2:
        return float("nan"), float("nan"), float("nan"), float("nan"), False
    p_min = min(ks_2samp(new_a[:, j], new_b[:, j]).pvalue if np.ptp(np.r_[new_a[:, j], new_b[:, j]]) > 0 else 1.0
                for j in range(X.shape[1]))
    nn = NearestNeighbors(n_neighbors=1).fit(X[y == 1])
    d_a = nn.kneighbors(new_a)[0].mean()
    d_b = nn.kneighbors(new_b)[0].mean()
    rel = abs(d_a - d_b) / d_b if d_b > 0 else (0.0 if d_a == 0 else float("inf"))
    return p_min, d_a, d_b, rel, p_min > 0.01 or rel <= 0.05


def compare(X, y, ours, theirs, theirs_again):
    """ours, theirs, theirs_again: lists of (X_out, y_out), one per seed (the first gives the counts)."""
    counts_o, counts_r = np.bincount(ours[0][1], minlength=2), np.bincount(theirs[0][1], minlength=2)
    new_r = pooled_new_rows(X, theirs)
    p, d_o, d_r, rel, ok = distribution_test(X, y, pooled_new_rows(X, ours), new_r)
    p_rr, _, _, rel_rr, ok_rr = distribution_test(X, y, pooled_new_rows(X, theirs_again), new_r)
    return counts_o, counts_r, p, d_o, d_r, rel, ok, p_rr, rel_rr, ok_rr


# Cases whose reference draws positions with smote-variants' random simplex weights.
SIMPLEX_RANDOM = ("smote (control)", "prowsyn", "smote_ipf", "mwmote", "mwmote (reference's parameters)")


class uniform_positions:
    """Within the block, smote-variants' random simplex sampling draws its weights
    from Dirichlet(1) (uniform on the segment) instead of normalised uniforms."""

    def __enter__(self):
        from smote_variants.base import _simplexsampling as simplex
        self.module, self.original = simplex, simplex.random_samples_from_simplices
        original = self.original

        def patched(X, simplices, X_vertices=None, vertex_weights=None, random_state=None):
            class Exponential:  # exponential draws, normalised by the caller: Dirichlet(1)
                def random_sample(self, size):
                    return random_state.standard_exponential(size)
            return original(X, simplices, X_vertices, vertex_weights, Exponential())

        simplex.random_samples_from_simplices = patched
        return self

    def __exit__(self, *exc):
        self.module.random_samples_from_simplices = self.original


def best_time(fn, repeats):
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", default="", help="comma-separated labels or methods (default: all)")
    ap.add_argument("--repeats", type=int, default=3, help="speed: smrt's best of this many runs")
    ap.add_argument("--ref-repeats", type=int, default=1, help="speed: smote-variants' best of this many runs "
                    "(it takes minutes per method at 20,000 rows)")
    ap.add_argument("--no-speed", action="store_true", help="only the parity table")
    ap.add_argument("--no-parity", action="store_true", help="only the speed table")
    ap.add_argument("--speed-rows", type=int, default=20000)
    ap.add_argument("--seeds", type=int, default=5, help="parity: runs pooled per side (seeds 0..N-1; the "
                    "reference's self-check uses seeds N..2N-1)")
    args = ap.parse_args()
    sv = smote_variants()
    wanted = [c for c in args.cases.split(",") if c]
    cases = [c for c in CASES if not wanted or c[0] in wanted or c[1] in wanted]
    print("smote-variants %s, smrt %s; OPENBLAS_CORETYPE at start: %s; threads: smrt default (all cores), "
          "smote-variants n_jobs=1\n" % (sv.__version__, getattr(smrt, "__version__", "?"), USER_CORETYPE))

    if not args.no_parity:
        print("New rows of %d seeds pooled per side; ref vs ref: the reference's seeds %d-%d against its "
              "seeds 0-%d.\n" % (args.seeds, args.seeds, 2 * args.seeds - 1, args.seeds - 1))
        print("| case | table | counts ours | counts ref | min KS p | NN dist ours | NN dist ref | rel. diff | pass "
              "| ref vs ref: min KS p | rel. diff | pass |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    runnable = []
    for label, method, ours_p, ref_cls, ref_p in cases:
        cls = our_class(method)
        if cls is None:
            print("| %s | skipped: method '%s' is not in this build | | | | | | | |" % (label, method))
            continue
        runnable.append((label, cls, ours_p, getattr(sv, ref_cls), ref_p))
        for name, X, y in ([] if args.no_parity else tables()):
            seeds = range(args.seeds)
            ours = [cls(random_state=s, **ours_p).fit_resample(X, y) for s in seeds]
            ref = [getattr(sv, ref_cls)(random_state=s, **ref_p).sample(X, y) for s in seeds]
            ref_again = [getattr(sv, ref_cls)(random_state=args.seeds + s, **ref_p).sample(X, y) for s in seeds]
            co, cr, p, d_o, d_r, rel, ok, p_rr, rel_rr, ok_rr = compare(X, y, ours, ref, ref_again)
            print("| %s | %s | %s | %s | %.3g | %.4g | %.4g | %.1f%% | %s | %.3g | %.1f%% | %s |" % (
                label, name, "/".join(map(str, co)), "/".join(map(str, cr)), p, d_o, d_r, 100 * rel,
                "yes" if ok else "no", p_rr, 100 * rel_rr, "yes" if ok_rr else "no"), flush=True)

    patched = [c for c in runnable if c[0] in SIMPLEX_RANDOM]
    if patched and not args.no_parity:
        print("\nThe same, against the reference with uniform positions on its segments (Dirichlet(1) "
              "simplex weights instead of its normalised uniforms):\n")
        print("| case | table | min KS p | NN dist ours | NN dist ref | rel. diff | pass |")
        print("|---|---|---|---|---|---|---|")
        with uniform_positions():
            for label, cls, ours_p, ref_cls, ref_p in patched:
                for name, X, y in tables():
                    seeds = range(args.seeds)
                    ours = [cls(random_state=s, **ours_p).fit_resample(X, y) for s in seeds]
                    ref = [ref_cls(random_state=s, **ref_p).sample(X, y) for s in seeds]
                    p, d_o, d_r, rel, ok = distribution_test(X, y, pooled_new_rows(X, ours), pooled_new_rows(X, ref))
                    print("| %s | %s | %.3g | %.4g | %.4g | %.1f%% | %s |" % (
                        label, name, p, d_o, d_r, 100 * rel, "yes" if ok else "no"), flush=True)

    if args.no_speed:
        return
    n = args.speed_rows
    X, y = datasets.make_classification(n_samples=n, n_features=20, n_informative=10, n_redundant=5,
                                        weights=[0.95], flip_y=0.01, random_state=0)
    X = X.astype(np.float32)
    print("\nSpeed on %d x 20, %.1f%% minority (seconds; smrt best of %d, smote-variants best of %d):\n" % (
        n, 100 * y.mean(), args.repeats, args.ref_repeats))
    print("| case | smrt | smote-variants | ratio |")
    print("|---|---|---|---|")
    for label, cls, ours_p, ref_cls, ref_p in runnable:
        t_o = best_time(lambda: cls(random_state=0, **ours_p).fit_resample(X, y), args.repeats)
        t_r = best_time(lambda: ref_cls(random_state=0, **ref_p).sample(X.astype(float), y), args.ref_repeats)
        print("| %s | %.4f | %.3f | %.0fx |" % (label, t_o, t_r, t_r / t_o), flush=True)


if __name__ == "__main__":
    main()
