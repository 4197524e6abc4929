#include "smrt/core/dataset.h"

#include <cmath>

#include "smrt/core/error.h"

namespace smrt {

std::vector<int64_t> DataView::class_counts() const {
  std::vector<int64_t> counts(static_cast<size_t>(n_classes), 0);
  for (int64_t i = 0; i < X.n_rows; ++i) ++counts[static_cast<size_t>(y[i])];
  return counts;
}

std::vector<std::vector<int64_t>> DataView::class_rows() const {
  std::vector<std::vector<int64_t>> rows(static_cast<size_t>(n_classes));
  auto counts = class_counts();
  for (size_t c = 0; c < rows.size(); ++c) rows[c].reserve(static_cast<size_t>(counts[c]));
  for (int64_t i = 0; i < X.n_rows; ++i) rows[static_cast<size_t>(y[i])].push_back(i);
  return rows;
}

DataView Dataset::view() const {
  DataView v;
  v.X = X.view();
  v.y = y.data();
  v.n_classes = classes.n_classes();
  v.sample_shape = sample_shape.empty() ? std::vector<int64_t>{X.n_cols()} : sample_shape;
  return v;
}

void validate_dataset(const DataView& data, const std::string& source, int min_classes) {
  SMRT_THROW_IF_NOT(DataError, data.n_rows() > 0, source, ": no rows");
  SMRT_THROW_IF_NOT(DataError, data.n_cols() > 0, source, ": no feature columns");
  for (int64_t i = 0; i < data.n_rows(); ++i) {
    const float* row = data.X.row(i);
    for (int64_t j = 0; j < data.n_cols(); ++j) {
      if (!std::isfinite(row[j])) {
        throw DataError(msg(source, ": row ", i, ", feature ", j, ": value ", row[j],
                            " is not finite (NaN and Inf are not allowed)"));
      }
    }
    SMRT_THROW_IF_NOT(DataError, data.y[i] >= 0 && data.y[i] < data.n_classes, source, ": row ", i,
                      ": class id ", data.y[i], " outside [0, ", data.n_classes, ")");
  }
  int present = 0;
  for (int64_t c : data.class_counts()) present += c > 0 ? 1 : 0;
  SMRT_THROW_IF_NOT(DataError, present >= min_classes, source, ": the labels need at least ", min_classes,
                    " classes to resample, got ", present);
}

}  // namespace smrt
