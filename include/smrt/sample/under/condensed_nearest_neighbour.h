#pragma once
// CondensedNearestNeighbour (imbalanced-learn 0.10): for each targeted
// class, starts from the minority rows plus n_seeds_S random rows of the
// class and adds, in row order, every row of the class that a k-NN vote on
// the rows gathered so far gets wrong. Kept rows are grouped by class.

#include "smrt/sample/sampler.h"

namespace smrt {

class CondensedNearestNeighbour : public Sampler {
 public:
  explicit CondensedNearestNeighbour(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::CleanSampling; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  int n_neighbors_;
  int n_seeds_;
  std::string knn_;
};

/// The algorithm with its random draws given: `seeds[c]` are positions in
/// class c's rows (imblearn's randint draws) for each targeted class. Lets
/// tests replay imbalanced-learn's draws and compare rows exactly.
std::vector<int64_t> condensed_nearest_neighbour(const DataView& data, const std::vector<bool>& targeted,
                                                 const std::vector<std::vector<int64_t>>& seeds, int n_neighbors,
                                                 const std::string& knn);

/// n_seeds positions drawn with replacement from [0, n) for each targeted class.
std::vector<std::vector<int64_t>> draw_class_seeds(const DataView& data, const std::vector<bool>& targeted, int n_seeds,
                                                   Rng& rng);

}  // namespace smrt
