#pragma once
// The exact squared distance the kNN engine decides with, and the float
// thresholds it filters with, shared by its one-sided and its pairwise
// (self-search) passes so both decide alike.

#include <cmath>
#include <cstdint>

#include "smrt/core/matrix.h"
#include "tile_kernel.h"

namespace smrt::knn {

// A float threshold no lower than the double `v` (a float cast may round
// down; the relative and absolute nudges cover it, also near zero).
inline float float_at_least(double v) {
  const auto t = static_cast<float>(v);
  return t + std::abs(t) * 0x1p-20f + 1e-30f;
}

// Asks for the rows of a scan's hits (position j's row is row_of(j)) before
// their exact distances: the candidates lie anywhere in a table larger than
// the caches, and asking for all of them first overlaps their memory
// latencies (the exact checks of a one-sided search waited on memory most of
// their time). Positions past `n` are padding.
template <typename RowOf>
inline void prefetch_hit_rows(const TileHit* hits, int64_t n_hits, int64_t first_panel, int32_t width, int64_t n,
                              int64_t d, RowOf row_of) {
  for (int64_t h = 0; h < n_hits; ++h)
    for (uint32_t mask = hits[h].mask; mask != 0; mask &= mask - 1) {
      const int64_t j = (first_panel + hits[h].panel) * width + __builtin_ctz(mask);
      if (j < n) prefetch_row(row_of(j), d);
    }
}

// Squared distance in double. Four partial sums (a fixed order, so equal
// rows still give equal values) let the compiler keep several in flight.
inline double exact_sq_distance(const float* a, const float* b, int64_t d) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  int64_t p = 0;
  for (; p + 4 <= d; p += 4) {
    const double d0 = static_cast<double>(a[p]) - b[p], d1 = static_cast<double>(a[p + 1]) - b[p + 1];
    const double d2 = static_cast<double>(a[p + 2]) - b[p + 2], d3 = static_cast<double>(a[p + 3]) - b[p + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; p < d; ++p) {
    const double diff = static_cast<double>(a[p]) - b[p];
    s0 += diff * diff;
  }
  return (s0 + s1) + (s2 + s3);
}

}  // namespace smrt::knn
