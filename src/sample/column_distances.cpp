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

// out[l] = squared distance between copied rows a and b0 + l, l < count,
// summed over the columns in order; count == kBlock keeps the sums in
// registers (vectorised), a shorter tail loops.
inline void squared_distances_to(const double* columns, int64_t n, int64_t d, int64_t a, int64_t b0, int64_t count,
                                 double* out) {
  double acc[kBlock] = {};
  for (int64_t j = 0; j < d; ++j) {
    const double* col = columns + j * n;
    const double xa = col[a];
    if (count == kBlock) {
#pragma omp simd
      for (int64_t l = 0; l < kBlock; ++l) acc[l] += (xa - col[b0 + l]) * (xa - col[b0 + l]);
    } else {
      for (int64_t l = 0; l < count; ++l) acc[l] += (xa - col[b0 + l]) * (xa - col[b0 + l]);
    }
  }
  std::copy(acc, acc + count, out);
}

}  // namespace

void ColumnCopy::squared_distances(int64_t a, int64_t first, double* out) const {
  for (int64_t b0 = first; b0 < n_; b0 += kBlock)
    squared_distances_to(columns_.data(), n_, d_, a, b0, std::min(kBlock, n_ - b0), out + b0);
}

// Built for AVX-512, AVX2 and any x86-64; the loader picks the widest the CPU
// runs (the same sums in the same order, only the vector width differs).
__attribute__((target_clones("avx512f", "avx2", "default")))
double ColumnCopy::distance_sum(int64_t a, int64_t first) const {
  double lanes[kBlock] = {};  // one partial sum per lane: a fixed order, whatever the threads
  double sq[kBlock];
  int64_t b0 = first;
  for (; b0 + kBlock <= n_; b0 += kBlock) {
    squared_distances_to(columns_.data(), n_, d_, a, b0, kBlock, sq);
#pragma omp simd
    for (int64_t l = 0; l < kBlock; ++l) lanes[l] += std::sqrt(sq[l]);
  }
  squared_distances_to(columns_.data(), n_, d_, a, b0, n_ - b0, sq);
  double sum = 0.0;
  for (double lane : lanes) sum += lane;
  for (int64_t b = b0; b < n_; ++b) sum += std::sqrt(sq[b - b0]);
  return sum;
}

}  // namespace smrt
