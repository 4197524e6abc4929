#pragma once
// Class labels: original values at the edges, dense ids inside.
//
// Ids follow the sorted order of the distinct labels (numeric order for
// integer labels, byte order for strings), which is numpy.unique's order and
// so imbalanced-learn's: "the first minority class" means the same class.

#include <charconv>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smrt {

class ClassIndex {
 public:
  enum class Kind { Integer, Float, String };

  ClassIndex() = default;

  /// Maps raw integer labels to ids; `ids` receives one id per label.
  static ClassIndex from_integers(const std::vector<int64_t>& labels, std::vector<int32_t>* ids);
  /// Maps raw text labels to ids. If every label is an integer literal the
  /// kind is Integer (so "10" sorts after "9"), otherwise String.
  static ClassIndex from_strings(const std::vector<std::string>& labels, std::vector<int32_t>* ids);
  /// Maps a CSV label column by pandas.read_csv's typing: all integers
  /// ("01", "+1", " 1" are 1) give Integer; all integers with one beyond
  /// int64 are refused where all fit uint64 (pandas' uint64), else String;
  /// else all numbers ("0", "0.0", "1e3") give Float, where "0" and "0.0" are
  /// one class; else String, verbatim. Labels pandas reads as missing ("",
  /// "NA", "nan") are refused.
  /// Throws DataError naming `source` and the label's position in `labels`
  /// through `where(i)`.
  static ClassIndex from_csv_labels(const std::vector<std::string>& labels, std::vector<int32_t>* ids,
                                    const std::function<std::string(size_t)>& where);
  /// Maps float labels (an NPY float array, a CSV column of numbers) to ids:
  /// Kind::Float, one class per value as numpy.unique has them (-0.0 and 0.0
  /// are one class). `bits` is the labels' precision (64, 32 or 16): a class
  /// is named by the shortest text that reads back as its value at that
  /// precision (Python's repr of the numpy scalar), and find() rounds a typed
  /// number to it. NaN is the caller's to refuse.
  static ClassIndex from_floats(const std::vector<double>& labels, std::vector<int32_t>* ids, int bits = 64);
  /// Classes given directly (already distinct and sorted).
  static ClassIndex of_integers(std::vector<int64_t> values);
  static ClassIndex of_strings(std::vector<std::string> values);

  Kind kind() const { return kind_; }
  int32_t n_classes() const { return static_cast<int32_t>(names_.size()); }
  /// The label as text ("3", "cat").
  const std::string& name(int32_t id) const { return names_.at(static_cast<size_t>(id)); }
  /// The label as an integer; only for Kind::Integer.
  int64_t integer_value(int32_t id) const;
  /// The label as a number; for Kind::Float (and Integer).
  double float_value(int32_t id) const;
  /// Id of a label given as text (as typed on a command line), if present.
  std::optional<int32_t> find(const std::string& text) const;
  /// The label as a warning shows it: a number bare (3, 2.5), text quoted
  /// ('cat'), as Python's repr writes them.
  std::string label_text(int32_t id) const;
  /// "3, 8" style list for error messages.
  std::string describe() const;

 private:
  Kind kind_ = Kind::Integer;
  std::vector<std::string> names_;
  std::vector<int64_t> integers_;
  std::vector<double> floats_;
  int float_bits_ = 64;  ///< Kind::Float: the labels' precision
};

/// A label known only by its text (a model file's class names) as a warning
/// shows it: a number bare, anything else quoted (ClassIndex::label_text).
std::string label_text(const std::string& name);
/// Parses a whole string as a base-10 int64 ("-3", "42"); nullopt otherwise.
std::optional<int64_t> parse_int64(const std::string& text);
/// std::from_chars for a double, except that a decimal below double's range
/// ("1e-400") reads as 0 with its sign, as pandas reads it: only one above the
/// range ("1e400") is result_out_of_range.
std::from_chars_result parse_double(const char* first, const char* last, double& value);
/// Python's repr of a float64 ("1.0", "0.5", "1e-05"): how pandas writes a float label.
/// With bits 32 or 16, the repr of `value` as a numpy float32 / float16 (its
/// shortest digits at that precision).
std::string float_label_text(double value, int bits = 64);

}  // namespace smrt
