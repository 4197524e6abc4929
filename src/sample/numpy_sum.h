#pragma once
// numpy's sum of float64 values (np.sum along a contiguous axis): pairwise,
// eight running sums up to 128 values, halves above. Where imbalanced-learn
// sums with numpy and then rounds or ranks the result (ADASYN's weights,
// NearMiss's distance sums), adding in the same order gives the same bits.

#include <cstdint>

namespace smrt {

double numpy_sum(const double* values, int64_t n);

}  // namespace smrt
