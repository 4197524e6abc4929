// The CSV reader as the CLI calls it (load_dataset on a .csv path).
// Input: byte 0 picks the delimiter, the rest is the file; the label column
// is named "label". A table read without error must be a consistent one.
#include <cmath>

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
  try {
    const smrt::Dataset d = smrt::load_dataset(input);
    SMRT_FUZZ_CHECK(d.n_rows() > 0);
    SMRT_FUZZ_CHECK(d.y.size() == static_cast<size_t>(d.n_rows()));
    for (int32_t id : d.y) SMRT_FUZZ_CHECK(id >= 0 && id < d.classes.n_classes());
    for (int64_t i = 0; i < d.n_rows(); ++i)
      for (int64_t j = 0; j < d.n_cols(); ++j) SMRT_FUZZ_CHECK(std::isfinite(d.X(i, j)));
  } catch (const smrt::Error&) {
    // bad input, answered with a message: what the reader must do
  }
  return 0;
}
