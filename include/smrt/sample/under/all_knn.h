#pragma once
// AllKNN (imbalanced-learn 0.10): EditedNearestNeighbours with 1, 2, ...,
// n_neighbors neighbours, each pass on the previous one's output, stopping
// early when a class other than the minority falls below the minority's
// count (unless allow_minority) or a class vanishes.

#include "smrt/sample/sampler.h"
#include "smrt/sample/under/neighbourhood.h"

namespace smrt {

class AllKNN : public Sampler {
 public:
  explicit AllKNN(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::CleanSampling; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  int n_neighbors_;
  KindSel kind_sel_;
  bool allow_minority_;
  std::string knn_;
};

}  // namespace smrt
