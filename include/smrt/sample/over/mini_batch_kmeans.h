#pragma once
// The clustering behind KMeansSMOTE: scikit-learn's MiniBatchKMeans (the
// estimator imbalanced-learn 0.10 uses by default), with its defaults.

#include <cstdint>
#include <vector>

#include "smrt/core/matrix.h"
#include "smrt/core/rng.h"

namespace smrt {

/// Cluster of each row after mini-batch k-means with `k` clusters, as
/// scikit-learn 1.2's MiniBatchKMeans(n_clusters=k) fits it: 3 greedy
/// k-means++ starts on random subsets of 3 x 1,024 rows, the one with the
/// lowest inertia on a validation subset kept; then steps of 1,024 random rows,
/// each centre moving to the running mean of the rows it has been given,
/// rarely used centres moved to random rows of the batch (reassignment_ratio
/// 0.01); it stops when the smoothed batch inertia has not improved for 10
/// steps (at most 100 passes' worth of steps). Finally every row goes to its
/// nearest centre. Draws come from `rng` (not numpy's generator).
std::vector<int32_t> kmeans_labels(const MatrixView& X, int k, Rng& rng);

}  // namespace smrt
