#pragma once
// The inner loop of the exact kNN engine: one vectorised micro-kernel per
// instruction set, chosen at run time (tile_kernel_select.cpp).
//
// Fitted rows are packed in panels of `panel_width` rows: for panel b, the d
// coordinates as d x panel_width floats (column j of the panel is row
// b * panel_width + j), then panel_width squared norms (floats). A bfloat16
// kernel packs two coordinates per 4-byte word instead (dims_per_word = 2:
// ceil(d / 2) x panel_width words, dimension 2p in the low half), then the
// same float norms. Queries are always float rows. A kernel takes `rows`
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
  const char* name;     ///< "avx512-bf16", "avx512", "avx2", "generic"
  int32_t rows;         ///< query rows per call (pad with thr = -inf)
  int32_t panel_width;  ///< fitted rows per panel (<= 32)
  TileScanFn scan;      ///< returns the number of hits written (<= n_panels * rows)
  TileScanBothFn scan_both;
  int32_t dims_per_word = 1;  ///< 1: float coordinates; 2: bfloat16 pairs
  /// Bound on |q.x - computed q.x| / (|q| |x|) beyond float rounding: 0 for
  /// float kernels; about 2^-8 for bfloat16 (the engine widens its margins by it).
  double dot_error = 0.0;
};

// One per instruction set; each is defined in its own file under kernels/.
TileKernel tile_kernel_avx512_bf16();
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
/// The widest checked kernel whose products are float (never bfloat16): for
/// data whose largest norm is far above its typical one, where bfloat16's
/// margins (relative to the largest norm) would let too many rows through.
const TileKernel& float_tile_kernel();
/// "avx512 (12x32 tiles, checked against a reference)" for `smrt info --system`.
const char* tile_kernel_description();

/// Packs rows [0, n) of `data` (row-major n x d), minus `center`, into panels
/// for `kernel`; padding lanes get an infinite norm. A bfloat16 kernel gets each
/// coordinate's nearest bfloat16 (ties to even, as the hardware converts), and
/// rounds its queries the same way.
void pack_panels(const float* data, int64_t n, int32_t d, const float* center, const TileKernel& kernel, float* out);

/// 4-byte words of coordinates per panel lane, and of one whole panel.
/// (Defined out of line: an inline function here could be compiled into a
/// kernel file with its -m flags and picked by the linker for every caller.)
int64_t coordinate_words(int32_t d, const TileKernel& kernel);
int64_t panel_words(int32_t d, const TileKernel& kernel);

/// How far a kernel's a = ||x||^2 - 2 q.x may be from the exact value, for a
/// query of centred squared norm `norm` against rows of squared norm at most
/// `max_norm`: float rounding (a multiple of the operands' magnitude, with
/// room for the self-search's col_thr - qnorm) plus the kernel's dot_error.
double rounding_margin(const TileKernel& kernel, int32_t d, double norm, double max_norm);

}  // namespace smrt::knn
