#!/usr/bin/python3
"""VAE training throughput: smrt (C++, LibTorch) against the same model in PyTorch-Python.

Two sizes, as issue 4 asks: tabular 20-64-8 at batch 128 and MNIST 784-400-20 at
batch 256. Both sides train the same network (sigmoid hidden layer, linear
latent heads, sigmoid output + clipped cross-entropy for [0, 1] data, identity
output + squared error for standardised tabular data, KL term), with the same
optimiser (RMSprop decay 0.9, eps 1e-10, lr 1e-3, L2 1e-4 on weights), gradient
value clipping at +-5, a reshuffle per epoch and one loss read-back per batch.
Both use the same libtorch (Debian's 1.13), the same thread count and the
same OpenBLAS kernels: the C++ side chooses OPENBLAS_CORETYPE as the CLI does,
and the Python side is started with the core it reports. Runs alternate and
the best of `--repeats` is kept for each side (the machine is shared).

    /usr/bin/python3 bench/vae_throughput.py --build build --threads 2
"""
import argparse
import ctypes
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

SIZES = [  # name, features, hidden, latent, batch, rows, epochs
    ("tabular 20-64-8, batch 128", 20, 64, 8, 128, 20000, 5),
    ("MNIST 784-400-20, batch 256", 784, 400, 20, 256, 10000, 3),
]


def python_side(x_path, hidden, latent, batch, epochs, threads):
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    X = torch.from_numpy(np.load(x_path))
    unit = bool(X.min() >= 0 and X.max() <= 1)
    if not unit:
        sd = X.std(0, unbiased=False)
        X = (X - X.mean(0)) / torch.where(sd > 1e-12, sd, torch.ones_like(sd))
    n, d = X.shape
    L = torch.nn.Linear
    enc, mu, ls, dec1, dec2 = L(d, hidden), L(hidden, latent), L(hidden, latent), L(latent, hidden), L(hidden, d)
    mods = (enc, mu, ls, dec1, dec2)
    for m in mods:
        torch.nn.init.xavier_uniform_(m.weight)
        torch.nn.init.zeros_(m.bias)
    weights = [m.weight for m in mods]
    biases = [m.bias for m in mods]
    opt = torch.optim.RMSprop([{"params": weights, "weight_decay": 1e-4}, {"params": biases}],
                              lr=1e-3, alpha=0.9, eps=1e-10)
    params = weights + biases

    def step(x):
        opt.zero_grad()
        h = torch.sigmoid(enc(x))
        m, s = mu(h), ls(h)
        z = m + torch.randn_like(s) * s.exp()
        out = dec2(torch.sigmoid(dec1(z)))
        rows = x.size(0)
        if unit:
            p = torch.sigmoid(out).clamp(1e-10, 1 - 1e-10)
            rec = torch.nn.functional.binary_cross_entropy(p, x, reduction="sum") / rows
        else:
            rec = (out - x).pow(2).sum() / rows
        kl = -0.5 * (1 + 2 * s - m.pow(2) - (2 * s).exp()).sum() / rows
        loss = rec + kl
        value = loss.item()
        loss.backward()
        with torch.no_grad():
            for q in params:
                q.grad.clamp_(-5.0, 5.0)
        opt.step()
        return value

    def epoch():
        data = X.index_select(0, torch.randperm(n))
        total, k = 0.0, 0
        for lo in range(0, n, batch):
            total += step(data.narrow(0, lo, min(batch, n - lo)))
            k += 1
        return total / k

    epoch()  # warm-up
    start = time.perf_counter()
    for _ in range(epochs):
        cost = epoch()
    seconds = time.perf_counter() - start
    blas = ctypes.CDLL("libopenblas.so.0")
    blas.openblas_get_corename.restype = ctypes.c_char_p
    return {"rows_per_s": n * epochs / seconds, "seconds": seconds, "final_cost": cost,
            "torch_threads": torch.get_num_threads(), "blas_core": blas.openblas_get_corename().decode(),
            "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", "")}


def make_data(tmp, name, d, rows):
    rng = np.random.default_rng(0)
    if d == 784:
        path = os.path.join(os.path.dirname(__file__), "..", "data", "mnist", "X.npy")
        if os.path.exists(path):
            X = np.load(path).reshape(-1, 784).astype(np.float32)[:rows] / 255.0
        else:
            X = rng.random((rows, 784), dtype=np.float32)
    else:
        X = (10.0 + 3.0 * rng.standard_normal((rows, d))).astype(np.float32)
    out = os.path.join(tmp, name + ".npy")
    np.save(out, np.ascontiguousarray(X, dtype=np.float32))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--python-side", nargs=6, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.python_side:
        x, h, l, b, e, t = a.python_side
        print(json.dumps(python_side(x, int(h), int(l), int(b), int(e), int(t))))
        return
    binary = os.path.join(a.build, "bench", "vae_throughput")
    if not os.path.exists(binary):
        sys.exit(f"{binary} missing: cmake -DSMRT_BUILD_BENCH=ON and build target vae_throughput")
    rows_out = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, d, h, l, b, rows, epochs) in enumerate(SIZES):
            x = make_data(tmp, f"size{i}", d, rows)
            args = [x, str(h), str(l), str(b), str(epochs), str(a.threads)]
            best_c, best_p = None, None
            for _ in range(a.repeats):
                c = json.loads(subprocess.run([binary] + args, check=True, capture_output=True, text=True).stdout)
                env = dict(os.environ)
                if c["openblas_coretype"]:
                    env["OPENBLAS_CORETYPE"] = c["openblas_coretype"]
                p = json.loads(subprocess.run([sys.executable, __file__, "--python-side"] + args, check=True,
                                              capture_output=True, text=True, env=env).stdout)
                best_c = c if best_c is None or c["rows_per_s"] > best_c["rows_per_s"] else best_c
                best_p = p if best_p is None or p["rows_per_s"] > best_p["rows_per_s"] else best_p
            rows_out.append((name, best_c, best_p))
            print(f"{name}: smrt {best_c} | pytorch {best_p}", file=sys.stderr)
    print(f"| size | smrt rows/s | PyTorch-Python rows/s | ratio | target |")
    print(f"|---|---:|---:|---:|---:|")
    for (name, c, p), target in zip(rows_out, ("1.3x", "0.9x")):
        print(f"| {name} | {c['rows_per_s']:.0f} | {p['rows_per_s']:.0f} | {c['rows_per_s'] / p['rows_per_s']:.2f}x "
              f"| {target} |")
    c, p = rows_out[0][1], rows_out[0][2]
    print(f"\nthreads: smrt torch {c['torch_threads']}, PyTorch {p['torch_threads']}; OpenBLAS core: smrt "
          f"{c['blas_core']}, PyTorch {p['blas_core']}; OPENBLAS_CORETYPE: '{c['openblas_coretype']}' / "
          f"'{p['openblas_coretype']}'")


if __name__ == "__main__":
    main()
