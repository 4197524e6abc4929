#include "smrt/core/matrix.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace smrt {
namespace {

// Reserves room for n floats; a large buffer first asks Linux for transparent
// huge pages (a no-op where they are off), so that zero-filling it takes one
// page fault per 2 MB instead of per 4 KB. Cold runs of the big over-samplers
// spent longer faulting their output in than computing it.
void reserve_floats(std::vector<float>& v, size_t n) {
  if (n <= v.capacity()) return;
  v.reserve(n);
#ifdef __linux__
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  if (n * sizeof(float) < 4 * kHuge) return;
  const auto begin = (reinterpret_cast<uintptr_t>(v.data()) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<uintptr_t>(v.data() + n)) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#endif
}

}  // namespace

int64_t checked_size(int64_t n_rows, int64_t n_cols) {
  SMRT_THROW_IF_NOT(DataError, n_rows >= 0 && n_cols >= 0, "negative matrix size ", n_rows, " x ", n_cols);
  SMRT_THROW_IF_NOT(DataError, n_cols == 0 || n_rows <= std::numeric_limits<int64_t>::max() / n_cols,
                    "matrix size ", n_rows, " x ", n_cols, " overflows");
  return n_rows * n_cols;
}

Matrix::Matrix(int64_t n_rows, int64_t n_cols) : n_rows_(n_rows), n_cols_(n_cols) {
  const auto n = static_cast<size_t>(checked_size(n_rows, n_cols));
  reserve_floats(data_, n);
  data_.resize(n);
}

void Matrix::resize_rows(int64_t n_rows) {
  const auto n = static_cast<size_t>(checked_size(n_rows, n_cols_));
  if (n > data_.capacity()) reserve_floats(data_, std::max(n, 2 * data_.capacity()));  // amortised growth
  data_.resize(n);
  n_rows_ = n_rows;
}

void Matrix::reserve_rows(int64_t n_rows) { reserve_floats(data_, static_cast<size_t>(checked_size(n_rows, n_cols_))); }

void Matrix::append_row(const float* values) {
  data_.insert(data_.end(), values, values + n_cols_);
  ++n_rows_;
}

void check_float_distance_range(const MatrixView& X, const std::string& what) {
  for (int64_t i = 0; i < X.n_rows; ++i)
    for (int64_t j = 0; j < X.n_cols; ++j)
      SMRT_THROW_IF_NOT(DataError, std::abs(static_cast<double>(X(i, j))) <= kMaxFloatDistanceValue, what,
                        ": row ", i, ", feature ", j, " is ", X(i, j), "; values up to ", kMaxFloatDistanceValue,
                        " in magnitude are supported (squared distances are summed in float): rescale the features");
}

Matrix gather_rows(const MatrixView& src, const std::vector<int64_t>& indices) {
  Matrix out(static_cast<int64_t>(indices.size()), src.n_cols);
  const auto n = static_cast<int64_t>(indices.size());
#pragma omp parallel for schedule(static) if (n > 4096)
  for (int64_t i = 0; i < n; ++i) {
    const int64_t r = indices[static_cast<size_t>(i)];
    std::memcpy(out.row(i), src.row(r), sizeof(float) * static_cast<size_t>(src.n_cols));
  }
  return out;
}

}  // namespace smrt
