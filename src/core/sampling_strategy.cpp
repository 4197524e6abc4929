#include "smrt/core/sampling_strategy.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "smrt/core/error.h"
#include "smrt/core/params.h"

namespace smrt {
namespace {

const char kAllowed[] =
    "'auto', 'minority', 'majority', 'not minority', 'not majority', 'all', a float in (0, 1], "
    "'balance_ratio:R', a per-class map 'A:100,B:200' (or JSON {\"A\": 100}) or a class list '[A,B]'";

std::string json_key_text(const nlohmann::json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

// JSON text of j; `fallback` when a label is not UTF-8 (JSON cannot hold it).
std::string json_text(const nlohmann::json& j, const std::string& fallback) {
  try {
    return j.dump();
  } catch (const nlohmann::json::type_error&) {
    return fallback;
  }
}

// Statistics of the classes present, with imbalanced-learn's tie-breaking:
// max()/min() over a dict in sorted-class order return the first extreme.
struct ClassStats {
  std::vector<int32_t> present;
  int32_t majority = -1, minority = -1;
  int64_t n_majority = 0, n_minority = 0;
};

ClassStats stats_of(const std::vector<int64_t>& counts) {
  ClassStats s;
  for (size_t c = 0; c < counts.size(); ++c) {
    if (counts[c] <= 0) continue;
    const auto id = static_cast<int32_t>(c);
    s.present.push_back(id);
    if (s.majority < 0 || counts[c] > s.n_majority) s.majority = id, s.n_majority = counts[c];
    if (s.minority < 0 || counts[c] < s.n_minority) s.minority = id, s.n_minority = counts[c];
  }
  return s;
}

}  // namespace

const char* to_string(SamplingType t) {
  switch (t) {
    case SamplingType::OverSampling: return "over-sampling";
    case SamplingType::UnderSampling: return "under-sampling";
    case SamplingType::CleanSampling: return "clean-sampling";
  }
  return "?";
}

SamplingStrategy SamplingStrategy::named(Form form) {
  SamplingStrategy s;
  s.form_ = form;
  return s;
}

SamplingStrategy SamplingStrategy::ratio(double value) {
  SMRT_THROW_IF_NOT(ParameterError, value > 0.0 && value <= 1.0,
                    "sampling_strategy=", value, ": when 'sampling_strategy' is a float, it should be in the range (0, 1]");
  SamplingStrategy s;
  s.form_ = Form::Ratio;
  s.value_ = value;
  return s;
}

SamplingStrategy SamplingStrategy::balance_ratio(double value) {
  SMRT_THROW_IF_NOT(ParameterError, value > 0.0 && value <= 1.0, "balance_ratio=", value,
                    " is out of range: it must be in (0, 1] (a fraction of the majority class count)");
  SamplingStrategy s;
  s.form_ = Form::BalanceRatio;
  s.value_ = value;
  return s;
}

// An empty map or list asks for no change, as imbalanced-learn reads {} and [] (no class targeted;
// a combination still cleans).
SamplingStrategy SamplingStrategy::per_class(std::map<std::string, int64_t> counts) {
  SamplingStrategy s;
  s.form_ = Form::PerClass;
  s.counts_ = std::move(counts);
  return s;
}

SamplingStrategy SamplingStrategy::class_list(std::vector<std::string> classes) {
  SamplingStrategy s;
  s.form_ = Form::ClassList;
  s.classes_ = std::move(classes);
  return s;
}

SamplingStrategy SamplingStrategy::parse(const std::string& raw) {
  const std::string text = trim_blanks(raw);
  std::string name = text;
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return c == '_' ? ' ' : std::tolower(c); });
  if (name == "auto") return named(Form::Auto);
  if (name == "minority") return named(Form::Minority);
  if (name == "majority") return named(Form::Majority);
  if (name == "not minority") return named(Form::NotMinority);
  if (name == "not majority") return named(Form::NotMajority);
  if (name == "all") return named(Form::All);
  if (auto v = parse_number(text)) return ratio(*v);
  for (const char* prefix : {"balance_ratio:", "balance_ratio="}) {
    if (text.rfind(prefix, 0) == 0) {
      auto v = parse_number(trim_blanks(text.substr(std::string(prefix).size())));
      SMRT_THROW_IF_NOT(ParameterError, v.has_value(), "sampling_strategy='", raw, "': balance_ratio needs a number in (0, 1]");
      return balance_ratio(*v);
    }
  }
  if (!text.empty() && text[0] == '[' && text.back() == ']' && text.find('"') == std::string::npos) {
    // A bare list: [A, B] (labels need no quotes on a command line).
    std::vector<std::string> classes;
    std::string inner = text.substr(1, text.size() - 2);
    size_t pos = 0;
    while (pos <= inner.size()) {
      size_t comma = inner.find(',', pos);
      std::string item = trim_blanks(inner.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
      if (item.size() >= 2 && item.front() == '\'' && item.back() == '\'') item = item.substr(1, item.size() - 2);
      if (!item.empty()) {
        SMRT_THROW_IF_NOT(ParameterError, std::find(classes.begin(), classes.end(), item) == classes.end(),
                          "sampling_strategy='", raw, "': class '", item, "' is listed twice");
        classes.push_back(item);
      }
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
    return class_list(std::move(classes));
  }
  if (!text.empty() && (text[0] == '{' || text[0] == '[')) {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      // In smrt's words, not the parser's ("[json.exception.parse_error.101] ... last read: '{b'").
      const size_t at = e.byte > 0 ? e.byte - 1 : 0;
      const std::string where = at < text.size() ? msg(" at character ", at + 1, " ('", text.substr(at, 12), "')")
                                                 : std::string(": it ends before the ") + (text[0] == '{' ? "map" : "list") +
                                                       " is closed";
      throw ParameterError(msg("sampling_strategy='", raw, "' is not valid JSON", where,
                               "; write a map of class to count as {\"1\": 500} (class names in double quotes) or a "
                               "list of classes as [\"a\", \"b\"]"));
    } catch (const nlohmann::json::exception&) {  // out_of_range: a number past double's range (1e400)
      throw ParameterError(msg("sampling_strategy='", raw, "' holds a number beyond a double's range; classes are "
                               "named in double quotes ({\"1\": 500}, [\"a\", \"b\"])"));
    }
    if (j.is_object()) {
      std::map<std::string, int64_t> counts;
      for (auto it = j.begin(); it != j.end(); ++it) {
        SMRT_THROW_IF_NOT(ParameterError, it.value().is_number_integer(), "sampling_strategy='", raw, "': the count for class '",
                          it.key(), "' must be an integer, got ", it.value().dump());
        counts[it.key()] = it.value().get<int64_t>();
      }
      return per_class(std::move(counts));
    }
    std::vector<std::string> classes;
    for (const auto& item : j) classes.push_back(json_key_text(item));
    return class_list(std::move(classes));
  }
  if (text.find(':') != std::string::npos) {
    std::map<std::string, int64_t> counts;
    size_t pos = 0;
    while (pos <= text.size()) {
      size_t comma = text.find(',', pos);
      std::string item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      size_t colon = item.rfind(':');
      SMRT_THROW_IF_NOT(ParameterError, colon != std::string::npos, "sampling_strategy='", raw, "': entry '", item,
                        "' is not CLASS:COUNT");
      auto n = parse_int64(trim_blanks(item.substr(colon + 1)));
      SMRT_THROW_IF_NOT(ParameterError, n.has_value(), "sampling_strategy='", raw, "': count '", trim_blanks(item.substr(colon + 1)),
                        "' for class '", trim_blanks(item.substr(0, colon)), "' is not an integer");
      const std::string label = trim_blanks(item.substr(0, colon));
      SMRT_THROW_IF_NOT(ParameterError, counts.count(label) == 0, "sampling_strategy='", raw, "': class '", label,
                        "' is given twice");
      counts[label] = *n;
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
    return per_class(std::move(counts));
  }
  throw ParameterError(msg("sampling_strategy='", raw, "' is not valid; allowed: ", kAllowed));
}

// to_string() is parsed again (SMOTEENN hands its strategy to its SMOTE as
// text), so it must give back the same strategy: a ratio in the shortest text
// that reads back as the same double, and labels that the A:100 / [A,B] forms
// would split, trim or misread (",", ":", spaces at the ends, quotes, a label "balance_ratio")
// in JSON instead (labels that are not UTF-8 as they are: JSON cannot hold them).
std::string SamplingStrategy::to_string() const {
  switch (form_) {
    case Form::Auto: return "auto";
    case Form::Minority: return "minority";
    case Form::Majority: return "majority";
    case Form::NotMinority: return "not minority";
    case Form::NotMajority: return "not majority";
    case Form::All: return "all";
    case Form::Ratio:
    case Form::BalanceRatio: {
      char buf[32];
      const auto end = std::to_chars(buf, buf + sizeof(buf), value_).ptr;
      return (form_ == Form::BalanceRatio ? "balance_ratio:" : "") + std::string(buf, end);
    }
    case Form::PerClass: {
      std::string s;
      for (const auto& [k, v] : counts_) s += (s.empty() ? "" : ",") + k + ":" + std::to_string(v);
      if (reads_back(s)) return s;
      nlohmann::json j = nlohmann::json::object();
      for (const auto& [k, v] : counts_) j[k] = v;
      return json_text(j, s);
    }
    case Form::ClassList: {
      std::string s = "[";
      for (size_t i = 0; i < classes_.size(); ++i) s += (i ? "," : "") + classes_[i];
      s += "]";
      return reads_back(s) ? s : json_text(nlohmann::json(classes_), s);
    }
  }
  return "?";
}

bool SamplingStrategy::reads_back(const std::string& text) const {
  try {
    const SamplingStrategy again = parse(text);
    return again.form_ == form_ && again.counts_ == counts_ && again.classes_ == classes_;
  } catch (const Error&) {
    return false;
  }
}

SamplingPlan::SamplingPlan(SamplingType type, std::vector<int64_t> class_counts, std::map<int32_t, int64_t> targets)
    : type_(type), counts_(std::move(class_counts)), targets_(std::move(targets)) {}

std::vector<int32_t> SamplingPlan::targeted_classes() const {
  std::vector<int32_t> out;
  for (const auto& [c, n] : targets_) out.push_back(c);
  return out;
}

int64_t SamplingPlan::n_to_add(int32_t c) const {
  SMRT_ASSERT(type_ == SamplingType::OverSampling, "n_to_add on a ", to_string(type_), " plan");
  auto it = targets_.find(c);
  return it == targets_.end() ? 0 : it->second - counts_[static_cast<size_t>(c)];
}

int64_t SamplingPlan::n_to_keep(int32_t c) const {
  SMRT_ASSERT(type_ == SamplingType::UnderSampling, "n_to_keep on a ", to_string(type_), " plan");
  auto it = targets_.find(c);
  return it == targets_.end() ? counts_[static_cast<size_t>(c)] : it->second;
}

int64_t SamplingPlan::imblearn_value(int32_t c) const {
  auto it = targets_.find(c);
  SMRT_ASSERT(it != targets_.end(), "class ", c, " not targeted");
  return type_ == SamplingType::OverSampling ? it->second - counts_[static_cast<size_t>(c)] : it->second;
}

SamplingPlan resolve_sampling_strategy(const SamplingStrategy& strategy, const std::vector<int64_t>& counts,
                                       const ClassIndex& classes, SamplingType type) {
  using Form = SamplingStrategy::Form;
  const ClassStats s = stats_of(counts);
  SMRT_THROW_IF_NOT(DataError, s.present.size() > 1, "the labels need more than 1 class to resample, got ",
                    s.present.size(), s.present.empty() ? "" : " (class '" + classes.name(s.present[0]) + "')");
  const bool over = type == SamplingType::OverSampling;
  const bool under = type == SamplingType::UnderSampling;
  const std::string where = msg("sampling_strategy='", strategy.to_string(), "'");
  auto count = [&](int32_t c) { return counts[static_cast<size_t>(c)]; };

  // `targets` holds final counts (over: current + added; under: kept).
  std::map<int32_t, int64_t> targets;
  auto raise_to_majority = [&](int32_t c) { targets[c] = s.n_majority; };
  auto lower_to_minority = [&](int32_t c) { targets[c] = s.n_minority; };

  switch (strategy.form()) {
    case Form::Auto:
    case Form::NotMajority:
    case Form::NotMinority:
    case Form::All:
    case Form::Minority:
    case Form::Majority: {
      Form f = strategy.form();
      if (f == Form::Auto) f = over ? Form::NotMajority : Form::NotMinority;
      SMRT_THROW_IF_NOT(ParameterError, !(f == Form::Majority && over),
                        "sampling_strategy='majority' cannot be used with an over-sampler");
      SMRT_THROW_IF_NOT(ParameterError, !(f == Form::Minority && under),
                        "sampling_strategy='minority' cannot be used with an under-sampler");
      // imbalanced-learn 0.10's cleaning samplers refuse it in their parameter checks.
      SMRT_THROW_IF_NOT(ParameterError, !(f == Form::Minority && !over && !under),
                        "sampling_strategy='minority' cannot be used with a cleaning sampler; allowed: auto, majority, "
                        "not minority, not majority, all, or a class list such as '[A,B]'");
      for (int32_t c : s.present) {
        const bool pick = f == Form::All || (f == Form::NotMajority && c != s.majority) ||
                          (f == Form::NotMinority && c != s.minority) || (f == Form::Minority && c == s.minority) ||
                          (f == Form::Majority && c == s.majority);
        if (!pick) continue;
        if (over) raise_to_majority(c);
        else lower_to_minority(c);
      }
      break;
    }
    case Form::Ratio: {
      SMRT_THROW_IF_NOT(ParameterError, s.present.size() == 2, where,
                        ": a float can be used only when the target is binary; the data has ", s.present.size(),
                        " classes, so use a per-class map");
      SMRT_THROW_IF_NOT(ParameterError, over || under, where,
                        ": cleaning samplers do not let the user specify a sampling ratio");
      for (int32_t c : s.present) {
        if (over && c != s.majority) {
          const auto add = static_cast<int64_t>(static_cast<double>(s.n_majority) * strategy.value() - static_cast<double>(count(c)));
          // No row to add is refused too, as imbalanced-learn refuses it (int(8.32) - 8 = 0).
          SMRT_THROW_IF_NOT(ParameterError, add > 0, where, ": the ratio ",
                            add == 0 ? "adds no row to" : "would require removing samples from", " class '",
                            classes.name(c), "' (", count(c), " rows, ratio x majority = ",
                            static_cast<double>(s.n_majority) * strategy.value(), "); increase the ratio");
          targets[c] = count(c) + add;
        } else if (under && c != s.minority) {
          const auto keep = static_cast<int64_t>(static_cast<double>(s.n_minority) / strategy.value());
          SMRT_THROW_IF_NOT(ParameterError, keep <= count(c), where, ": the ratio would require adding samples to class '",
                            classes.name(c), "' (", count(c), " rows, minority / ratio = ", keep, "); increase the ratio");
          targets[c] = keep;
        }
      }
      break;
    }
    case Form::BalanceRatio: {
      SMRT_THROW_IF_NOT(ParameterError, over, "balance_ratio applies to over-samplers only, not to ",
                        to_string(type), " methods; use sampling_strategy instead");
      const auto target = static_cast<int64_t>(static_cast<double>(s.n_majority) * strategy.value());
      for (int32_t c : s.present)
        if (count(c) < target) targets[c] = target;
      break;
    }
    case Form::PerClass: {
      SMRT_THROW_IF_NOT(ParameterError, over || under, where,
                        ": a per-class map is not supported for cleaning samplers; give a class list such as '[A,B]'");
      for (const auto& [label, n] : strategy.counts()) {
        auto c = classes.find(label);
        SMRT_THROW_IF_NOT(ParameterError, c && count(*c) > 0, where, ": class '", label,
                          "' is not present in the data (classes: ", classes.describe(), ")");
        SMRT_THROW_IF_NOT(ParameterError, n >= 0, where, ": the number of samples of class '", label,
                          "' cannot be negative, got ", n);
        if (over) {
          SMRT_THROW_IF_NOT(ParameterError, n >= count(*c), where, ": over-sampling cannot lower class '", label,
                            "' from ", count(*c), " rows to ", n, "; ask for at least ", count(*c));
        } else {
          SMRT_THROW_IF_NOT(ParameterError, n <= count(*c), where, ": under-sampling cannot raise class '", label,
                            "' from ", count(*c), " rows to ", n, "; ask for at most ", count(*c));
        }
        targets[*c] = n;
      }
      break;
    }
    case Form::ClassList: {
      SMRT_THROW_IF_NOT(ParameterError, !over && !under, where,
                        ": a class list is only for cleaning samplers; use a per-class map ({label: count}, or "
                        "'A:100,B:200' on the command line)");
      for (const auto& label : strategy.classes()) {
        auto c = classes.find(label);
        SMRT_THROW_IF_NOT(ParameterError, c && count(*c) > 0, where, ": class '", label,
                          "' is not present in the data (classes: ", classes.describe(), ")");
        targets[*c] = s.n_minority;
      }
      break;
    }
  }
  return SamplingPlan(type, counts, std::move(targets));
}

}  // namespace smrt
