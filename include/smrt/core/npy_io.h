#pragma once
// NumPy .npy files (format 1.0-3.0, C order, little-endian).
//
// Features: float16/32/64, bool or any integer type, shape (n, d), (n, H, W)
// or (n, C, H, W); computed on as float32 rows. Labels: a second file of
// shape (n,) or (n, 1), integers, bool or unicode strings. What was read is
// kept (NpySource), so the writer gives kept rows and their labels back
// byte for byte, in the input's dtypes.

#include <cstdint>
#include <string>
#include <vector>

#include "smrt/core/column_shift.h"
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

/// An NPY input pair as read (Dataset::npy): writers copy kept rows and
/// labels from here and write synthetic rows in the same dtypes.
struct NpySource {
  NpyArray x;  ///< features; `bytes` is empty for "<f4", whose bytes are Dataset::X itself
  NpyArray y;  ///< labels, as read
  /// The first input row of each class id: synthetic rows of that class get its label's bytes.
  std::vector<int64_t> first_row_of_class;

  /// Bytes of one feature row in the input's dtype.
  int64_t x_row_bytes() const;
};

/// Reads a whole file. The size the header declares is checked against the
/// file (and this machine's memory) before anything is allocated; errors
/// name the file.
NpyArray read_npy(const std::string& path);

/// Features from `x_path`, labels from `y_path`; the row counts must match.
/// Every feature must be finite (errors name file, row and column). The
/// result's `npy` keeps what was read. With `shift`, far-off columns of a
/// float64 or 32/64-bit integer table are shifted before float32
/// (Dataset::column_offsets; the writers add the shift back to new rows).
Dataset read_npy_dataset(const std::string& x_path, const std::string& y_path,
                         ColumnShift shift = ColumnShift::None);

/// The features alone, checked as above; no labels (y and classes empty).
Dataset read_npy_features(const std::string& x_path, ColumnShift shift = ColumnShift::None);

/// Writes `rows` as features and labels, both atomically. With an NPY source
/// (base->npy) both files keep its dtypes and shapes: kept rows are the input's
/// bytes, synthetic rows are converted from float32 as numpy's astype does
/// (integers truncate toward zero, clamped to the type's range; float16
/// rounds to nearest). Otherwise features are float32 and labels int64 (or
/// unicode for string labels).
void write_npy_dataset(const std::string& x_path, const std::string& y_path, const RowSelection& rows);

/// Writes a float32 array of any shape (used for images and generated data).
void write_npy_float(const std::string& path, const float* data, const std::vector<int64_t>& shape);

/// Appends one element of dtype `descr` ("<f8", "|u1", ...; not unicode) at
/// `p` as the shortest text that reads back as the same value in that dtype
/// (integers in full, bool as 0 / 1): how the CSV writer gives kept NPY rows.
void append_npy_value(std::string* out, const char* p, const std::string& descr);

/// IEEE binary16 <-> float32 (round to nearest even), as numpy's float16.
float half_to_float(uint16_t h);
uint16_t float_to_half(float f);

}  // namespace smrt
