#pragma once
// SMOTE (imbalanced-learn 0.10): each new row lies on the segment between a
// row of the class and one of its k nearest same-class neighbours,
// x + u (nn - x) with u uniform in [0, 1).

#include "smrt/sample/over/smote_base.h"

namespace smrt {

class SMOTE : public SmoteBase {
 public:
  explicit SMOTE(const ParamValues& params) : SmoteBase(params) {}
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;
};

}  // namespace smrt
