#pragma once
// A labelled table: float32 features, one dense class id per row.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "smrt/core/class_index.h"
#include "smrt/core/matrix.h"
#include "smrt/core/source_rows.h"

namespace smrt {

struct NpySource;  // smrt/core/npy_io.h

/// What every sampler reads: a feature view plus dense class ids.
/// Non-owning, so Python and Dask front ends can pass their own buffers.
struct DataView {
  MatrixView X;                       ///< n_rows x n_cols
  const int32_t* y = nullptr;         ///< n_rows ids in [0, n_classes)
  int32_t n_classes = 0;
  std::vector<int64_t> sample_shape;  ///< {n_cols} for tables, {H, W} or {C, H, W} for images

  int64_t n_rows() const { return X.n_rows; }
  int64_t n_cols() const { return X.n_cols; }
  /// Rows per class id.
  std::vector<int64_t> class_counts() const;
  /// Row indices of each class, in row order.
  std::vector<std::vector<int64_t>> class_rows() const;
  /// The same for the classes in `wanted` only (the others stay empty): an
  /// over-sampler needs its minority classes' rows, not the majority's.
  std::vector<std::vector<int64_t>> class_rows(const std::vector<int32_t>& wanted) const;
  /// Row indices of every class but `c`, in row order.
  std::vector<int64_t> rows_not_of(int32_t c) const;
};

struct Dataset {
  Matrix X;
  std::vector<int32_t> y;
  ClassIndex classes;
  std::vector<std::string> feature_names;  ///< empty when the source had none (NPY)
  std::string label_name = "label";
  std::vector<int64_t> sample_shape;       ///< empty means a plain table of n_cols
  /// An NPY input's arrays as read (null for other sources): the NPY writer
  /// copies kept rows and labels from here, in the input's dtypes.
  std::shared_ptr<const NpySource> npy;
  /// A CSV input's bytes and layout (null for other sources): the CSV writer
  /// copies kept rows from here, byte for byte.
  std::shared_ptr<const CsvSource> csv;
  /// Per feature, what the reader subtracted before float32 (far-off columns,
  /// smrt/core/column_shift.h); empty: nothing. Writers add it back to new rows.
  std::vector<double> column_offsets;

  int64_t n_rows() const { return X.n_rows(); }
  int64_t n_cols() const { return X.n_cols(); }
  DataView view() const;
  std::vector<int64_t> class_counts() const { return view().class_counts(); }
};

/// Throws DataError when an image shape ({H, W} or {C, H, W}) looks
/// channels-last: {H, W, C} with C in 1, 3, 4 and a first axis over 4 (a
/// (n, 28, 28, 3) array read as 28 channels of 28 x 3 images, whose colour
/// axis augmentation would warp and the GANs would take as the width). For
/// the methods that read the axes (augment, the GANs, convolutions).
void check_channels_first(const std::vector<int64_t>& sample_shape, const std::string& owner);

/// Throws DataError unless every feature is finite, labels are in range and
/// there are at least `min_classes` classes. `source` names the data in errors.
/// With `float_distances`, also unless every value is at most
/// kMaxFloatDistanceValue in magnitude (check_float_distance_range's error),
/// in the same pass over the values.
void validate_dataset(const DataView& data, const std::string& source, int min_classes = 2,
                      bool float_distances = false);

}  // namespace smrt
