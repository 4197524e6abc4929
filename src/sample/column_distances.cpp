#include "column_distances.h"

#include <algorithm>
#include <cmath>

#include "smrt/core/threads.h"

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

namespace {

constexpr int64_t kSumLanes = 16;  // float lanes of one block of later rows
constexpr int64_t kSumRows = 4;    // rows whose blocks share each column load

// Adds to lanes[r][l] the distance from row a + r to row b0 + l, for the r
// < rows of the group, counting only later rows (b0 + l > a + r, < n).
inline void add_block_distances(const float* columns, int64_t stride, int64_t n, int64_t d, int64_t a, int64_t rows,
                                int64_t b0, double (*lanes)[kSumLanes]) {
  float acc[kSumRows][kSumLanes] = {};
  for (int64_t j = 0; j < d; ++j) {
    const float* col = columns + j * stride;
    for (int64_t r = 0; r < kSumRows; ++r) {
      const float xa = col[a + r];
#pragma omp simd
      for (int64_t l = 0; l < kSumLanes; ++l) acc[r][l] += (xa - col[b0 + l]) * (xa - col[b0 + l]);
    }
  }
  const bool edge = b0 <= a + kSumRows || b0 + kSumLanes > n;  // lanes to leave out
  for (int64_t r = 0; r < rows; ++r) {
    float dist[kSumLanes];
#pragma omp simd
    for (int64_t l = 0; l < kSumLanes; ++l) dist[l] = std::sqrt(acc[r][l]);
    if (edge)
      for (int64_t l = 0; l < kSumLanes; ++l)
        if (b0 + l <= a + r || b0 + l >= n) dist[l] = 0.0f;
#pragma omp simd
    for (int64_t l = 0; l < kSumLanes; ++l) lanes[r][l] += static_cast<double>(dist[l]);
  }
}

}  // namespace

// Built for AVX-512, AVX2 and any x86-64; the loader picks the widest the CPU
// runs (the same sums in the same order, only the vector width differs).
__attribute__((target_clones("avx512f", "avx2", "default")))
double pairwise_distance_sum(const MatrixView& X) {
  const int64_t n = X.n_rows, d = X.n_cols;
  // Column by column, padded so that a block may start at any row; the
  // padding rows are masked out.
  const int64_t stride = n + kSumRows + kSumLanes;
  std::vector<float> columns(static_cast<size_t>(d * stride), 0.0f);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < d; ++j) columns[static_cast<size_t>(j * stride + i)] = X(i, j);
  std::vector<double> row_sums(static_cast<size_t>(n), 0.0);
  constexpr int64_t kTaskRows = 16;  // rows per task: the first rows have the most later rows
#pragma omp parallel for schedule(dynamic, 1) num_threads(num_threads())
  for (int64_t t0 = 0; t0 < n; t0 += kTaskRows)
    for (int64_t a = t0; a < std::min(t0 + kTaskRows, n); a += kSumRows) {
      const int64_t rows = std::min(kSumRows, n - a);
      double lanes[kSumRows][kSumLanes] = {};
      for (int64_t b0 = a + 1; b0 < n; b0 += kSumLanes)
        add_block_distances(columns.data(), stride, n, d, a, rows, b0, lanes);
      for (int64_t r = 0; r < rows; ++r) {
        double sum = 0.0;
        for (double lane : lanes[r]) sum += lane;
        row_sums[static_cast<size_t>(a + r)] = sum;
      }
    }
  double total = 0.0;  // in row order: the same total whatever the threads
  for (double s : row_sums) total += s;
  return total;
}

}  // namespace smrt
