#pragma once
// OneSidedSelection (imbalanced-learn 0.10): for each targeted class, keeps
// n_seeds_S random rows plus the rows a k-NN vote on (minority rows + those
// seeds) gets wrong, then removes the Tomek links of the targeted classes.
// Kept rows are grouped by class.

#include "smrt/sample/sampler.h"

namespace smrt {

class OneSidedSelection : public Sampler {
 public:
  explicit OneSidedSelection(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::CleanSampling; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  int n_neighbors_;
  int n_seeds_;
  std::string knn_;
};

/// The algorithm with its random draws given (see condensed_nearest_neighbour).
std::vector<int64_t> one_sided_selection(const DataView& data, const std::vector<bool>& targeted,
                                         const std::vector<std::vector<int64_t>>& seeds, int n_neighbors,
                                         const std::string& knn);

}  // namespace smrt
