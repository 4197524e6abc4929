#pragma once
// KMeansSMOTE (imbalanced-learn 0.10): k-means clusters the whole table;
// clusters where the class is frequent enough (cluster_balance_threshold) get
// new rows in proportion to their sparsity (mean distance between the class's
// rows ^ density_exponent / their count), drawn by SMOTE inside the cluster.
// The clustering is scikit-learn's MiniBatchKMeans with its defaults
// (mini_batch_kmeans.h), seeded from random_state.

#include <optional>

#include "smrt/sample/over/mini_batch_kmeans.h"
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


}  // namespace smrt
