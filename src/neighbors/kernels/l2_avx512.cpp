// AVX-512 squared distance: 16 lanes per step, a masked load for the tail.
// Compiled with -mavx512f -mfma (cmake/neighbors.cmake).
#include <immintrin.h>

#include "../l2_kernel.h"

namespace smrt::knn {
namespace {

float l2_avx512(const float* a, const float* b, int64_t d) {
  __m512 acc = _mm512_setzero_ps();
  int64_t p = 0;
  for (; p + 16 <= d; p += 16) {
    const __m512 diff = _mm512_sub_ps(_mm512_loadu_ps(a + p), _mm512_loadu_ps(b + p));
    acc = _mm512_fmadd_ps(diff, diff, acc);
  }
  if (p < d) {
    const auto mask = static_cast<__mmask16>((1u << (d - p)) - 1u);
    const __m512 diff = _mm512_sub_ps(_mm512_maskz_loadu_ps(mask, a + p), _mm512_maskz_loadu_ps(mask, b + p));
    acc = _mm512_fmadd_ps(diff, diff, acc);
  }
  // Horizontal sum through memory: GCC 12's 512-bit shuffles warn about
  // their undefined pass-through operand under -Wuninitialized.
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, acc);
  const __m256 eight = _mm256_add_ps(_mm256_load_ps(lanes), _mm256_load_ps(lanes + 8));
  const __m128 four = _mm_add_ps(_mm256_castps256_ps128(eight), _mm256_extractf128_ps(eight, 1));
  const __m128 two = _mm_add_ps(four, _mm_movehl_ps(four, four));
  return _mm_cvtss_f32(_mm_add_ss(two, _mm_shuffle_ps(two, two, 1)));
}

}  // namespace

L2Kernel l2_kernel_avx512() { return {"avx512", l2_avx512}; }

}  // namespace smrt::knn
