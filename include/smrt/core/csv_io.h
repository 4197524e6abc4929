#pragma once
// CSV tables: a header row, numeric (or categorical) feature columns, one
// label column, and columns carried through untouched (an id, free text).

#include <cstdint>
#include <string>
#include <vector>

#include "smrt/core/column_shift.h"
#include "smrt/core/dataset.h"
#include "smrt/core/row_selection.h"

namespace smrt {

struct CsvOptions {
  std::string label_column;  ///< header name of the label column (required)
  char delimiter = ',';
  /// Feature columns by name; empty: every column but the label and `ignore`.
  /// Columns that are neither features nor the label are carried through.
  std::vector<std::string> features;
  std::vector<std::string> ignore;       ///< columns carried through, not features
  std::vector<std::string> categorical;  ///< feature columns whose values are categories (text allowed)
  std::vector<int64_t> categorical_indices;  ///< the same by feature position (0-based, among the features)
  bool all_categorical = false;          ///< every feature column is categorical (SMOTEN)
  /// Far-off numeric columns shifted before float32 (Dataset::column_offsets):
  /// what the method that will read the data allows.
  ColumnShift shift = ColumnShift::None;
  int64_t max_record_bytes = int64_t{64} << 20;  ///< a longer record is refused (binary input, /dev/zero)
};

/// Reads a CSV file (RFC 4180 quoting, LF, CRLF or CR line ends, UTF-8).
/// Numeric features must be finite; a categorical column whose values are not
/// all numbers gets codes 0..k-1 in the sorted order of its texts (as
/// OneHotEncoder orders them). Labels follow ClassIndex::from_csv_labels.
/// The file's bytes are kept in Dataset::csv so that kept rows can be written
/// back verbatim. Errors name the file, line and column.
Dataset read_csv(const std::string& path, const CsvOptions& options);

/// The same without a label column (options.label_column is ignored): every
/// column is a feature unless options.features / ignore say otherwise. The
/// result has no labels (y and classes empty): for unsupervised fits.
Dataset read_csv_features(const std::string& path, CsvOptions options);

/// `text` as one CSV field: quoted (RFC 4180) when it holds the delimiter, a
/// quote or a line break, else as it is.
std::string csv_quoted(const std::string& text, char delimiter);

/// Writes `rows` atomically. With a CSV source of the same delimiter: its
/// header and kept records byte for byte, synthetic rows in the same column
/// layout (carried columns empty). Otherwise: features then the label.
void write_csv(const std::string& path, const RowSelection& rows, char delimiter = ',');

}  // namespace smrt
