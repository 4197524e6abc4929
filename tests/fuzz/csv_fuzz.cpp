// The CSV reader as the CLI calls it (load_dataset on a .csv path).
// Input: byte 0 picks the delimiter (bits 0-1) and the column shift (bits
// 2-3), the rest is the file; the label column is named "label". A table read
// without error must be a consistent one, and a shifted read must be the
// plain read to float32 precision once its offsets are added back.
#include <cmath>
#include <limits>

#include "fuzz_support.h"
#include "smrt/core/dataset_io.h"
#include "smrt/core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const char kDelimiters[] = {',', ';', '\t', '|'};
  smrt::fuzz::TempFile file("in.csv", data + 1, size - 1);
  smrt::InputSpec input;
  input.path = file.path();
  input.label_column = "label";
  input.delimiter = kDelimiters[data[0] & 3];
  static const smrt::ColumnShift kShifts[] = {smrt::ColumnShift::None, smrt::ColumnShift::PerColumn,
                                               smrt::ColumnShift::Common, smrt::ColumnShift::PerColumn};
  try {
    const smrt::Dataset d = smrt::load_dataset(input);
    SMRT_FUZZ_CHECK(d.n_rows() > 0);
    SMRT_FUZZ_CHECK(d.y.size() == static_cast<size_t>(d.n_rows()));
    SMRT_FUZZ_CHECK(d.column_offsets.empty());
    for (int32_t id : d.y) SMRT_FUZZ_CHECK(id >= 0 && id < d.classes.n_classes());
    for (int64_t i = 0; i < d.n_rows(); ++i)
      for (int64_t j = 0; j < d.n_cols(); ++j) SMRT_FUZZ_CHECK(std::isfinite(d.X(i, j)));
    input.shift = kShifts[(data[0] >> 2) & 3];
    if (input.shift == smrt::ColumnShift::None) return 0;
    const smrt::Dataset s = smrt::load_dataset(input);  // the same file: it must read again
    SMRT_FUZZ_CHECK(s.n_rows() == d.n_rows() && s.n_cols() == d.n_cols());
    SMRT_FUZZ_CHECK(s.column_offsets.empty() || s.column_offsets.size() == static_cast<size_t>(s.n_cols()));
    for (int64_t i = 0; i < d.n_rows(); ++i)
      for (int64_t j = 0; j < d.n_cols(); ++j) {
        const double off = s.column_offsets.empty() ? 0.0 : s.column_offsets[static_cast<size_t>(j)];
        const float plain = d.X(i, j);
        SMRT_FUZZ_CHECK(std::isfinite(s.X(i, j)));
        // |shifted + off - v| and |plain - v| are each at most half a float32 step of v.
        const double step = static_cast<double>(std::nextafter(std::abs(plain), std::numeric_limits<float>::infinity())) -
                            std::abs(plain);
        SMRT_FUZZ_CHECK(std::abs(static_cast<double>(s.X(i, j)) + off - plain) <= step + 1e-300);
      }
  } catch (const smrt::Error&) {
    // bad input, answered with a message: what the reader must do
  }
  return 0;
}
