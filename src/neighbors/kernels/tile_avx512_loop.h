#pragma once
// The AVX-512 tile loop shared by the float and the bfloat16 kernels (each
// compiled with its own -m flags); only how one panel's dot products are
// accumulated differs. 12 query rows x 32 fitted rows (two zmm) per step, 24
// accumulators in registers. No standard headers (see ../tile_kernel.h).
#include <immintrin.h>

#include "../tile_kernel.h"

namespace smrt::knn {
namespace {

constexpr int kRows = 12;
constexpr int kWidth = 32;
constexpr __mmask16 kAll = 0xFFFF;

// For every panel: products(panel, acc0, acc1) adds q.x for row r and lanes
// 0-15 / 16-31 into acc0[r] / acc1[r]; the lanes with ||x||^2 - 2 q.x below
// the row's threshold (kBoth: or a + qnorm[r] below col_thr[lane]) are hits.
// `words`: coordinate words per lane; the float norms follow them.
template <bool kBoth, typename Products>
int64_t scan_tiles(int64_t words, const float* panels, int64_t n_panels, const float* thr, const float* qnorm,
                   const float* col_thr, TileHit* hits, Products products) {
  int64_t n_hits = 0;
  const int64_t stride = (words + 1) * kWidth;
  for (int64_t b = 0; b < n_panels; ++b) {
    const float* panel = panels + b * stride;
    __m512 acc0[kRows], acc1[kRows];
#pragma GCC unroll 12
    for (int r = 0; r < kRows; ++r) acc0[r] = acc1[r] = _mm512_setzero_ps();
    products(panel, acc0, acc1);
    const __m512 n0 = _mm512_loadu_ps(panel + words * kWidth);
    const __m512 n1 = _mm512_loadu_ps(panel + words * kWidth + 16);
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

}  // namespace
}  // namespace smrt::knn
