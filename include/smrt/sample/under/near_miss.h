#pragma once
// NearMiss (imbalanced-learn 0.10), an under-sampler that keeps, of each
// targeted class, the rows that lie nearest the minority class:
//   version 1: smallest mean distance to their n_neighbors nearest minority rows;
//   version 2: smallest mean distance to their n_neighbors farthest minority rows;
//   version 3: of the rows among the n_neighbors_ver3 nearest of some minority
//              row, the largest mean distance to their n_neighbors nearest
//              minority rows (may keep fewer rows than asked, as imblearn).
// Kept rows are grouped by class; within a class in the order of selection.

#include "smrt/sample/sampler.h"

namespace smrt {

class NearMiss : public Sampler {
 public:
  explicit NearMiss(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::UnderSampling; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  int version_;
  int n_neighbors_;
  int n_neighbors_ver3_;
  std::string knn_;
};

}  // namespace smrt
