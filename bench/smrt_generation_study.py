#!/usr/bin/env python3
"""Which way of generating minority rows from a VAE beats SMOTE? (issue 16)

A quick, Python-only re-run of protocols a (MNIST 3 vs 8 at 1:20, logistic
regression) and d (six tables at 1:20, logistic regression and 5-NN) with
generation variants prototyped in PyTorch, so that ideas can be ranked in
minutes before one is built into smrt's C++ SMRT. The splits follow the
protocols' rules but not their exact draws: rank with this, report with
`smrt eval`.

    /usr/bin/python3 bench/smrt_generation_study.py --protocol d --seeds 5
    /usr/bin/python3 bench/smrt_generation_study.py --protocol a --seeds 3 --ratios 0.1,0.3,1.0
    # what a perfect generator would give (real held-out minority rows), beside SMOTE with noise
    /usr/bin/python3 bench/smrt_generation_study.py --methods smote,copies,real,smote_cov0.25 --first-seed 5
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
from imblearn.over_sampling import SMOTE
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, f1_score
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEPS = 2000
TABLES = ["breast_cancer", "wine", "digits", "synth_easy", "synth_clusters", "synth_hard"]


# --- the VAE ---------------------------------------------------------------
class VAE(torch.nn.Module):
    def __init__(self, d, hidden, latent, bernoulli, n_cond=0):
        super().__init__()
        self.enc = torch.nn.Sequential(torch.nn.Linear(d + n_cond, hidden), torch.nn.ReLU())
        self.mu = torch.nn.Linear(hidden, latent)
        self.ls = torch.nn.Linear(hidden, latent)
        self.dec = torch.nn.Sequential(torch.nn.Linear(latent + n_cond, hidden), torch.nn.ReLU(),
                                       torch.nn.Linear(hidden, d))
        self.bernoulli = bernoulli
        self.cond = None  # one-hot rows appended to inputs and codes (conditional VAE)

    def _c(self, t, n):
        return t if self.cond is None else torch.cat([t, self.cond[:n] if self.cond.shape[0] >= n else
                                                      self.cond[:1].expand(n, -1)], 1)

    def encode(self, x):
        h = self.enc(self._c(x, x.shape[0]))
        return self.mu(h), self.ls(h).clamp(-8, 4)

    def decode(self, z):
        out = self.dec(self._c(z, z.shape[0]))
        return torch.sigmoid(out) if self.bernoulli else out

    def loss(self, x, beta):
        mu, ls = self.encode(x)
        z = mu + torch.randn_like(mu) * ls.exp()
        logits = self.dec(self._c(z, z.shape[0]))
        if self.bernoulli:
            rec = torch.nn.functional.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        else:
            rec = 0.5 * ((logits - x) ** 2).sum()
        kl = -0.5 * (1 + 2 * ls - mu ** 2 - (2 * ls).exp()).sum()
        return (rec + beta * kl) / x.shape[0]


def fit_vae(X, bernoulli, seed, hidden, latent, steps, beta=1.0, lr=1e-3, batch=128, onehot=None):
    """onehot: per-row class one-hot for a conditional VAE, batches class-balanced."""
    torch.manual_seed(seed)
    Xt = torch.tensor(X, dtype=torch.float32)
    net = VAE(X.shape[1], hidden, latent, bernoulli, 0 if onehot is None else onehot.shape[1])
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    g = torch.Generator().manual_seed(seed)
    n = Xt.shape[0]
    if onehot is not None:
        C = torch.tensor(onehot, dtype=torch.float32)
        w = 1.0 / C.sum(0)[C.argmax(1)]  # class-balanced row weights
    for _ in range(steps):
        if onehot is None:
            idx = torch.randint(0, n, (min(batch, n),), generator=g)
        else:
            idx = torch.multinomial(w, min(batch, n), replacement=True, generator=g)
            net.cond = C[idx]
        opt.zero_grad()
        net.loss(Xt[idx], beta).backward()
        opt.step()
    net.eval()
    return net


# --- generation variants ---------------------------------------------------
def smote(X, y, minority, n_new, seed):
    n_min = int((y == minority).sum())
    k = min(5, n_min - 1)
    Xr, yr = SMOTE(k_neighbors=k, random_state=seed, sampling_strategy={minority: n_min + n_new}).fit_resample(X, y)
    return Xr[len(X):]


def vae_variant(kind, X, y, minority, n_new, seed, bernoulli, cfg):
    out = _vae_variant(kind, X, y, minority, n_new, seed, bernoulli, cfg)
    if cfg.get("calibrate") and len(out) > 1:
        # per-feature spread of the new rows matched to the real minority's
        Xm = X[y == minority]
        m, sd = out.mean(0), out.std(0)
        scale = np.where(sd > 1e-8, Xm.std(0) / np.maximum(sd, 1e-8), 1.0)
        out = Xm.mean(0) + (out - m) * cfg["calibrate"] * scale
        if bernoulli:
            out = np.clip(out, 0, 1)
    return out


def _vae_variant(kind, X, y, minority, n_new, seed, bernoulli, cfg):
    rng = np.random.default_rng(seed)
    Xm = X[y == minority]
    train = Xm if cfg["train_on"] == "minority" else X
    d = X.shape[1]
    hidden = cfg.get("hidden") or (400 if d > 200 else max(32, 2 * d))
    latent = cfg.get("latent") or (20 if d > 200 else max(2, d // 2))
    steps = cfg.get("steps", STEPS)
    onehot = None
    if cfg["train_on"] == "conditional":
        onehot = (y[:, None] == np.unique(y)[None, :]).astype(np.float32)
    net = fit_vae(train, bernoulli, seed, hidden, latent, steps, beta=cfg.get("beta", 1.0), onehot=onehot)
    if onehot is not None:
        net.cond = torch.tensor((np.unique(y) == minority)[None, :].astype(np.float32))
    T = cfg.get("temperature", 1.0)
    with torch.no_grad():
        xm = torch.tensor(Xm, dtype=torch.float32)
        mu, ls = net.encode(xm)
        rec = net.decode(mu)
        err = ((rec - xm) ** 2).sum(1).numpy()
        order = np.argsort(err, kind="stable")
        keep = max(2, int(round(cfg.get("archetypes", 1.0) * len(Xm))))
        arche = order[:keep]
        a = rng.choice(arche, n_new)
        if kind == "transfer":
            # other classes' codes decoded as the minority (style from the rest, class from the label)
            Xo = X[y != minority]
            pick = rng.integers(0, len(Xo), n_new)
            cond = net.cond
            net.cond = torch.tensor((np.unique(y)[None, :] == y[y != minority][pick][:, None]).astype(np.float32))
            mo, lo = net.encode(torch.tensor(Xo[pick], dtype=torch.float32))
            net.cond = cond
            z = mo + T * lo.exp() * torch.randn(n_new, latent)
            return net.decode(z).numpy()
        if kind == "prior":
            z = torch.randn(n_new, latent) * T
            return net.decode(z).numpy()
        if kind == "posterior":
            z = mu[a] + T * ls[a].exp() * torch.randn(n_new, latent)
            return net.decode(z).numpy()
        if kind == "posterior_resid":
            z = mu[a] + T * ls[a].exp() * torch.randn(n_new, latent)
            return Xm[a] + (net.decode(z) - rec[a]).numpy()
        # neighbours among the class's rows, in latent or data space
        space = mu.numpy() if cfg.get("nn_space", "latent") == "latent" else Xm
        k = min(5, len(Xm) - 1)
        nn = NearestNeighbors(n_neighbors=k + 1).fit(space).kneighbors(space, return_distance=False)[:, 1:]
        b = nn[a, rng.integers(0, k, n_new)]
        u = torch.tensor(rng.random(n_new), dtype=torch.float32)[:, None]
        z = mu[a] + u * (mu[b] - mu[a]) + T * ls[a].exp() * torch.randn(n_new, latent)
        if kind == "interp":
            return net.decode(z).numpy()
        if kind == "interp_resid":
            lin = (1 - u) * torch.tensor(Xm[a]) + u * torch.tensor(Xm[b])
            dec_lin = (1 - u) * rec[a] + u * rec[b]
            return (lin + net.decode(z) - dec_lin).numpy()
    raise ValueError(kind)


# --- data-space references (no VAE) ----------------------------------------
def data_space(kind, X, y, minority, n_new, seed, pool):
    """What a generator is up against: `real` draws the new rows from real minority rows the split left
    out (with the class's own rows; repeated where the pool is short: a perfect generator's rows, as far as
    the table has them), `copies` repeats the class's rows (random over-sampling), `smote_cov<S>` is SMOTE
    plus Gaussian noise shaped like the class's covariance times S, `smote_noise<S>` SMOTE plus isotropic
    noise of S times the k-th neighbour's distance / sqrt(d), `smote_extrap<W>` SMOTE with the gap drawn
    from [-W, 1 + W]."""
    rng = np.random.default_rng(seed)
    Xm = X[y == minority]
    if kind == "copies":
        return Xm[rng.integers(0, len(Xm), n_new)]
    if kind == "real":
        src = np.vstack([Xm, pool])
        return src[rng.integers(0, len(src), n_new)]
    if kind.startswith("shift"):
        # other classes' rows moved by the difference of the class means (a shared covariance, as LDA
        # assumes); `shift<S>`: S of the new rows so, the rest SMOTE's
        share = float(kind[len("shift"):] or 1.0)
        Xo = X[y != minority]
        n_shift = int(round(share * n_new))
        moved = Xo[rng.integers(0, len(Xo), n_shift)] + (Xm.mean(0) - Xo.mean(0))
        return np.vstack([moved, data_space("smote_extrap0", X, y, minority, n_new - n_shift, seed + 1, pool)])
    k = min(5, len(Xm) - 1)
    dist, idx = NearestNeighbors(n_neighbors=k + 1).fit(Xm).kneighbors(Xm)
    a = rng.integers(0, len(Xm), n_new)
    b = idx[a, rng.integers(1, k + 1, n_new)]
    if kind.startswith("smote_extrap"):
        w = float(kind[len("smote_extrap"):])
        u = rng.uniform(-w, 1 + w, n_new)[:, None]
    else:
        u = rng.random(n_new)[:, None]
    rows = Xm[a] + u * (Xm[b] - Xm[a])
    if kind.startswith("smote_wcov"):
        # the other classes' covariance: variation the few minority rows cannot show
        cov = np.cov(X[y != minority].T) + 1e-3 * np.eye(X.shape[1])
        return rows + float(kind[len("smote_wcov"):]) * rng.standard_normal(rows.shape) @ np.linalg.cholesky(cov).T
    if kind.startswith("smote_cov"):
        cov = np.cov(Xm.T) + 1e-3 * np.eye(Xm.shape[1])
        return rows + float(kind[len("smote_cov"):]) * rng.standard_normal(rows.shape) @ np.linalg.cholesky(cov).T
    if kind.startswith("smote_noise"):
        r = dist[a, -1][:, None] / np.sqrt(Xm.shape[1])
        return rows + float(kind[len("smote_noise"):]) * r * rng.standard_normal(rows.shape)
    if kind.startswith("smote_extrap"):
        return rows
    raise ValueError(kind)


DATA_SPACE = ("copies", "real", "shift", "smote_cov", "smote_wcov", "smote_noise", "smote_extrap")


# --- protocols ---------------------------------------------------------------
def split_d(X, y, seed):
    """Protocol d's rules; also returns the training minority rows the 1:20 cut leaves out (standardised
    like the rest), the pool the `real` variant draws from."""
    rng = np.random.default_rng(seed)
    minority = int(np.argmin(np.bincount(y)))
    tr, te, pool = [], [], []
    n_major = sum(len(np.flatnonzero(y == c)) - int(np.ceil(0.3 * (y == c).sum())) for c in np.unique(y) if c != minority)
    for c in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == c))
        nt = int(np.ceil(0.3 * len(rows)))
        ntr = len(rows) - nt
        if c == minority:
            ntr = min(ntr, max(8, n_major // 20))
            pool = list(rows[nt + ntr:])
        te += list(rows[:nt])
        tr += list(rows[nt:nt + ntr])
    m, s = X[tr].mean(0), X[tr].std(0)
    s[s == 0] = 1
    scale = lambda idx: (X[idx] - m) / s
    return scale(tr), y[tr], scale(te), y[te], minority, scale(pool) if pool else np.zeros((0, X.shape[1]))


def split_a(X, y, seed):
    rng = np.random.default_rng(seed)
    threes = rng.permutation(np.flatnonzero(y == 3))
    eights = rng.permutation(np.flatnonzero(y == 8))
    te = list(threes[:50]) + list(eights[:200])
    maj = eights[200:]
    tr = list(threes[50:50 + len(maj) // 20]) + list(maj)
    lab = lambda idx: (y[idx] == 8).astype(int)  # 3 -> 0 (minority), 8 -> 1
    return X[tr], lab(tr), X[te], lab(te), 0, X[threes[50 + len(maj) // 20:]]


def classifiers(protocol):
    lr = lambda: LogisticRegression(solver="liblinear")
    if protocol == "a":
        return {"lr": lr}
    return {"lr": lr, "knn": lambda: KNeighborsClassifier()}


def run(args):
    methods = args.methods.split(",")
    variants = {
        "vae_min_prior": ("prior", {"train_on": "minority", "archetypes": 1.0}),
        "vae_min_post": ("posterior", {"train_on": "minority", "archetypes": 0.25}),
        "all_post": ("posterior", {"train_on": "all", "archetypes": 0.5}),
        "all_post_resid": ("posterior_resid", {"train_on": "all", "archetypes": 0.5}),
        "all_interp": ("interp", {"train_on": "all", "archetypes": 0.5}),
        "all_interp_resid": ("interp_resid", {"train_on": "all", "archetypes": 0.5}),
        "all_interp_resid_a1": ("interp_resid", {"train_on": "all", "archetypes": 1.0}),
        "all_interp_resid_T2": ("interp_resid", {"train_on": "all", "archetypes": 0.5, "temperature": 2.0}),
        "all_interp_resid_T05": ("interp_resid", {"train_on": "all", "archetypes": 0.5, "temperature": 0.5}),
        "all_interp_T0": ("interp", {"train_on": "all", "archetypes": 0.5, "temperature": 0.0}),
        "min_interp_resid": ("interp_resid", {"train_on": "minority", "archetypes": 0.5}),
        "min_interp": ("interp", {"train_on": "minority", "archetypes": 0.5}),
        "min_prior_T15": ("prior", {"train_on": "minority", "temperature": 1.5}),
        "min_post_a5": ("posterior", {"train_on": "minority", "archetypes": 0.5}),
        "min_prior_cal": ("prior", {"train_on": "minority", "calibrate": 1.0}),
        "cvae_post_cal": ("posterior", {"train_on": "conditional", "archetypes": 0.5, "calibrate": 1.0}),
        "cvae_post_resid_cal": ("posterior_resid", {"train_on": "conditional", "archetypes": 0.5, "calibrate": 1.0}),
        "cvae_post_resid_a1": ("posterior_resid", {"train_on": "conditional", "archetypes": 1.0}),
        "cvae_post_resid_T2": ("posterior_resid", {"train_on": "conditional", "archetypes": 0.5, "temperature": 2.0}),
        "min_post_resid": ("posterior_resid", {"train_on": "minority", "archetypes": 0.5}),
        "min_post_resid_a1": ("posterior_resid", {"train_on": "minority", "archetypes": 1.0}),
        "all_post_resid_a1": ("posterior_resid", {"train_on": "all", "archetypes": 1.0}),
        "cvae_transfer": ("transfer", {"train_on": "conditional"}),
        "cvae_prior": ("prior", {"train_on": "conditional"}),
        "cvae_post": ("posterior", {"train_on": "conditional", "archetypes": 0.5}),
        "cvae_interp": ("interp", {"train_on": "conditional", "archetypes": 0.5}),
        "cvae_post_resid": ("posterior_resid", {"train_on": "conditional", "archetypes": 0.5}),
    }
    if args.protocol == "a":
        X = np.load(os.path.join(ROOT, "data/mnist/X.npy")).reshape(-1, 784).astype(np.float32) / 255.0
        y = np.load(os.path.join(ROOT, "data/mnist/y.npy"))
        sets = [("mnist3v8", X, y)]
        ratios = [float(r) for r in args.ratios.split(",")]
    else:
        sets = [(n, np.load(os.path.join(ROOT, f"data/tabular/{n}_X.npy")),
                 np.load(os.path.join(ROOT, f"data/tabular/{n}_y.npy"))) for n in TABLES]
        ratios = [1.0]
    results = {}  # (set, clf, ratio, method) -> list of (f1, ba)
    for name, X, y in sets:
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            Xtr, ytr, Xte, yte, minority, pool = (split_a if args.protocol == "a" else split_d)(X, y, seed)
            n_maj = int((ytr != minority).sum())
            n_min = int((ytr == minority).sum())
            for ratio in ratios:
                n_new = max(0, int(ratio * n_maj) - n_min)
                for m in methods:
                    t0 = time.time()
                    if m == "none":
                        Xn = np.zeros((0, X.shape[1]))
                    elif m == "smote":
                        Xn = smote(Xtr, ytr, minority, n_new, seed)
                    elif m.startswith(DATA_SPACE):
                        Xn = data_space(m, Xtr, ytr, minority, n_new, seed, pool)
                    else:
                        kind, cfg = variants[m]
                        Xn = vae_variant(kind, Xtr, ytr, minority, n_new, seed, args.protocol == "a", cfg)
                    Xa = np.vstack([Xtr, Xn])
                    ya = np.concatenate([ytr, np.full(len(Xn), minority)])
                    for cname, make in classifiers(args.protocol).items():
                        p = make().fit(Xa, ya).predict(Xte)
                        f1 = f1_score(yte, p, pos_label=minority)
                        ba = balanced_accuracy_score(yte, p)
                        results.setdefault((name, cname, ratio, m), []).append((f1, ba))
                    if args.verbose:
                        print(f"{name} seed {seed} ratio {ratio} {m}: {time.time() - t0:.1f}s", file=sys.stderr)
    # report: per cell mean, and paired difference vs smote
    cells = sorted({k[:3] for k in results})
    print(f"{'cell':40s} " + " ".join(f"{m[:14]:>15s}" for m in methods))
    for metric, j in (("minority F1", 0), ("balanced acc", 1)):
        print(f"-- {metric}")
        wins = {m: [0, 0, 0] for m in methods}
        avg = {m: [] for m in methods}
        for cell in cells:
            base = np.array([r[j] for r in results[cell + ("smote",)]]) if "smote" in methods else None
            row = []
            for m in methods:
                v = np.array([r[j] for r in results[cell + (m,)]])
                avg[m].append(v.mean())
                if base is not None:
                    dlt = v - base
                    row.append(f"{v.mean():.3f}{dlt.mean():+.3f}")
                    t = dlt.mean() / (dlt.std(ddof=1) / np.sqrt(len(dlt)) + 1e-12) if len(dlt) > 1 else 0
                    wins[m][0 if t > 2.776 else 2 if t < -2.776 else 1] += 1
                else:
                    row.append(f"{v.mean():.3f}")
            print(f"{str(cell):40s} " + " ".join(f"{r:>15s}" for r in row))
        print(f"{'mean':40s} " + " ".join(f"{np.mean(avg[m]):>15.4f}" for m in methods))
        print(f"{'win/tie/loss vs smote':40s} " + " ".join(f"{'/'.join(map(str, wins[m])):>15s}" for m in methods))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--protocol", choices=["a", "d"], default="d")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--ratios", default="0.1,0.3,1.0")
    ap.add_argument("--methods", default="none,smote,vae_min_prior,all_post,all_post_resid,all_interp,all_interp_resid")
    ap.add_argument("--first-seed", type=int, default=0)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    STEPS = a.steps
    run(a)
