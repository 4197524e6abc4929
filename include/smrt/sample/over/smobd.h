#pragma once
// SMOBD, SMOTE based on Outlier detection and Density (Cao and Wang, ICIII
// 2011), as smote-variants implements it: OPTICS' core distance (to the
// min_samples-th nearest row) and reachability distance of each row of the
// class mark as noise the rows where both exceed t times their mean; the
// other rows are drawn in proportion to a density mixing the normalised core
// distance (weight eta1) and the normalised count of rows within max_eps
// (weight 1 - eta1), and each new row lies between the drawn row and one of
// its min_samples nearest same-class rows.

#include <map>

#include "smrt/sample/over/smote_base.h"

namespace smrt {

class SMOBD : public SmoteBase {
 public:
  explicit SMOBD(const ParamValues& params);
  static std::vector<ParamSpec> param_specs();

  /// Drawing weight of each row of class c (row order of the class) from the
  /// last fit_resample, summing to 1: 0 for the noise rows.
  const std::vector<double>& density(int32_t c) const { return density_.at(c); }

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  double eta1_, t_, max_eps_;
  std::map<int32_t, std::vector<double>> density_;
};

}  // namespace smrt
