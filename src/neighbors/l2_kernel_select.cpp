// Chooses the squared-distance kernel the way tile_kernel_select.cpp chooses
// the tile kernel: widest instruction set the CPU has, trusted only after it
// matches a double-precision reference.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "l2_kernel.h"
#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "smrt/core/system_info.h"

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

L2Kernel select() {
  const CpuFeatures cpu = detect_cpu();
  struct Candidate {
    L2Kernel kernel;
    bool supported;
  };
  const Candidate candidates[] = {
      {l2_kernel_avx512(), cpu.avx512f && cpu.fma},
      {l2_kernel_avx2(), cpu.avx2 && cpu.fma},
      {l2_kernel_generic(), true},
  };
  const char* forced = std::getenv("SMRT_KNN_KERNEL");
  for (const auto& c : candidates) {
    if (forced && *forced && std::strcmp(forced, c.kernel.name) != 0 && std::strcmp(c.kernel.name, "generic") != 0)
      continue;
    if (c.supported && l2_kernel_matches_reference(c.kernel)) return c.kernel;
  }
  SMRT_ASSERT(false, "the generic squared-distance kernel failed its reference check");
  return l2_kernel_generic();
}

}  // namespace

const L2Kernel& l2_kernel() {
  static const L2Kernel chosen = select();
  return chosen;
}

}  // namespace smrt::knn
