#pragma once
// One squared Euclidean distance between two rows, vectorised per instruction
// set and chosen at run time (l2_kernel_select.cpp). The HNSW engine computes
// its graph distances with it: Debian's FAISS is built for any x86-64 CPU and
// would otherwise run its scalar reference loop.
//
// As with the tile kernels, the files under kernels/ include no standard
// headers (they are compiled with different -m flags).

#include <cstdint>

namespace smrt::knn {

using L2DistanceFn = float (*)(const float* a, const float* b, int64_t d);

struct L2Kernel {
  const char* name;  ///< "avx512", "avx2", "generic"
  L2DistanceFn distance;
};

L2Kernel l2_kernel_avx512();
L2Kernel l2_kernel_avx2();
L2Kernel l2_kernel_generic();

/// The kernel for the tile kernel's instruction set (tile_kernel(): the
/// widest this CPU runs, or SMRT_KNN_KERNEL's), once its answers match a
/// double-precision reference on rows of every length up to 67; generic
/// otherwise. Chosen once.
const L2Kernel& l2_kernel();

}  // namespace smrt::knn
