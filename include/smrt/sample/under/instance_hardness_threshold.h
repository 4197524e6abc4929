#pragma once
// InstanceHardnessThreshold (imbalanced-learn 0.10): keeps, of each targeted
// class, the rows a classifier finds easiest, i.e. whose cross-validated
// probability of their own class is at least the class's
// (1 - n_keep / n_class) percentile (numpy's linear interpolation).
//
// The classifier differs from imblearn's default: imblearn uses a random
// forest of 100 trees; smrt uses L2 logistic regression on LIBLINEAR
// (scikit-learn's LogisticRegression(solver='liblinear', C=1), one-vs-rest),
// with stratified, shuffled cv-fold cross-validated probabilities. The
// kept counts follow the same percentile rule; which rows count as hard
// depends on the classifier.

#include "smrt/sample/sampler.h"

namespace smrt {

class InstanceHardnessThreshold : public Sampler {
 public:
  explicit InstanceHardnessThreshold(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::UnderSampling; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  int cv_;
  double C_;
};

/// numpy.percentile(values, q) with the default linear method; q in [0, 100].
double percentile_linear(std::vector<double> values, double q);

/// Each row's cross-validated probability of its own class: `n_folds`
/// stratified folds shuffled with `rng`, logistic regression (C) on the rest.
std::vector<double> cross_validated_own_class_probability(const DataView& data, int n_folds, double C, Rng& rng);

}  // namespace smrt
