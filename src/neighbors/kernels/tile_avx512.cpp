// AVX-512 float micro-kernel (tile_avx512_loop.h). Compiled with -mavx512f
// -mavx512bw -mavx512vl -mfma (cmake/neighbors.cmake); only called when the
// CPU has them.
#include "tile_avx512_loop.h"

namespace smrt::knn {
namespace {

// kBoth: a lane also passes when a + qnorm[r] < col_thr[lane] (TileScanBothFn).
template <bool kBoth>
int64_t scan(const float* queries, int32_t d, const float* panels, int64_t n_panels, const float* thr,
             const float* qnorm, const float* col_thr, TileHit* hits) {
  return scan_tiles<kBoth>(d, panels, n_panels, thr, qnorm, col_thr, hits,
                           [queries, d](const float* panel, __m512* acc0, __m512* acc1) {
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
                           });
}

int64_t scan_avx512(const float* queries, int32_t d, const float* panels, int64_t n_panels, const float* thr,
                    TileHit* hits) {
  return scan<false>(queries, d, panels, n_panels, thr, nullptr, nullptr, hits);
}

}  // namespace

TileKernel tile_kernel_avx512() { return TileKernel{"avx512", kRows, kWidth, &scan_avx512, &scan<true>}; }

}  // namespace smrt::knn
