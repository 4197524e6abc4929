#pragma once
// The inner loop of the exact kNN engine: one vectorised micro-kernel per
// instruction set, chosen at run time (tile_kernel_select.cpp).
//
// Fitted rows are packed in panels of `panel_width` rows: for panel b, the d
// coordinates as d x panel_width floats (column j of the panel is row
// b * panel_width + j), then panel_width squared norms. A kernel takes `rows`
// query rows (row-major, rows x d) and, for every panel, computes
//   a(q, x) = ||x||^2 - 2 q.x
// in registers and reports the lanes where a < thr[q]. Nothing else leaves
// the registers, so the kernel runs at the speed of its FMAs.
//
// The kernel files include no standard headers: they are compiled with
// different -m flags, and an inline function instantiated there could be
// picked by the linker for code that runs on any CPU.

#include <cstdint>

namespace smrt::knn {

/// A panel where query row `row` has lanes below its threshold (bit l = lane l).
struct TileHit {
  int64_t panel;
  int32_t row;
  uint32_t mask;
};

using TileScanFn = int64_t (*)(const float* queries, int32_t d, const float* panels, int64_t n_panels,
                               const float* thr, TileHit* hits);
/// The same, also reporting lanes where the whole squared distance
/// a + qnorm[q] is below the fitted row's own threshold: col_thr[b *
/// panel_width + l] for lane l of panel b (a self-search that serves both
/// rows of a pair at once).
using TileScanBothFn = int64_t (*)(const float* queries, int32_t d, const float* panels, int64_t n_panels,
                                   const float* thr, const float* qnorm, const float* col_thr, TileHit* hits);

struct TileKernel {
  const char* name;     ///< "avx512", "avx2", "generic"
  int32_t rows;         ///< query rows per call (pad with thr = -inf)
  int32_t panel_width;  ///< fitted rows per panel (<= 32)
  TileScanFn scan;      ///< returns the number of hits written (<= n_panels * rows)
  TileScanBothFn scan_both;
};

// One per instruction set; each is defined in its own file under kernels/.
TileKernel tile_kernel_avx512();
TileKernel tile_kernel_avx2();
TileKernel tile_kernel_generic();

/// Whether `kernel` reports the same lanes as a double-precision reference on
/// a small problem (call only when the CPU runs the kernel's instructions).
bool tile_kernel_matches_reference(const TileKernel& kernel);

/// The widest kernel this CPU runs whose results match a scalar reference on
/// a small problem (checked once). SMRT_KNN_KERNEL=avx512|avx2|generic forces
/// one (if the CPU has it).
const TileKernel& tile_kernel();
/// "avx512 (12x32 tiles, checked against a reference)" for `smrt info --system`.
const char* tile_kernel_description();

/// Packs rows [0, n) of `data` (row-major n x d), minus `center`, into panels
/// for a kernel with `panel_width`; padding lanes get an infinite norm.
void pack_panels(const float* data, int64_t n, int32_t d, const float* center, int32_t panel_width, float* out);
inline int64_t panel_floats(int32_t d, int32_t panel_width) { return int64_t{d + 1} * panel_width; }

}  // namespace smrt::knn
