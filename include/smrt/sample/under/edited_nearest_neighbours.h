#pragma once
// EditedNearestNeighbours (imbalanced-learn 0.10): drops the rows of the
// targeted classes whose n_neighbors nearest neighbours disagree with their
// class ('all' or 'mode'). Kept rows are grouped by class, in class order.

#include "smrt/sample/sampler.h"
#include "smrt/sample/under/neighbourhood.h"

namespace smrt {

class EditedNearestNeighbours : public Sampler {
 public:
  explicit EditedNearestNeighbours(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::CleanSampling; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  int n_neighbors_;
  KindSel kind_sel_;
  std::string knn_;
};

}  // namespace smrt
