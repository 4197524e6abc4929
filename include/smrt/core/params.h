#pragma once
// Parameters declared once: a table of ParamSpec per algorithm drives CLI
// parsing (--param key=value), validation, `smrt list`, --help text, the
// Python keyword arguments and docs/parameters.md.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace smrt {

enum class ParamType { Int, Float, Bool, String, IntList, FloatList };
const char* to_string(ParamType t);

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::String;
  std::string default_value;          ///< text form; "None" for no value
  std::string doc;
  std::vector<std::string> choices;   ///< String: allowed values (empty = any)
  std::optional<double> min;          ///< numeric lower bound
  std::optional<double> max;          ///< numeric upper bound
  bool min_exclusive = false;
  bool max_exclusive = false;
  bool nullable = false;              ///< "None" is accepted
  /// String: a further check of a value, returning what is wrong with it or "".
  std::function<std::string(const std::string&)> check{};
  /// What `allowed()` shows instead of "string" when a check decides.
  std::string allowed_text{};

  /// "int in [1, inf)", "one of {xavier, gaussian}" ... for help and errors.
  std::string allowed() const;
};

/// A spec with its name, type, default (text) and doc; bounds and choices are
/// set on the result.
ParamSpec make_param_spec(std::string name, ParamType type, std::string default_value, std::string doc);

/// Validated values for one algorithm: every spec'd name has a value (given
/// or default), of the right type and in range.
class ParamValues {
 public:
  /// `owner` names the algorithm in errors. Unknown names are an error that
  /// lists the valid ones.
  static ParamValues resolve(const std::string& owner, const std::vector<ParamSpec>& specs,
                             const std::map<std::string, std::string>& given);

  bool is_none(const std::string& name) const;
  bool was_given(const std::string& name) const { return given_.count(name) > 0; }
  int64_t get_int(const std::string& name) const;
  double get_float(const std::string& name) const;
  bool get_bool(const std::string& name) const;
  const std::string& get_string(const std::string& name) const;
  std::vector<int64_t> get_int_list(const std::string& name) const;
  std::vector<double> get_float_list(const std::string& name) const;
  std::optional<int64_t> get_optional_int(const std::string& name) const;
  std::optional<double> get_optional_float(const std::string& name) const;
  const std::map<std::string, std::string>& values() const { return values_; }
  const std::string& owner() const { return owner_; }

 private:
  const std::string& raw(const std::string& name) const;
  std::string owner_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> given_;
};

/// A typed parameter value: None, bool, int, float, text, int list, float list.
using ParamValue =
    std::variant<std::monostate, bool, int64_t, double, std::string, std::vector<int64_t>, std::vector<double>>;
using ParamMap = std::map<std::string, ParamValue>;
/// The text form the declarations read ("None", "True", "3", "0.5", "[64,32]").
/// Floats keep every bit (shortest round-trip form).
std::string param_text(const ParamValue& value);

/// Splits "key=value" (as given to --param); errors name the text.
std::pair<std::string, std::string> split_key_value(const std::string& text);
/// A whole decimal number as parameter texts write it ("0.5", "+1e-3"); nullopt otherwise.
std::optional<double> parse_number(const std::string& text);
/// `text` without leading and trailing blanks (spaces, tabs, line ends).
std::string trim_blanks(std::string text);

}  // namespace smrt
