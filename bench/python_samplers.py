#!/usr/bin/python3
"""smrt's Python package against imbalanced-learn 0.10, in one process, and
against the CLI's in-process time.

On the 200,000 x 20 tables of the C++ benchmarks (float32, 5% minority): the
over-samplers on bench/knn_samplers.py's (make_classification with 10
informative and 5 redundant features, flip_y 0.01), the cleaning samplers on
bench/under_samplers.py's (make_classification's defaults), so each figure
sits beside its C++ benchmark. Each method runs --repeats times per side, alternating,
and keeps its fastest run: smrt's Python fit_resample (the whole call: input
checks, the C++ work, the output arrays), imbalanced-learn's fit_resample, and
`smrt resample`'s reported fit_resample time (the C++ call alone, in a fresh
process per run). Reported: imblearn / smrt-Python (the speed-up a Python user
gets) and smrt-Python / CLI in-process - 1 (what the Python layer costs).
The deterministic samplers' rows are compared with imbalanced-learn's.

Then OpenBLAS inside Python (see python/smrt/_openblas.py): a small VAE fit in
two fresh processes, one importing smrt before numpy (smrt picks the kernels)
and one after (OpenBLAS's own pick), as rows per second.

  /usr/bin/python3 bench/python_samplers.py --smrt build/smrt
  /usr/bin/python3 bench/python_samplers.py --smrt build/smrt --methods smote --repeats 3
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "python"))
USER_CORETYPE = os.environ.get("OPENBLAS_CORETYPE")  # before smrt sets it for this process

import smrt  # noqa: E402  (first: it picks OpenBLAS's kernels before numpy loads the library)

import numpy as np  # noqa: E402

# name -> (smrt class, imblearn class, CLI method, deterministic, table)
METHODS = {
    "smote": ("over_sampling.SMOTE(random_state=0)", "over_sampling.SMOTE(random_state=0)", "smote", False, "over"),
    "adasyn": ("over_sampling.ADASYN(random_state=0)", "over_sampling.ADASYN(random_state=0)", "adasyn", False,
               "over"),
    "enn": ("under_sampling.EditedNearestNeighbours()", "under_sampling.EditedNearestNeighbours()", "enn", True,
            "under"),
    "tomek": ("under_sampling.TomekLinks()", "under_sampling.TomekLinks()", "tomek", True, "under"),
}

VAE_RUN = r"""
import sys, time, json
first = sys.argv[1]
if first == "smrt":
    sys.path.insert(0, sys.argv[2]); import smrt
import numpy as np
if first == "numpy":
    sys.path.insert(0, sys.argv[2]); import smrt
from smrt.autoencode import VariationalAutoEncoder
X = np.load(sys.argv[3]).reshape(-1, 784).astype(np.float32)[:8000] / 255.0
vae = VariationalAutoEncoder(n_hidden=400, n_latent_factors=20, n_epochs=3, batch_size=256, learning_function="adam",
                             learning_rate=0.001, random_state=0)
t = time.perf_counter(); vae.fit(X); t = time.perf_counter() - t
s = smrt.blas_status()
print(json.dumps({"rows_per_s": 3 * len(X) / t, "core": s["core"], "decision": s["decision"]}))
"""


def make_data(rows, table):
    """bench/knn_samplers.py's table ("over") or bench/under_samplers.py's ("under")."""
    from sklearn.datasets import make_classification
    if table == "over":
        X, y = make_classification(n_samples=rows, n_features=20, n_informative=10, n_redundant=5,
                                   weights=[0.95], flip_y=0.01, random_state=0)
    else:
        X, y = make_classification(n_samples=rows, n_features=20, weights=[0.95], random_state=0)
    return X.astype(np.float32), y.astype(np.int64)


def timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t0, out


def cli_seconds(smrt_bin, x, y, method, folder):
    cmd = [smrt_bin, "resample", x, "--labels", y, "--method", method, "--seed", "0", "-o",
           os.path.join(folder, "cli_out")]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return float(re.search(r"->\s*\d+ rows in ([0-9.]+) s", out.stderr).group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--smrt", default=os.path.join(ROOT, "build", "smrt"), help="the CLI binary")
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--imblearn-repeats", type=int, default=2, help="imbalanced-learn runs (ENN/Tomek take minutes)")
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--no-vae", action="store_true", help="skip the OpenBLAS VAE comparison")
    args = ap.parse_args()

    from imblearn import over_sampling as imb_over, under_sampling as imb_under  # noqa: F401
    from smrt import over_sampling, under_sampling  # noqa: F401

    threads = smrt._core.num_threads()
    lines = [f"make_classification {args.rows:,} x 20 float32, 5% minority (over-samplers: bench/knn_samplers.py's "
             f"table, cleaning samplers: bench/under_samplers.py's), {threads} threads, "
             f"imbalanced-learn {__import__('imblearn').__version__} in the same process "
             f"(OpenBLAS: {smrt.blas_status()['core']}), best of {args.repeats} (imblearn: "
             f"{args.imblearn_repeats}); load average at the start: {os.getloadavg()[0]:.1f}", "",
             "| method | imblearn (s) | smrt Python (s) | smrt CLI in-process (s) | speed-up | Python over CLI | "
             "same rows |", "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as folder:
        for name in args.methods.split(","):
            ours, theirs, method, deterministic, table = METHODS[name]
            X, y = make_data(args.rows, table)
            xp, yp = os.path.join(folder, table + "_X.npy"), os.path.join(folder, table + "_y.npy")
            if not os.path.exists(xp):
                np.save(xp, X)
                np.save(yp, y)
            py, cli, imb = [], [], []
            out_py = out_imb = None
            for r in range(args.repeats):
                s, out_py = timed(eval(ours).fit_resample, X, y)
                py.append(s)
                cli.append(cli_seconds(args.smrt, xp, yp, method, folder))
                if r < args.imblearn_repeats:
                    s, out_imb = timed(eval("imb_" + theirs.replace("over_sampling.", "over.")
                                             .replace("under_sampling.", "under.")).fit_resample, X, y)
                    imb.append(s)
            same = "-"
            if deterministic:
                same = "yes" if (np.array_equal(out_py[0], out_imb[0]) and np.array_equal(out_py[1], out_imb[1])) \
                    else "NO"
            else:
                same = "counts" if np.array_equal(np.bincount(out_py[1]), np.bincount(out_imb[1])) else "counts differ"
            b_py, b_cli, b_imb = min(py), min(cli), min(imb)
            lines.append(f"| {name} | {b_imb:.3f} | {b_py:.4f} | {b_cli:.4f} | **{b_imb / b_py:.1f}x** | "
                         f"{100 * (b_py / b_cli - 1):+.1f}% | {same} |")
            print(lines[-1], file=sys.stderr, flush=True)
        if not args.no_vae:
            digits = os.path.join(ROOT, "data", "mnist", "X.npy")
            lines += ["", "VAE 784-400-20 (Adam, batch 256, 3 epochs on 8,000 MNIST digits) in a fresh process:", "",
                      "| import order | OpenBLAS kernels | how chosen | rows/s |", "|---|---|---|---|"]
            env = dict(os.environ)  # the user's environment, not the one smrt tuned for this process
            env.pop("OPENBLAS_CORETYPE", None)
            if USER_CORETYPE:
                env["OPENBLAS_CORETYPE"] = USER_CORETYPE
            for first in ("smrt", "numpy"):
                out = subprocess.run([sys.executable, "-c", VAE_RUN, first, os.path.join(ROOT, "python"), digits],
                                     capture_output=True, text=True, check=True, env=env)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                lines.append(f"| {first} first | {r['core']} | {r['decision']} | {r['rows_per_s']:,.0f} |")
                print(lines[-1], file=sys.stderr, flush=True)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
