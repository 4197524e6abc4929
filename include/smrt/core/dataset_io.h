#pragma once
// Where data comes from and goes to, chosen by the file names:
//   input  DATA.csv --label COL            or  X.npy --labels y.npy
//   output OUT.csv / .tsv / .txt (any case) or  OUT.npy / a prefix OUT (NPY)

#include <string>
#include <vector>

#include "smrt/core/column_shift.h"
#include "smrt/core/dataset.h"
#include "smrt/core/row_selection.h"

namespace smrt {

struct InputSpec {
  std::string path;          ///< a CSV file or a features .npy
  std::string labels_path;   ///< labels .npy (NPY input only)
  std::string label_column;  ///< label column name (CSV input only)
  char delimiter = ',';
  std::vector<std::string> features;     ///< CSV: feature columns (empty: all but label and ignore)
  std::vector<std::string> ignore;       ///< CSV: columns carried through, not features
  std::vector<std::string> categorical;  ///< CSV: categorical feature columns (text allowed)
  std::vector<int64_t> categorical_indices;  ///< CSV: the same by feature position
  bool all_categorical = false;          ///< CSV: every feature is categorical (SMOTEN)
  /// Features only, for unsupervised fits: no label column or labels file is
  /// read (giving one is an error); the Dataset has no labels.
  bool unlabelled = false;
  /// Far-off columns shifted before float32 (Dataset::column_offsets), as the
  /// method that will read the data allows (SamplerInfo::shift).
  ColumnShift shift = ColumnShift::None;
};

/// What an output name asks for, by one rule for every command that writes
/// data: NAME.csv, .tsv, .txt (any case) is a CSV file; NAME.npy or a NAME
/// without extension is NPY (`stem` is NAME without ".npy"). Throws
/// ParameterError for what cannot be written: a compressed name (.gz, .zip,
/// ...), a folder (trailing '/', '.', or an existing directory), another
/// extension.
struct OutputName {
  enum class Kind { Csv, Npy };
  Kind kind = Kind::Csv;
  std::string path;  ///< the CSV path
  std::string stem;  ///< NPY: the name without ".npy"
};
OutputName classify_output(const std::string& out);

struct OutputTarget {
  enum class Kind { Csv, NpyPair };
  Kind kind = Kind::Csv;
  std::string csv_path;
  std::string x_path, y_path;
  char delimiter = ',';
  std::string indices_path;  ///< optional: each output row's input row (-1: synthetic), one per line

  /// Every file this target writes.
  std::vector<std::string> paths() const;
};

/// ".csv" of "a/b.CSV", lower-cased; "" when the last name has no extension
/// (a leading dot, as in ".hidden", is not one).
std::string extension_of(const std::string& path);
bool is_npy_path(const std::string& path);
/// The first bytes of every smrt model file (nn/checkpoint.h).
inline constexpr char kModelFileMagic[] = "SMRTMODEL\n";
/// Whether `path` starts as an smrt model file does (kModelFileMagic): given
/// where a table is expected (`smrt info vae.smrtm`) it is an error that says
/// so, not a CSV without its label column.
bool is_model_file(const std::string& path);

/// Loads and checks an input; errors name what is missing or wrong.
Dataset load_dataset(const InputSpec& input);

/// Interprets OUT by classify_output: a CSV file, or OUT_X.npy and OUT_y.npy.
/// A CSV output keeps a CSV input's delimiter (kept rows are copied as
/// read), so .tsv needs tab-separated input. `indices` (optional) must be
/// .txt or .csv. Checks the folders exist and no output path is an input
/// path, before any work is done.
OutputTarget resolve_output(const std::string& out, const InputSpec& input, const std::string& indices = "");

/// Writes the rows (and the indices file, if asked for), atomically.
void save_rows(const OutputTarget& target, const RowSelection& rows);

}  // namespace smrt
