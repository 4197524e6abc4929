#pragma once
// Where data comes from and goes to, chosen by the file names:
//   input  DATA.csv --label COL            or  X.npy --labels y.npy
//   output OUT.csv (or .tsv)               or  a prefix OUT -> OUT_X.npy, OUT_y.npy

#include <string>
#include <vector>

#include "smrt/core/dataset.h"
#include "smrt/core/row_selection.h"

namespace smrt {

struct InputSpec {
  std::string path;          ///< a CSV file or a features .npy
  std::string labels_path;   ///< labels .npy (NPY input only)
  std::string label_column;  ///< label column name (CSV input only)
  char delimiter = ',';
};

struct OutputTarget {
  enum class Kind { Csv, NpyPair };
  Kind kind = Kind::Csv;
  std::string csv_path;
  std::string x_path, y_path;
  char delimiter = ',';

  /// Every file this target writes.
  std::vector<std::string> paths() const;
};

bool is_npy_path(const std::string& path);

/// Loads and checks an input; errors name what is missing or wrong.
Dataset load_dataset(const InputSpec& input);

/// Interprets OUT: ".csv"/".tsv"/".txt" gives a CSV file, anything else a
/// prefix for OUT_X.npy and OUT_y.npy. Checks the folder exists and no output
/// path is an input path, before any work is done.
OutputTarget resolve_output(const std::string& out, const InputSpec& input);

/// Writes the rows, atomically.
void save_rows(const OutputTarget& target, const RowSelection& rows);

}  // namespace smrt
