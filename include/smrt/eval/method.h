#pragma once
// A balancing method as the protocols name it: a sampler looked up by name in
// SamplerRegistry::global() (with parameters), a class-weighted classifier,
// or nothing. A method whose sampler is not registered in this build is
// reported "not available yet" and never run.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "smrt/core/dataset.h"
#include "smrt/eval/classifier.h"

namespace smrt::eval {

struct MethodSpec {
  std::string label;    ///< shown in tables and plots ("SMOTE", "SMRT (archetypes)")
  std::string sampler;  ///< registry name; empty: train on the data as it is
  std::map<std::string, std::string> params;  ///< sampler parameters (besides strategy and seed)
  ClassWeight class_weight = ClassWeight::None;
  /// > 1: the sampler is fitted on data whose targeted classes were first
  /// repeated this many times (the cGAN blog's "x50"); only the synthetic
  /// rows it adds are kept, beside the original rows.
  int64_t repeat_before = 1;
  /// The method does not depend on the balance ratio (none, class weights):
  /// a ratio sweep runs it once per seed.
  bool ratio_free() const { return sampler.empty(); }
};

/// Registers every method this build has (classical, and generative when
/// built with LibTorch). Idempotent.
void register_all_methods();

/// Empty when `method` can run in this build; otherwise why not
/// ("'smrt' is not registered in this build", or a parameter it lacks).
std::string unavailable_reason(const MethodSpec& method);

struct MethodOutput {
  Dataset train;                     ///< the training set the classifier sees
  Matrix synthetic;                  ///< the rows the sampler generated (may be empty)
  std::vector<int32_t> synthetic_y;
  double seconds = 0;                ///< resampling time
};

/// Resamples `train` with the method's sampler at `sampling_strategy`
/// (SamplingStrategy's text forms), seeded with `seed`.
MethodOutput apply_method(const MethodSpec& method, const Dataset& train, const std::string& sampling_strategy,
                          uint64_t seed);

}  // namespace smrt::eval
