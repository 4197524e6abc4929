#pragma once
// NeighbourhoodCleaningRule (imbalanced-learn 0.10): removes the rows that
// EditedNearestNeighbours ('mode') removes, plus the neighbours, in large
// targeted classes, of the minority rows whose neighbourhood is judged
// wrong. Kept rows stay in input order.
//
// kind_sel='all' reproduces imblearn 0.10 exactly, including its quirk: a
// minority row's neighbourhood is judged wrong when one of its neighbours
// has the label 0 (numpy's truth value of the label), not when one of them
// is of another class. For labels {0, 1} with minority 1 both readings agree.

#include "smrt/sample/sampler.h"
#include "smrt/sample/under/neighbourhood.h"

namespace smrt {

class NeighbourhoodCleaningRule : public Sampler {
 public:
  explicit NeighbourhoodCleaningRule(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::CleanSampling; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  int n_neighbors_;
  KindSel kind_sel_;
  double threshold_cleaning_;
  std::string knn_;
};

}  // namespace smrt
