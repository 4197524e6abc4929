#include "smrt/sample/over/random_over_sampler.h"

#include <cmath>

#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {

std::vector<ParamSpec> RandomOverSampler::param_specs() {
  ParamSpec shrinkage;
  shrinkage.name = "shrinkage";
  shrinkage.type = ParamType::Float;
  shrinkage.default_value = "None";
  shrinkage.nullable = true;
  shrinkage.min = 0.0;
  shrinkage.doc = "None: plain bootstrap. A factor >= 0: smoothed bootstrap whose noise per feature is "
                  "shrinkage x (4 / ((d + 2) n))^(1 / (d + 4)) x the class's standard deviation.";
  return sampler_params(true, {shrinkage});
}

RandomOverSampler::RandomOverSampler(const ParamValues& params)
    : Sampler(params), shrinkage_(params.get_optional_float("shrinkage")) {}

Resampled RandomOverSampler::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out;
  int64_t total_new = 0;
  for (int32_t c : plan.targeted_classes()) total_new += plan.n_to_add(c);
  out.sample_indices.reserve(static_cast<size_t>(data.n_rows() + (shrinkage_ ? 0 : total_new)));  // no regrowth
  out.sample_indices.resize(static_cast<size_t>(data.n_rows()));
  for (int64_t i = 0; i < data.n_rows(); ++i) out.sample_indices[static_cast<size_t>(i)] = i;
  const auto rows_of = data.class_rows(plan.targeted_classes());
  const int64_t d = data.n_cols();
  const double smoothing =
      std::pow(4.0 / (static_cast<double>(d + 2) * static_cast<double>(data.n_rows())), 1.0 / static_cast<double>(d + 4));

  for (int32_t c : plan.targeted_classes()) {
    const auto& rows = rows_of[static_cast<size_t>(c)];
    const int64_t n_new = plan.n_to_add(c);
    std::vector<int64_t> picks(static_cast<size_t>(n_new));
    for (auto& p : picks) p = rows[rng.below(rows.size())];
    if (!shrinkage_) {
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
    for (auto& s : scale) s = *shrinkage_ * smoothing * std::sqrt(s / static_cast<double>(rows.size()));

    const int64_t start = out.synthetic.n_rows();
    if (start == 0) out.synthetic = Matrix(0, d);
    out.synthetic.resize_rows(start + n_new);
    for (int64_t i = 0; i < n_new; ++i) {
      const float* src = data.X.row(picks[static_cast<size_t>(i)]);
      float* dst = out.synthetic.row(start + i);
      for (int64_t j = 0; j < d; ++j) {
        dst[j] = static_cast<float>(src[j] + rng.normal() * scale[static_cast<size_t>(j)]);
        SMRT_THROW_IF_NOT(ParameterError, std::isfinite(dst[j]), "shrinkage=", *shrinkage_,
                          " makes a smoothed row of class '", classes().name(c), "' overflow float32 in feature ", j,
                          " (its standard deviation is ", scale[static_cast<size_t>(j)] / (*shrinkage_ * smoothing),
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
