#pragma once
// SVMSMOTE (imbalanced-learn 0.10): an RBF SVM (LIBSVM, as scikit-learn's SVC
// with gamma='scale') is fitted on the whole table; the class's support
// vectors that are not noise are the base rows. Those in danger (m_neighbors
// test, as BorderlineSMOTE) interpolate towards same-class neighbours for a
// Beta(10, 10) share of the rows; the safe ones extrapolate away from them
// by up to out_step for the rest.

#include "smrt/sample/over/smote_base.h"

namespace smrt {

class SVMSMOTE : public SmoteBase {
 public:
  explicit SVMSMOTE(const ParamValues& params);
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  int m_neighbors_;
  double out_step_;
  double svm_c_;
};

}  // namespace smrt
