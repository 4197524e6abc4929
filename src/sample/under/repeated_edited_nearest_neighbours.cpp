#include "smrt/sample/under/repeated_edited_nearest_neighbours.h"

#include <numeric>

#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {

std::vector<ParamSpec> RepeatedEditedNearestNeighbours::param_specs() {
  return sampler_params(false, {positive_int_param("n_neighbors", 3, "Neighbours that judge each row."),
                                positive_int_param("max_iter", 100, "Most editing passes."), kind_sel_param(),
                                knn_param_spec()});
}

RepeatedEditedNearestNeighbours::RepeatedEditedNearestNeighbours(const ParamValues& params)
    : Sampler(params),
      n_neighbors_(static_cast<int>(params.get_int("n_neighbors"))),
      max_iter_(static_cast<int>(params.get_int("max_iter"))),
      kind_sel_(parse_kind_sel(params.get_string("kind_sel"))),
      knn_(params.get_string("knn")) {}

Resampled RepeatedEditedNearestNeighbours::resample(const DataView& data, const SamplingPlan& /*plan*/, Rng& /*rng*/) {
  std::vector<int64_t> kept_rows(static_cast<size_t>(data.n_rows()));
  std::iota(kept_rows.begin(), kept_rows.end(), int64_t{0});
  RowSubset current;  // the rows kept so far, in the order the last pass returned them
  for (n_iter_ = 1; n_iter_ <= max_iter_; ++n_iter_) {
    const DataView view = n_iter_ == 1 ? data : current.view();
    // Each pass resolves sampling_strategy on the rows it sees, as imblearn's inner ENN does.
    const auto kept = edited_nearest_neighbours(view, clean_targets(strategy(), view, classes()), n_neighbors_,
                                                kind_sel_, knn_);
    const bool converged = static_cast<int64_t>(kept.size()) == view.n_rows();
    const EditingStop stop = check_editing_stop(data, view, kept);
    std::vector<int64_t> next(kept.size());
    for (size_t i = 0; i < kept.size(); ++i) next[i] = kept_rows[static_cast<size_t>(kept[i])];
    kept_rows.swap(next);
    // imblearn re-applies the last pass's order once more when it converges;
    // that only permutes the rows of a first pass and is not copied here.
    if (converged || stop.below_minority || stop.class_removed) break;
    current = RowSubset::of(view, kept);
  }
  if (n_iter_ > max_iter_) n_iter_ = max_iter_;
  Resampled out;
  out.sample_indices = std::move(kept_rows);
  return out;
}

void register_repeated_edited_nearest_neighbours(SamplerRegistry& registry) {
  registry.add({"renn",
                {"RepeatedEditedNearestNeighbours", "repeated_edited_nearest_neighbours"},
                "clean",
                "Repeated edited nearest neighbours: edit again until the data stops changing.",
                RepeatedEditedNearestNeighbours::param_specs(),
                [](const ParamValues& p) { return std::make_unique<RepeatedEditedNearestNeighbours>(p); }});
}

}  // namespace smrt
