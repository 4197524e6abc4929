#pragma once
// ClusterCentroids (imbalanced-learn 0.10): replaces each targeted class by
// the centres of a k-means with as many clusters as rows to keep ('soft'
// voting, the default for dense data) or by the rows nearest those centres
// ('hard'). k-means is scikit-learn's algorithm (k-means++ seeding, Lloyd
// iterations, tol relative to the mean feature variance) written here with
// smrt's Rng, so its draws are not scikit-learn's.
//
// Output order: with 'soft' voting the kept rows of the other classes come
// first and the centres after them (imblearn interleaves them by class).

#include "smrt/sample/sampler.h"

namespace smrt {

class ClusterCentroids : public Sampler {
 public:
  explicit ClusterCentroids(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::UnderSampling; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  bool hard_voting_;
  int n_init_;
  int max_iter_;
  double tol_;
  std::string knn_;
};

/// k-means on the rows of `X` (n_init runs, the lowest inertia wins; run i
/// draws from rng.fork(i)). Returns k x n_cols centres.
Matrix kmeans_centres(const MatrixView& X, int64_t k, int n_init, int max_iter, double tol, const Rng& rng);

}  // namespace smrt
