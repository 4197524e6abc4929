#!/usr/bin/python3
"""Side by side: imbalanced-learn 0.10 and smrt on the SMOTE family, plus the
exact kNN engine against this machine's SGEMM.

Both sides resample the same make_classification table (200,000 x 20, 5%
minority by default) and are timed on the resampling alone, data already in
memory: imblearn's fit_resample in a fresh Python process per method and
OpenBLAS setting (OPENBLAS_CORETYPE must be set before numpy loads OpenBLAS),
smrt's fit_resample as `smrt resample` reports it. imblearn runs twice: as
installed, and with OPENBLAS_CORETYPE given the core type smrt picks for this
CPU. Each side runs --repeats times (alternating, each run a fresh process) and
keeps its fastest run: sub-second runs on a shared 2-core machine vary by 1.5x.
Writes a Markdown table (times and ratios) to stdout and, with --write,
into the "Classical samplers" section of docs/benchmarks.md.

To add a row, add an entry to METHODS: (imblearn constructor, smrt --param
list, data variant). The under-samplers have their own script
(bench/under_samplers.py); this one owns the over-samplers and kNN rows.

  /usr/bin/python3 bench/knn_samplers.py --smrt build/smrt --knn-speed build/bench/knn_speed
  /usr/bin/python3 bench/knn_samplers.py --smrt build/smrt --rows 2000000 --methods smote,adasyn
  /usr/bin/python3 bench/knn_samplers.py --smrt build/smrt --write   # update docs/benchmarks.md
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# smrt method -> (imblearn constructor, smrt params, data variant)
#   variants: "dense" (the table), "mixed" (columns 0-1 made categorical),
#   "categorical" (every column binned into 5 levels), "subset" (first 20,000 rows:
#   SVMSMOTE's SVM is quadratic in rows on both sides).
METHODS = {
    "smote": ("over_sampling.SMOTE(random_state=0)", [], "dense"),
    "adasyn": ("over_sampling.ADASYN(random_state=0)", [], "dense"),
    "borderline_smote": ("over_sampling.BorderlineSMOTE(random_state=0)", [], "dense"),
    "borderline_smote-2": ("over_sampling.BorderlineSMOTE(random_state=0, kind='borderline-2')",
                           ["kind=borderline-2"], "dense"),
    "kmeans_smote": ("over_sampling.KMeansSMOTE(random_state=0, cluster_balance_threshold=0.01)",
                     ["cluster_balance_threshold=0.01"], "dense"),
    "smotenc": ("over_sampling.SMOTENC(categorical_features=[0, 1], random_state=0)",
                ["categorical_features=0,1"], "mixed"),
    "smoten": ("over_sampling.SMOTEN(random_state=0)", [], "categorical"),
    "svm_smote": ("over_sampling.SVMSMOTE(random_state=0)", [], "subset"),
    "ros": ("over_sampling.RandomOverSampler(random_state=0)", [], "dense"),
    "rus": ("under_sampling.RandomUnderSampler(random_state=0)", [], "dense"),
}

IMBLEARN_RUN = r"""
import sys, time, json, numpy as np
from imblearn import over_sampling, under_sampling
X = np.load(sys.argv[1]); y = np.load(sys.argv[2])
sampler = eval(sys.argv[3])
t0 = time.perf_counter()
Xr, yr = sampler.fit_resample(X, y)
t = time.perf_counter() - t0
from threadpoolctl import threadpool_info
core = [i.get("architecture") for i in threadpool_info() if i.get("internal_api") == "openblas"]
print(json.dumps({"seconds": t, "rows": int(len(yr)), "core": core[0] if core else None}))
"""


def make_data(rows, folder):
    from sklearn.datasets import make_classification
    X, y = make_classification(n_samples=rows, n_features=20, n_informative=10, n_redundant=5,
                               weights=[0.95], flip_y=0.01, random_state=0)
    X = X.astype(np.float32)
    variants = {"dense": X}
    mixed = X.copy()
    mixed[:, :2] = np.clip(np.round(mixed[:, :2]), -3, 3)  # 7 levels each
    variants["mixed"] = mixed
    variants["categorical"] = np.digitize(X, np.quantile(X, [0.2, 0.4, 0.6, 0.8], axis=0).mean(axis=1)).astype(np.float32)
    variants["subset"] = X[:20000]
    paths = {}
    for name, data in variants.items():
        xp, yp = os.path.join(folder, f"{name}_X.npy"), os.path.join(folder, f"{name}_y.npy")
        np.save(xp, data)
        np.save(yp, (y[:len(data)]).astype(np.int64))
        paths[name] = (xp, yp, len(data))
    return paths


def run_imblearn(x, y, constructor, coretype):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    out = subprocess.run([sys.executable, "-c", IMBLEARN_RUN, x, y, constructor], env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_smrt(smrt, x, y, method, params, folder):
    cmd = [smrt, "resample", x, "--labels", y, "--method", method, "--seed", "0", "-o",
           os.path.join(folder, "smrt_out")]
    for p in params:
        cmd += ["--param", p]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        return {"error": out.stderr.strip()}
    m = re.search(r"->\s*(\d+) rows in ([0-9.]+) s", out.stdout + out.stderr)
    return {"seconds": float(m.group(2)), "rows": int(m.group(1)), "wall": wall}


def best(runs):
    """The fastest of several runs (each in a fresh process); an error if none ran."""
    timed = [r for r in runs if "seconds" in r]
    return min(timed, key=lambda r: r["seconds"]) if timed else runs[0]


def coretype_for_this_cpu():
    flags = open("/proc/cpuinfo").read()
    if all(f in flags for f in ("avx512f", "avx512bw", "avx512vl")):
        return "SkylakeX"
    if "avx2" in flags and "fma" in flags:
        return "Haswell"
    return None


def knn_rows(knn_speed, rows):
    if not knn_speed or not os.path.exists(knn_speed):
        return []
    out = subprocess.run([knn_speed, str(rows), "20", "5"], capture_output=True, text=True)
    if out.returncode != 0:
        return [f"kNN speed run failed: {out.stderr.strip()}"]
    r = json.loads(out.stdout.strip().splitlines()[-1])
    return [r]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smrt", default=os.path.join(ROOT, "build", "smrt"))
    ap.add_argument("--knn-speed", default=os.path.join(ROOT, "build", "bench", "knn_speed"))
    ap.add_argument("--rows", type=int, default=200000)
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--no-coretype-run", action="store_true", help="skip imblearn with OPENBLAS_CORETYPE set")
    ap.add_argument("--repeats", type=int, default=3,
                    help="runs per side, alternating; the table keeps each side's fastest (default 3)")
    ap.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    args = ap.parse_args()

    coretype = None if args.no_coretype_run else coretype_for_this_cpu()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        paths = make_data(args.rows, folder)
        for method in args.methods.split(","):
            constructor, params, variant = METHODS[method]
            x, y, n = paths[variant]
            smrt_method = method.split("-")[0]
            ours_runs, ref_runs, tuned_runs = [], [], []
            for _ in range(args.repeats):  # alternate the sides, keep each one's best run
                ours_runs.append(run_smrt(args.smrt, x, y, smrt_method, params, folder))
                ref_runs.append(run_imblearn(x, y, constructor, None))
                if coretype:
                    tuned_runs.append(run_imblearn(x, y, constructor, coretype))
            ours, ref = best(ours_runs), best(ref_runs)
            tuned = best(tuned_runs) if coretype else {}
            rows.append((method, n, ref, tuned, ours))
            print(method, n, ref, tuned, ours, file=sys.stderr, flush=True)
        knn = knn_rows(args.knn_speed, args.rows)

    def fmt(r):
        return f"{r['seconds']:.3f}" if "seconds" in r else ("-" if not r else "error")

    def ratio(a, b):
        return f"{a['seconds'] / b['seconds']:.1f}x" if "seconds" in a and "seconds" in b and b["seconds"] > 0 else "-"

    lines = [f"make_classification {args.rows:,} x 20, 5% minority (SVMSMOTE: first 20,000 rows); seconds of "
             f"fit_resample on data in memory, best of {args.repeats} fresh processes per side, {os.cpu_count()} threads; imblearn 0.10 as installed (OpenBLAS core "
             f"{next((r[2].get('core') for r in rows if r[2].get('core')), '?')}) and with "
             f"OPENBLAS_CORETYPE={coretype}.", "",
             "| method | rows | imblearn | imblearn (coretype set) | smrt | speed-up | speed-up vs tuned imblearn |",
             "|---|---|---|---|---|---|---|"]
    for method, n, ref, tuned, ours in rows:
        lines.append(f"| {method} | {n:,} | {fmt(ref)} | {fmt(tuned)} | {fmt(ours)} | {ratio(ref, ours)} | "
                     f"{ratio(tuned, ours)} |")
    for r in knn:
        if isinstance(r, str):
            lines += ["", r]
            continue
        lines += ["", f"Exact kNN (search_self, k={r['k']}) on {r['n']:,} x {r['d']} random rows: {r['search_s']:.2f} s = "
                      f"{r['knn_gflops']:.1f} GFLOP/s (2 d flops per pair); OpenBLAS SGEMM 2048^3 on the same threads "
                      f"({r['blas_core']} kernels): {r['sgemm_gflops']:.1f} GFLOP/s; kNN reaches "
                      f"{100 * r['fraction_of_sgemm']:.0f}% of SGEMM."]
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section(table, args)


def write_section(table, args):
    path = os.path.join(ROOT, "docs", "benchmarks.md")
    text = open(path).read()
    start = text.index("## Classical samplers")
    end = text.find("\n## ", start + 1)
    end = len(text) if end < 0 else end
    body = (f"## Classical samplers\n\n### Over-samplers (bench/knn_samplers.py)\n\n"
            f"`/usr/bin/python3 bench/knn_samplers.py --smrt {args.smrt} --rows {args.rows} --write`\n\n{table}\n")
    old = text[start:end]
    marker = "### Over-samplers (bench/knn_samplers.py)"
    if marker in old:  # replace only our subsection, keep the others'
        s = old.index(marker)
        e = old.find("\n### ", s + 1)
        e = len(old) if e < 0 else e
        new = old[:s] + body.split("\n\n", 1)[1].rstrip() + "\n" + old[e:]
    else:
        new = old.rstrip() + "\n\n" + body.split("\n\n", 1)[1]
    open(path, "w").write(text[:start] + new + text[end:])


if __name__ == "__main__":
    main()
