#pragma once
// ProWSyn (Barua, Islam & Murase, PAKDD 2013), Proximity Weighted Synthetic
// oversampling: the class's rows are split into L proximity levels (level 1:
// the rows among the k nearest of any other-class row; level 2: the same
// among the rows left, ...; what is left after L joins level L), each level
// gets a share of the new rows proportional to exp(-theta (l - 1)), and new
// rows are drawn on segments between two rows of the same level.

#include "smrt/sample/over/smote_base.h"

namespace smrt {

class ProWSyn : public SmoteBase {
 public:
  explicit ProWSyn(const ParamValues& params);
  static std::vector<ParamSpec> param_specs();

  /// The levels of the last fit_resample's last raised class (rows of the
  /// class, in class-row order), for tests and diagnostics.
  const std::vector<std::vector<int64_t>>& levels() const { return levels_; }
  /// Rows generated per level in that class.
  const std::vector<int64_t>& level_counts() const { return level_counts_; }

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  std::vector<std::vector<int64_t>> proximity_levels(const MatrixView& X_class, const MatrixView& X_other) const;

  int n_levels_;
  double theta_;
  std::vector<std::vector<int64_t>> levels_;
  std::vector<int64_t> level_counts_;
};

/// n split in proportion to `weights` (largest remainders get the rest; ties
/// to the earlier entry): the counts sum to n exactly.
std::vector<int64_t> split_by_weights(int64_t n, const std::vector<double>& weights);

}  // namespace smrt
