#include "smrt/core/class_index.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "smrt/core/error.h"

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

  // Distinct labels first (few), then one map lookup per row.
  std::map<std::string, int32_t> distinct;
  for (const auto& label : labels) distinct.emplace(label, 0);
  std::vector<std::string> names;
  names.reserve(distinct.size());
  for (auto& [name, id] : distinct) {
    id = static_cast<int32_t>(names.size());
    names.push_back(name);
  }
  ClassIndex index = of_strings(std::move(names));
  ids->resize(labels.size());
  for (size_t i = 0; i < labels.size(); ++i) (*ids)[i] = distinct.at(labels[i]);
  return index;
}

int64_t ClassIndex::integer_value(int32_t id) const {
  SMRT_THROW_IF_NOT(DataError, kind_ == Kind::Integer, "class '", name(id), "' is not an integer label");
  return integers_.at(static_cast<size_t>(id));
}

std::optional<int32_t> ClassIndex::find(const std::string& text) const {
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

std::string ClassIndex::describe() const {
  std::string out;
  for (size_t i = 0; i < names_.size(); ++i) {
    if (i) out += ", ";
    out += names_[i];
  }
  return out;
}

}  // namespace smrt
