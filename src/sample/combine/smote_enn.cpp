#include "smrt/sample/combine/smote_enn.h"

#include "smrt/sample/combine/smote_then_clean.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {

std::vector<ParamSpec> SMOTEENN::param_specs() {
  auto own = smote_step_params();
  own.push_back(positive_int_param("n_neighbors", 3, "ENN: neighbours that judge each row."));
  own.push_back(kind_sel_param());
  own.push_back(knn_param_spec());
  return sampler_params(true, own);
}

SMOTEENN::SMOTEENN(const ParamValues& params)
    : Sampler(params),
      k_neighbors_(params.get_int("k_neighbors")),
      n_neighbors_(static_cast<int>(params.get_int("n_neighbors"))),
      kind_sel_(parse_kind_sel(params.get_string("kind_sel"))),
      knn_(params.get_string("knn")) {}

Resampled SMOTEENN::resample(const DataView& data, const SamplingPlan& /*plan*/, Rng& rng) {
  return smote_then_clean(data, classes(), strategy(), rng, {{"k_neighbors", std::to_string(k_neighbors_)}, {"knn", knn_}},
                          [&](const DataView& oversampled) {
                            const std::vector<bool> every_class(static_cast<size_t>(oversampled.n_classes), true);
                            return edited_nearest_neighbours(oversampled, every_class, n_neighbors_, kind_sel_, knn_);
                          });
}

void register_smote_enn(SamplerRegistry& registry) {
  registry.add({"smote_enn",
                {"SMOTEENN", "smoteenn"},
                "combine",
                "SMOTE, then edited nearest neighbours on every class.",
                SMOTEENN::param_specs(),
                [](const ParamValues& p) { return std::make_unique<SMOTEENN>(p); }});
}

}  // namespace smrt
