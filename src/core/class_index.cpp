#include "smrt/core/class_index.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "smrt/core/error.h"
#include "smrt/core/npy_io.h"  // binary16 conversions

namespace smrt {

std::optional<int64_t> parse_int64(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (*first == '+') ++first;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last || first == last) return std::nullopt;
  return value;
}

namespace {

// Whether a decimal that std::from_chars found out of range lies below
// double's range rather than above it: the power of ten of its first
// significant digit is negative.
bool below_range(const char* first, const char* last) {
  if (first != last && *first == '-') ++first;
  const char* e = std::find_if(first, last, [](char c) { return c == 'e' || c == 'E'; });
  const char* point = std::find(first, e, '.');
  const char* lead = std::find_if(first, e, [](char c) { return c >= '1' && c <= '9'; });
  if (lead == e) return true;  // all zeros
  const int64_t power = lead < point ? point - lead - 1 : point - lead;
  int64_t exponent = 0;
  if (e != last) {
    const char* digits = e + 1 != last && e[1] == '+' ? e + 2 : e + 1;
    if (std::from_chars(digits, last, exponent).ec != std::errc()) return *digits == '-';  // e-99999999999999999999
  }
  // The mantissa has at most 2^40 digits (records are capped far below), so no overflow.
  return std::clamp<int64_t>(exponent, -(int64_t{1} << 40), int64_t{1} << 40) + power < 0;
}

}  // namespace

std::from_chars_result parse_double(const char* first, const char* last, double& value) {
  std::from_chars_result result = std::from_chars(first, last, value);
  if (result.ec == std::errc::result_out_of_range && below_range(first, result.ptr)) {
    value = first != last && *first == '-' ? -0.0 : 0.0;
    result.ec = std::errc();
  }
  return result;
}

namespace {

// `value` rounded to a float of `bits` bits (64, 32, 16), as a double.
double round_to_bits(double value, int bits) {
  if (bits == 32) return static_cast<double>(static_cast<float>(value));
  if (bits == 16) return static_cast<double>(half_to_float(float_to_half(static_cast<float>(value))));
  return value;
}

// The shortest digits that read back as `value` at `bits` bits, in scientific form ("1.5e+00").
std::string shortest_scientific(double value, int bits) {
  char buf[64];
  if (bits == 16) {  // no std::to_chars for binary16: the fewest digits that round back
    const uint16_t h = float_to_half(static_cast<float>(value));
    for (int digits = 1; digits < 9; ++digits) {
      std::snprintf(buf, sizeof(buf), "%.*e", digits - 1, value);
      if (float_to_half(std::strtof(buf, nullptr)) == h) break;
    }
    return buf;
  }
  auto [end, ec] = bits == 32 ? std::to_chars(buf, buf + sizeof(buf), static_cast<float>(value),
                                              std::chars_format::scientific)
                              : std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  return std::string(buf, end);
}

}  // namespace

std::string float_label_text(double value, int bits) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  // Shortest digits in scientific form, then laid out as Python's repr does:
  // fixed for 1e-4 <= |v| < 1e16, else d.ddde+XX.
  std::string sci = shortest_scientific(value, bits);
  const size_t e = sci.find('e');
  const int exponent = std::atoi(sci.c_str() + e + 1);
  std::string sign = sci[0] == '-' ? "-" : "";
  std::string digits;
  for (size_t i = sign.size(); i < e; ++i)
    if (sci[i] != '.') digits += sci[i];
  if (exponent < -4 || exponent >= 16) {
    std::string out = sign + digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    const int a = std::abs(exponent);
    return out + (exponent < 0 ? "e-" : "e+") + (a < 10 ? "0" : "") + std::to_string(a);
  }
  if (exponent < 0) return sign + "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
  const auto point = static_cast<size_t>(exponent) + 1;
  if (digits.size() <= point) return sign + digits + std::string(point - digits.size(), '0') + ".0";
  return sign + digits.substr(0, point) + "." + digits.substr(point);
}

namespace {

std::string trim_spaces(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

// A number as pandas' C parser reads one: surrounding spaces and a leading '+' allowed.
std::optional<double> parse_label_float(const std::string& text) {
  std::string t = trim_spaces(text);
  const char* first = t.data();
  const char* last = first + t.size();
  if (first != last && *first == '+') ++first;
  if (first == last) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = parse_double(first, last, v);
  if (ec != std::errc() || ptr != last || std::isnan(v)) return std::nullopt;
  return v;
}

// pandas.read_csv's default na_values: a label that pandas reads as missing.
bool is_missing_label(const std::string& s) {
  static const std::set<std::string> na = {"",     "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN",
                                           "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A",    "NA",       "NULL",
                                           "NaN",  "None", "n/a",     "nan", "null"};
  return na.count(s) > 0;
}

// An integer of any size, as pandas' C parser reads one: spaces, a sign.
bool is_integer_text(const std::string& text) {
  const std::string t = trim_spaces(text);
  const size_t digits = !t.empty() && (t[0] == '+' || t[0] == '-') ? 1 : 0;
  return digits < t.size() && t.find_first_not_of("0123456789", digits) == std::string::npos;
}

// An integer in uint64's range, as pandas reads a column of them when one is above int64.
bool fits_uint64(const std::string& text) {
  const std::string t = trim_spaces(text);
  const char* first = t.data() + (!t.empty() && t[0] == '+' ? 1 : 0);
  const char* last = t.data() + t.size();
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(first, last, value);
  return ec == std::errc() && ptr == last && first != last;
}

/// Text labels verbatim, classes in sorted order: the distinct labels first
/// (few), then one map lookup per row.
ClassIndex text_classes(const std::vector<std::string>& labels, std::vector<int32_t>* ids) {
  std::map<std::string, int32_t> distinct;
  for (const auto& label : labels) distinct.emplace(label, 0);
  std::vector<std::string> names;
  names.reserve(distinct.size());
  for (auto& [name, id] : distinct) {
    id = static_cast<int32_t>(names.size());
    names.push_back(name);
  }
  ClassIndex index = ClassIndex::of_strings(std::move(names));
  ids->resize(labels.size());
  for (size_t i = 0; i < labels.size(); ++i) (*ids)[i] = distinct.at(labels[i]);
  return index;
}

}  // namespace

ClassIndex ClassIndex::from_csv_labels(const std::vector<std::string>& labels, std::vector<int32_t>* ids,
                                       const std::function<std::string(size_t)>& where) {
  for (size_t i = 0; i < labels.size(); ++i) {
    SMRT_THROW_IF_NOT(DataError, !labels[i].empty(), where(i), ": empty label (every row needs a class)");
    SMRT_THROW_IF_NOT(DataError, !is_missing_label(labels[i]), where(i), ": missing label '", labels[i],
                      "' (pandas reads it as NaN); every row needs a class");
  }
  std::vector<int64_t> as_ints;
  as_ints.reserve(labels.size());
  for (const auto& label : labels) {
    auto v = parse_int64(trim_spaces(label));
    if (!v) break;
    as_ints.push_back(*v);
  }
  if (as_ints.size() == labels.size()) return from_integers(as_ints, ids);
  // Integers beyond int64 are not floats (that would merge distinct labels):
  // pandas reads them as uint64 where all fit it, else as text.
  if (std::all_of(labels.begin(), labels.end(), is_integer_text)) {
    const size_t big = as_ints.size();  // the first label int64 cannot hold
    SMRT_THROW_IF_NOT(DataError, !std::all_of(labels.begin(), labels.end(), fits_uint64), where(big), ": label ",
                      trim_spaces(labels[big]),
                      " is above 2^63 - 1, the largest integer label supported (pandas reads the column as "
                      "uint64); give the classes smaller numbers or names");
    return text_classes(labels, ids);
  }

  std::vector<double> as_floats;
  as_floats.reserve(labels.size());
  for (const auto& label : labels) {
    auto v = parse_label_float(label);
    if (!v) break;
    as_floats.push_back(*v);
  }
  if (as_floats.size() == labels.size()) return from_floats(as_floats, ids);
  // Text: verbatim, like pandas' object column (" A" and "A" are two classes).
  return text_classes(labels, ids);
}

ClassIndex ClassIndex::from_floats(const std::vector<double>& labels, std::vector<int32_t>* ids, int bits) {
  SMRT_ASSERT(bits == 64 || bits == 32 || bits == 16, "float label bits ", bits);
  ClassIndex index;
  index.kind_ = Kind::Float;
  index.float_bits_ = bits;
  index.floats_ = labels;
  for (double& v : index.floats_) v = v == 0 ? 0.0 : v;  // -0.0 and 0.0 are one class
  std::sort(index.floats_.begin(), index.floats_.end());
  index.floats_.erase(std::unique(index.floats_.begin(), index.floats_.end()), index.floats_.end());
  for (double v : index.floats_) index.names_.push_back(float_label_text(v, bits));
  ids->resize(labels.size());
  for (size_t i = 0; i < labels.size(); ++i) {
    auto it = std::lower_bound(index.floats_.begin(), index.floats_.end(), labels[i] == 0 ? 0.0 : labels[i]);
    (*ids)[i] = static_cast<int32_t>(it - index.floats_.begin());
  }
  return index;
}

ClassIndex ClassIndex::of_integers(std::vector<int64_t> values) {
  ClassIndex index;
  index.kind_ = Kind::Integer;
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  index.integers_ = values;
  for (int64_t v : values) index.names_.push_back(std::to_string(v));
  return index;
}

ClassIndex ClassIndex::of_strings(std::vector<std::string> values) {
  ClassIndex index;
  index.kind_ = Kind::String;
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  index.names_ = std::move(values);
  return index;
}

ClassIndex ClassIndex::from_integers(const std::vector<int64_t>& labels, std::vector<int32_t>* ids) {
  // The distinct values without sorting a copy of every label (70 ms for a
  // million): data sets have a few classes, and a short list is scanned
  // only when the label changes. Many classes fall back to the sort.
  std::vector<int64_t> distinct;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0 && labels[i] == labels[i - 1]) continue;
    if (std::find(distinct.begin(), distinct.end(), labels[i]) != distinct.end()) continue;
    distinct.push_back(labels[i]);
    if (distinct.size() > 64) {
      distinct = labels;
      break;
    }
  }
  ClassIndex index = of_integers(std::move(distinct));
  ids->resize(labels.size());
  for (size_t i = 0; i < labels.size(); ++i) {
    auto it = std::lower_bound(index.integers_.begin(), index.integers_.end(), labels[i]);
    (*ids)[i] = static_cast<int32_t>(it - index.integers_.begin());
  }
  return index;
}

ClassIndex ClassIndex::from_strings(const std::vector<std::string>& labels, std::vector<int32_t>* ids) {
  std::vector<int64_t> as_ints;
  as_ints.reserve(labels.size());
  bool all_ints = true;
  for (const auto& label : labels) {
    auto v = parse_int64(label);
    if (!v) {
      all_ints = false;
      break;
    }
    as_ints.push_back(*v);
  }
  if (all_ints) return from_integers(as_ints, ids);

  return text_classes(labels, ids);
}

int64_t ClassIndex::integer_value(int32_t id) const {
  SMRT_THROW_IF_NOT(DataError, kind_ == Kind::Integer, "class '", name(id), "' is not an integer label");
  return integers_.at(static_cast<size_t>(id));
}

double ClassIndex::float_value(int32_t id) const {
  if (kind_ == Kind::Integer) return static_cast<double>(integers_.at(static_cast<size_t>(id)));
  SMRT_THROW_IF_NOT(DataError, kind_ == Kind::Float, "class '", name(id), "' is not a numeric label");
  return floats_.at(static_cast<size_t>(id));
}

std::optional<int32_t> ClassIndex::find(const std::string& text) const {
  if (kind_ == Kind::Float) {
    auto v = parse_label_float(text);
    if (!v) return std::nullopt;
    const double rounded = round_to_bits(*v, float_bits_);  // "0.1" names float32 labels of 0.1f
    const double key = rounded == 0 ? 0.0 : rounded;
    auto it = std::lower_bound(floats_.begin(), floats_.end(), key);
    if (it == floats_.end() || *it != key) return std::nullopt;
    return static_cast<int32_t>(it - floats_.begin());
  }
  if (kind_ == Kind::Integer) {
    auto v = parse_int64(text);
    if (!v) return std::nullopt;
    auto it = std::lower_bound(integers_.begin(), integers_.end(), *v);
    if (it == integers_.end() || *it != *v) return std::nullopt;
    return static_cast<int32_t>(it - integers_.begin());
  }
  auto it = std::lower_bound(names_.begin(), names_.end(), text);
  if (it == names_.end() || *it != text) return std::nullopt;
  return static_cast<int32_t>(it - names_.begin());
}

std::string label_text(const std::string& name) {
  double value = 0;
  const auto [end, error] = parse_double(name.data(), name.data() + name.size(), value);
  const bool number = !name.empty() && error == std::errc() && end == name.data() + name.size();
  return number ? name : "'" + name + "'";
}

std::string ClassIndex::label_text(int32_t id) const {
  return kind_ == Kind::String ? "'" + name(id) + "'" : name(id);
}

std::string ClassIndex::describe() const {
  std::string out;
  for (size_t i = 0; i < names_.size(); ++i) {
    if (i) out += ", ";
    out += names_[i];
  }
  return out;
}

}  // namespace smrt
