#include "smrt/sample/over/weighted_draw.h"

#include <algorithm>
#include <cmath>

#include "smrt/core/error.h"

namespace smrt {

WeightedDraw::WeightedDraw(const std::vector<double>& weights) : cumulative_(weights.size()) {
  double sum = 0.0;
  for (size_t i = 0; i < weights.size(); ++i) {
    SMRT_ASSERT(weights[i] >= 0.0, "negative weight");
    cumulative_[i] = sum += weights[i];
    if (weights[i] > 0.0) last_positive_ = static_cast<int64_t>(i);
  }
  SMRT_ASSERT(sum > 0.0 && std::isfinite(sum), "weights must have a positive finite sum");
}

int64_t WeightedDraw::operator()(Rng& rng) const {
  const double u = rng.uniform() * cumulative_.back();
  // The first index whose cumulative sum exceeds u: a zero weight repeats the
  // sum before it and is never the first to exceed it.
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  return std::min(static_cast<int64_t>(it - cumulative_.begin()), last_positive_);  // u rounded up to the sum
}

}  // namespace smrt
