// The NPY reader: one array (read_npy) or a features/labels pair as the CLI
// loads it (load_dataset). Input: byte 0 is the mode; for a pair, bytes 1-2
// (little-endian) are the length of the features file, then the features
// file, then the labels file. What is read and validated without error must
// be consistent.
#include <cmath>

#include "fuzz_support.h"
#include "smrt/core/dataset_io.h"
#include "smrt/core/error.h"
#include "smrt/core/npy_io.h"

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

void pair(const uint8_t* data, size_t size) {
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
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  try {
    if (data[0] & 1) pair(data + 1, size - 1);
    else one_array(data + 1, size - 1);
  } catch (const smrt::Error&) {
    // bad input, answered with a message
  }
  return 0;
}
