#include "smrt/sample/under/tomek_links.h"

#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"
#include "smrt/sample/under/neighbourhood.h"

namespace smrt {

std::vector<ParamSpec> TomekLinks::param_specs() { return sampler_params(false, {knn_param_spec()}); }

TomekLinks::TomekLinks(const ParamValues& params) : Sampler(params), knn_(params.get_string("knn")) {}

Resampled TomekLinks::resample(const DataView& data, const SamplingPlan& plan, Rng& /*rng*/) {
  Resampled out;
  out.sample_indices = unflagged_rows(tomek_links(data, targeted_mask(plan), knn_));
  return out;
}

void register_tomek_links(SamplerRegistry& registry) {
  registry.add({"tomek",
                {"TomekLinks", "tomek_links"},
                "clean",
                "Tomek links: drop rows of the targeted classes whose nearest neighbour is of another class and "
                "has them as nearest neighbour.",
                TomekLinks::param_specs(),
                [](const ParamValues& p) { return std::make_unique<TomekLinks>(p); }});
}

}  // namespace smrt
