#pragma once
// The input as read, kept beside the float32 view so that writers give kept
// rows back exactly (DESIGN.md): a sampler returns row indices, the writer
// copies those rows from here and formats only the synthetic rows.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smrt {

/// A CSV file as read: its bytes and where each column and record is.
struct CsvSource {
  std::string text;               ///< the file's bytes (records are slices of it)
  std::vector<int64_t> begin;     ///< record i is text[begin[i], end[i]), no line ending
  std::vector<int64_t> end;
  int64_t header_begin = 0, header_end = 0;  ///< the header record (after a UTF-8 BOM)
  std::string newline = "\n";     ///< the header's line ending, used for every line written
  char delimiter = ',';
  std::vector<std::string> columns;       ///< header names, in file order
  int64_t label_column = -1;              ///< position of the label in `columns`
  std::vector<int64_t> feature_columns;   ///< position in `columns` of each Dataset feature
  /// Per Dataset feature: the text of each category code (code k is
  /// categories[j][k]); empty for numeric columns.
  std::vector<std::vector<std::string>> categories;

  int64_t n_records() const { return static_cast<int64_t>(begin.size()); }
  std::string_view record(int64_t i) const {
    const auto k = static_cast<size_t>(i);
    return std::string_view(text).substr(static_cast<size_t>(begin[k]), static_cast<size_t>(end[k] - begin[k]));
  }
  std::string_view header() const {
    return std::string_view(text).substr(static_cast<size_t>(header_begin),
                                         static_cast<size_t>(header_end - header_begin));
  }
};

}  // namespace smrt
