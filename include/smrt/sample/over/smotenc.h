#pragma once
// SMOTENC (imbalanced-learn 0.10): SMOTE for tables with categorical columns.
// Neighbours are found on the continuous columns plus a one-hot encoding of
// the categorical ones scaled by half the median standard deviation of the
// continuous columns in the minority class. Continuous values are
// interpolated; each categorical value is the most frequent among the base
// row's k neighbours (ties broken at random).

#include "smrt/sample/over/smote_base.h"

namespace smrt {

class SMOTENC : public SmoteBase {
 public:
  explicit SMOTENC(const ParamValues& params);
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  std::vector<int64_t> categorical_;
};

}  // namespace smrt
