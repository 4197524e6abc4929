#include "smrt/sample/under/edited_nearest_neighbours.h"

#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {

std::vector<ParamSpec> EditedNearestNeighbours::param_specs() {
  return sampler_params(false, {positive_int_param("n_neighbors", 3, "Neighbours that judge each row."), kind_sel_param(),
                                knn_param_spec()});
}

EditedNearestNeighbours::EditedNearestNeighbours(const ParamValues& params)
    : Sampler(params),
      n_neighbors_(static_cast<int>(params.get_int("n_neighbors"))),
      kind_sel_(parse_kind_sel(params.get_string("kind_sel"))),
      knn_(params.get_string("knn")) {}

Resampled EditedNearestNeighbours::resample(const DataView& data, const SamplingPlan& plan, Rng& /*rng*/) {
  Resampled out;
  out.sample_indices = edited_nearest_neighbours(data, targeted_mask(plan), n_neighbors_, kind_sel_, knn_);
  return out;
}

void register_edited_nearest_neighbours(SamplerRegistry& registry) {
  registry.add({"enn",
                {"EditedNearestNeighbours", "edited_nearest_neighbours"},
                "clean",
                "Edited nearest neighbours: drop rows of the targeted classes that their neighbours disagree with.",
                EditedNearestNeighbours::param_specs(),
                [](const ParamValues& p) { return std::make_unique<EditedNearestNeighbours>(p); }});
}

}  // namespace smrt
