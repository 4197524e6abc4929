#pragma once
// CSV tables: a header row, numeric feature columns, one label column.

#include <string>

#include "smrt/core/dataset.h"
#include "smrt/core/row_selection.h"

namespace smrt {

struct CsvOptions {
  std::string label_column;  ///< header name of the label column (required)
  char delimiter = ',';
};

/// Reads a CSV file. Every column but the label must be numeric and finite;
/// errors name the file, line and column. RFC 4180 quoting is understood.
Dataset read_csv(const std::string& path, const CsvOptions& options);

/// Writes features then the label column (named data.label_name), atomically.
void write_csv(const std::string& path, const RowSelection& rows, char delimiter = ',');

}  // namespace smrt
