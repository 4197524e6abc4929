#pragma once
// Draws of row indices in proportion to non-negative weights (numpy's
// choice(p=...)): one uniform per draw, found in the cumulative sums.

#include <cstdint>
#include <vector>

#include "smrt/core/rng.h"

namespace smrt {

class WeightedDraw {
 public:
  /// `weights` >= 0 with a positive, finite sum.
  explicit WeightedDraw(const std::vector<double>& weights);
  /// An index i drawn with probability weights[i] / sum; zero weights never.
  int64_t operator()(Rng& rng) const;

 private:
  std::vector<double> cumulative_;
  int64_t last_positive_ = 0;
};

}  // namespace smrt
