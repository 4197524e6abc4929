#pragma once
// ADASYN (imbalanced-learn 0.10): like SMOTE, but each row of the class
// generates in proportion to the share of other-class rows among its
// n_neighbors nearest neighbours in the whole table (harder rows get more).

#include <map>

#include "smrt/sample/over/smote_base.h"

namespace smrt {

class ADASYN : public SmoteBase {
 public:
  explicit ADASYN(const ParamValues& params) : SmoteBase(params, "n_neighbors") {}
  static std::vector<ParamSpec> param_specs();

  /// New rows per row of class c (in row order) from the last fit_resample.
  const std::vector<int64_t>& generation_counts(int32_t c) const { return counts_.at(c); }

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  std::map<int32_t, std::vector<int64_t>> counts_;
};

}  // namespace smrt
