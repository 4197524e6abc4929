#pragma once
// NeighbourhoodCleaningRule: removes the rows that EditedNearestNeighbours
// ('mode') removes (A1), plus the neighbours, in large targeted classes, of
// the minority rows judged badly surrounded (A2). Kept rows stay in input
// order. Two rules, as imbalanced-learn changed it (parameter `rule`):
//
// imblearn-0.12 (0.12 and later): a minority row is misjudged when a
//   KNeighborsClassifier(n_neighbors) fitted on all rows predicts another
//   class for it (the row itself is among its neighbours; a tie goes to the
//   smallest label); classes larger than threshold_cleaning x the minority
//   class's size are cleaned.
// imblearn-0.10: kind_sel judges the minority row's n_neighbors neighbours
//   (itself left out); classes larger than threshold_cleaning x all rows are
//   cleaned. kind_sel='all' reproduces 0.10 exactly, including its quirk: the
//   neighbourhood is judged wrong when one of the neighbours has the label 0
//   (numpy's truth value of the label), not when one of them is of another
//   class. For labels {0, 1} with minority 1 both readings agree.

#include "smrt/sample/sampler.h"
#include "smrt/sample/under/neighbourhood.h"

namespace smrt {

class NeighbourhoodCleaningRule : public Sampler {
 public:
  enum class Rule { Imblearn012, Imblearn010 };

  explicit NeighbourhoodCleaningRule(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::CleanSampling; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  /// One flag per minority row (in `rows` order): is its neighbourhood judged wrong. `hoods`: the
  /// n_neighbors neighbours of each (A2's); `hits`: the n_neighbors + 1 they were taken from.
  std::vector<bool> misjudged(const NeighborIndex& index, const DataView& data, const std::vector<int64_t>& rows,
                              const KnnResult& hoods, const KnnResult& hits, int32_t minority) const;

  int n_neighbors_;
  Rule rule_;
  KindSel kind_sel_;
  double threshold_cleaning_;
  std::string knn_;
};

}  // namespace smrt
