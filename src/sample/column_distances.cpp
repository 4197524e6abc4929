#include "column_distances.h"

#include <algorithm>
#include <cmath>

#include "smrt/core/error.h"
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

constexpr int64_t kLanes = 16;  // float lanes: one block of other rows
constexpr int64_t kGroup = FloatColumns::kMaxRows;  // rows whose blocks share each column load

// acc[r][l] = squared distance between rows a[r] and b0 + l, r < kGroup.
inline void block_squared_distances(const float* columns, int64_t stride, int64_t d, const int64_t* a, int64_t b0,
                                    float (*acc)[kLanes]) {
  for (int64_t r = 0; r < kGroup; ++r)
    for (int64_t l = 0; l < kLanes; ++l) acc[r][l] = 0.0f;
  for (int64_t j = 0; j < d; ++j) {
    const float* col = columns + j * stride;
    for (int64_t r = 0; r < kGroup; ++r) {
      const float xa = col[a[r]];
#pragma omp simd
      for (int64_t l = 0; l < kLanes; ++l) acc[r][l] += (xa - col[b0 + l]) * (xa - col[b0 + l]);
    }
  }
}

}  // namespace

FloatColumns::FloatColumns(const MatrixView& X) : n_(X.n_rows), d_(X.n_cols), stride_(X.n_rows + kGroup + kLanes) {
  // Padded so that a block may start at any row; padding lanes are never used.
  columns_.assign(static_cast<size_t>(d_ * stride_), 0.0f);
  for (int64_t i = 0; i < n_; ++i)
    for (int64_t j = 0; j < d_; ++j) columns_[static_cast<size_t>(j * stride_ + i)] = X(i, j);
}

// Built for AVX-512, AVX2 and any x86-64; the loader picks the widest the CPU
// runs. The builds may differ in the last bits (fused multiply-adds), never
// between runs or thread counts.
__attribute__((target_clones("avx512f", "avx2", "default")))
void FloatColumns::squared_distances(const int64_t* rows, int count, float* const* out) const {
  SMRT_ASSERT(count >= 1 && count <= kGroup, "squared_distances: 1 to ", kGroup, " rows, got ", count);
  int64_t a[kGroup];
  for (int r = 0; r < kGroup; ++r) a[r] = rows[std::min(r, count - 1)];  // a short group repeats its last row
  float acc[kGroup][kLanes];
  for (int64_t b0 = 0; b0 < n_; b0 += kLanes) {
    block_squared_distances(columns_.data(), stride_, d_, a, b0, acc);
    const int64_t lanes = std::min(kLanes, n_ - b0);
    for (int r = 0; r < count; ++r) std::copy(acc[r], acc[r] + lanes, out[r] + b0);
  }
}

__attribute__((target_clones("avx512f", "avx2", "default")))
double FloatColumns::pairwise_distance_sum() const {
  std::vector<double> row_sums(static_cast<size_t>(n_), 0.0);
  constexpr int64_t kTaskRows = 16;  // rows per task: the first rows have the most later rows
#pragma omp parallel for schedule(dynamic, 1) num_threads(num_threads())
  for (int64_t t0 = 0; t0 < n_; t0 += kTaskRows)
    for (int64_t a0 = t0; a0 < std::min(t0 + kTaskRows, n_); a0 += kGroup) {
      const int64_t rows = std::min(kGroup, n_ - a0);
      const int64_t a[kGroup] = {a0, a0 + 1, a0 + 2, a0 + 3};  // rows past the end read padding
      double lanes[kGroup][kLanes] = {};
      float acc[kGroup][kLanes];
      for (int64_t b0 = a0 + 1; b0 < n_; b0 += kLanes) {
        block_squared_distances(columns_.data(), stride_, d_, a, b0, acc);
        const bool edge = b0 <= a0 + kGroup || b0 + kLanes > n_;  // lanes to leave out: earlier rows, padding
        for (int64_t r = 0; r < rows; ++r) {
          float dist[kLanes];
#pragma omp simd
          for (int64_t l = 0; l < kLanes; ++l) dist[l] = std::sqrt(acc[r][l]);
          if (edge)
            for (int64_t l = 0; l < kLanes; ++l)
              if (b0 + l <= a0 + r || b0 + l >= n_) dist[l] = 0.0f;
#pragma omp simd
          for (int64_t l = 0; l < kLanes; ++l) lanes[r][l] += static_cast<double>(dist[l]);
        }
      }
      for (int64_t r = 0; r < rows; ++r) {
        double sum = 0.0;
        for (double lane : lanes[r]) sum += lane;
        row_sums[static_cast<size_t>(a0 + r)] = sum;
      }
    }
  double total = 0.0;  // in row order: the same total whatever the threads
  for (double s : row_sums) total += s;
  return total;
}

}  // namespace smrt
