#include "smrt/core/dataset.h"

#include <cmath>
#include <cstring>

#include "smrt/core/error.h"
#include "smrt/core/threads.h"

namespace smrt {
namespace {

// Whether every value is finite and every label in [0, n_classes) (`valid`),
// and whether every value is at most `limit` in magnitude (`within`): one
// branch-free pass (it vectorises) over the rows, split over the threads.
// The slow loops in validate_dataset only run to name the first bad value.
void scan_values(const DataView& data, float limit, bool* valid, bool* within) {
  const int64_t n = data.n_rows(), d = data.n_cols();
  int bad = 0, far = 0;
#pragma omp parallel for schedule(static) reduction(| : bad, far) num_threads(num_threads())
  for (int64_t i = 0; i < n; ++i) {
    const float* row = data.X.row(i);
    uint32_t exponent_full = 0;  // an all-ones exponent is Inf or NaN
    uint32_t over = 0;
    for (int64_t j = 0; j < d; ++j) {
      uint32_t bits;
      std::memcpy(&bits, row + j, sizeof bits);
      exponent_full |= static_cast<uint32_t>((bits & 0x7f800000u) == 0x7f800000u);
      over |= static_cast<uint32_t>(!(std::fabs(row[j]) <= limit));
    }
    bad |= static_cast<int>(exponent_full) | static_cast<int>(data.y[i] < 0 || data.y[i] >= data.n_classes);
    far |= static_cast<int>(over);
  }
  *valid = bad == 0;
  *within = far == 0;
}

}  // namespace

std::vector<int64_t> DataView::class_counts() const {
  // Four interleaved tallies: runs of one label (the usual case) would
  // otherwise make every increment wait for the previous one.
  const auto c = static_cast<size_t>(n_classes);
  std::vector<int64_t> part(4 * c, 0);
  int64_t i = 0;
  for (; i + 4 <= X.n_rows; i += 4)
    for (size_t lane = 0; lane < 4; ++lane) ++part[4 * static_cast<size_t>(y[i + static_cast<int64_t>(lane)]) + lane];
  for (; i < X.n_rows; ++i) ++part[4 * static_cast<size_t>(y[i])];
  std::vector<int64_t> counts(c, 0);
  for (size_t k = 0; k < c; ++k) counts[k] = part[4 * k] + part[4 * k + 1] + part[4 * k + 2] + part[4 * k + 3];
  return counts;
}

std::vector<int64_t> DataView::rows_not_of(int32_t c) const {
  std::vector<int64_t> rows;
  for (int64_t i = 0; i < n_rows(); ++i)
    if (y[i] != c) rows.push_back(i);
  return rows;
}

std::vector<std::vector<int64_t>> DataView::class_rows() const {
  std::vector<int32_t> all(static_cast<size_t>(n_classes));
  for (int32_t c = 0; c < n_classes; ++c) all[static_cast<size_t>(c)] = c;
  return class_rows(all);
}

std::vector<std::vector<int64_t>> DataView::class_rows(const std::vector<int32_t>& wanted) const {
  std::vector<std::vector<int64_t>> rows(static_cast<size_t>(n_classes));
  std::vector<char> take(static_cast<size_t>(n_classes), 0);
  for (int32_t c : wanted) take[static_cast<size_t>(c)] = 1;
  const auto counts = class_counts();
  for (size_t c = 0; c < rows.size(); ++c)
    if (take[c]) rows[c].reserve(static_cast<size_t>(counts[c]));
  for (int64_t i = 0; i < X.n_rows; ++i)
    if (take[static_cast<size_t>(y[i])]) rows[static_cast<size_t>(y[i])].push_back(i);
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

void check_channels_first(const std::vector<int64_t>& s, const std::string& owner) {
  if (s.size() != 3 || s[0] <= 4 || (s[2] != 1 && s[2] != 3 && s[2] != 4)) return;
  throw DataError(msg(owner, ": images of shape ", s[0], " x ", s[1], " x ", s[2],
                      " look channels-last (N x H x W x C); smrt takes N x C x H x W images: save "
                      "np.moveaxis(X, -1, 1) instead"));
}

void validate_dataset(const DataView& data, const std::string& source, int min_classes, bool float_distances) {
  SMRT_THROW_IF_NOT(DataError, data.n_rows() > 0, source, ": no rows");
  SMRT_THROW_IF_NOT(DataError, data.n_cols() > 0, source, ": no feature columns");
  // The largest float not above kMaxFloatDistanceValue: comparing in float
  // then decides as comparing in double does.
  float limit = INFINITY;
  if (float_distances) {
    limit = static_cast<float>(kMaxFloatDistanceValue);
    if (static_cast<double>(limit) > kMaxFloatDistanceValue) limit = std::nextafter(limit, 0.0f);
  }
  bool valid = true, within = true;
  scan_values(data, limit, &valid, &within);
  for (int64_t i = 0; !valid && i < data.n_rows(); ++i) {
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
  if (!within) check_float_distance_range(data.X, source);  // throws, naming the row and feature
}

}  // namespace smrt
