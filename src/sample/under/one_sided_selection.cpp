#include "smrt/sample/under/one_sided_selection.h"

#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"
#include "smrt/sample/under/condensed_nearest_neighbour.h"
#include "smrt/sample/under/neighbourhood.h"

namespace smrt {

std::vector<ParamSpec> OneSidedSelection::param_specs() {
  ParamSpec k = positive_int_param("n_neighbors", 1, "Neighbours in the k-NN vote (None means 1).");
  k.default_value = "None";
  k.nullable = true;
  return sampler_params(true, {k, positive_int_param("n_seeds_S", 1, "Random rows of each class to start from."),
                               knn_param_spec()});
}

OneSidedSelection::OneSidedSelection(const ParamValues& params)
    : Sampler(params),
      n_neighbors_(static_cast<int>(params.get_optional_int("n_neighbors").value_or(1))),
      n_seeds_(static_cast<int>(params.get_int("n_seeds_S"))),
      knn_(params.get_string("knn")) {}

std::vector<int64_t> one_sided_selection(const DataView& data, const std::vector<bool>& targeted,
                                         const std::vector<std::vector<int64_t>>& seeds, int n_neighbors,
                                         const std::string& knn) {
  const auto by_class = data.class_rows();
  const auto& minority_rows = by_class[static_cast<size_t>(first_seen_minority(data))];
  std::vector<int64_t> selected;
  for (int32_t c = 0; c < data.n_classes; ++c) {
    const auto& rows = by_class[static_cast<size_t>(c)];
    if (!targeted[static_cast<size_t>(c)]) {
      selected.insert(selected.end(), rows.begin(), rows.end());
      continue;
    }
    // The vote's rows: the minority class plus the seeds (duplicates kept).
    std::vector<bool> is_seed(rows.size(), false);
    std::vector<int64_t> store = minority_rows;
    for (int64_t p : seeds[static_cast<size_t>(c)]) {
      is_seed[static_cast<size_t>(p)] = true;
      store.push_back(rows[static_cast<size_t>(p)]);
    }
    const Matrix store_X = gather_rows(data.X, store);
    std::vector<int32_t> store_y;
    for (int64_t r : store) store_y.push_back(data.y[r]);
    auto index = make_sampler_index(knn);
    index->fit(store_X.view());
    // The other rows of the class, voted on.
    std::vector<int64_t> others;
    for (size_t p = 0; p < rows.size(); ++p)
      if (!is_seed[p]) others.push_back(rows[p]);
    const Matrix others_X = gather_rows(data.X, others);
    const auto predicted = knn_vote(*index, store_y, others_X.view(), n_neighbors, data.n_classes);
    for (int64_t p : seeds[static_cast<size_t>(c)]) selected.push_back(rows[static_cast<size_t>(p)]);
    for (size_t i = 0; i < others.size(); ++i)
      if (predicted[i] != c) selected.push_back(others[i]);
  }
  // Tomek links of the targeted classes, among the selected rows.
  const RowSubset subset = RowSubset::of(data, selected);
  return subset.to_parent(unflagged_rows(tomek_links(subset.view(), targeted, knn)));
}

Resampled OneSidedSelection::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  const auto targeted = targeted_mask(plan);
  Resampled out;
  out.sample_indices =
      one_sided_selection(data, targeted, draw_class_seeds(data, targeted, n_seeds_, rng), n_neighbors_, knn_);
  return out;
}

void register_one_sided_selection(SamplerRegistry& registry) {
  registry.add({"oss",
                {"OneSidedSelection", "one_sided_selection"},
                "clean",
                "One-sided selection: a 1-NN condensing step, then Tomek links removed.",
                OneSidedSelection::param_specs(),
                [](const ParamValues& p) { return std::make_unique<OneSidedSelection>(p); }});
}

}  // namespace smrt
