#pragma once
// What SMOTEENN and SMOTETomek share: run the registry's SMOTE on the data,
// then a cleaning step on its output (original and synthetic rows together),
// and express what the cleaner keeps as kept input rows plus kept synthetic
// rows.

#include <functional>
#include <map>
#include <string>

#include "smrt/sample/sampler.h"

namespace smrt {

/// The cleaner: given the over-sampled table, the rows of it to keep.
using CleaningStep = std::function<std::vector<int64_t>(const DataView& oversampled)>;

/// SMOTE's own parameters as the combinations expose them.
std::vector<ParamSpec> smote_step_params();

/// Runs SMOTE (with `smote_params` plus sampling_strategy and random_state)
/// on `data`, then `clean` on the result. Kept input rows come first (in the
/// cleaner's order), then the kept synthetic rows.
Resampled smote_then_clean(const DataView& data, const ClassIndex& classes, const SamplingStrategy& strategy, Rng& rng,
                           const std::map<std::string, std::string>& smote_params, const CleaningStep& clean);

}  // namespace smrt
