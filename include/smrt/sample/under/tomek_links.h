#pragma once
// TomekLinks (imbalanced-learn 0.10): removes the rows of the targeted
// classes that form a Tomek link, a pair of rows of different classes that
// are each other's nearest neighbour. Kept rows stay in input order.

#include "smrt/sample/sampler.h"

namespace smrt {

class TomekLinks : public Sampler {
 public:
  explicit TomekLinks(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::CleanSampling; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  std::string knn_;
};

}  // namespace smrt
