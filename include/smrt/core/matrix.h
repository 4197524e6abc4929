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
  // A copy owns its values, even when the original lives in a caller's buffer.
  Matrix(const Matrix& other);
  Matrix& operator=(const Matrix& other);
  Matrix(Matrix&& other) noexcept;
  Matrix& operator=(Matrix&& other) noexcept;
  ~Matrix() = default;

  int64_t n_rows() const { return n_rows_; }
  int64_t n_cols() const { return n_cols_; }
  float* data() { return base(); }
  const float* data() const { return base(); }
  float* row(int64_t i) { return base() + i * n_cols_; }
  const float* row(int64_t i) const { return base() + i * n_cols_; }
  float& operator()(int64_t i, int64_t j) { return base()[i * n_cols_ + j]; }
  float operator()(int64_t i, int64_t j) const { return base()[i * n_cols_ + j]; }
  MatrixView view() const { return {base(), n_rows_, n_cols_}; }

  /// Grows or shrinks the number of rows, keeping existing rows; new rows are zero.
  void resize_rows(int64_t n_rows);
  /// Room for n_rows rows in all, so that growing up to it never reallocates.
  void reserve_rows(int64_t n_rows);
  /// Appends one row of n_cols values.
  void append_row(const float* values);
  /// The owned values (a matrix in a caller's buffer copies them out first).
  std::vector<float>& storage();

  /// Keeps the rows of this (empty) matrix in `room`, the caller's memory for
  /// `capacity_rows` rows of n_cols() floats (any contents: rows are zeroed as
  /// resizing exposes them), for as long as they fit: growing past it moves
  /// them to owned storage. A front end that returns kept rows followed by new
  /// ones has the new rows written in place.
  void use_buffer(float* room, int64_t capacity_rows);
  /// True while the rows live in the buffer given to use_buffer.
  bool in_buffer() const { return buffer_ != nullptr; }

 private:
  float* base() { return buffer_ ? buffer_ : data_.data(); }
  const float* base() const { return buffer_ ? buffer_ : data_.data(); }
  void move_out_of_buffer();

  std::vector<float> data_;
  float* buffer_ = nullptr;      ///< the caller's room, or null
  int64_t buffer_rows_ = 0;      ///< its capacity in rows
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

/// For algorithms that sum squared differences in float: where every value of
/// X is below 2^-40 in magnitude (squares underflow float from about 1e-19), a
/// copy of X scaled by a power of two (exact) that brings its largest value to
/// [0.5, 1), and that power in `scale`; otherwise an empty matrix and 1.
/// Distances measured on the copy are the originals times `scale`.
Matrix scaled_if_tiny(const MatrixView& X, double* scale);

/// n_rows * n_cols with an overflow check (sizes come from files).
int64_t checked_size(int64_t n_rows, int64_t n_cols);

}  // namespace smrt
