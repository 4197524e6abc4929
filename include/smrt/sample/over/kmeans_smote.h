#pragma once
// KMeansSMOTE (imbalanced-learn 0.10): k-means clusters the whole table;
// clusters where the class is frequent enough (cluster_balance_threshold) get
// new rows in proportion to their sparsity (mean distance between the class's
// rows ^ density_exponent / their count), drawn by SMOTE inside the cluster.
// The clustering is smrt's own k-means (k-means++ start, Lloyd iterations on
// a sample of rows), seeded from random_state, standing in for
// scikit-learn's MiniBatchKMeans.

#include <optional>

#include "smrt/sample/over/smote_base.h"

namespace smrt {

class KMeansSMOTE : public SmoteBase {
 public:
  explicit KMeansSMOTE(const ParamValues& params);
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  int n_clusters_;
  std::optional<double> balance_threshold_;  ///< none = 'auto'
  std::optional<double> density_exponent_;   ///< none = 'auto'
};

/// Cluster of each row after k-means with `k` clusters: k-means++ start and
/// Lloyd iterations (until the centres move less than scikit-learn's tol, 1e-4 x
/// the mean feature variance; at most 100) on a random sample of at most
/// 16,384 rows drawn from `rng`, then every row assigned to its nearest centre.
std::vector<int32_t> kmeans_labels(const MatrixView& X, int k, Rng& rng);

}  // namespace smrt
