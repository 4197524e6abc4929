#pragma once
// RandomOverSampler (imbalanced-learn 0.10): draw rows of each targeted class
// with replacement; with `shrinkage`, add Gaussian noise scaled per feature
// (a smoothed bootstrap).

#include <optional>

#include "smrt/sample/sampler.h"

namespace smrt {

class RandomOverSampler : public Sampler {
 public:
  explicit RandomOverSampler(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::OverSampling; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  std::optional<double> shrinkage_;
};

}  // namespace smrt
