#pragma once
// RandomUnderSampler (imbalanced-learn 0.10): keep a random subset of each
// targeted class; output rows are grouped by class, in class order.

#include "smrt/sample/sampler.h"

namespace smrt {

class RandomUnderSampler : public Sampler {
 public:
  explicit RandomUnderSampler(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::UnderSampling; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  bool replacement_;
};

}  // namespace smrt
