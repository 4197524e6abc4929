#pragma once
// SMOTETomek (imbalanced-learn 0.10): SMOTE, then TomekLinks with
// sampling_strategy='all' on SMOTE's output. Kept input rows come first,
// then the kept synthetic rows, each in SMOTE's order.

#include "smrt/sample/sampler.h"

namespace smrt {

class SMOTETomek : public Sampler {
 public:
  explicit SMOTETomek(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::OverSampling; }
  bool cleans_after_adding() const override { return true; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  int64_t k_neighbors_;
  std::string knn_;
};

}  // namespace smrt
