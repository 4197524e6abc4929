// AVX2 squared distance: 8 lanes per step, scalar tail. Compiled with -mavx2
// -mfma (cmake/neighbors.cmake).
#include <immintrin.h>

#include "../l2_kernel.h"

namespace smrt::knn {
namespace {

float l2_avx2(const float* a, const float* b, int64_t d) {
  __m256 acc = _mm256_setzero_ps();
  int64_t p = 0;
  for (; p + 8 <= d; p += 8) {
    const __m256 diff = _mm256_sub_ps(_mm256_loadu_ps(a + p), _mm256_loadu_ps(b + p));
    acc = _mm256_fmadd_ps(diff, diff, acc);
  }
  const __m128 half = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
  const __m128 quarter = _mm_add_ps(half, _mm_movehl_ps(half, half));
  float sum = _mm_cvtss_f32(_mm_add_ss(quarter, _mm_shuffle_ps(quarter, quarter, 1)));
  for (; p < d; ++p) {
    const float diff = a[p] - b[p];
    sum += diff * diff;
  }
  return sum;
}

}  // namespace

L2Kernel l2_kernel_avx2() { return {"avx2", l2_avx2}; }

}  // namespace smrt::knn
