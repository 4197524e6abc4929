#include "smrt/sample/over/smote.h"

#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {

std::vector<ParamSpec> SMOTE::param_specs() { return sampler_params(true, {k_neighbors_spec(), knn_param_spec()}); }

Resampled SMOTE::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out = keep_all_rows(data);
  const auto rows_of = data.class_rows(plan.targeted_classes());
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    const Matrix X_class = gather_rows(data.X, rows_of[static_cast<size_t>(c)]);
    smote_within(X_class.view(), n_new, c, msg("class '", classes().name(c), "'"), rng, out);
  }
  return out;
}

void register_smote(SamplerRegistry& registry) {
  registry.add({"smote",
                {"SMOTE"},
                "over",
                "SMOTE: new rows on segments between a row and one of its k nearest same-class neighbours.",
                SMOTE::param_specs(),
                [](const ParamValues& p) { return std::make_unique<SMOTE>(p); }});
}

}  // namespace smrt
