#pragma once
// SMRT as a registered sampler (`smrt resample --method smrt`): the
// VariationalAutoEncoder's parameters plus gen_from_samples,
// min_error_sample, loc / scale (generate_args) and prefit_estimators.
// sampling_strategy defaults to the notebook's balance_ratio 0.2 and
// random_state to its seed 42.

#include "smrt/generative/smrt_balance.h"
#include "smrt/sample/sampler.h"

namespace smrt {

class SmrtSampler : public Sampler {
 public:
  explicit SmrtSampler(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::OverSampling; }
  static std::vector<ParamSpec> param_specs();

  /// The VAE of each balanced class after fit_resample (return_estimators).
  const std::map<int32_t, std::shared_ptr<VariationalAutoEncoder>>& estimators() const { return estimators_; }

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  SmrtOptions options_;
  std::map<std::string, std::string> prefit_paths_;  // label text -> model file
  std::map<int32_t, std::shared_ptr<VariationalAutoEncoder>> estimators_;
};

}  // namespace smrt
