#pragma once
// RepeatedEditedNearestNeighbours (imbalanced-learn 0.10): runs
// EditedNearestNeighbours on its own output until nothing changes, a class
// other than the minority falls below the minority's count, a class
// vanishes, or max_iter passes are done.

#include "smrt/sample/sampler.h"
#include "smrt/sample/under/neighbourhood.h"

namespace smrt {

class RepeatedEditedNearestNeighbours : public Sampler {
 public:
  explicit RepeatedEditedNearestNeighbours(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::CleanSampling; }
  static std::vector<ParamSpec> param_specs();
  /// Passes run by the last fit_resample (imbalanced-learn's n_iter_).
  int n_iter() const { return n_iter_; }

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  int n_neighbors_;
  int max_iter_;
  KindSel kind_sel_;
  std::string knn_;
  int n_iter_ = 0;
};

}  // namespace smrt
