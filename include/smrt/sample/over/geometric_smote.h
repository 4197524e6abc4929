#pragma once
// Geometric SMOTE (Douzas and Bacao, Information Sciences 501, 2019), as the
// authors' reference package (geometric-smote, now imbalanced-learn-extra)
// draws it: each new row is uniform in a hyper-sphere around a row of the
// class (the center) whose surface passes through a chosen surface point,
// then truncated (truncation_factor) towards or away from that point and
// deformed (deformation_factor) from a sphere towards the segment to it.
// selection_strategy picks the surface point: a random one of the k nearest
// same-class rows (minority), the nearest other-class row (majority), or the
// closer of those two (combined).

#include "smrt/sample/over/smote_base.h"

namespace smrt {

/// A new row from center c and surface point s: `unit_ball` is a point drawn
/// uniformly in the unit ball (d values), moved in place to the result's
/// offset from c in units of |s - c|, then written as c + |s - c| * it to
/// `out`. Truncation reflects the component along s - c; deformation
/// shrinks the rest by (1 - deformation).
void geometric_sample(const float* center, const float* surface, int64_t d, double truncation, double deformation,
                      double* unit_ball, float* out);

class GeometricSMOTE : public SmoteBase {
 public:
  explicit GeometricSMOTE(const ParamValues& params);
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  double truncation_, deformation_;
  std::string selection_;
};

}  // namespace smrt
