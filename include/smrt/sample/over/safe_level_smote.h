#pragma once
// Safe-Level-SMOTE (Bunkhumpornpat, Sinapiromsaran & Lursinsap, PAKDD 2009):
// SMOTE whose gap along each segment p -> n depends on the two ends' safe
// levels, the number of rows of p's class among each end's k nearest rows of
// the whole table. New rows stay near the safer end; pairs with two unsafe
// ends give none.

#include "smrt/sample/over/smote_base.h"

namespace smrt {

class SafeLevelSMOTE : public SmoteBase {
 public:
  explicit SafeLevelSMOTE(const ParamValues& params) : SmoteBase(params) {}
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;
};

/// The paper's gap for one attribute, from u uniform in [0, 1) and the safe
/// levels of the base (sl_p) and of the neighbour (sl_n); not both zero.
/// sl_n = 0: 0 (a copy of p); equal: u; sl_p > sl_n: in [0, sl_n / sl_p);
/// sl_p < sl_n: in [1 - sl_p / sl_n, 1).
double safe_level_gap(int sl_p, int sl_n, double u);

}  // namespace smrt
