#pragma once
// The one idea: a sampler takes a labelled table (X, y) and returns a
// resampled one. A public non-virtual fit_resample() validates the data,
// resolves sampling_strategy into a SamplingPlan and seeds one RNG, then
// calls the algorithm's hook, resample(). A sampler writes only its algorithm.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "smrt/core/dataset.h"
#include "smrt/core/params.h"
#include "smrt/core/rng.h"
#include "smrt/core/sampling_strategy.h"

namespace smrt {

/// The output, without copying kept rows: rows of the input at
/// `sample_indices` (in output order), then the `synthetic` rows, unless
/// `synthetic_at` places them between the kept rows.
struct Resampled {
  std::vector<int64_t> sample_indices;
  Matrix synthetic;
  std::vector<int32_t> synthetic_y;
  /// Empty, or one entry per synthetic row (non-decreasing): synthetic row j
  /// comes right after the first synthetic_at[j] kept rows. ClusterCentroids
  /// uses it for imbalanced-learn's class-by-class order, whose kept classes
  /// and centres alternate (kept rows stay indices: exact, not copied).
  std::vector<int64_t> synthetic_at;

  int64_t n_rows() const { return static_cast<int64_t>(sample_indices.size()) + synthetic.n_rows(); }
  /// Rows per class id in the output.
  std::vector<int64_t> class_counts(const DataView& input) const;
  /// Builds the output table (for front ends that need it in memory).
  Dataset materialize(const Dataset& input) const;
};

class Sampler {
 public:
  virtual ~Sampler() = default;

  virtual SamplingType sampling_type() const = 0;
  /// Over-samplers that clean after adding (SMOTEENN, SMOTETomek, SMOTEIPF):
  /// a class may end up no larger although rows were added, so its inner
  /// SMOTE, not the outcome, says whether a class got none.
  virtual bool cleans_after_adding() const { return false; }

  /// Validates `data` (finite, >= 2 classes), resolves the strategy against
  /// its class counts and runs the algorithm. `classes` maps label text (as
  /// used in a per-class sampling_strategy) to ids.
  Resampled fit_resample(const DataView& data, const ClassIndex& classes);
  Resampled fit_resample(const Dataset& data) { return fit_resample(data.view(), data.classes); }

  /// Generative methods: validates and resolves as fit_resample() does, then
  /// fits the method's model without generating rows. Others: ParameterError.
  void fit_model(const DataView& data, const ClassIndex& classes);

  /// The plan used by the last fit_resample (imbalanced-learn's sampling_strategy_).
  const SamplingPlan& plan() const;
  const SamplingStrategy& strategy() const { return strategy_; }

 protected:
  /// Reads the shared parameters sampling_strategy and random_state (when spec'd).
  explicit Sampler(const ParamValues& params);

  /// The algorithm. `rng` is seeded from random_state; use rng.fork(block)
  /// for parallel blocks so results do not depend on the thread count.
  virtual Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) = 0;
  /// fit_model()'s hook; the default says the method has no model.
  virtual void fit_only(const DataView& data, const SamplingPlan& plan, Rng& rng);

  /// The label index of the running fit_resample (valid inside resample()):
  /// samplers that re-resolve the strategy on a subset or call another
  /// sampler need it.
  const ClassIndex& classes() const;

 private:
  /// fit_resample's checks and plan; returns the seeded RNG.
  Rng prepare(const DataView& data, const ClassIndex& classes);
  /// Over-samplers: a warning (smrt/core/warnings.h) for each class asked to
  /// grow that got no new row.
  void warn_of_classes_left_as_they_were(const DataView& data, const Resampled& out) const;

  const ClassIndex* classes_ = nullptr;
  SamplingStrategy strategy_;
  std::optional<uint64_t> random_state_;
  std::optional<SamplingPlan> plan_;
  /// Declares `knn`: compares float distances, so every input value is checked
  /// first (an error then names the input's row, not a row of a class subset).
  bool uses_distances_ = false;
};

/// The shared parameters every sampler declares first: sampling_strategy
/// (default 'auto') and, for randomised samplers, random_state.
std::vector<ParamSpec> sampler_params(bool randomised, std::vector<ParamSpec> own);

}  // namespace smrt
