#include "smrt/core/params.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "smrt/core/class_index.h"
#include "smrt/core/error.h"

namespace smrt {

std::optional<double> parse_number(const std::string& text) {
  double v = 0;
  const char* first = text.data();
  const char* last = first + text.size();
  if (first != last && *first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || ptr != last || first == last) return std::nullopt;
  return v;
}

std::string trim_blanks(std::string text) {
  text.erase(0, text.find_first_not_of(" \t\n\r"));
  text.erase(text.find_last_not_of(" \t\n\r") + 1);
  return text;
}

namespace {

std::optional<bool> parse_bool(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  return std::nullopt;
}

std::vector<std::string> split_list(std::string text) {
  // Accepts "64,32", "[64, 32]" and "(64, 32)".
  if (!text.empty() && (text.front() == '[' || text.front() == '(')) text = text.substr(1);
  if (!text.empty() && (text.back() == ']' || text.back() == ')')) text.pop_back();
  std::vector<std::string> items;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = text.find(',', pos);
    std::string item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) items.push_back(item);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return items;
}

// What is wrong with the shape of a list ("[64,", "64,,32", "[64]]"), or "":
// split_list() reads leniently, so a typo would otherwise lose an item.
std::string list_shape_error(const std::string& raw) {
  std::string text = raw;
  text.erase(0, text.find_first_not_of(' '));
  text.erase(text.find_last_not_of(' ') + 1);
  const bool opens = !text.empty() && (text.front() == '[' || text.front() == '(');
  const bool closes = !text.empty() && (text.back() == ']' || text.back() == ')');
  if (opens != closes || (opens && text.size() < 2))
    return "'" + raw + "' has an unbalanced bracket (write 64,32 or [64,32])";
  const std::string inner = opens ? text.substr(1, text.size() - 2) : text;
  if (inner.find_first_of("[]()") != std::string::npos) return "'" + raw + "' is not a flat list of numbers";
  size_t start = 0;
  while (true) {
    const size_t comma = inner.find(',', start);
    std::string item = inner.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    item.erase(0, item.find_first_not_of(' '));
    if (item.empty() && !(comma == std::string::npos && start == 0 && inner.find_first_not_of(' ') == std::string::npos))
      return "'" + raw + "' has an empty item (write 64,32 or [64,32])";
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return "";
}

std::string format_bound(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) return msg(static_cast<int64_t>(v));  // 4294967295
  return msg(v);
}

constexpr int64_t kLargestCount = 1000000000;

bool in_range(const ParamSpec& spec, double v) {
  if (spec.min && (spec.min_exclusive ? v <= *spec.min : v < *spec.min)) return false;
  if (spec.max && (spec.max_exclusive ? v >= *spec.max : v > *spec.max)) return false;
  return true;
}

// Checks one value against its spec; returns the error text or "".
std::string check_value(const ParamSpec& spec, const std::string& value) {
  if (spec.nullable && value == "None") return "";
  auto check_number = [&](const std::string& item, bool integer) -> std::string {
    if (integer) {
      auto v = parse_int64(item);
      if (!v) {
        const bool sign = !item.empty() && (item[0] == '-' || item[0] == '+');
        const bool whole = item.size() > (sign ? 1u : 0u) && item.find_first_not_of("0123456789", sign) == std::string::npos;
        return whole ? item + " is beyond a 64-bit integer" : "'" + item + "' is not an integer";
      }
      if (!in_range(spec, static_cast<double>(*v))) return item + " is out of range";
      // Counts (neighbours, iterations, layers) are ints inside: an unbounded
      // one stops well before int's end, so that k + 1 cannot wrap.
      if (!spec.max && *v > kLargestCount) return item + " is larger than " + msg(kLargestCount) + ", the largest count smrt takes";
      return "";
    }
    auto v = parse_number(item);
    if (!v || !std::isfinite(*v)) return "'" + item + "' is not a finite number";
    if (!in_range(spec, *v)) return item + " is out of range";
    return "";
  };
  switch (spec.type) {
    case ParamType::Int: return check_number(value, true);
    case ParamType::Float: return check_number(value, false);
    case ParamType::Bool: return parse_bool(value) ? "" : "'" + value + "' is not a boolean";
    case ParamType::String:
      if (!spec.choices.empty() && std::find(spec.choices.begin(), spec.choices.end(), value) == spec.choices.end())
        return "'" + value + "' is not allowed";
      return spec.check ? spec.check(value) : "";
    case ParamType::IntList:
    case ParamType::FloatList: {
      const std::string malformed = list_shape_error(value);
      if (!malformed.empty()) return malformed;
      auto items = split_list(value);
      if (items.empty()) return "the list is empty";
      for (const auto& item : items) {
        auto e = check_number(item, spec.type == ParamType::IntList);
        if (!e.empty()) return e;
      }
      return "";
    }
  }
  return "unknown type";
}

}  // namespace

const char* to_string(ParamType t) {
  switch (t) {
    case ParamType::Int: return "int";
    case ParamType::Float: return "float";
    case ParamType::Bool: return "bool";
    case ParamType::String: return "string";
    case ParamType::IntList: return "int list";
    case ParamType::FloatList: return "float list";
  }
  return "?";
}

ParamSpec make_param_spec(std::string name, ParamType type, std::string default_value, std::string doc) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = type;
  s.default_value = std::move(default_value);
  s.doc = std::move(doc);
  return s;
}

std::string ParamSpec::allowed() const {
  if (!allowed_text.empty()) return allowed_text;
  std::string s = to_string(type);
  if (!choices.empty()) {
    s = "one of {";
    for (size_t i = 0; i < choices.size(); ++i) s += (i ? ", " : "") + choices[i];
    s += "}";
  } else if (min || max) {
    s += msg(" in ", min_exclusive ? "(" : "[", min ? format_bound(*min) : "-inf", ", ",
             max ? format_bound(*max) : "inf", max_exclusive ? ")" : "]");
  }
  if (nullable) s += " or None";
  return s;
}

std::pair<std::string, std::string> split_key_value(const std::string& text) {
  const size_t eq = text.find('=');
  SMRT_THROW_IF_NOT(ParameterError, eq != std::string::npos && eq > 0, "--param '", text,
                    "' is not KEY=VALUE (for example --param k_neighbors=5)");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

ParamValues ParamValues::resolve(const std::string& owner, const std::vector<ParamSpec>& specs,
                                 const std::map<std::string, std::string>& given) {
  ParamValues out;
  out.owner_ = owner;
  for (const auto& [name, value] : given) {
    // A lambda may not capture a structured binding before C++20 (clang rejects it).
    const std::string& wanted = name;
    auto it = std::find_if(specs.begin(), specs.end(), [&](const ParamSpec& s) { return s.name == wanted; });
    if (it == specs.end()) {
      std::string names;
      for (const auto& s : specs) names += (names.empty() ? "" : ", ") + s.name;
      throw ParameterError(msg(owner, ": unknown parameter '", name, "'; valid parameters: ",
                               names.empty() ? "(none)" : names));
    }
    const std::string error = check_value(*it, value);
    SMRT_THROW_IF_NOT(ParameterError, error.empty(), owner, ": parameter ", name, "=", value, ": ", error,
                      "; allowed: ", it->allowed());
    out.given_[name] = value;
  }
  for (const auto& spec : specs) {
    auto g = given.find(spec.name);
    out.values_[spec.name] = g != given.end() ? g->second : spec.default_value;
  }
  return out;
}

const std::string& ParamValues::raw(const std::string& name) const {
  auto it = values_.find(name);
  SMRT_ASSERT(it != values_.end(), owner_, " has no parameter ", name);
  return it->second;
}

bool ParamValues::is_none(const std::string& name) const { return raw(name) == "None"; }

int64_t ParamValues::get_int(const std::string& name) const {
  auto v = parse_int64(raw(name));
  SMRT_THROW_IF_NOT(ParameterError, v.has_value(), owner_, ": parameter ", name, "=", raw(name), " is not an integer");
  return *v;
}

double ParamValues::get_float(const std::string& name) const {
  auto v = parse_number(raw(name));
  SMRT_THROW_IF_NOT(ParameterError, v.has_value(), owner_, ": parameter ", name, "=", raw(name), " is not a number");
  return *v;
}

bool ParamValues::get_bool(const std::string& name) const {
  auto v = parse_bool(raw(name));
  SMRT_THROW_IF_NOT(ParameterError, v.has_value(), owner_, ": parameter ", name, "=", raw(name), " is not a boolean");
  return *v;
}

const std::string& ParamValues::get_string(const std::string& name) const { return raw(name); }

std::vector<int64_t> ParamValues::get_int_list(const std::string& name) const {
  std::vector<int64_t> out;
  for (const auto& item : split_list(raw(name))) out.push_back(*parse_int64(item));
  return out;
}

std::vector<double> ParamValues::get_float_list(const std::string& name) const {
  std::vector<double> out;
  for (const auto& item : split_list(raw(name))) out.push_back(*parse_number(item));
  return out;
}

std::optional<int64_t> ParamValues::get_optional_int(const std::string& name) const {
  if (is_none(name)) return std::nullopt;
  return get_int(name);
}

std::optional<double> ParamValues::get_optional_float(const std::string& name) const {
  if (is_none(name)) return std::nullopt;
  return get_float(name);
}

namespace {

std::string float_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that reads back the same bits
  (void)ec;
  return std::string(buf, end);
}

}  // namespace

std::string param_text(const ParamValue& value) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "None"; }
    std::string operator()(bool b) const { return b ? "True" : "False"; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return float_text(d); }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const std::vector<int64_t>& list) const {
      std::string out = "[";
      for (size_t i = 0; i < list.size(); ++i) out += (i ? "," : "") + std::to_string(list[i]);
      return out + "]";
    }
    std::string operator()(const std::vector<double>& list) const {
      std::string out = "[";
      for (size_t i = 0; i < list.size(); ++i) out += (i ? "," : "") + float_text(list[i]);
      return out + "]";
    }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace smrt
