#include "smrt/core/csv_io.h"

#include <csv.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include "smrt/core/atomic_file.h"
#include "smrt/core/error.h"

namespace smrt {
namespace {

std::string trim(const char* s, size_t n) {
  size_t a = 0, b = n;
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return std::string(s + a, b - a);
}

// Collects records from libcsv's callbacks and turns them into a Dataset,
// remembering the line so that every error can point at it.
struct CsvCollector {
  std::string path;
  CsvOptions options;
  int64_t line = 1;
  bool after_cr = false;
  std::vector<std::string> fields;  // the record being read
  std::vector<std::string> header;
  int64_t label_index = -1;
  std::vector<float> values;
  std::vector<std::string> labels;
  int64_t n_records = 0;
  std::string error;  // first error; parsing stops reporting after it

  std::string where(size_t column) const {
    std::string name = column < header.size() ? header[column] : "";
    return msg(path, ": line ", line, ", column ", column + 1, name.empty() ? "" : " ('" + name + "')");
  }

  void on_field(const char* s, size_t n) {
    after_cr = false;
    fields.emplace_back(s ? std::string(s, n) : std::string());
  }

  void on_record(int terminator) {
    if (fields.empty()) {  // blank line, or the LF of a CRLF
      if (!(terminator == '\n' && after_cr)) ++line;
      after_cr = terminator == '\r';
      return;
    }
    if (error.empty()) consume();
    fields.clear();
    ++line;
    after_cr = terminator == '\r';
  }

  void consume() {
    if (header.empty()) {
      header = fields;
      // A UTF-8 byte order mark (spreadsheet exports) is not part of the first name.
      if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0].erase(0, 3);
      for (auto& h : header) h = trim(h.data(), h.size());
      for (size_t i = 0; i < header.size(); ++i) {
        if (header[i] != options.label_column) continue;
        if (label_index >= 0) {
          error = msg(path, ": line 1: the label column '", options.label_column, "' appears twice (columns ",
                      label_index + 1, " and ", i + 1, "); rename one");
          return;
        }
        label_index = static_cast<int64_t>(i);
      }
      if (label_index < 0) {
        std::string names;
        for (size_t i = 0; i < header.size(); ++i) names += (i ? ", " : "") + header[i];
        error = msg(path, ": line 1: label column '", options.label_column, "' not in the header (columns: ", names,
                    ")");
      }
      return;
    }
    if (fields.size() != header.size()) {
      error = msg(path, ": line ", line, ": ", fields.size(), " fields, but the header has ", header.size(),
                  " (ragged row)");
      return;
    }
    for (size_t c = 0; c < fields.size(); ++c) {
      if (static_cast<int64_t>(c) == label_index) {
        // Verbatim, as pandas reads it: " A" and "A" are two classes.
        std::string label = fields[c];
        if (label.empty()) {
          error = where(c) + ": empty label";
          return;
        }
        labels.push_back(std::move(label));
        continue;
      }
      std::string cell = trim(fields[c].data(), fields[c].size());
      if (cell.empty()) {
        error = where(c) + ": empty cell (missing values are not allowed)";
        return;
      }
      const char* first = cell.data();
      const char* last = first + cell.size();
      if (*first == '+') ++first;
      double v = 0;
      auto [ptr, ec] = std::from_chars(first, last, v);
      if (ec == std::errc::result_out_of_range) {
        error = where(c) + ": value '" + cell + "' is out of range";
        return;
      }
      if (ec != std::errc() || ptr != last) {
        error = where(c) + ": '" + cell + "' is not a number";
        return;
      }
      if (!std::isfinite(v) || std::isinf(static_cast<float>(v))) {  // NaN, Inf or beyond float32
        error = where(c) + ": value '" + cell + "' is not finite (NaN and Inf are not allowed)";
        return;
      }
      values.push_back(static_cast<float>(v));
    }
    ++n_records;
  }
};

void field_cb(void* s, size_t n, void* data) { static_cast<CsvCollector*>(data)->on_field(static_cast<char*>(s), n); }
void record_cb(int c, void* data) { static_cast<CsvCollector*>(data)->on_record(c); }

struct ParserDeleter {
  void operator()(csv_parser* p) const {
    csv_free(p);
    delete p;
  }
};

}  // namespace

Dataset read_csv(const std::string& path, const CsvOptions& options) {
  SMRT_THROW_IF_NOT(ParameterError, !options.label_column.empty(), path,
                    ": no label column given (use --label COLUMN)");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  SMRT_THROW_IF_NOT(IoError, file != nullptr, "cannot open '", path, "': ", std::strerror(errno));

  std::unique_ptr<csv_parser, ParserDeleter> parser(new csv_parser);
  SMRT_THROW_IF_NOT(Error, csv_init(parser.get(), CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) == 0,
                    "cannot initialise the CSV parser");
  csv_set_delim(parser.get(), static_cast<unsigned char>(options.delimiter));
  // Keep spaces: libcsv would drop them around unquoted fields, merging label
  // " A" into "A" (pandas keeps them; numbers are trimmed when parsed).
  csv_set_space_func(parser.get(), [](unsigned char) { return 0; });

  CsvCollector collector;
  collector.path = path;
  collector.options = options;
  std::vector<char> buffer(1 << 20);
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) {
    if (csv_parse(parser.get(), buffer.data(), n, field_cb, record_cb, &collector) != n) {
      throw DataError(msg(path, ": line ", collector.line, ": malformed CSV (",
                          csv_strerror(csv_error(parser.get())), ")"));
    }
    if (!collector.error.empty()) throw DataError(collector.error);
  }
  SMRT_THROW_IF_NOT(IoError, !std::ferror(file.get()), "reading '", path, "' failed");
  if (csv_fini(parser.get(), field_cb, record_cb, &collector) != 0) {
    throw DataError(msg(path, ": line ", collector.line, ": malformed CSV (unterminated quote)"));
  }
  if (!collector.error.empty()) throw DataError(collector.error);
  SMRT_THROW_IF_NOT(DataError, !collector.header.empty(), path, ": the file is empty (expected a header row)");
  SMRT_THROW_IF_NOT(DataError, collector.n_records > 0, path, ": the file has a header but no data rows");
  SMRT_THROW_IF_NOT(DataError, collector.header.size() >= 2, path,
                    ": no feature columns (only the label column '", options.label_column, "')");

  Dataset data;
  const auto n_cols = static_cast<int64_t>(collector.header.size()) - 1;
  data.X = Matrix(collector.n_records, n_cols);
  std::memcpy(data.X.data(), collector.values.data(), collector.values.size() * sizeof(float));
  for (size_t i = 0; i < collector.header.size(); ++i)
    if (static_cast<int64_t>(i) != collector.label_index) data.feature_names.push_back(collector.header[i]);
  data.label_name = options.label_column;
  data.classes = ClassIndex::from_strings(collector.labels, &data.y);
  return data;
}

namespace {

// Quotes a text field when it holds the delimiter, a quote or a newline.
std::string csv_field(const std::string& s, char delimiter) {
  if (s.find_first_of(std::string{delimiter, '"', '\n', '\r'}) == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

void write_csv(const std::string& path, const RowSelection& rows, char delimiter) {
  const Dataset& base = *rows.base;
  AtomicFile out(path);
  std::string line;
  for (int64_t j = 0; j < base.n_cols(); ++j) {
    std::string name = static_cast<size_t>(j) < base.feature_names.size() ? base.feature_names[static_cast<size_t>(j)]
                                                                         : "x" + std::to_string(j);
    line += csv_field(name, delimiter);
    line += delimiter;
  }
  line += csv_field(base.label_name, delimiter);
  line += '\n';
  out.write(line);

  std::vector<std::string> label_text(static_cast<size_t>(base.classes.n_classes()));
  for (int32_t c = 0; c < base.classes.n_classes(); ++c)
    label_text[static_cast<size_t>(c)] = csv_field(base.classes.name(c), delimiter);

  char number[64];
  std::string chunk;
  chunk.reserve(1 << 20);
  for (int64_t i = 0; i < rows.n_rows(); ++i) {
    const float* row = rows.row(i);
    for (int64_t j = 0; j < base.n_cols(); ++j) {
      // Shortest text that reads back to the same float.
      auto [end, ec] = std::to_chars(number, number + sizeof(number), row[j]);
      chunk.append(number, end);
      chunk += delimiter;
    }
    chunk += label_text[static_cast<size_t>(rows.label(i))];
    chunk += '\n';
    if (chunk.size() > (1 << 20) - 4096) {
      out.write(chunk);
      chunk.clear();
    }
  }
  out.write(chunk);
  out.commit();
}

}  // namespace smrt
