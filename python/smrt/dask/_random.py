"""Random over- and under-sampling, partition by partition, with exact class counts.

The in-memory samplers draw rows of a class uniformly (with or without
replacement). Here each class's quota is first split across the partitions
exactly as such a draw would split it, from the class counts alone:

- without replacement (RandomUnderSampler): a multivariate hypergeometric draw
  (how many of the kept rows fall in each partition when `quota` rows are taken
  without replacement from all of the class's rows);
- with replacement (RandomOverSampler, RandomUnderSampler(replacement=True)): a
  multinomial draw with the partitions' shares of the class.

Then each partition draws its share from its own rows with its own stream
(numpy's SeedSequence(random_state).spawn: stream 0 splits the quotas, stream
p + 1 draws in partition p). The result has the in-memory sampler's class
counts and distribution, with other draws; it does not depend on the
scheduler, the number of workers or threads. No rows are gathered: each
partition's selection runs where its rows are, and X is not computed during
fit_resample.
"""
from collections.abc import Mapping

import numpy as np

from dask import delayed

from . import _data
from .._core import ParameterError
from .._estimator import label_text, same_label


def streams(seed, n_partitions):
    """The quota generator and one SeedSequence per partition, all from one seed."""
    children = np.random.SeedSequence(seed).spawn(n_partitions + 1)
    return np.random.Generator(np.random.PCG64(children[0])), children[1:]


def split_without_replacement(rng, counts, quota):
    """How many of `quota` rows drawn without replacement come from each partition."""
    if quota == 0:
        return np.zeros_like(counts)
    return rng.multivariate_hypergeometric(counts, int(quota), method="marginals").astype(np.int64)


def split_with_replacement(rng, counts, quota):
    """How many of `quota` uniform draws with replacement hit each partition (multinomial,
    by successive binomials so that the probabilities are exact ratios of counts)."""
    out = np.zeros_like(counts)
    left, rows_left = int(quota), int(counts.sum())
    for p, n in enumerate(counts):
        if left == 0 or rows_left == 0:
            break
        k = left if n == rows_left else int(rng.binomial(left, n / rows_left))
        out[p] = k
        left -= k
        rows_left -= int(n)
    return out


def class_rows(ids, n_classes):
    """The local rows of each class, in row order."""
    order = np.argsort(ids, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(ids, minlength=n_classes))])
    return [order[bounds[c]:bounds[c + 1]] for c in range(n_classes)]


def under_select(y_part, classes, quota, targeted, seed, replacement):
    """Partition rows to keep: all rows of untargeted classes, `quota[c]` drawn rows of class c."""
    ids = _data.class_ids(_data.labels_of(y_part), classes)
    rng = np.random.Generator(np.random.PCG64(seed))
    chosen = []
    for c, rows in enumerate(class_rows(ids, len(classes))):
        if not targeted[c]:
            chosen.append(rows)
        elif replacement:
            chosen.append(rows[rng.integers(0, len(rows), int(quota[c]))])
        else:
            chosen.append(rows[rng.choice(len(rows), int(quota[c]), replace=False)])
    return np.sort(np.concatenate(chosen)).astype(np.int64)


def over_select(y_part, classes, picks, seed):
    """Partition rows drawn again (with replacement), `picks[c]` of class c, in row order."""
    ids = _data.class_ids(_data.labels_of(y_part), classes)
    rng = np.random.Generator(np.random.PCG64(seed))
    chosen = []
    for c, rows in enumerate(class_rows(ids, len(classes))):
        if picks[c]:
            chosen.append(rows[rng.integers(0, len(rows), int(picks[c]))])
    return np.sort(np.concatenate(chosen)).astype(np.int64)


def class_moments(rows, ids, wanted):
    """Per class: (count, mean, sum of squared deviations) of each feature, in float64."""
    out = {}
    for c in wanted:
        x = rows[ids == c].astype(np.float64)
        if len(x):
            mean = x.mean(axis=0)
            out[c] = (len(x), mean, ((x - mean) ** 2).sum(axis=0))
    return out


def partition_moments(x_part, y_part, classes, wanted, dtype, index, offset):
    _data.check_lengths(x_part, y_part, index)
    ids = _data.class_ids(_data.labels_of(y_part), classes)
    return class_moments(_data.rows_of(x_part, dtype, index, offset), ids, wanted)


def class_factors(shrinkage, classes, wanted):
    """{class id: shrinkage factor} of the raised classes: one factor for all, or imbalanced-learn's
    dict by label (a raised class without a factor is its error)."""
    if not isinstance(shrinkage, Mapping):
        return {c: float(shrinkage) for c in wanted}
    factors, missing = {}, []
    for c in wanted:
        found = [f for label, f in shrinkage.items() if same_label(label, classes[c])]
        if found:
            factors[c] = float(found[0])
        else:
            missing.append(classes[c])
    if missing:
        raise ParameterError("shrinkage should contain a shrinkage factor for each class that will be resampled; "
                             "the missing classes are: %s" % ", ".join(label_text(m) for m in missing))
    return factors


def smoothing_scales(factors, smoothing, *parts):
    """Each class's noise scale: its shrinkage factor * smoothing * its population standard
    deviation, from per-partition moments combined exactly (Chan et al.)."""
    total = {}
    for part in parts:
        for c, (n, mean, m2) in part.items():
            if c not in total:
                total[c] = (n, mean, m2)
                continue
            n0, mean0, m20 = total[c]
            delta = mean - mean0
            n1 = n0 + n
            total[c] = (n1, mean0 + delta * (n / n1), m20 + m2 + delta ** 2 * (n0 * n / n1))
    return {c: factors[c] * smoothing * np.sqrt(m2 / n) for c, (n, mean, m2) in total.items()}


def smoothed_rows(x_part, y_part, local, classes, scales, seed, dtype, index, offset):
    """Rows `local` of a partition plus Gaussian noise of their class's scale (smoothed bootstrap)."""
    _data.check_lengths(x_part, y_part, index)
    rows = _data.rows_of(x_part, dtype, index, offset)[local].astype(np.float64)
    labels = _data.labels_of(y_part)[local]
    ids = _data.class_ids(labels, classes)
    scale = np.stack([scales[c] for c in ids]) if len(ids) else np.zeros_like(rows)
    rng = np.random.Generator(np.random.PCG64(seed))
    return (rows + rng.standard_normal(rows.shape) * scale).astype(dtype), labels


def seed_of(random_state):
    """random_state as one integer seed: as the in-memory classes read it (an int as is,
    a RandomState gives one draw, None a fresh seed), fixed for the whole fit. A fresh seed stays
    within [0, 2**32 - 1], the range the in-memory classes accept (scikit-learn's random_state)."""
    import numbers

    from sklearn.utils import check_random_state

    if random_state is None:
        return int(np.random.SeedSequence().generate_state(1, dtype=np.uint32)[0])
    if isinstance(random_state, numbers.Integral):
        return int(random_state)
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))


def under_sample(table, stats, targets, seed, replacement):
    """Pieces and sample_indices_ of random under-sampling (see the module docstring)."""
    rng, seeds = streams(seed, table.n_partitions)
    keep = stats.counts.copy()
    targeted = np.zeros(len(stats.classes), dtype=bool)
    for c, label in enumerate(stats.classes):
        if label in targets:
            targeted[c] = True
            split = split_with_replacement if replacement else split_without_replacement
            keep[:, c] = split(rng, stats.counts[:, c], targets[label])
    pieces, indices = [], []
    for p in range(table.n_partitions):
        n = int(keep[p].sum())
        offset = int(table.offsets[p])
        if not replacement and np.array_equal(keep[p], stats.counts[p]):
            pieces.append(("whole", p, n))
            indices.append((delayed(np.arange)(offset, offset + n, dtype=np.int64), n))
            continue
        local = delayed(under_select)(table.y_parts[p], stats.classes, keep[p], targeted, seeds[p], replacement)
        pieces.append(("select", p, local, n))
        indices.append((delayed(_data.global_indices)(local, offset), n))
    return pieces, indices


def over_sample(table, stats, targets, seed, shrinkage):
    """Pieces and sample_indices_ (None with shrinkage) of random over-sampling."""
    rng, seeds = streams(seed, table.n_partitions)
    picks = np.zeros_like(stats.counts)
    for c, label in enumerate(stats.classes):
        if label in targets:
            picks[:, c] = split_with_replacement(rng, stats.counts[:, c], targets[label])
    pieces = [("whole", p, int(table.lengths[p])) for p in range(table.n_partitions)]
    indices = [(delayed(np.arange)(int(o), int(o + n), dtype=np.int64), int(n))
               for o, n in zip(table.offsets, table.lengths)]
    drawing = [p for p in range(table.n_partitions) if picks[p].sum() > 0]
    scales = None
    if shrinkage is not None:
        wanted = [c for c in range(len(stats.classes)) if picks[:, c].sum() > 0]
        holding = [p for p in range(table.n_partitions) if stats.counts[p, wanted].sum() > 0]
        moments = [delayed(partition_moments)(table.x_parts[p], table.y_parts[p], stats.classes, wanted,
                                              table.dtype, p, int(table.offsets[p])) for p in holding]
        smoothing = (4.0 / ((table.n_features + 2) * table.n_rows)) ** (1.0 / (table.n_features + 4))
        scales = delayed(smoothing_scales)(class_factors(shrinkage, stats.classes, wanted), smoothing, *moments)
    for p in drawing:
        n = int(picks[p].sum())
        local = delayed(over_select)(table.y_parts[p], stats.classes, picks[p], seeds[p])
        if scales is None:
            pieces.append(("select", p, local, n))
            indices.append((delayed(_data.global_indices)(local, int(table.offsets[p])), n))
        else:
            noise_seed = np.random.SeedSequence(seeds[p].entropy, spawn_key=seeds[p].spawn_key + (1,))
            rows, labels = delayed(smoothed_rows, nout=2)(table.x_parts[p], table.y_parts[p], local, stats.classes,
                                                         scales, noise_seed, table.dtype, p,
                                                         int(table.offsets[p]))
            pieces.append(("new", rows, labels, n))
    return pieces, (None if scales is not None else indices)
