#!/usr/bin/python3
"""Side by side: imbalanced-learn 0.10 and smrt on the all-points neighbour
samplers (ENN, RENN, AllKNN, TomekLinks, NCR, SMOTEENN).

Both sides resample the same make_classification table (200,000 x 20, 5%
minority by default) and are timed on the resampling alone, data already in
memory: imblearn's fit_resample in a fresh Python process per method (so
OPENBLAS_CORETYPE can be set before numpy loads OpenBLAS), smrt's
fit_resample as `smrt resample` reports it. Each smrt method runs with
knn=exact and knn=hnsw; the table gives the time ratios and how many of the
input rows get the same keep/drop decision as imblearn (exact) or as smrt's
exact mode (hnsw).

imbalanced-learn takes minutes per method here, so its results (times and
kept rows) are cached under bench/.cache/ and reused with --reference cached.

  /usr/bin/python3 bench/under_samplers.py --smrt build/smrt
  /usr/bin/python3 bench/under_samplers.py --smrt build/smrt --reference cached --methods enn,tomek
  /usr/bin/python3 bench/under_samplers.py --smrt build/smrt --reference cached --repeats 3   # smrt's best of 3
  /usr/bin/python3 bench/under_samplers.py --smrt build/smrt --coretype SkylakeX   # imblearn's BLAS on AVX-512 kernels
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, ".cache")


def _ncr_rule():
    """NeighbourhoodCleaningRule's rule in the imbalanced-learn that runs the reference (this interpreter's):
    0.12 changed it; smrt's CLI defaults to the new one."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        major_minor = tuple(int(p) for p in re.findall(r"\d+", version("imbalanced-learn"))[:2])
    except PackageNotFoundError:
        return "imblearn-0.12"
    return "imblearn-0.12" if major_minor >= (0, 12) else "imblearn-0.10"


# smrt method name -> (imblearn constructor, smrt --param list)
METHODS = {
    "enn": ("under_sampling.EditedNearestNeighbours()", []),
    # RENN converges slowly on this table; both sides are capped at 3 passes.
    "renn": ("under_sampling.RepeatedEditedNearestNeighbours(max_iter=3)", ["max_iter=3"]),
    "allknn": ("under_sampling.AllKNN()", []),
    "tomek": ("under_sampling.TomekLinks()", []),
    "ncr": ("under_sampling.NeighbourhoodCleaningRule()", ["rule=" + _ncr_rule()]),
    "smote_enn": ("combine.SMOTEENN(random_state=0)", ["random_state=0"]),
}

REFERENCE_SCRIPT = r"""
import json, sys, time, warnings
import numpy as np
warnings.filterwarnings("ignore")
from imblearn import under_sampling, combine
X = np.load(sys.argv[1]); y = np.load(sys.argv[2])
sampler = eval(sys.argv[3])
start = time.perf_counter()
Xr, yr = sampler.fit_resample(X, y)
seconds = time.perf_counter() - start
kept = getattr(sampler, "sample_indices_", None)
np.save(sys.argv[4], np.asarray(kept if kept is not None else [], dtype=np.int64))
counts = {str(k): int(v) for k, v in zip(*np.unique(yr, return_counts=True))}
print(json.dumps({"seconds": seconds, "rows": int(len(yr)), "counts": counts}))
"""


def make_table(rows, features, minority, folder):
    from sklearn.datasets import make_classification
    X, y = make_classification(n_samples=rows, n_features=features, weights=[1 - minority], random_state=0)
    paths = os.path.join(folder, "X.npy"), os.path.join(folder, "y.npy")
    np.save(paths[0], X.astype(np.float32))
    np.save(paths[1], y.astype(np.int64))
    return paths


def run_reference(method, paths, coretype, key):
    os.makedirs(CACHE, exist_ok=True)
    kept_path = os.path.join(CACHE, f"{key}_{method}_kept.npy")
    env = dict(os.environ)
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    out = subprocess.run([sys.executable, "-c", REFERENCE_SCRIPT, *paths, METHODS[method][0], kept_path],
                         env=env, check=True, capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["kept_path"] = kept_path
    return result


def row_ids(X):
    """Input row of each row of X, by the bytes of the row (the table has no duplicates)."""
    return {hashlib.blake2b(r.tobytes(), digest_size=12).digest(): i for i, r in enumerate(X)}


def run_smrt(binary, method, knn, paths, folder, threads):
    out_prefix = os.path.join(folder, f"out_{method}_{knn}")
    cmd = [binary, "resample", paths[0], "--labels", paths[1], "-m", method, "-p", f"knn={knn}", "-o", out_prefix]
    for p in METHODS[method][1]:
        cmd += ["-p", p]
    env = dict(os.environ, SMRT_NUM_THREADS=str(threads))
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    seconds = float(re.search(r"rows in ([0-9.]+) s", out.stderr).group(1))
    X_out = np.load(out_prefix + "_X.npy")
    os.remove(out_prefix + "_X.npy")
    os.remove(out_prefix + "_y.npy")
    return seconds, X_out


def kept_mask(n, ids, X_out):
    """Which input rows appear in a resampled table (synthetic rows are ignored)."""
    mask = np.zeros(n, dtype=bool)
    for r in X_out:
        i = ids.get(hashlib.blake2b(r.tobytes(), digest_size=12).digest())
        if i is not None:
            mask[i] = True
    return mask


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smrt", help="the smrt binary (left out: run only the imblearn side)")
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--features", type=int, default=20)
    ap.add_argument("--minority", type=float, default=0.05)
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--reference", choices=["run", "cached", "skip"], default="run",
                    help="run imblearn, reuse its cached results, or leave it out")
    ap.add_argument("--coretype", default="", help="OPENBLAS_CORETYPE for imblearn's process (default: as installed)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--engines", default="exact;hnsw",
                    help="smrt's knn values to time, ';'-separated, exact first (e.g. 'exact;hnsw;hnsw:8,16')")
    ap.add_argument("--repeats", type=int, default=1,
                    help="smrt runs per method and engine (fresh processes); the fastest counts, all must keep the same rows")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--write", action="store_true", help="put the table into docs/benchmarks.md")
    args = ap.parse_args()

    key = f"{args.rows}x{args.features}_{args.minority}_{args.coretype or 'installed'}"
    results = []
    with tempfile.TemporaryDirectory() as folder:
        paths = make_table(args.rows, args.features, args.minority, folder)
        X = np.load(paths[0])
        ids = row_ids(X)
        for method in args.methods.split(","):
            row = {"method": method}
            ref_file = os.path.join(CACHE, f"{key}_{method}.json")
            if args.reference == "run":
                row["imblearn"] = run_reference(method, paths, args.coretype, key)
                with open(ref_file, "w") as f:
                    json.dump(row["imblearn"], f)
            elif args.reference == "cached" and os.path.exists(ref_file):
                with open(ref_file) as f:
                    row["imblearn"] = json.load(f)
            if not args.smrt:
                results.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
                continue
            masks = {}
            engines = args.engines.split(";")
            for knn in engines:
                times = []
                for _ in range(max(1, args.repeats)):
                    seconds, X_out = run_smrt(args.smrt, method, knn, paths, folder, args.threads)
                    times.append(seconds)
                    mask = kept_mask(len(X), ids, X_out)
                    if knn in masks and not np.array_equal(mask, masks[knn]):
                        sys.exit(f"{method} knn={knn}: repeated runs kept different rows")
                    masks[knn] = mask
                row[knn] = {"seconds": min(times), "runs": times, "rows": int(len(X_out))}
            for knn in engines[1:]:
                if "exact" in masks:
                    row[knn]["agrees_with_exact"] = float(np.mean(masks[knn] == masks["exact"]))
            ref = row.get("imblearn")
            if ref and method != "smote_enn":  # SMOTEENN's SMOTE draws differ: compare counts only
                theirs = np.zeros(len(X), dtype=bool)
                theirs[np.load(ref["kept_path"])] = True
                row["exact_agrees_with_imblearn"] = float(np.mean(theirs == masks["exact"]))
            results.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)

    lines = [f"{args.rows:,} x {args.features} (make_classification, weights=[{1 - args.minority:.2f}], random_state=0), "
             f"{args.threads} threads, smrt best of {max(1, args.repeats)} run(s), "
             f"imblearn's OpenBLAS core type: {args.coretype or 'as installed'}, "
             f"load average at the end: {os.getloadavg()[0]:.1f}", "",
             "| method | imblearn (s) | smrt exact (s) | ratio | exact = imblearn | "
             + " | ".join(f"smrt knn={e} (s) | ratio | = exact" for e in args.engines.split(";")[1:]) + " |",
             "|---|---:|---:|---:|---:|" + "---:|---:|---:|" * (len(args.engines.split(";")) - 1)]
    for r in results:
        ref = r.get("imblearn", {}).get("seconds")
        if "exact" not in r:
            lines.append(f"| {r['method']} | {ref:.2f} | | | |" + " | | |" * (len(args.engines.split(";")) - 1))
            continue
        fmt = lambda s: f"{s:.2f}"
        ratio = lambda s: f"{ref / s:.1f}x" if ref else "-"
        same = r.get("exact_agrees_with_imblearn")
        cells = [r["method"], fmt(ref) if ref else "-", fmt(r["exact"]["seconds"]), ratio(r["exact"]["seconds"]),
                 f"{same:.4%}" if same is not None else "-"]
        for e in args.engines.split(";")[1:]:
            agree = r[e].get("agrees_with_exact")
            cells += [fmt(r[e]["seconds"]), ratio(r[e]["seconds"]), f"{agree:.2%}" if agree is not None else "-"]
        lines.append("| " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print("\n" + table)
    if args.write:
        write_section(table, args)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


def write_section(table, args):
    """Replaces (or appends) our subsection of "## Classical samplers" in docs/benchmarks.md."""
    path = os.path.join(os.path.dirname(HERE), "docs", "benchmarks.md")
    text = open(path).read()
    start = text.index("## Classical samplers")
    end = text.find("\n## ", start + 1)
    end = len(text) if end < 0 else end
    marker = "### Under-samplers (bench/under_samplers.py)"
    body = (f"{marker}\n\n`/usr/bin/python3 bench/under_samplers.py --smrt {args.smrt} --rows {args.rows} "
            f"--methods {args.methods} --reference {args.reference} --write`\n\n{table}\n")
    section = text[start:end]
    if marker in section:
        s = section.index(marker)
        e = section.find("\n### ", s + 1)
        e = len(section) if e < 0 else e + 1
        section = section[:s] + body + section[e:]
    else:
        section = section.rstrip() + "\n\n" + body
    open(path, "w").write(text[:start] + section + text[end:])


if __name__ == "__main__":
    main()
