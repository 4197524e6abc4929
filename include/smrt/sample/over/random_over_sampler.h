#pragma once
// RandomOverSampler (imbalanced-learn 0.10): draw rows of each targeted class
// with replacement; with `shrinkage`, add Gaussian noise scaled per feature
// (a smoothed bootstrap), one factor for every class or one per class.

#include <map>
#include <optional>
#include <string>

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
  /// The factor for class c; nullopt: a plain bootstrap.
  std::optional<double> shrinkage_for(int32_t c, const SamplingPlan& plan) const;

  std::optional<double> shrinkage_;                   // one factor for every class
  std::map<std::string, double> class_shrinkage_;     // or one per class label
};

}  // namespace smrt
