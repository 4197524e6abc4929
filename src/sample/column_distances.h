#pragma once
// Rows of a matrix copied column by column in double, so that the squared
// distances from one row to a run of others vectorise over those rows. The
// sums run over columns in order, as a row-by-row loop would add them.

#include <cstdint>
#include <vector>

#include "smrt/core/matrix.h"

namespace smrt {

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

/// Sum of the Euclidean distances between all pairs of rows of X (each pair
/// once), in floats summed in double; the same value whatever the threads.
double pairwise_distance_sum(const MatrixView& X);

}  // namespace smrt
