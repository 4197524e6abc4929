// AVX-512 micro-kernel: 12 query rows x 32 fitted rows (two zmm) per step,
// 24 accumulators in registers. Compiled with -mavx512f -mavx512bw -mavx512vl
// -mfma (cmake/neighbors.cmake); only called when the CPU has them.
#include <immintrin.h>

#include "../tile_kernel.h"

namespace smrt::knn {
namespace {

constexpr int kRows = 12;
constexpr int kWidth = 32;
constexpr __mmask16 kAll = 0xFFFF;

// kBoth: a lane also passes when a + qnorm[r] < col_thr[lane] (TileScanBothFn).
template <bool kBoth>
int64_t scan(const float* queries, int32_t d, const float* panels, int64_t n_panels, const float* thr,
             const float* qnorm, const float* col_thr, TileHit* hits) {
  int64_t n_hits = 0;
  const int64_t stride = int64_t{d + 1} * kWidth;
  for (int64_t b = 0; b < n_panels; ++b) {
    const float* panel = panels + b * stride;
    __m512 acc0[kRows], acc1[kRows];
#pragma GCC unroll 12
    for (int r = 0; r < kRows; ++r) acc0[r] = acc1[r] = _mm512_setzero_ps();
    for (int32_t p = 0; p < d; ++p) {
      const __m512 x0 = _mm512_loadu_ps(panel + p * kWidth);
      const __m512 x1 = _mm512_loadu_ps(panel + p * kWidth + 16);
#pragma GCC unroll 12
      for (int r = 0; r < kRows; ++r) {
        const __m512 q = _mm512_set1_ps(queries[r * d + p]);
        acc0[r] = _mm512_fmadd_ps(q, x0, acc0[r]);
        acc1[r] = _mm512_fmadd_ps(q, x1, acc1[r]);
      }
    }
    const __m512 n0 = _mm512_loadu_ps(panel + d * kWidth);
    const __m512 n1 = _mm512_loadu_ps(panel + d * kWidth + 16);
    const __m512 minus2 = _mm512_set1_ps(-2.0f);
    __m512 c0 = n0, c1 = n1;  // unused unless kBoth
    if constexpr (kBoth) {
      c0 = _mm512_loadu_ps(col_thr + b * kWidth);
      c1 = _mm512_loadu_ps(col_thr + b * kWidth + 16);
    }
#pragma GCC unroll 12
    for (int r = 0; r < kRows; ++r) {
      __m512 t0 = _mm512_set1_ps(thr[r]), t1 = t0;
      if constexpr (kBoth) {
        const __m512 qn = _mm512_set1_ps(qnorm[r]);
        // maskz_max: GCC 12's plain _mm512_max_ps warns about its undefined pass-through.
        t0 = _mm512_maskz_max_ps(kAll, t0, _mm512_sub_ps(c0, qn));
        t1 = _mm512_maskz_max_ps(kAll, t1, _mm512_sub_ps(c1, qn));
      }
      const __mmask16 m0 = _mm512_cmp_ps_mask(_mm512_fmadd_ps(minus2, acc0[r], n0), t0, _CMP_LT_OQ);
      const __mmask16 m1 = _mm512_cmp_ps_mask(_mm512_fmadd_ps(minus2, acc1[r], n1), t1, _CMP_LT_OQ);
      const uint32_t mask = static_cast<uint32_t>(m0) | (static_cast<uint32_t>(m1) << 16);
      if (mask != 0) hits[n_hits++] = TileHit{b, r, mask};
    }
  }
  return n_hits;
}

int64_t scan_avx512(const float* queries, int32_t d, const float* panels, int64_t n_panels, const float* thr,
                    TileHit* hits) {
  return scan<false>(queries, d, panels, n_panels, thr, nullptr, nullptr, hits);
}

}  // namespace

TileKernel tile_kernel_avx512() { return TileKernel{"avx512", kRows, kWidth, &scan_avx512, &scan<true>}; }

}  // namespace smrt::knn
