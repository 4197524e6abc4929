#include "smrt/sample/combine/smote_tomek.h"

#include "smrt/sample/combine/smote_then_clean.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"
#include "smrt/sample/under/neighbourhood.h"

namespace smrt {

std::vector<ParamSpec> SMOTETomek::param_specs() {
  auto own = smote_step_params();
  own.push_back(knn_param_spec());
  return sampler_params(true, own);
}

SMOTETomek::SMOTETomek(const ParamValues& params)
    : Sampler(params), k_neighbors_(params.get_int("k_neighbors")), knn_(params.get_string("knn")) {}

Resampled SMOTETomek::resample(const DataView& data, const SamplingPlan& /*plan*/, Rng& rng) {
  return smote_then_clean(data, classes(), strategy(), rng, {{"k_neighbors", std::to_string(k_neighbors_)}, {"knn", knn_}},
                          [&](const DataView& oversampled) {
                            const std::vector<bool> every_class(static_cast<size_t>(oversampled.n_classes), true);
                            return unflagged_rows(tomek_links(oversampled, every_class, knn_));
                          });
}

void register_smote_tomek(SamplerRegistry& registry) {
  registry.add({"smote_tomek",
                {"SMOTETomek", "smotetomek"},
                "combine",
                "SMOTE, then Tomek links removed from every class.",
                SMOTETomek::param_specs(),
                [](const ParamValues& p) { return std::make_unique<SMOTETomek>(p); }});
}

}  // namespace smrt
