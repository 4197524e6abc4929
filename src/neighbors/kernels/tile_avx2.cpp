// AVX2 + FMA micro-kernel: 6 query rows x 16 fitted rows (two ymm) per step,
// 12 accumulators in registers. Compiled with -mavx2 -mfma
// (cmake/neighbors.cmake); only called when the CPU has them.
#include <immintrin.h>

#include "../tile_kernel.h"

namespace smrt::knn {
namespace {

constexpr int kRows = 6;
constexpr int kWidth = 16;

// kBoth: a lane also passes when a + qnorm[r] < col_thr[lane] (TileScanBothFn).
template <bool kBoth>
int64_t scan(const float* queries, int32_t d, const float* panels, int64_t n_panels, const float* thr,
             const float* qnorm, const float* col_thr, TileHit* hits) {
  int64_t n_hits = 0;
  const int64_t stride = int64_t{d + 1} * kWidth;
  for (int64_t b = 0; b < n_panels; ++b) {
    const float* panel = panels + b * stride;
    __m256 acc0[kRows], acc1[kRows];
#pragma GCC unroll 6
    for (int r = 0; r < kRows; ++r) acc0[r] = acc1[r] = _mm256_setzero_ps();
    for (int32_t p = 0; p < d; ++p) {
      const __m256 x0 = _mm256_loadu_ps(panel + p * kWidth);
      const __m256 x1 = _mm256_loadu_ps(panel + p * kWidth + 8);
#pragma GCC unroll 6
      for (int r = 0; r < kRows; ++r) {
        const __m256 q = _mm256_broadcast_ss(queries + r * d + p);
        acc0[r] = _mm256_fmadd_ps(q, x0, acc0[r]);
        acc1[r] = _mm256_fmadd_ps(q, x1, acc1[r]);
      }
    }
    const __m256 n0 = _mm256_loadu_ps(panel + d * kWidth);
    const __m256 n1 = _mm256_loadu_ps(panel + d * kWidth + 8);
    const __m256 minus2 = _mm256_set1_ps(-2.0f);
    __m256 c0 = n0, c1 = n1;  // unused unless kBoth
    if constexpr (kBoth) {
      c0 = _mm256_loadu_ps(col_thr + b * kWidth);
      c1 = _mm256_loadu_ps(col_thr + b * kWidth + 8);
    }
#pragma GCC unroll 6
    for (int r = 0; r < kRows; ++r) {
      __m256 t0 = _mm256_set1_ps(thr[r]), t1 = t0;
      if constexpr (kBoth) {
        const __m256 qn = _mm256_set1_ps(qnorm[r]);
        t0 = _mm256_max_ps(t0, _mm256_sub_ps(c0, qn));
        t1 = _mm256_max_ps(t1, _mm256_sub_ps(c1, qn));
      }
      const int m0 = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_fmadd_ps(minus2, acc0[r], n0), t0, _CMP_LT_OQ));
      const int m1 = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_fmadd_ps(minus2, acc1[r], n1), t1, _CMP_LT_OQ));
      const uint32_t mask = static_cast<uint32_t>(m0) | (static_cast<uint32_t>(m1) << 8);
      if (mask != 0) hits[n_hits++] = TileHit{b, r, mask};
    }
  }
  return n_hits;
}

int64_t scan_avx2(const float* queries, int32_t d, const float* panels, int64_t n_panels, const float* thr,
                  TileHit* hits) {
  return scan<false>(queries, d, panels, n_panels, thr, nullptr, nullptr, hits);
}

}  // namespace

TileKernel tile_kernel_avx2() { return TileKernel{"avx2", kRows, kWidth, &scan_avx2, &scan<true>}; }

}  // namespace smrt::knn
