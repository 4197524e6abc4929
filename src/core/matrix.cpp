#include "smrt/core/matrix.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace smrt {

int64_t checked_size(int64_t n_rows, int64_t n_cols) {
  SMRT_THROW_IF_NOT(DataError, n_rows >= 0 && n_cols >= 0, "negative matrix size ", n_rows, " x ", n_cols);
  SMRT_THROW_IF_NOT(DataError, n_cols == 0 || n_rows <= std::numeric_limits<int64_t>::max() / n_cols,
                    "matrix size ", n_rows, " x ", n_cols, " overflows");
  return n_rows * n_cols;
}

Matrix::Matrix(int64_t n_rows, int64_t n_cols)
    : data_(static_cast<size_t>(checked_size(n_rows, n_cols))), n_rows_(n_rows), n_cols_(n_cols) {}

void Matrix::resize_rows(int64_t n_rows) {
  data_.resize(static_cast<size_t>(checked_size(n_rows, n_cols_)));
  n_rows_ = n_rows;
}

void Matrix::append_row(const float* values) {
  data_.insert(data_.end(), values, values + n_cols_);
  ++n_rows_;
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
