#include "smrt/sample/under/all_knn.h"

#include <numeric>

#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {

std::vector<ParamSpec> AllKNN::param_specs() {
  ParamSpec allow;
  allow.name = "allow_minority";
  allow.type = ParamType::Bool;
  allow.default_value = "false";
  allow.doc = "Keep editing even when a class falls below the minority's count.";
  return sampler_params(false, {positive_int_param("n_neighbors", 3, "Largest neighbourhood; passes use 1..n_neighbors."),
                                kind_sel_param(), allow, knn_param_spec()});
}

AllKNN::AllKNN(const ParamValues& params)
    : Sampler(params),
      n_neighbors_(static_cast<int>(params.get_int("n_neighbors"))),
      kind_sel_(parse_kind_sel(params.get_string("kind_sel"))),
      allow_minority_(params.get_bool("allow_minority")),
      knn_(params.get_string("knn")) {}

Resampled AllKNN::resample(const DataView& data, const SamplingPlan& /*plan*/, Rng& /*rng*/) {
  std::vector<int64_t> kept_rows(static_cast<size_t>(data.n_rows()));
  std::iota(kept_rows.begin(), kept_rows.end(), int64_t{0});
  RowSubset current;  // the rows kept so far, in the order the last pass returned them
  for (int k = 1; k <= n_neighbors_; ++k) {
    const DataView view = k == 1 ? data : current.view();
    const auto kept = edited_nearest_neighbours(view, clean_targets(strategy(), view, classes()), k, kind_sel_, knn_);
    const EditingStop stop = check_editing_stop(data, view, kept);
    std::vector<int64_t> next(kept.size());
    for (size_t i = 0; i < kept.size(); ++i) next[i] = kept_rows[static_cast<size_t>(kept[i])];
    kept_rows.swap(next);
    if ((stop.below_minority && !allow_minority_) || stop.class_removed) break;
    if (k < n_neighbors_) current = RowSubset::of(view, kept);
  }
  Resampled out;
  out.sample_indices = std::move(kept_rows);
  return out;
}

void register_all_knn(SamplerRegistry& registry) {
  registry.add({"allknn",
                {"AllKNN", "all_knn"},
                "clean",
                "All k-NN: edited nearest neighbours with 1, 2, ..., n_neighbors neighbours in turn.",
                AllKNN::param_specs(),
                [](const ParamValues& p) { return std::make_unique<AllKNN>(p); }});
}

}  // namespace smrt
