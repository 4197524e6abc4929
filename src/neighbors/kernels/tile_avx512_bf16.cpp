// AVX-512 bfloat16 micro-kernel (tile_avx512_loop.h): fitted rows packed as
// bfloat16 pairs, queries rounded the same way, one vdpbf16ps per two
// coordinates (twice the products of a float FMA per instruction). Its
// products are off by up to about 2^-8 |q| |x|; the engine widens its
// thresholds by that (dot_error) and decides with exact doubles. Compiled
// with -mavx512f -mavx512bw -mavx512vl -mavx512bf16 -mfma; only called when
// the CPU has them.
#include "tile_avx512_loop.h"

namespace smrt::knn {
namespace {

// The panels' rounding (pack_panels: nearest bfloat16, ties to even), with
// internal linkage so that it inlines and cannot be merged with code for
// other CPUs.
inline uint32_t round_query_to_bfloat16(float v) {
  uint32_t u;
  __builtin_memcpy(&u, &v, sizeof u);
  return (u + 0x7FFFu + ((u >> 16) & 1u)) >> 16;
}

template <bool kBoth>
int64_t scan(const float* queries, int32_t d, const float* panels, int64_t n_panels, const float* thr,
             const float* qnorm, const float* col_thr, TileHit* hits) {
  const int32_t pairs = (d + 1) / 2;
  auto* q_pairs = static_cast<uint32_t*>(__builtin_alloca(sizeof(uint32_t) * kRows * static_cast<uint32_t>(pairs)));
  for (int r = 0; r < kRows; ++r)
    for (int32_t w = 0; w < pairs; ++w) {
      const uint32_t high = 2 * w + 1 < d ? round_query_to_bfloat16(queries[r * d + 2 * w + 1]) : 0u;
      q_pairs[r * pairs + w] = round_query_to_bfloat16(queries[r * d + 2 * w]) | (high << 16);
    }
  return scan_tiles<kBoth>(pairs, panels, n_panels, thr, qnorm, col_thr, hits,
                           [q_pairs, pairs](const float* panel, __m512* acc0, __m512* acc1) {
                             for (int32_t w = 0; w < pairs; ++w) {
                               const auto x0 = reinterpret_cast<__m512bh>(_mm512_loadu_si512(panel + w * kWidth));
                               const auto x1 = reinterpret_cast<__m512bh>(_mm512_loadu_si512(panel + w * kWidth + 16));
#pragma GCC unroll 12
                               for (int r = 0; r < kRows; ++r) {
                                 const auto q = reinterpret_cast<__m512bh>(
                                     _mm512_set1_epi32(static_cast<int>(q_pairs[r * pairs + w])));
                                 acc0[r] = _mm512_dpbf16_ps(acc0[r], q, x0);
                                 acc1[r] = _mm512_dpbf16_ps(acc1[r], q, x1);
                               }
                             }
                           });
}

int64_t scan_avx512_bf16(const float* queries, int32_t d, const float* panels, int64_t n_panels, const float* thr,
                         TileHit* hits) {
  return scan<false>(queries, d, panels, n_panels, thr, nullptr, nullptr, hits);
}

}  // namespace

// 2^-8 for rounding each factor to 8 significant bits (2^-9 each, twice),
// with room for float accumulation.
TileKernel tile_kernel_avx512_bf16() {
  return TileKernel{"avx512-bf16", kRows, kWidth, &scan_avx512_bf16, &scan<true>, 2, 0x1.2p-8};
}

}  // namespace smrt::knn
