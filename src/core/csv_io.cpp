#include "smrt/core/csv_io.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

#include "smrt/core/atomic_file.h"
#include "smrt/core/class_index.h"  // parse_double
#include "smrt/core/error.h"
#include "smrt/core/npy_io.h"

namespace smrt {
namespace {

std::string trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return std::string(s.substr(a, b - a));
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

// A number as a feature cell: surrounding spaces and a leading '+' allowed.
enum class NumberStatus { Ok, NotANumber, OutOfRange, NotFinite };
NumberStatus parse_feature(const std::string& cell, double* out) {
  const char* first = cell.data();
  const char* last = first + cell.size();
  if (first != last && *first == '+') ++first;
  double v = 0;
  auto [ptr, ec] = parse_double(first, last, v);  // 1e-400 is 0, as pandas reads it
  if (ec == std::errc::result_out_of_range) return NumberStatus::OutOfRange;
  if (ec != std::errc() || ptr != last || first == last) return NumberStatus::NotANumber;
  if (!std::isfinite(v) || std::isinf(static_cast<float>(v))) return NumberStatus::NotFinite;  // beyond float32
  *out = v;  // float32 once the column's shift is known
  return NumberStatus::Ok;
}

// Splits the file into records and fields as the bytes arrive, keeping every
// byte (kept rows are written back from them) and the line of each record.
// Hand-written rather than libcsv: its callbacks give neither the byte range
// of a record (needed to copy kept rows verbatim) nor a say on NUL bytes and
// runaway record lengths.
class CsvReader {
 public:
  CsvReader(std::string path, CsvOptions options) : path_(std::move(path)), options_(std::move(options)) {
    src_ = std::make_shared<CsvSource>();
    src_->delimiter = options_.delimiter;
  }

  // Parses text_[pos_, size): called after each chunk is appended.
  void parse_more() {
    std::string& text = src_->text;
    if (pos_ == 0) check_start();
    const char delim = options_.delimiter;
    for (; pos_ < text.size(); ++pos_) {
      const char c = text[pos_];
      if (c == '\0') fail_nul();
      if (after_cr_) {
        after_cr_ = false;
        if (c != '\n') header_cr_ = false;
        if (c == '\n') {  // the LF of a CRLF: the record (or quoted line) already ended
          if (header_cr_) src_->newline = "\r\n";
          header_cr_ = false;
          if (state_ == State::FieldStart && fields_.empty()) record_begin_ = pos_ + 1;
          continue;
        }
      }
      if (static_cast<int64_t>(pos_ - record_begin_) > options_.max_record_bytes) fail_long();
      switch (state_) {
        case State::FieldStart:
          field_begin_ = pos_;
          if (c == '"') state_ = State::Quoted;
          else if (c == delim) end_field(pos_, false);
          else if (c == '\n' || c == '\r') end_record(c);
          else state_ = State::Unquoted;
          break;
        case State::Unquoted:
          if (c == delim) end_field(pos_, false);
          else if (c == '\n' || c == '\r') end_record(c);
          else if (c == '"') fail(msg("a quote inside an unquoted field (quote the whole field and double the quote: \"a\"\"b\")"));
          break;
        case State::Quoted:
          if (c == '"') state_ = State::QuoteInQuoted;
          else if (c == '\n' || c == '\r') newline_inside(c);
          break;
        case State::QuoteInQuoted:
          if (c == '"') state_ = State::Quoted;  // "" is one quote
          else if (c == delim) end_field(pos_, true);
          else if (c == '\n' || c == '\r') end_record(c);
          else fail("text after a closing quote (double a quote inside a quoted field: \"a\"\"b\")");
          break;
      }
    }
  }

  void read_all(std::FILE* file) {
    std::string& text = src_->text;
    constexpr size_t kChunk = size_t{1} << 20;
    for (;;) {
      const size_t old = text.size();
      text.resize(old + kChunk);
      const size_t got = std::fread(&text[old], 1, kChunk, file);
      text.resize(old + got);
      if (got == 0) break;
      parse_more();
    }
    SMRT_THROW_IF_NOT(IoError, !std::ferror(file), "reading '", path_, "' failed: ", std::strerror(errno));
    finish();
  }

  void finish() {
    if (state_ == State::FieldStart) field_begin_ = pos_;
    if (state_ == State::Quoted) {
      throw DataError(msg(path_, ": line ", record_line_, ": malformed CSV (a quote opened here is never closed)"));
    }
    if (state_ != State::FieldStart || !fields_.empty()) end_record('\n');
  }

  Dataset dataset();

 private:
  // The shift of each feature (Dataset::column_offsets) for options_.shift; empty: none.
  std::vector<double> column_offsets(int64_t n, size_t d) const;

  enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted };
  struct Field {
    size_t begin, end;
    bool quoted;
  };
  enum class Role { Label, Feature, Carried };

  [[noreturn]] void fail(const std::string& what) const {
    throw DataError(msg(path_, ": line ", line_, ", column ", fields_.size() + 1, column_name(fields_.size()), ": ",
                        what));
  }

  std::string column_name(size_t column) const {
    const auto& cols = src_->columns;
    return column < cols.size() && !cols[column].empty() ? " ('" + cols[column] + "')" : "";
  }

  std::string where(int64_t line, size_t column) const {
    return msg(path_, ": line ", line, ", column ", column + 1, column_name(column));
  }

  void check_start() {
    const std::string& t = src_->text;
    auto starts = [&](const char* bom, size_t n) { return t.size() >= n && std::memcmp(t.data(), bom, n) == 0; };
    if (starts("\xFF\xFE\0\0", 4) || starts("\0\0\xFE\xFF", 4))
      throw DataError(msg(path_, ": the file is UTF-32 text (it starts with a UTF-32 byte order mark); save it as UTF-8"));
    if (starts("\xFF\xFE", 2) || starts("\xFE\xFF", 2))
      throw DataError(msg(path_, ": the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8"));
    if (starts("\xEF\xBB\xBF", 3)) {  // UTF-8 BOM (spreadsheet exports): not part of the first name
      pos_ = record_begin_ = 3;
    }
  }

  [[noreturn]] void fail_nul() const {
    const std::string& t = src_->text;
    if (pos_ < 2 && t.size() >= 2 && (t[0] == '\0') != (t[1] == '\0'))
      throw DataError(msg(path_, ": the file looks like UTF-16 text without a byte order mark (NUL bytes between "
                                 "the characters); save it as UTF-8"));
    throw DataError(msg(path_, ": line ", line_, ", column ", fields_.size() + 1, column_name(fields_.size()),
                        ": a NUL byte inside a cell (a text CSV has none; is this a binary file?)"));
  }

  [[noreturn]] void fail_long() const {
    throw DataError(msg(path_, ": line ", record_line_, ": a record longer than ", options_.max_record_bytes >> 20,
                        " MiB", state_ == State::Quoted ? " (a quote opened here may never be closed)" : "",
                        "; is this a CSV file?"));
  }

  void newline_inside(char c) {
    ++line_;
    after_cr_ = c == '\r';
  }

  void end_field(size_t end, bool quoted) {
    fields_.push_back(Field{quoted ? field_begin_ + 1 : field_begin_, quoted ? end - 1 : end, quoted});
    state_ = State::FieldStart;
  }

  void end_record(char terminator) {
    const size_t end = pos_;
    const bool blank = fields_.empty() && state_ == State::FieldStart;
    if (!blank) {
      end_field(end, state_ == State::QuoteInQuoted);
      if (!have_header_) {
        src_->newline = terminator == '\r' ? "\r" : "\n";
        header_cr_ = terminator == '\r';
      }
      consume(record_begin_, end);
    }
    fields_.clear();
    state_ = State::FieldStart;
    ++line_;
    after_cr_ = terminator == '\r';
    record_begin_ = pos_ + 1;
    record_line_ = line_;
  }

  std::string value(const Field& f) const {
    std::string_view raw = std::string_view(src_->text).substr(f.begin, f.end - f.begin);
    if (!f.quoted) return std::string(raw);
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
      out += raw[i];
      if (raw[i] == '"') ++i;  // "" stands for one quote
    }
    return out;
  }

  void consume(size_t begin, size_t end) {
    if (!have_header_) return read_header(begin, end);
    if (fields_.size() != roles_.size()) {
      throw DataError(msg(path_, ": line ", record_line_, ": ", fields_.size(), " fields, but the header has ",
                          roles_.size(), " (ragged row)"));
    }
    const size_t d = feature_of_.size();
    const size_t base = values_.size();
    values_.resize(base + d, 0.0);
    for (size_t c = 0; c < fields_.size(); ++c) {
      const Role role = roles_[c];
      if (role == Role::Carried) continue;
      if (role == Role::Label) {
        labels_.push_back(value(fields_[c]));
        continue;
      }
      const size_t j = feature_index_[c];
      if (categorical_[j]) {
        cat_text_[j].push_back(value(fields_[c]));
        continue;
      }
      const std::string cell = trim(value(fields_[c]));
      if (cell.empty()) throw DataError(where(record_line_, c) + ": empty cell (missing values are not allowed)");
      switch (parse_feature(cell, &values_[base + j])) {
        case NumberStatus::Ok: break;
        case NumberStatus::OutOfRange:
          throw DataError(where(record_line_, c) + ": value '" + cell + "' is out of range");
        case NumberStatus::NotFinite:
          throw DataError(where(record_line_, c) + ": value '" + cell +
                          "' is not finite (NaN and Inf are not allowed; features are float32)");
        case NumberStatus::NotANumber:
          throw DataError(where(record_line_, c) + ": '" + cell + "' is not a number; a text column can be carried " +
                          "through unchanged with --ignore '" + src_->columns[c] + "'" +
                          " (or, for SMOTEN/SMOTENC, named in categorical_features)");
      }
    }
    src_->begin.push_back(static_cast<int64_t>(begin));
    src_->end.push_back(static_cast<int64_t>(end));
    record_lines_.push_back(record_line_);
  }

  // Finds each named column once; `what` names the option in errors.
  std::vector<size_t> find_columns(const std::vector<std::string>& names, const std::string& what) const {
    std::vector<size_t> out;
    const auto& cols = src_->columns;
    for (const auto& name : names) {
      std::vector<size_t> at;
      for (size_t i = 0; i < cols.size(); ++i)
        if (cols[i] == name) at.push_back(i);
      if (at.empty()) {
        throw DataError(msg(path_, ": line 1: ", what, " column '", name, "' not in the header (columns: ", join(cols),
                            ")"));
      }
      if (at.size() > 1) {
        throw DataError(msg(path_, ": line 1: ", what, " column '", name, "' appears twice (columns ", at[0] + 1,
                            " and ", at[1] + 1, "); rename one"));
      }
      out.push_back(at[0]);
    }
    return out;
  }

  void read_header(size_t begin, size_t end) {
    have_header_ = true;
    src_->header_begin = static_cast<int64_t>(begin);
    src_->header_end = static_cast<int64_t>(end);
    for (const auto& f : fields_) src_->columns.push_back(trim(value(f)));
    const size_t n = src_->columns.size();
    // No label column (read_csv_features): every column is a feature unless --features / --ignore say otherwise.
    const size_t label = options_.label_column.empty() ? n : find_columns({options_.label_column}, "label")[0];
    src_->label_column = label < n ? static_cast<int64_t>(label) : -1;
    SMRT_THROW_IF_NOT(ParameterError, options_.features.empty() || options_.ignore.empty(),
                      "give --features or --ignore, not both");
    roles_.assign(n, options_.features.empty() ? Role::Feature : Role::Carried);
    for (size_t c : find_columns(options_.features, "--features")) {
      SMRT_THROW_IF_NOT(ParameterError, c != label, "--features names the label column '", options_.label_column,
                        "'");
      roles_[c] = Role::Feature;
    }
    for (size_t c : find_columns(options_.ignore, "--ignore")) {
      SMRT_THROW_IF_NOT(ParameterError, c != label, "--ignore names the label column '", options_.label_column, "'");
      roles_[c] = Role::Carried;
    }
    if (label < n) roles_[label] = Role::Label;
    feature_index_.assign(n, 0);
    for (size_t c = 0; c < n; ++c) {
      if (roles_[c] != Role::Feature) continue;
      feature_index_[c] = feature_of_.size();
      feature_of_.push_back(c);
    }
    categorical_.assign(feature_of_.size(), options_.all_categorical ? 1 : 0);
    for (size_t c : find_columns(options_.categorical, "categorical_features")) {
      SMRT_THROW_IF_NOT(ParameterError, roles_[c] == Role::Feature, "categorical_features: column '",
                        src_->columns[c], "' is not a feature column");
      categorical_[feature_index_[c]] = 1;
    }
    for (int64_t j : options_.categorical_indices)  // out of range: the sampler says so
      if (j >= 0 && j < static_cast<int64_t>(feature_of_.size())) categorical_[static_cast<size_t>(j)] = 1;
    cat_text_.resize(feature_of_.size());
  }

  std::string path_;
  CsvOptions options_;
  std::shared_ptr<CsvSource> src_;
  size_t pos_ = 0, record_begin_ = 0, field_begin_ = 0;
  int64_t line_ = 1, record_line_ = 1;
  bool after_cr_ = false;
  bool header_cr_ = false;  // the header ended in CR: CRLF if an LF follows
  State state_ = State::FieldStart;
  std::vector<Field> fields_;

  bool have_header_ = false;
  std::vector<Role> roles_;           // per column
  std::vector<size_t> feature_index_; // per column: its feature position (features only)
  std::vector<size_t> feature_of_;    // per feature: its column
  std::vector<char> categorical_;     // per feature
  std::vector<std::vector<std::string>> cat_text_;  // per categorical feature: its cells
  std::vector<double> values_;        // row-major, n x features, as parsed
  std::vector<std::string> labels_;
  std::vector<int64_t> record_lines_;
};

std::vector<double> CsvReader::column_offsets(int64_t n, size_t d) const {
  if (options_.shift == ColumnShift::None) return {};
  ColumnRanges ranges(static_cast<int64_t>(d));
  for (size_t j = 0; j < d; ++j)
    if (categorical_[j]) ranges.exclude(static_cast<int64_t>(j));  // codes (or category values) stay as read
  for (int64_t i = 0; i < n; ++i)
    for (size_t j = 0; j < d; ++j) ranges.add(static_cast<int64_t>(j), values_[static_cast<size_t>(i) * d + j]);
  return ranges.offsets(options_.shift);
}

Dataset CsvReader::dataset() {
  SMRT_THROW_IF_NOT(DataError, have_header_, path_, ": the file is empty (expected a header row)");
  const int64_t n = src_->n_records();
  SMRT_THROW_IF_NOT(DataError, n > 0, path_, ": the file has a header but no data rows");
  const size_t d = feature_of_.size();
  if (d == 0) {  // every column is the label or carried through (--ignore)
    const bool label = src_->label_column >= 0, carried = roles_.size() > (label ? 1u : 0u);
    throw DataError(msg(path_, ": no feature columns (only ",
                        label ? "the label column '" + options_.label_column + "'" : std::string(),
                        label && carried ? " and " : "", carried ? "columns carried through" : "", ")"));
  }

  src_->categories.assign(d, {});
  for (size_t j = 0; j < d; ++j) {
    if (!categorical_[j]) continue;
    auto& cells = cat_text_[j];
    // All numbers: the values themselves are the categories (as in a numeric array).
    bool numeric = true;
    for (size_t i = 0; i < cells.size() && numeric; ++i) {
      double v = 0;
      numeric = parse_feature(trim(cells[i]), &v) == NumberStatus::Ok;
      values_[i * d + j] = v;
    }
    if (numeric) continue;
    std::map<std::string, int32_t> codes;
    for (const auto& s : cells) codes.emplace(s, 0);
    auto& names = src_->categories[j];
    for (auto& [text, code] : codes) {
      code = static_cast<int32_t>(names.size());
      names.push_back(text);
    }
    for (size_t i = 0; i < cells.size(); ++i) values_[i * d + j] = codes.at(cells[i]);
    std::vector<std::string>().swap(cells);
  }

  Dataset data;
  data.X = Matrix(n, static_cast<int64_t>(d));
  data.column_offsets = column_offsets(n, d);
  const std::vector<double>& offsets = data.column_offsets;
  float* X = data.X.data();
  for (size_t k = 0, i = 0; i < static_cast<size_t>(n); ++i)
    for (size_t j = 0; j < d; ++j, ++k) X[k] = static_cast<float>(offsets.empty() ? values_[k] : values_[k] - offsets[j]);
  std::vector<double>().swap(values_);
  for (size_t c : feature_of_) {
    data.feature_names.push_back(src_->columns[c]);
    src_->feature_columns.push_back(static_cast<int64_t>(c));
  }
  data.csv = src_;
  if (src_->label_column < 0) return data;  // features only: no labels, no classes
  data.label_name = options_.label_column;
  const auto label_col = static_cast<size_t>(src_->label_column);
  data.classes = ClassIndex::from_csv_labels(labels_, &data.y,
                                             [&](size_t i) { return where(record_lines_[i], label_col); });
  return data;
}

Dataset read_csv_file(const std::string& path, const CsvOptions& options) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    throw IoError(msg("'", path, "' is a directory, not a CSV file"));
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  SMRT_THROW_IF_NOT(IoError, file != nullptr, "cannot open '", path, "': ", std::strerror(errno));

  CsvReader reader(path, options);
  reader.read_all(file.get());
  return reader.dataset();
}

}  // namespace

Dataset read_csv(const std::string& path, const CsvOptions& options) {
  SMRT_THROW_IF_NOT(ParameterError, !options.label_column.empty(), path,
                    ": no label column given (use --label COLUMN)");
  return read_csv_file(path, options);
}

Dataset read_csv_features(const std::string& path, CsvOptions options) {
  options.label_column.clear();
  return read_csv_file(path, options);
}

std::string csv_quoted(const std::string& s, char delimiter) {
  if (s.find_first_of(std::string{delimiter, '"', '\n', '\r'}) == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

namespace {

template <typename T>  // float or double
void append_number(std::string* out, T v) {
  char number[64];
  auto [end, ec] = std::to_chars(number, number + sizeof(number), v);  // shortest text that reads back the same
  out->append(number, end);
}

// Feature j of a new row in the input's units: the float32 value, or, in a
// shifted column, the value plus its shift in double (Dataset::column_offsets).
void append_feature(std::string* out, const float* row, int64_t j, const std::vector<double>& offsets) {
  const double shift = offsets.empty() ? 0.0 : offsets[static_cast<size_t>(j)];
  if (shift == 0.0) return append_number(out, row[j]);
  append_number(out, static_cast<double>(row[j]) + shift);
}

// Flushes `chunk` to `out` once it is large.
void maybe_flush(AtomicFile& out, std::string& chunk) {
  if (chunk.size() > (1 << 20) - 4096) {
    out.write(chunk);
    chunk.clear();
  }
}

// Header and kept records copied byte for byte; synthetic rows laid out like the input.
void write_like_source(AtomicFile& out, const RowSelection& rows, const CsvSource& src) {
  const Dataset& base = *rows.base;
  const char delim = src.delimiter;
  std::string chunk;
  chunk.reserve(1 << 20);
  chunk.append(src.header()).append(src.newline);

  const size_t n_cols = src.columns.size();
  std::vector<int64_t> feature_at(n_cols, -1);  // column -> feature, -1 for label / carried
  for (size_t j = 0; j < src.feature_columns.size(); ++j) feature_at[static_cast<size_t>(src.feature_columns[j])] = static_cast<int64_t>(j);
  std::vector<std::string> label_text(static_cast<size_t>(base.classes.n_classes()));
  for (int32_t c = 0; c < base.classes.n_classes(); ++c)
    label_text[static_cast<size_t>(c)] = csv_quoted(base.classes.name(c), delim);
  std::vector<std::vector<std::string>> category_text(src.categories.size());
  for (size_t j = 0; j < src.categories.size(); ++j)
    for (const auto& name : src.categories[j]) category_text[j].push_back(csv_quoted(name, delim));

  for (int64_t i = 0; i < rows.n_rows(); ++i) {
    const int64_t k = rows.base_index(i);
    if (k >= 0) {
      chunk.append(src.record(k)).append(src.newline);
    } else {
      const float* row = rows.row(i);
      for (size_t c = 0; c < n_cols; ++c) {
        if (c) chunk += delim;
        if (static_cast<int64_t>(c) == src.label_column) {
          chunk += label_text[static_cast<size_t>(rows.label(i))];
          continue;
        }
        const int64_t j = feature_at[c];
        if (j < 0) continue;  // carried column: nothing to carry for a new row
        const auto& cats = category_text[static_cast<size_t>(j)];
        if (cats.empty()) {
          append_feature(&chunk, row, j, base.column_offsets);
        } else {
          const auto code = static_cast<int64_t>(std::lround(row[j]));
          SMRT_THROW_IF_NOT(Error, code >= 0 && code < static_cast<int64_t>(cats.size()), "synthetic row ", i,
                            ": category code ", row[j], " of column '", src.columns[c], "' is out of range");
          chunk += cats[static_cast<size_t>(code)];
        }
      }
      chunk.append(src.newline);
    }
    maybe_flush(out, chunk);
  }
  out.write(chunk);
}

// Features then the label, for data without a CSV source (NPY input).
void write_plain(AtomicFile& out, const RowSelection& rows, char delimiter) {
  const Dataset& base = *rows.base;
  std::string chunk;
  chunk.reserve(1 << 20);
  for (int64_t j = 0; j < base.n_cols(); ++j) {
    std::string name = static_cast<size_t>(j) < base.feature_names.size() ? base.feature_names[static_cast<size_t>(j)]
                                                                         : "x" + std::to_string(j);
    chunk += csv_quoted(name, delimiter);
    chunk += delimiter;
  }
  chunk += csv_quoted(base.label_name, delimiter);
  chunk += '\n';
  std::vector<std::string> label_text(static_cast<size_t>(base.classes.n_classes()));
  for (int32_t c = 0; c < base.classes.n_classes(); ++c)
    label_text[static_cast<size_t>(c)] = csv_quoted(base.classes.name(c), delimiter);
  // Kept rows of an NPY input in its dtype (a float64 is not its float32
  // copy); "<f4" input is the matrix itself.
  const NpySource* npy = base.npy.get();
  const bool from_source = npy && !npy->x.bytes.empty();
  const int64_t item = from_source ? npy->x.item_size() : 0;
  const int64_t row_bytes = from_source ? npy->x_row_bytes() : 0;
  for (int64_t i = 0; i < rows.n_rows(); ++i) {
    const int64_t k = rows.base_index(i);
    if (from_source && k >= 0) {
      const char* row = npy->x.bytes.data() + k * row_bytes;
      for (int64_t j = 0; j < base.n_cols(); ++j) {
        append_npy_value(&chunk, row + j * item, npy->x.descr);
        chunk += delimiter;
      }
    } else {
      const float* row = rows.row(i);
      for (int64_t j = 0; j < base.n_cols(); ++j) {
        append_feature(&chunk, row, j, base.column_offsets);
        chunk += delimiter;
      }
    }
    chunk += label_text[static_cast<size_t>(rows.label(i))];
    chunk += '\n';
    maybe_flush(out, chunk);
  }
  out.write(chunk);
}

}  // namespace

void write_csv(const std::string& path, const RowSelection& rows, char delimiter) {
  AtomicFile out(path);
  const CsvSource* src = rows.base->csv.get();
  if (src && src->delimiter == delimiter) write_like_source(out, rows, *src);
  else write_plain(out, rows, delimiter);
  out.commit();
}

}  // namespace smrt
