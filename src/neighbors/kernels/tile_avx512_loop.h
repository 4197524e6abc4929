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
//
// The sums start at -||x||^2 / 2, so they end at -a / 2 and one compare with
// -thr / 2 decides (scaling by a power of two is exact): no step per row
// between the products and the compare. Padding lanes (infinite norm) start
// at -inf and never pass; NaN bounds (padding rows) never pass either.
template <bool kBoth, typename Products>
int64_t scan_tiles(int64_t words, const float* panels, int64_t n_panels, const float* thr, const float* qnorm,
                   const float* col_thr, TileHit* hits, Products products) {
  int64_t n_hits = 0;
  const int64_t stride = (words + 1) * kWidth;
  const __m512 minus_half = _mm512_set1_ps(-0.5f);
  float half_thr[kRows], half_qnorm[kRows];
  for (int r = 0; r < kRows; ++r) {
    half_thr[r] = -0.5f * thr[r];
    half_qnorm[r] = kBoth ? 0.5f * qnorm[r] : 0.0f;
  }
  for (int64_t b = 0; b < n_panels; ++b) {
    const float* panel = panels + b * stride;
    const __m512 h0 = _mm512_mul_ps(minus_half, _mm512_loadu_ps(panel + words * kWidth));
    const __m512 h1 = _mm512_mul_ps(minus_half, _mm512_loadu_ps(panel + words * kWidth + 16));
    __m512 acc0[kRows], acc1[kRows];
#pragma GCC unroll 12
    for (int r = 0; r < kRows; ++r) {
      acc0[r] = h0;
      acc1[r] = h1;
    }
    products(panel, acc0, acc1);
    __m512 c0 = h0, c1 = h1;  // -col_thr / 2; unused unless kBoth
    if constexpr (kBoth) {
      c0 = _mm512_mul_ps(minus_half, _mm512_loadu_ps(col_thr + b * kWidth));
      c1 = _mm512_mul_ps(minus_half, _mm512_loadu_ps(col_thr + b * kWidth + 16));
    }
#pragma GCC unroll 12
    for (int r = 0; r < kRows; ++r) {
      __m512 t0 = _mm512_set1_ps(half_thr[r]), t1 = t0;
      if constexpr (kBoth) {  // -max(thr, col - qnorm) / 2 = min(-thr / 2, qnorm / 2 - col / 2)
        const __m512 hq = _mm512_set1_ps(half_qnorm[r]);
        // maskz_min: GCC 12's plain _mm512_min_ps warns about its undefined pass-through.
        t0 = _mm512_maskz_min_ps(kAll, t0, _mm512_add_ps(hq, c0));
        t1 = _mm512_maskz_min_ps(kAll, t1, _mm512_add_ps(hq, c1));
      }
      const __mmask16 m0 = _mm512_cmp_ps_mask(acc0[r], t0, _CMP_GT_OQ);
      const __mmask16 m1 = _mm512_cmp_ps_mask(acc1[r], t1, _CMP_GT_OQ);
      const uint32_t mask = static_cast<uint32_t>(m0) | (static_cast<uint32_t>(m1) << 16);
      if (mask != 0) hits[n_hits++] = TileHit{b, r, mask};
    }
  }
  return n_hits;
}

}  // namespace
}  // namespace smrt::knn
