#!/usr/bin/python3
"""Issue 4's MNIST acceptance check, through the smrt CLI.

1. A VAE is fitted on real training images of one digit (3, as the SMRT
   notebook) with `smrt fit --method vae`, and `smrt generate` draws images.
2. A logistic regression trained on real images of that digit and one other
   (8) labels the generated images; the share labelled as the fitted digit
   must be at least 90%.
3. The notebook's picture: an imbalanced 3-vs-8 training set is balanced to
   ratio 0.5 by `smrt resample --method smrt` and by SMOTE (smrt's own when
   registered, else imbalanced-learn's); a PNG grid shows real / SMRT / SMOTE
   threes, row by row, and the same classifier scores both synthetic sets.

    /usr/bin/python3 bench/vae_mnist_check.py --build build --out bench-out
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import zlib

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def write_png(path, rows, zoom=2, gap=2):
    """rows: list of (k, 28, 28) arrays in [0, 1]; one grid row each."""
    k = max(len(r) for r in rows)
    h = len(rows) * (28 * zoom + gap) + gap
    w = k * (28 * zoom + gap) + gap
    img = np.full((h, w), 255, dtype=np.uint8)
    for i, row in enumerate(rows):
        for j, digit in enumerate(row):
            y0, x0 = gap + i * (28 * zoom + gap), gap + j * (28 * zoom + gap)
            big = np.kron(np.clip(digit, 0, 1), np.ones((zoom, zoom)))
            img[y0:y0 + 28 * zoom, x0:x0 + 28 * zoom] = (big * 255 + 0.5).astype(np.uint8)
    raw = b"".join(b"\x00" + img[r].tobytes() for r in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def smrt(build, *args):
    cmd = [os.path.join(build, "smrt")] + [str(a) for a in args]
    print("$ " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default="bench-out")
    ap.add_argument("--digit", type=int, default=3)
    ap.add_argument("--other", type=int, default=8)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    X = np.load(os.path.join(ROOT, "data", "mnist", "X.npy"))
    y = np.load(os.path.join(ROOT, "data", "mnist", "y.npy"))
    rng = np.random.default_rng(a.seed)
    idx = {}
    for d in (a.digit, a.other):
        rows = rng.permutation(np.flatnonzero(y == d))
        cut = int(0.8 * len(rows))
        idx[d] = (rows[:cut], rows[cut:])
    train3, test3 = idx[a.digit]
    train8, test8 = idx[a.other]
    flat = lambda rows: X[rows].reshape(len(rows), -1).astype(np.float32) / 255.0

    # The judge: logistic regression on real images of both digits.
    clf = LogisticRegression(max_iter=2000, C=0.1)
    clf.fit(np.vstack([flat(train3), flat(train8)]),
            np.r_[np.full(len(train3), a.digit), np.full(len(train8), a.other)])
    real_acc = float(np.mean(clf.predict(np.vstack([flat(test3), flat(test8)]))
                             == np.r_[np.full(len(test3), a.digit), np.full(len(test8), a.other)]))

    # 1-2. A VAE on the fitted digit alone.
    x3 = os.path.join(a.out, f"train_{a.digit}.npy")
    np.save(x3, X[train3])
    vae_params = ["-p", "n_hidden=400", "-p", "n_latent_factors=20", "-p", f"n_epochs={a.epochs}",
                  "-p", "learning_function=adam", "-p", "learning_rate=0.001", "-p", "batch_size=64",
                  "-p", "l2_penalty=None"]
    model = os.path.join(a.out, f"vae_{a.digit}.smrtm")
    smrt(a.build, "--threads", a.threads, "fit", "--method", "vae", x3, *vae_params, "--seed", a.seed, "-o", model)
    gen = os.path.join(a.out, f"generated_{a.digit}.npy")
    smrt(a.build, "--threads", a.threads, "generate", model, "-n", 500, "-o", gen,
         "--grid", os.path.join(a.out, f"generated_{a.digit}.png"))
    G = np.load(gen).reshape(500, -1) / 255.0
    fooled = float(np.mean(clf.predict(G) == a.digit))

    # 3. Imbalanced 3-vs-8 (1:10), balanced to 0.5 by SMRT and by SMOTE.
    few3 = train3[: max(10, len(train8) // 10)]
    Xi = np.concatenate([X[few3], X[train8]])
    yi = np.r_[np.full(len(few3), a.digit), np.full(len(train8), a.other)].astype(np.int64)
    np.save(os.path.join(a.out, "imb_X.npy"), Xi)
    np.save(os.path.join(a.out, "imb_y.npy"), yi)
    n_new = int(0.5 * len(train8)) - len(few3)
    # The minority VAE sees ~10x fewer rows: as many gradient steps as above need ~10x the epochs.
    smrt_epochs = int(round(a.epochs * len(train3) / len(few3)))
    smrt_params = [v if not v.startswith("n_epochs=") else f"n_epochs={smrt_epochs}" for v in vae_params]
    smrt(a.build, "--threads", a.threads, "resample", os.path.join(a.out, "imb_X.npy"), "--labels",
         os.path.join(a.out, "imb_y.npy"), "--method", "smrt", "--ratio", 0.5, *smrt_params,
         "-p", "gen_from_samples=True", "--seed", a.seed, "-o", os.path.join(a.out, "smrt"))
    S = np.load(os.path.join(a.out, "smrt_X.npy")).reshape(-1, 784)[-n_new:] / 255.0
    smote_source = "smrt"
    try:
        smrt(a.build, "resample", os.path.join(a.out, "imb_X.npy"), "--labels", os.path.join(a.out, "imb_y.npy"),
             "--method", "smote", "--ratio", 0.5, "--seed", a.seed, "-o", os.path.join(a.out, "smote"))
        M = np.load(os.path.join(a.out, "smote_X.npy")).reshape(-1, 784)[-n_new:] / 255.0
    except subprocess.CalledProcessError:
        from imblearn.over_sampling import SMOTE
        smote_source = "imbalanced-learn"
        Xs, _ = SMOTE(sampling_strategy={a.digit: int(0.5 * len(train8))}, random_state=a.seed).fit_resample(
            Xi.reshape(len(Xi), -1).astype(np.float32), yi)
        M = Xs[-n_new:] / 255.0
    smrt_rate = float(np.mean(clf.predict(S) == a.digit))
    smote_rate = float(np.mean(clf.predict(M) == a.digit))
    grid = os.path.join(a.out, "mnist_real_smrt_smote.png")
    write_png(grid, [flat(few3[:10]).reshape(-1, 28, 28), S[:10].reshape(-1, 28, 28), M[:10].reshape(-1, 28, 28)])

    result = {"digit": a.digit, "other": a.other, "train_rows": int(len(train3)), "epochs": a.epochs,
              "imbalanced_minority_rows": int(len(few3)), "smrt_epochs": smrt_epochs,
              "classifier_accuracy_on_real_test": real_acc,
              "vae_generated_labelled_as_digit": fooled,
              "smrt_synthetic_labelled_as_digit": smrt_rate,
              "smote_synthetic_labelled_as_digit": smote_rate, "smote_from": smote_source,
              "pass": fooled >= 0.9, "grid": grid}
    print(json.dumps(result, indent=2))
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
