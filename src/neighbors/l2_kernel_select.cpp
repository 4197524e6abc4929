// Chooses the squared-distance kernel for the instruction set the tile kernel
// runs on, trusted only after it matches a double-precision reference.
#include <cmath>
#include <string>
#include <vector>

#include "l2_kernel.h"
#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "tile_kernel.h"

namespace smrt::knn {
namespace {

bool l2_kernel_matches_reference(const L2Kernel& kernel) {
  Rng rng(4321);
  std::vector<float> a(67), b(67);
  for (int64_t d = 0; d <= 67; ++d) {
    for (int64_t p = 0; p < d; ++p) {
      a[static_cast<size_t>(p)] = static_cast<float>(rng.uniform() * 4.0 - 2.0);
      b[static_cast<size_t>(p)] = static_cast<float>(rng.uniform() * 4.0 - 2.0);
    }
    double exact = 0.0;
    for (int64_t p = 0; p < d; ++p) {
      const double diff = double{a[static_cast<size_t>(p)]} - b[static_cast<size_t>(p)];
      exact += diff * diff;
    }
    const double got = kernel.distance(a.data(), b.data(), d);
    if (!(std::abs(got - exact) <= 1e-5 * (exact + 1.0))) return false;
  }
  return true;
}

// The instruction set of the tile kernel, already chosen for this CPU (and
// SMRT_KNN_KERNEL), if this kernel for it passes its own check; else generic.
L2Kernel select() {
  const std::string isa = tile_kernel().name;
  for (const L2Kernel& kernel : {l2_kernel_avx512(), l2_kernel_avx2()})  // "avx512-bf16" runs avx512
    if (isa.rfind(kernel.name, 0) == 0 && l2_kernel_matches_reference(kernel)) return kernel;
  SMRT_ASSERT(l2_kernel_matches_reference(l2_kernel_generic()),
              "the generic squared-distance kernel failed its reference check");
  return l2_kernel_generic();
}

}  // namespace

const L2Kernel& l2_kernel() {
  static const L2Kernel chosen = select();
  return chosen;
}

}  // namespace smrt::knn
