#include "smrt/sample/under/random_under_sampler.h"

#include <numeric>

#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {

std::vector<ParamSpec> RandomUnderSampler::param_specs() {
  ParamSpec replacement;
  replacement.name = "replacement";
  replacement.type = ParamType::Bool;
  replacement.default_value = "false";
  replacement.doc = "Draw the kept rows with replacement.";
  return sampler_params(true, {replacement});
}

RandomUnderSampler::RandomUnderSampler(const ParamValues& params)
    : Sampler(params), replacement_(params.get_bool("replacement")) {}

Resampled RandomUnderSampler::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out;
  const auto rows_of = data.class_rows();
  for (int32_t c = 0; c < data.n_classes; ++c) {
    auto rows = rows_of[static_cast<size_t>(c)];
    if (!plan.targets(c)) {
      out.sample_indices.insert(out.sample_indices.end(), rows.begin(), rows.end());
      continue;
    }
    const int64_t keep = plan.n_to_keep(c);
    if (replacement_) {
      for (int64_t i = 0; i < keep; ++i) out.sample_indices.push_back(rows[rng.below(rows.size())]);
    } else {
      // Partial Fisher-Yates: the first `keep` positions are a uniform subset.
      for (int64_t i = 0; i < keep; ++i) {
        const auto j = i + static_cast<int64_t>(rng.below(static_cast<uint64_t>(rows.size()) - static_cast<uint64_t>(i)));
        std::swap(rows[static_cast<size_t>(i)], rows[static_cast<size_t>(j)]);
      }
      out.sample_indices.insert(out.sample_indices.end(), rows.begin(), rows.begin() + keep);
    }
  }
  return out;
}

void register_random_under_sampler(SamplerRegistry& registry) {
  registry.add({"rus",
                {"RandomUnderSampler", "random_under"},
                "under",
                "Random under-sampling: keep a random subset of the larger classes.",
                RandomUnderSampler::param_specs(),
                [](const ParamValues& p) { return std::make_unique<RandomUnderSampler>(p); }});
}

}  // namespace smrt
