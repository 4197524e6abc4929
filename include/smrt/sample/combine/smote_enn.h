#pragma once
// SMOTEENN (imbalanced-learn 0.10): SMOTE, then EditedNearestNeighbours
// with sampling_strategy='all' on SMOTE's output. Kept input rows come first
// (grouped by class), then the kept synthetic rows (imblearn groups both by
// class together).

#include "smrt/sample/sampler.h"
#include "smrt/sample/under/neighbourhood.h"

namespace smrt {

class SMOTEENN : public Sampler {
 public:
  explicit SMOTEENN(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::OverSampling; }
  bool cleans_after_adding() const override { return true; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  int64_t k_neighbors_;
  int n_neighbors_;
  KindSel kind_sel_;
  std::string knn_;
};

}  // namespace smrt
