#include "column_distances.h"

#include <algorithm>
#include <cmath>

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

namespace {

constexpr int64_t kBlock = 8;  // rows whose sums stay in registers over all columns

}  // namespace

// Built for AVX-512, AVX2 and any x86-64; the loader picks the widest the CPU
// runs (the same sums in the same order, only the vector width differs).
#define SMRT_WIDEST_VECTORS __attribute__((target_clones("avx512f", "avx2", "default")))

void ColumnCopy::squared_distances(int64_t a, int64_t first, double* out) const {
  int64_t b0 = first;
  for (; b0 + kBlock <= n_; b0 += kBlock) {
    double acc[kBlock] = {};
    for (int64_t j = 0; j < d_; ++j) {
      const double* col = columns_.data() + j * n_ + b0;
      const double xa = columns_[static_cast<size_t>(j * n_ + a)];
#pragma omp simd
      for (int64_t l = 0; l < kBlock; ++l) acc[l] += (xa - col[l]) * (xa - col[l]);
    }
    std::copy(acc, acc + kBlock, out + b0);
  }
  std::fill(out + b0, out + n_, 0.0);
  for (int64_t j = 0; j < d_; ++j) {
    const double* col = columns_.data() + j * n_;
    const double xa = col[a];
    for (int64_t b = b0; b < n_; ++b) {
      const double t = xa - col[b];
      out[b] += t * t;
    }
  }
}

SMRT_WIDEST_VECTORS double ColumnCopy::distance_sum(int64_t a, int64_t first) const {
  double lanes[kBlock] = {};  // one partial sum per lane: a fixed order, whatever the threads
  int64_t b0 = first;
  for (; b0 + kBlock <= n_; b0 += kBlock) {
    double acc[kBlock] = {};
    for (int64_t j = 0; j < d_; ++j) {
      const double* col = columns_.data() + j * n_ + b0;
      const double xa = columns_[static_cast<size_t>(j * n_ + a)];
#pragma omp simd
      for (int64_t l = 0; l < kBlock; ++l) acc[l] += (xa - col[l]) * (xa - col[l]);
    }
#pragma omp simd
    for (int64_t l = 0; l < kBlock; ++l) lanes[l] += std::sqrt(acc[l]);
  }
  double tail[kBlock] = {};
  for (int64_t j = 0; j < d_; ++j) {
    const double* col = columns_.data() + j * n_;
    for (int64_t b = b0; b < n_; ++b) tail[b - b0] += (col[a] - col[b]) * (col[a] - col[b]);
  }
  double sum = 0.0;
  for (double lane : lanes) sum += lane;
  for (int64_t b = b0; b < n_; ++b) sum += std::sqrt(tail[b - b0]);
  return sum;
}

}  // namespace smrt
