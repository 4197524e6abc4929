#include "numpy_sum.h"

namespace smrt {
namespace {

// numpy's pairwise_sum (loops_utils.h), for a contiguous array.
double pairwise_sum(const double* a, int64_t n) {
  constexpr int64_t kBlock = 128;  // PW_BLOCKSIZE
  if (n < 8) {
    double res = 0.0;
    for (int64_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= kBlock) {
    double r[8];
    for (int j = 0; j < 8; ++j) r[j] = a[j];
    int64_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (int j = 0; j < 8; ++j) r[j] += a[i + j];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  int64_t half = n / 2;
  half -= half % 8;
  return pairwise_sum(a, half) + pairwise_sum(a + half, n - half);
}

}  // namespace

double numpy_sum(const double* values, int64_t n) { return 0.0 + pairwise_sum(values, n); }

}  // namespace smrt
