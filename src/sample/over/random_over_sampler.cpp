#include "smrt/sample/over/random_over_sampler.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "smrt/core/params.h"

#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {

std::vector<ParamSpec> RandomOverSampler::param_specs() {
  ParamSpec shrinkage;
  shrinkage.name = "shrinkage";
  shrinkage.type = ParamType::String;
  shrinkage.default_value = "None";
  shrinkage.nullable = true;
  shrinkage.doc = "None: plain bootstrap. A factor >= 0, or one per class (A:0.5,B:1 or {\"A\": 0.5}; every "
                  "class the strategy raises needs one): smoothed bootstrap whose noise per feature is "
                  "shrinkage x (4 / ((d + 2) n))^(1 / (d + 4)) x the class's standard deviation.";
  return sampler_params(true, {shrinkage});
}

namespace {

double shrinkage_factor(const std::string& text, const std::string& raw, const std::string& label) {
  const auto v = parse_number(trim_blanks(text));
  if (v && std::isfinite(*v) && *v >= 0.0) return *v;
  if (label.empty())
    throw ParameterError(msg("shrinkage=", raw, " is out of range: give a number >= 0, or one per class as "
                             "CLASS:FACTOR,... (or None)"));
  throw ParameterError(msg("shrinkage='", raw, "': the factor for class '", label, "' ('", trim_blanks(text),
                           "') is not a number >= 0"));
}

/// A per-class shrinkage: {"A": 0.5, "B": 1} or A:0.5,B:1 (labels as sampling_strategy writes them).
std::map<std::string, double> parse_class_shrinkage(const std::string& raw) {
  std::map<std::string, double> out;
  auto add = [&](const std::string& label, const std::string& value) {
    SMRT_THROW_IF_NOT(ParameterError, out.count(label) == 0, "shrinkage='", raw, "': class '", label, "' is given twice");
    out[label] = shrinkage_factor(value, raw, label);
  };
  if (raw.front() == '{') {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(raw);
    } catch (const nlohmann::json::parse_error&) {
      throw ParameterError(msg("shrinkage='", raw, "' is not a JSON map; write {\"A\": 0.5} or A:0.5,B:1"));
    }
    SMRT_THROW_IF_NOT(ParameterError, j.is_object(), "shrinkage='", raw, "' is not a JSON map of class to factor");
    for (auto it = j.begin(); it != j.end(); ++it) {
      SMRT_THROW_IF_NOT(ParameterError, it.value().is_number(), "shrinkage='", raw, "': the factor for class '",
                        it.key(), "' is not a number");
      add(it.key(), msg(it.value().get<double>()));
    }
    return out;
  }
  for (size_t pos = 0; pos <= raw.size();) {
    const size_t comma = std::min(raw.find(',', pos), raw.size());
    const std::string item = raw.substr(pos, comma - pos);
    const size_t colon = item.rfind(':');
    SMRT_THROW_IF_NOT(ParameterError, colon != std::string::npos, "shrinkage='", raw, "': entry '", item,
                      "' is not CLASS:FACTOR");
    add(trim_blanks(item.substr(0, colon)), item.substr(colon + 1));
    pos = comma + 1;
  }
  return out;
}

}  // namespace

RandomOverSampler::RandomOverSampler(const ParamValues& params) : Sampler(params) {
  if (params.is_none("shrinkage")) return;
  const std::string raw = trim_blanks(params.get_string("shrinkage"));
  SMRT_THROW_IF_NOT(ParameterError, !raw.empty(), "shrinkage='' is not a factor; give None, a number >= 0 or CLASS:FACTOR,...");
  if (raw.front() == '{' || raw.find(':') != std::string::npos) class_shrinkage_ = parse_class_shrinkage(raw);
  else shrinkage_ = shrinkage_factor(raw, raw, "");
}

std::optional<double> RandomOverSampler::shrinkage_for(int32_t c, const SamplingPlan& plan) const {
  if (class_shrinkage_.empty()) return shrinkage_;
  auto it = class_shrinkage_.find(classes().name(c));
  if (it != class_shrinkage_.end()) return it->second;
  // imbalanced-learn's rule: every class that will be resampled needs its factor.
  std::string missing;
  for (int32_t t : plan.targeted_classes())
    if (!class_shrinkage_.count(classes().name(t))) {
      // As Python prints the labels: numbers bare, text quoted.
      const std::string quote = classes().kind() == ClassIndex::Kind::String ? "'" : "";
      missing += (missing.empty() ? "" : ", ") + quote + classes().name(t) + quote;
    }
  throw ParameterError(msg("shrinkage should contain a shrinkage factor for each class that will be resampled; "
                           "the missing classes are: ", missing));
}

Resampled RandomOverSampler::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out;
  int64_t total_new = 0;
  for (int32_t c : plan.targeted_classes()) total_new += plan.n_to_add(c);
  const bool smoothed = shrinkage_ || !class_shrinkage_.empty();
  out.sample_indices.reserve(static_cast<size_t>(data.n_rows() + (smoothed ? 0 : total_new)));  // no regrowth
  out.sample_indices.resize(static_cast<size_t>(data.n_rows()));
  for (int64_t i = 0; i < data.n_rows(); ++i) out.sample_indices[static_cast<size_t>(i)] = i;
  const auto rows_of = data.class_rows(plan.targeted_classes());
  const int64_t d = data.n_cols();
  const double smoothing =
      std::pow(4.0 / (static_cast<double>(d + 2) * static_cast<double>(data.n_rows())), 1.0 / static_cast<double>(d + 4));

  for (int32_t c : plan.targeted_classes()) shrinkage_for(c, plan);  // a missing factor fails before any work
  for (int32_t c : plan.targeted_classes()) {
    const auto& rows = rows_of[static_cast<size_t>(c)];
    const int64_t n_new = plan.n_to_add(c);
    std::vector<int64_t> picks(static_cast<size_t>(n_new));
    for (auto& p : picks) p = rows[rng.below(rows.size())];
    const std::optional<double> shrinkage = shrinkage_for(c, plan);
    if (!shrinkage) {
      out.sample_indices.insert(out.sample_indices.end(), picks.begin(), picks.end());
      continue;
    }
    // Per-feature population standard deviation of the class (numpy's ddof=0).
    std::vector<double> mean(static_cast<size_t>(d), 0.0), scale(static_cast<size_t>(d), 0.0);
    for (int64_t r : rows)
      for (int64_t j = 0; j < d; ++j) mean[static_cast<size_t>(j)] += data.X(r, j);
    for (auto& m : mean) m /= static_cast<double>(rows.size());
    for (int64_t r : rows)
      for (int64_t j = 0; j < d; ++j) {
        const double diff = data.X(r, j) - mean[static_cast<size_t>(j)];
        scale[static_cast<size_t>(j)] += diff * diff;
      }
    for (auto& s : scale) s = *shrinkage * smoothing * std::sqrt(s / static_cast<double>(rows.size()));

    const int64_t start = out.synthetic.n_rows();
    if (start == 0) out.synthetic = Matrix(0, d);
    out.synthetic.resize_rows(start + n_new);
    for (int64_t i = 0; i < n_new; ++i) {
      const float* src = data.X.row(picks[static_cast<size_t>(i)]);
      float* dst = out.synthetic.row(start + i);
      for (int64_t j = 0; j < d; ++j) {
        dst[j] = static_cast<float>(src[j] + rng.normal() * scale[static_cast<size_t>(j)]);
        SMRT_THROW_IF_NOT(ParameterError, std::isfinite(dst[j]), "shrinkage=", *shrinkage,
                          " makes a smoothed row of class '", classes().name(c), "' overflow float32 in feature ", j,
                          " (its standard deviation is ", scale[static_cast<size_t>(j)] / (*shrinkage * smoothing),
                          "); lower shrinkage");
      }
      out.synthetic_y.push_back(c);
    }
  }
  return out;
}

void register_random_over_sampler(SamplerRegistry& registry) {
  registry.add({"ros",
                {"RandomOverSampler", "random_over"},
                "over",
                "Random over-sampling: duplicate minority rows (optionally a smoothed bootstrap).",
                RandomOverSampler::param_specs(),
                [](const ParamValues& p) { return std::make_unique<RandomOverSampler>(p); }});
}

}  // namespace smrt
