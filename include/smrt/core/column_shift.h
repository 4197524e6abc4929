#pragma once
// Far-off columns (timestamps: 1.7e9 +- 100) lose their spread in float32,
// whose step there is 128: SMOTE's new rows snap to a few values and
// neighbour choices tie. Readers that see exact values (CSV text, float64 or
// 64-bit integer NPY) shift such a column by its midpoint before the float32
// matrix, and writers add the shift back to new rows in double. The same
// rule as the Python package's float64 centring.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace smrt {

/// Which shift a method's result allows (a property of the method: see
/// SamplerInfo::shift).
enum class ColumnShift {
  None,       ///< the result depends on the values themselves (scaling from the range, pixel values, ...)
  PerColumn,  ///< X + c gives the same rows + c for every per-column c (distances, interpolation)
  Common,     ///< only one c for every column (SVM-SMOTE's gamma='scale' reads the variance of all values)
};

/// Running minimum and maximum of each column, in double.
class ColumnRanges {
 public:
  explicit ColumnRanges(int64_t n_cols)
      : lo_(static_cast<size_t>(n_cols), std::numeric_limits<double>::infinity()),
        hi_(static_cast<size_t>(n_cols), -std::numeric_limits<double>::infinity()) {}
  void add(int64_t col, double v) {
    const auto j = static_cast<size_t>(col);
    if (v < lo_[j]) lo_[j] = v;
    if (v > hi_[j]) hi_[j] = v;
  }
  /// Leaves column `col` out of the shift (category codes).
  void exclude(int64_t col) { excluded_.push_back(col); }

  /// The shift per column, or empty when no column needs one. A column whose
  /// midpoint m = (min + max) / 2 is larger in magnitude than its range gets
  /// m: its values lie in [m/2, 3m/2], so v - m is exact in double (Sterbenz)
  /// and float32 keeps the spread instead of the offset. A constant column
  /// that float32 holds exactly is left alone. `Common`: one shift, from the
  /// whole table's range, for every column that is not excluded.
  std::vector<double> offsets(ColumnShift mode) const;

 private:
  std::vector<double> lo_, hi_;
  std::vector<int64_t> excluded_;
};

}  // namespace smrt
