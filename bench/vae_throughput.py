#!/usr/bin/python3
"""VAE training throughput: where the time goes, and smrt against PyTorch-Python.

Default (the ladder, issue 16): MNIST 784-400-20 at batch 256 on 10,000 real digits.
One run measures
  - the plain reference in PyTorch-Python: PyTorch's VAE example (ReLU, Adam lr 1e-3,
    sigmoid output + cross-entropy, KL term, torch's default initialisation);
  - then smrt's differences added one at a time, each row keeping the ones above it:
    the per-batch loss read-back, the cross-entropy's eps clamp with Xavier initialisation,
    the VAE's gradient-norm cap (50), sigmoid hidden units, RMSprop (decay 0.9, eps 1e-10),
    value clipping at +-5, L2 1e-4 on weights (= smrt's defaults, learning rate 1e-3), and
    dropout keep 0.4 (the notebook's v_encoder; the default is 1.0, no dropout);
  - smrt's VariationalAutoEncoder (C++) at every row from the norm cap on (it always reads
    the loss back, clamps and caps the norm), through its parameters;
  - the GEMM limit: only the matrix products of a training step (forward, and the weight
    and input gradients), on preallocated tensors, in C++ and in PyTorch-Python.
Runs alternate and the best of --repeats is kept for each (the machine is shared).
Both sides use the same libtorch (Debian's 1.13), thread count and OpenBLAS kernels:
the C++ side chooses OPENBLAS_CORETYPE as the CLI does, and the Python side is started
with the core it reports.

    OMP_WAIT_POLICY=passive /usr/bin/python3 bench/vae_throughput.py --build build --threads 2

--sizes instead compares smrt's defaults with their PyTorch-Python mirror at two sizes
(tabular 20-64-8 at batch 128, MNIST 784-400-20 at batch 256), as issue 4 asked.
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

PLAIN = dict(act="relu", opt="adam", clip=False, l2=0.0, keep=1.0, readback=False, clamp=False,
             xavier=False, normcap=0.0)
# (label, changes to the configuration above it, smrt's parameters or None where smrt cannot run it)
LADDER = [
    ("plain reference (ReLU, Adam)", {}, None),
    ("+ loss read-back every batch", dict(readback=True), None),
    ("+ eps clamp in the cross-entropy, Xavier init", dict(clamp=True, xavier=True), None),
    ("+ gradient-norm cap 50 (smrt's VAE, always)", dict(normcap=50.0),
     ["activation_function=relu", "learning_function=adam", "clip=0", "l2_penalty=0"]),
    ("+ sigmoid hidden units", dict(act="sigmoid"),
     ["activation_function=sigmoid", "learning_function=adam", "clip=0", "l2_penalty=0"]),
    ("+ RMSprop", dict(opt="rmsprop"), ["learning_function=rms_prop", "clip=0", "l2_penalty=0"]),
    ("+ value clipping +-5", dict(clip=True), ["clip=1", "l2_penalty=0"]),
    ("+ L2 1e-4 on weights (= smrt's defaults)", dict(l2=1e-4), []),
    ("+ dropout keep 0.4 (not a default)", dict(keep=0.4), ["dropout=0.4"]),
]


def python_side(x_path, hidden, latent, batch, epochs, threads, cfg):
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
    if cfg["xavier"]:
        for m in mods:
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)
    weights = [m.weight for m in mods]
    biases = [m.bias for m in mods]
    groups = [{"params": weights, "weight_decay": cfg["l2"]}, {"params": biases}]
    if cfg["opt"] == "adam":
        opt = torch.optim.Adam(groups, lr=1e-3)
    else:
        opt = torch.optim.RMSprop(groups, lr=1e-3, alpha=0.9, eps=1e-10)
    params = weights + biases
    act = torch.relu if cfg["act"] == "relu" else torch.sigmoid
    keep = cfg["keep"]

    def step(x):
        opt.zero_grad()
        h = act(enc(x))
        m, s = mu(h), ls(h)
        z = m + torch.randn_like(s) * s.exp()
        g = act(dec1(z))
        if keep < 1.0:  # smrt's decoder drops its hidden units (keep probability)
            g = g * torch.empty_like(g).bernoulli_(keep) * (1.0 / keep)
        out = dec2(g)
        rows = x.size(0)
        if unit:
            p = torch.sigmoid(out)
            if cfg["clamp"]:
                p = p.clamp(1e-10, 1 - 1e-10)
            rec = torch.nn.functional.binary_cross_entropy(p, x, reduction="sum") / rows
        else:
            rec = (out - x).pow(2).sum() / rows
        kl = -0.5 * (1 + 2 * s - m.pow(2) - (2 * s).exp()).sum() / rows
        loss = rec + kl
        value = loss.item() if cfg["readback"] else loss.detach()
        loss.backward()
        if cfg["clip"]:
            with torch.no_grad():
                for q in params:
                    q.grad.clamp_(-5.0, 5.0)
        if cfg["normcap"] > 0:
            torch.nn.utils.clip_grad_norm_(params, cfg["normcap"])
        opt.step()
        return value

    def epoch():
        data = X.index_select(0, torch.randperm(n))
        total, k = 0.0, 0
        for lo in range(0, n, batch):
            total += step(data.narrow(0, lo, min(batch, n - lo)))
            k += 1
        return float(total) / k

    epoch()  # warm-up
    start, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(epochs):
        cost = epoch()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu0
    return {"rows_per_s": n * epochs / seconds, "rows_per_cpu_s": n * epochs / cpu, "seconds": seconds,
            "cpu_seconds": cpu, "final_cost": cost} | blas_info(torch)


def python_gemm(d, h, l, b, iterations, threads):
    import torch
    torch.set_num_threads(threads)
    bufs = []
    for fan_in, fan_out, input_grad in ((d, h, False), (h, l, True), (h, l, True), (l, h, True), (h, d, True)):
        bufs.append((torch.rand(b, fan_in), torch.rand(fan_out, fan_in), torch.empty(b, fan_out),
                     torch.rand(b, fan_out), torch.empty(fan_out, fan_in), torch.empty(b, fan_in), input_grad))

    def step():
        for x, w, y, dy, dw, dx, input_grad in bufs:
            torch.mm(x, w.t(), out=y)
            torch.mm(dy.t(), x, out=dw)
            if input_grad:
                torch.mm(dy, w, out=dx)

    for _ in range(20):
        step()
    start, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(iterations):
        step()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu0
    return {"rows_per_s": b * iterations / seconds, "rows_per_cpu_s": b * iterations / cpu, "seconds": seconds,
            "cpu_seconds": cpu} | blas_info(torch)


def blas_info(torch):
    blas = ctypes.CDLL("libopenblas.so.0")
    blas.openblas_get_corename.restype = ctypes.c_char_p
    return {"torch_threads": torch.get_num_threads(), "blas_core": blas.openblas_get_corename().decode(),
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


class Runner:
    """Runs both sides as subprocesses; the Python side gets the C++ side's OpenBLAS core."""

    def __init__(self, binary, threads):
        self.binary, self.threads, self.coretype = binary, threads, None

    def smrt(self, args):
        c = json.loads(subprocess.run([self.binary] + args, check=True, capture_output=True, text=True).stdout)
        if self.coretype is None:
            self.coretype = c["openblas_coretype"]
        return c

    def python(self, args):
        env = dict(os.environ)
        if self.coretype:
            env["OPENBLAS_CORETYPE"] = self.coretype
        return json.loads(subprocess.run([sys.executable, __file__] + args, check=True, capture_output=True,
                                         text=True, env=env).stdout)


def best(runs, key, fn):
    """Keeps the best rows/s and, apart, the best rows per CPU second of the runs of `key`."""
    r = fn()
    if key not in runs or r["rows_per_s"] > runs[key]["rows_per_s"]:
        cpu = max(r["rows_per_cpu_s"], runs[key]["rows_per_cpu_s"]) if key in runs else r["rows_per_cpu_s"]
        runs[key] = dict(r, rows_per_cpu_s=cpu)
    else:
        runs[key]["rows_per_cpu_s"] = max(runs[key]["rows_per_cpu_s"], r["rows_per_cpu_s"])


def ladder(a, runner, tmp):
    name, d, h, l, b, rows, epochs = SIZES[1]
    x = make_data(tmp, "mnist", d, rows)
    common = [x, str(h), str(l), str(b), str(epochs), str(a.threads)]
    gemm = [str(d), str(h), str(l), str(b), str(a.gemm_iterations), str(a.threads)]
    runs = {}
    for r in range(a.repeats):  # alternate: every configuration once per round
        best(runs, "gemm smrt", lambda: runner.smrt(["--gemm"] + gemm))
        best(runs, "gemm python", lambda: runner.python(["--python-gemm"] + gemm))
        cfg = dict(PLAIN)
        for i, (label, change, smrt_args) in enumerate(LADDER):
            cfg.update(change)
            best(runs, f"python {i}", lambda: runner.python(["--python-side", json.dumps(cfg)] + common))
            if smrt_args is not None:
                best(runs, f"smrt {i}", lambda: runner.smrt(common + smrt_args))
        print(f"round {r + 1}: " + ", ".join(f"{k} {v['rows_per_s']:.0f} ({v['rows_per_cpu_s']:.0f}/cpu-s)"
                                           for k, v in runs.items()), file=sys.stderr)
    print(f"{name}, {rows} rows, {epochs} epochs after a warm-up epoch, {a.threads} thread(s), best of {a.repeats}")
    print("(rows/s: wall clock; rows/CPU-s: per second of user + system time of all threads)\n")
    for metric, unit in (("rows_per_s", "rows/s"), ("rows_per_cpu_s", "rows/CPU-s")):
        limit = runs["gemm smrt"][metric]
        plain = runs["python 0"][metric]
        print(f"| configuration | PyTorch-Python {unit} | smrt {unit} | smrt / plain reference | smrt / GEMM limit |")
        print("|---|---:|---:|---:|---:|")
        print(f"| GEMM only (the step's matrix products) | {runs['gemm python'][metric]:,.0f} | {limit:,.0f} "
              f"| {limit / plain:.2f}x | 1.00 |")
        for i, (label, _, smrt_args) in enumerate(LADDER):
            p = runs[f"python {i}"][metric]
            c = runs.get(f"smrt {i}")
            cs = f"{c[metric]:,.0f} | {c[metric] / plain:.2f}x | {c[metric] / limit:.2f}" if c else "- | - | -"
            print(f"| {label} | {p:,.0f} | {cs} |")
        print()
    c, p = runs["smrt 3"], runs["python 0"]
    print(f"\nthreads: smrt torch {c['torch_threads']}, PyTorch {p['torch_threads']}; OpenBLAS core: smrt "
          f"{c['blas_core']}, PyTorch {p['blas_core']}; OPENBLAS_CORETYPE: '{c['openblas_coretype']}' / "
          f"'{p['openblas_coretype']}'")


def sizes(a, runner, tmp):
    smrt_defaults = dict(PLAIN)
    for _, change, _ in LADDER[:8]:
        smrt_defaults.update(change)
    rows_out = []
    for i, (name, d, h, l, b, rows, epochs) in enumerate(SIZES):
        x = make_data(tmp, f"size{i}", d, rows)
        args = [x, str(h), str(l), str(b), str(epochs), str(a.threads)]
        runs = {}
        for _ in range(a.repeats):
            best(runs, "smrt", lambda: runner.smrt(args))
            best(runs, "python", lambda: runner.python(["--python-side", json.dumps(smrt_defaults)] + args))
        rows_out.append((name, runs["smrt"], runs["python"]))
        print(f"{name}: smrt {runs['smrt']} | pytorch {runs['python']}", file=sys.stderr)
    print("| size | smrt rows/s | PyTorch-Python rows/s | ratio | target |")
    print("|---|---:|---:|---:|---:|")
    for (name, c, p), target in zip(rows_out, ("1.3x", "0.9x")):
        print(f"| {name} | {c['rows_per_s']:.0f} | {p['rows_per_s']:.0f} | {c['rows_per_s'] / p['rows_per_s']:.2f}x "
              f"| {target} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--gemm-iterations", type=int, default=200)
    ap.add_argument("--sizes", action="store_true", help="smrt's defaults against PyTorch-Python at two sizes")
    ap.add_argument("--python-side", nargs=7, help=argparse.SUPPRESS)
    ap.add_argument("--python-gemm", nargs=6, type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.python_side:
        cfg, x, h, l, b, e, t = a.python_side
        print(json.dumps(python_side(x, int(h), int(l), int(b), int(e), int(t), json.loads(cfg))))
        return
    if a.python_gemm:
        print(json.dumps(python_gemm(*a.python_gemm)))
        return
    binary = os.path.join(a.build, "bench", "vae_throughput")
    if not os.path.exists(binary):
        sys.exit(f"{binary} missing: cmake -DSMRT_BUILD_BENCH=ON and build target vae_throughput")
    runner = Runner(binary, a.threads)
    with tempfile.TemporaryDirectory() as tmp:
        (sizes if a.sizes else ladder)(a, runner, tmp)


if __name__ == "__main__":
    main()
