#pragma once
// Rows of a matrix copied column by column, so that the distances from one
// row to a run of others vectorise over those rows.

#include <cstdint>
#include <vector>

#include "smrt/core/matrix.h"

namespace smrt {

/// In double, summed over the columns in order as a row-by-row loop would add
/// them (exactly its values: the parity-bound cleaning rules use it).
class ColumnCopy {
 public:
  ColumnCopy() = default;
  /// Rows `rows` of X (in that order), or every row of X.
  ColumnCopy(const MatrixView& X, const std::vector<int64_t>& rows) { assign(X, rows); }
  explicit ColumnCopy(const MatrixView& X);
  /// Refills the copy in place (reuses its buffer).
  void assign(const MatrixView& X, const std::vector<int64_t>& rows);

  int64_t n_rows() const { return n_; }
  /// out[b] = squared distance between copied rows a and b, for b in [first, n_rows()).
  void squared_distances(int64_t a, int64_t first, double* out) const;

 private:
  std::vector<double> columns_;  ///< column j at [j * n_, (j + 1) * n_)
  int64_t n_ = 0, d_ = 0;
};

/// Rows of a matrix copied column by column in float: the distances from a
/// row to runs of 16 others vectorise, and up to 4 such rows share each load.
class FloatColumns {
 public:
  static constexpr int kMaxRows = 4;  ///< rows one squared_distances call measures

  explicit FloatColumns(const MatrixView& X);

  int64_t n_rows() const { return n_; }
  /// out[r][b] = squared distance between rows rows[r] and b, for every row
  /// b, r < count (1 to kMaxRows).
  void squared_distances(const int64_t* rows, int count, float* const* out) const;
  /// Sum of the Euclidean distances between all pairs of rows (each pair
  /// once), summed in double: the same value whatever the threads.
  double pairwise_distance_sum() const;

 private:
  std::vector<float> columns_;  ///< column j at [j * stride_, j * stride_ + n_), then padding
  int64_t n_ = 0, d_ = 0, stride_ = 0;
};

}  // namespace smrt
