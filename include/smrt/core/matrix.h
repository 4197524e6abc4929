#pragma once
// Row-major float32 matrices: an owning Matrix and a non-owning MatrixView.
// Every sampler reads a MatrixView, so front ends (CLI, Python, Dask) can hand
// over their own buffers without a copy.

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "smrt/core/error.h"

namespace smrt {

struct MatrixView {
  const float* data = nullptr;  ///< n_rows * n_cols floats, row-major
  int64_t n_rows = 0;
  int64_t n_cols = 0;

  const float* row(int64_t i) const { return data + i * n_cols; }
  float operator()(int64_t i, int64_t j) const { return data[i * n_cols + j]; }
};

class Matrix {
 public:
  Matrix() = default;
  Matrix(int64_t n_rows, int64_t n_cols);

  int64_t n_rows() const { return n_rows_; }
  int64_t n_cols() const { return n_cols_; }
  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  float* row(int64_t i) { return data_.data() + i * n_cols_; }
  const float* row(int64_t i) const { return data_.data() + i * n_cols_; }
  float& operator()(int64_t i, int64_t j) { return data_[static_cast<size_t>(i * n_cols_ + j)]; }
  float operator()(int64_t i, int64_t j) const { return data_[static_cast<size_t>(i * n_cols_ + j)]; }
  MatrixView view() const { return {data_.data(), n_rows_, n_cols_}; }

  /// Grows or shrinks the number of rows, keeping existing rows.
  void resize_rows(int64_t n_rows);
  /// Room for n_rows rows in all, so that growing up to it never reallocates.
  void reserve_rows(int64_t n_rows);
  /// Appends one row of n_cols values.
  void append_row(const float* values);
  std::vector<float>& storage() { return data_; }

 private:
  std::vector<float> data_;
  int64_t n_rows_ = 0;
  int64_t n_cols_ = 0;
};

/// Asks the CPU for a row's first cache lines (up to 512 bytes) ahead of
/// its use: rows met in random order wait on memory otherwise.
inline void prefetch_row(const float* row, int64_t n_cols) {
  const char* p = reinterpret_cast<const char*>(row);
  const int64_t bytes = std::min<int64_t>(n_cols * static_cast<int64_t>(sizeof(float)), 512);
  for (int64_t b = 0; b < bytes; b += 64) __builtin_prefetch(p + b);
  __builtin_prefetch(p + bytes - 1);
}

/// Rows of `src` at `indices`, in that order.
Matrix gather_rows(const MatrixView& src, const std::vector<int64_t>& indices);

/// Largest magnitude an algorithm that sums squared differences in float
/// accepts (k-means, HNSW graphs): the squares of larger values overflow.
constexpr double kMaxFloatDistanceValue = 1e15;

/// Throws a DataError naming `what`, the row and the column when a value of X
/// exceeds kMaxFloatDistanceValue in magnitude.
void check_float_distance_range(const MatrixView& X, const std::string& what);

/// n_rows * n_cols with an overflow check (sizes come from files).
int64_t checked_size(int64_t n_rows, int64_t n_cols);

}  // namespace smrt
