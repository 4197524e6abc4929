#pragma once
// SMOTEN (imbalanced-learn 0.10): SMOTE for purely categorical tables. Every
// column's values are categories; neighbours within the class follow the
// value difference metric (sum over columns of the squared L1 distance
// between the class distributions of the two values); a new row takes, in
// each column, the most frequent value among a random row's k + 1 nearest
// (itself included), the smallest value on ties.

#include "smrt/sample/over/smote_base.h"

namespace smrt {

class SMOTEN : public SmoteBase {
 public:
  explicit SMOTEN(const ParamValues& params) : SmoteBase(params) {}
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;
};

}  // namespace smrt
