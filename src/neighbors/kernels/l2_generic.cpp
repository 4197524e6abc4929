// Portable squared distance (whatever the compiler vectorises for x86-64).
#include "../l2_kernel.h"

namespace smrt::knn {
namespace {

float l2_generic(const float* a, const float* b, int64_t d) {
  float sum = 0.0f;
  for (int64_t p = 0; p < d; ++p) {
    const float diff = a[p] - b[p];
    sum += diff * diff;
  }
  return sum;
}

}  // namespace

L2Kernel l2_kernel_generic() { return {"generic", l2_generic}; }

}  // namespace smrt::knn
