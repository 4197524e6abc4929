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

  /// Fitted VAEs by class label (as text) to use instead of fitting, beside
  /// those the prefit_estimators parameter names by file (Python passes
  /// objects). A label that is not in the data or not resampled is an error.
  void set_prefit_models(std::map<std::string, std::shared_ptr<VariationalAutoEncoder>> models) {
    prefit_models_ = std::move(models);
  }

  /// The VAE of each balanced class after fit_resample (return_estimators).
  const std::map<int32_t, std::shared_ptr<VariationalAutoEncoder>>& estimators() const { return estimators_; }
  /// With filter_neighbors: what the filter rejected in each class (class id).
  const std::map<int32_t, FilterReport>& filter_reports() const { return filter_reports_; }

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;
  /// Fits each balanced class's VAE (estimators()) without generating.
  void fit_only(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  SmrtOptions options_with_prefit(const SamplingPlan& plan, const DataView& data) const;
  SmrtOptions options_;
  std::map<std::string, std::string> prefit_paths_;  // label text -> model file
  std::map<std::string, std::shared_ptr<VariationalAutoEncoder>> prefit_models_;
  std::map<int32_t, std::shared_ptr<VariationalAutoEncoder>> estimators_;
  std::map<int32_t, FilterReport> filter_reports_;
};

}  // namespace smrt
