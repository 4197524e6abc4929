#pragma once
// MWMOTE, Majority Weighted Minority Oversampling (Barua, Islam, Yao and
// Murase, IEEE TKDE 26(2), 2014). Rows of the class whose k1 nearest rows
// are all of other classes are noise and left out; the k2 nearest other-class
// rows of the rest are the borderline majority; their k3 nearest (filtered)
// class rows are the informative minority. Each informative row is drawn in
// proportion to its selection weight, a sum over the borderline rows of
// closeness x density factors; its new row lies between it and a random
// member of its own cluster (average-linkage clustering of the class).

#include <map>
#include <optional>

#include "smrt/sample/over/smote_base.h"

namespace smrt {

class MWMOTE : public SmoteBase {
 public:
  explicit MWMOTE(const ParamValues& params);
  static std::vector<ParamSpec> param_specs();

  /// Selection weight of each row of class c (row order of the class) from
  /// the last fit_resample: 0 for rows that are not informative.
  const std::vector<double>& selection_weights(int32_t c) const { return weights_.at(c); }
  /// Cluster id of each row of class c from the last fit_resample.
  const std::vector<int32_t>& clusters(int32_t c) const { return clusters_.at(c); }

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  std::vector<double> weigh(const DataView& data, int32_t c, const std::vector<int64_t>& class_rows,
                            const Matrix& X_class, const std::vector<int64_t>& filtered) const;

  int k1_, k2_;
  std::optional<int64_t> k3_;  ///< none: half the class's rows (the paper's)
  std::optional<int64_t> n_clusters_;  ///< M; none: the paper's threshold
  double cf_th_, cmax_, cp_;
  std::map<int32_t, std::vector<double>> weights_;
  std::map<int32_t, std::vector<int32_t>> clusters_;
};

}  // namespace smrt
