#pragma once
// NumPy .npy files (format 1.0-3.0, C order, little-endian).
//
// Features: float32, float64 or any integer type, shape (n, d), (n, H, W) or
// (n, C, H, W); read as float32 rows. Labels: a second file of shape (n,) or
// (n, 1), integers or unicode strings.

#include <cstdint>
#include <string>
#include <vector>

#include "smrt/core/dataset.h"
#include "smrt/core/row_selection.h"

namespace smrt {

/// One .npy array: its dtype descriptor ("<f4", "|u1", "<U5"), shape and raw bytes.
struct NpyArray {
  std::string descr;
  std::vector<int64_t> shape;
  std::vector<char> bytes;

  int64_t n_elements() const;
  /// Size of one element in bytes, from the descriptor.
  int64_t item_size() const;
};

NpyArray read_npy(const std::string& path);

/// Features from `x_path`, labels from `y_path`; the row counts must match.
Dataset read_npy_dataset(const std::string& x_path, const std::string& y_path);

/// Writes `rows` as float32 features (keeping the base's sample shape) and
/// labels (int64, or unicode for string labels), both atomically.
void write_npy_dataset(const std::string& x_path, const std::string& y_path, const RowSelection& rows);

/// Writes a float32 array of any shape (used for images and generated data).
void write_npy_float(const std::string& path, const float* data, const std::vector<int64_t>& shape);

}  // namespace smrt
