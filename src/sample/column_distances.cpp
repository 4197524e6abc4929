#include "column_distances.h"

#include <algorithm>

namespace smrt {

ColumnCopy::ColumnCopy(const MatrixView& X) {
  std::vector<int64_t> all(static_cast<size_t>(X.n_rows));
  for (int64_t i = 0; i < X.n_rows; ++i) all[static_cast<size_t>(i)] = i;
  assign(X, all);
}

void ColumnCopy::assign(const MatrixView& X, const std::vector<int64_t>& rows) {
  n_ = static_cast<int64_t>(rows.size());
  d_ = X.n_cols;
  columns_.resize(static_cast<size_t>(d_ * n_));
  for (int64_t b = 0; b < n_; ++b)
    for (int64_t j = 0; j < d_; ++j)
      columns_[static_cast<size_t>(j * n_ + b)] = static_cast<double>(X(rows[static_cast<size_t>(b)], j));
}

void ColumnCopy::squared_distances(int64_t a, int64_t first, double* out) const {
  std::fill(out + first, out + n_, 0.0);
  for (int64_t j = 0; j < d_; ++j) {
    const double* col = columns_.data() + j * n_;
    const double xa = col[a];
    for (int64_t b = first; b < n_; ++b) {
      const double t = xa - col[b];
      out[b] += t * t;
    }
  }
}

}  // namespace smrt
