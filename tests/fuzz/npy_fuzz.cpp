// The NPY reader: one array (read_npy) or a features/labels pair as the CLI
// loads it (load_dataset). Input: byte 0 is the mode; for a pair, bytes 1-2
// (little-endian) are the length of the features file, then the features
// file, then the labels file. What is read and validated without error must
// be consistent, and kept rows must be written back byte for byte, also with
// synthetic rows placed between them (which read back as given). Bits 1-2
// of byte 0 pick a column shift for the pair: a shifted read must be the
// plain read to float32 precision once its offsets are added back.
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "fuzz_support.h"
#include "smrt/core/dataset_io.h"
#include "smrt/core/error.h"
#include "smrt/core/matrix.h"
#include "smrt/core/npy_io.h"
#include "smrt/core/row_selection.h"

namespace {

void one_array(const uint8_t* data, size_t size) {
  smrt::fuzz::TempFile file("a.npy", data, size);
  const smrt::NpyArray a = smrt::read_npy(file.path());
  int64_t n = 1;
  for (int64_t s : a.shape) {
    SMRT_FUZZ_CHECK(s >= 0);
    n *= s;
  }
  SMRT_FUZZ_CHECK(n == a.n_elements());
  SMRT_FUZZ_CHECK(static_cast<int64_t>(a.bytes.size()) == a.n_elements() * a.item_size());
}

// The same arrays read with `shift`: its offsets added back give the plain
// read's values to float32 precision.
void check_shifted_read(smrt::InputSpec input, const smrt::Dataset& plain, smrt::ColumnShift shift) {
  input.shift = shift;
  const smrt::Dataset s = smrt::load_dataset(input);
  SMRT_FUZZ_CHECK(s.n_rows() == plain.n_rows() && s.n_cols() == plain.n_cols());
  SMRT_FUZZ_CHECK(s.column_offsets.empty() || s.column_offsets.size() == static_cast<size_t>(s.n_cols()));
  SMRT_FUZZ_CHECK(s.column_offsets.empty() || s.sample_shape.empty());  // images are never shifted
  for (int64_t i = 0; i < plain.n_rows(); ++i)
    for (int64_t j = 0; j < plain.n_cols(); ++j) {
      const double off = s.column_offsets.empty() ? 0.0 : s.column_offsets[static_cast<size_t>(j)];
      const float v = plain.X(i, j);
      const double step = static_cast<double>(std::nextafter(std::abs(v), std::numeric_limits<float>::infinity())) -
                          std::abs(v);
      SMRT_FUZZ_CHECK(std::abs(static_cast<double>(s.X(i, j)) + off - v) <= step + 1e-300);
    }
}

void pair(const uint8_t* data, size_t size, smrt::ColumnShift shift) {
  if (size < 2) return;
  const size_t x_size = std::min<size_t>(size - 2, data[0] | (data[1] << 8));
  smrt::fuzz::TempFile x("X.npy", data + 2, x_size);
  smrt::fuzz::TempFile y("y.npy", data + 2 + x_size, size - 2 - x_size);
  smrt::InputSpec input;
  input.path = x.path();
  input.labels_path = y.path();
  const smrt::Dataset d = smrt::load_dataset(input);
  SMRT_FUZZ_CHECK(d.n_rows() > 0);
  SMRT_FUZZ_CHECK(d.y.size() == static_cast<size_t>(d.n_rows()));
  for (int32_t id : d.y) SMRT_FUZZ_CHECK(id >= 0 && id < d.classes.n_classes());
  int64_t per_row = 1;
  for (int64_t s : d.sample_shape) per_row *= s;
  SMRT_FUZZ_CHECK(d.sample_shape.empty() || per_row == d.n_cols());
  // NaN and infinity are read as they are; what the CLI checks next must
  // reject them with a message.
  smrt::validate_dataset(d.view(), input.path, 1);
  for (int64_t i = 0; i < d.n_rows(); ++i)
    for (int64_t j = 0; j < d.n_cols(); ++j) SMRT_FUZZ_CHECK(std::isfinite(d.X(i, j)));
  if (shift != smrt::ColumnShift::None) check_shifted_read(input, d, shift);

  // Kept rows are written back as they were read: every other row, last
  // first, must come back with the input's bytes and labels.
  std::vector<int64_t> keep;
  for (int64_t i = d.n_rows() - 1; i >= 0; i -= 2) keep.push_back(i);
  smrt::fuzz::TempFile x_out("out_X.npy", nullptr, 0), y_out("out_y.npy", nullptr, 0);
  smrt::write_npy_dataset(x_out.path(), y_out.path(), smrt::RowSelection{&d, &keep, nullptr, nullptr});
  const smrt::NpyArray x_in = smrt::read_npy(x.path()), y_in = smrt::read_npy(y.path());
  const smrt::NpyArray x_back = smrt::read_npy(x_out.path()), y_back = smrt::read_npy(y_out.path());
  SMRT_FUZZ_CHECK(x_back.descr == x_in.descr && y_back.descr == y_in.descr);
  SMRT_FUZZ_CHECK(x_back.shape.size() == x_in.shape.size() && x_back.shape[0] == static_cast<int64_t>(keep.size()));
  const size_t x_row = x_in.bytes.size() / static_cast<size_t>(d.n_rows());
  const size_t y_row = y_in.bytes.size() / static_cast<size_t>(d.n_rows());
  SMRT_FUZZ_CHECK(x_back.bytes.size() == keep.size() * x_row && y_back.bytes.size() == keep.size() * y_row);
  for (size_t k = 0; k < keep.size(); ++k) {
    const auto i = static_cast<size_t>(keep[k]);
    SMRT_FUZZ_CHECK(std::memcmp(x_back.bytes.data() + k * x_row, x_in.bytes.data() + i * x_row, x_row) == 0);
    SMRT_FUZZ_CHECK(std::memcmp(y_back.bytes.data() + k * y_row, y_in.bytes.data() + i * y_row, y_row) == 0);
  }

  // Synthetic rows placed between the kept rows (extra_at, as ClusterCentroids'
  // centres are written): at the start, the middle and the end. Kept rows still
  // come back byte for byte; an extra row, a copy of a row as read, comes back
  // with its values (exact in the input's dtype) and its class.
  const int64_t n_extra = std::min<int64_t>(3, d.n_rows());
  smrt::Matrix extra(n_extra, d.n_cols());
  std::vector<int32_t> extra_y;
  for (int64_t j = 0; j < n_extra; ++j) {
    std::memcpy(extra.row(j), d.X.row(j), static_cast<size_t>(d.n_cols()) * sizeof(float));
    extra_y.push_back(d.y[static_cast<size_t>(j)]);
  }
  const auto n_keep = static_cast<int64_t>(keep.size());
  std::vector<int64_t> extra_at{0, n_keep / 2, n_keep};
  extra_at.resize(static_cast<size_t>(n_extra));
  const smrt::RowSelection mixed{&d, &keep, &extra, &extra_y, &extra_at};
  smrt::write_npy_dataset(x_out.path(), y_out.path(), mixed);
  const smrt::NpyArray x_mixed = smrt::read_npy(x_out.path()), y_mixed = smrt::read_npy(y_out.path());
  SMRT_FUZZ_CHECK(x_mixed.shape[0] == mixed.n_rows() && y_mixed.shape[0] == mixed.n_rows());
  SMRT_FUZZ_CHECK(x_mixed.bytes.size() == static_cast<size_t>(mixed.n_rows()) * x_row &&
                  y_mixed.bytes.size() == static_cast<size_t>(mixed.n_rows()) * y_row);
  smrt::InputSpec again;
  again.path = x_out.path();
  again.labels_path = y_out.path();
  const smrt::Dataset m = smrt::load_dataset(again);  // what was written reads back
  SMRT_FUZZ_CHECK(m.n_rows() == mixed.n_rows() && m.n_cols() == d.n_cols());
  for (int64_t i = 0; i < mixed.n_rows(); ++i) {
    const int64_t b = mixed.base_index(i);
    const auto r = static_cast<size_t>(i);
    if (b >= 0) {
      const auto in = static_cast<size_t>(b);
      SMRT_FUZZ_CHECK(std::memcmp(x_mixed.bytes.data() + r * x_row, x_in.bytes.data() + in * x_row, x_row) == 0);
      SMRT_FUZZ_CHECK(std::memcmp(y_mixed.bytes.data() + r * y_row, y_in.bytes.data() + in * y_row, y_row) == 0);
    } else {
      const int64_t j = mixed.source(i) - mixed.n_base();
      SMRT_FUZZ_CHECK(std::memcmp(m.X.row(i), extra.row(j), static_cast<size_t>(d.n_cols()) * sizeof(float)) == 0);
      SMRT_FUZZ_CHECK(m.classes.name(m.y[r]) == d.classes.name(extra_y[static_cast<size_t>(j)]));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  try {
    static const smrt::ColumnShift kShifts[] = {smrt::ColumnShift::None, smrt::ColumnShift::PerColumn,
                                                 smrt::ColumnShift::Common, smrt::ColumnShift::PerColumn};
    if (data[0] & 1) pair(data + 1, size - 1, kShifts[(data[0] >> 1) & 3]);
    else one_array(data + 1, size - 1);
  } catch (const smrt::Error&) {
    // bad input, answered with a message
  }
  return 0;
}
