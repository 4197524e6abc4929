// Portable micro-kernel (any CPU): 4 query rows x 8 fitted rows, plain loops
// the compiler may vectorise with the baseline instruction set.
#include "../tile_kernel.h"

namespace smrt::knn {
namespace {

constexpr int kRows = 4;
constexpr int kWidth = 8;

// kBoth: a lane also passes when a + qnorm[r] < col_thr[lane] (TileScanBothFn).
template <bool kBoth>
int64_t scan(const float* queries, int32_t d, const float* panels, int64_t n_panels, const float* thr,
             const float* qnorm, const float* col_thr, TileHit* hits) {
  int64_t n_hits = 0;
  const int64_t stride = int64_t{d + 1} * kWidth;
  for (int64_t b = 0; b < n_panels; ++b) {
    const float* panel = panels + b * stride;
    float acc[kRows][kWidth] = {};
    for (int32_t p = 0; p < d; ++p)
      for (int r = 0; r < kRows; ++r) {
        const float q = queries[r * d + p];
        for (int l = 0; l < kWidth; ++l) acc[r][l] += q * panel[p * kWidth + l];
      }
    const float* norms = panel + d * kWidth;
    for (int r = 0; r < kRows; ++r) {
      uint32_t mask = 0;
      for (int l = 0; l < kWidth; ++l) {
        float t = thr[r];
        if constexpr (kBoth) {
          const float col = col_thr[b * kWidth + l] - qnorm[r];
          t = col > t ? col : t;
        }
        if (norms[l] - 2.0f * acc[r][l] < t) mask |= 1u << l;
      }
      if (mask != 0) hits[n_hits++] = TileHit{b, r, mask};
    }
  }
  return n_hits;
}

int64_t scan_generic(const float* queries, int32_t d, const float* panels, int64_t n_panels, const float* thr,
                     TileHit* hits) {
  return scan<false>(queries, d, panels, n_panels, thr, nullptr, nullptr, hits);
}

}  // namespace

TileKernel tile_kernel_generic() { return TileKernel{"generic", kRows, kWidth, &scan_generic, &scan<true>}; }

}  // namespace smrt::knn
