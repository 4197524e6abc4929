#include "smrt/sample/under/condensed_nearest_neighbour.h"

#include <set>

#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"
#include "smrt/sample/under/neighbourhood.h"

namespace smrt {

std::vector<ParamSpec> CondensedNearestNeighbour::param_specs() {
  ParamSpec k = positive_int_param("n_neighbors", 1, "Neighbours in the k-NN vote (None means 1).");
  k.default_value = "None";
  k.nullable = true;
  return sampler_params(true, {k, positive_int_param("n_seeds_S", 1, "Random rows of each class to start from."),
                               knn_param_spec()});
}

CondensedNearestNeighbour::CondensedNearestNeighbour(const ParamValues& params)
    : Sampler(params),
      n_neighbors_(static_cast<int>(params.get_optional_int("n_neighbors").value_or(1))),
      n_seeds_(static_cast<int>(params.get_int("n_seeds_S"))),
      knn_(params.get_string("knn")) {}

std::vector<std::vector<int64_t>> draw_class_seeds(const DataView& data, const std::vector<bool>& targeted, int n_seeds,
                                                   Rng& rng) {
  const auto counts = data.class_counts();
  std::vector<std::vector<int64_t>> seeds(counts.size());
  for (size_t c = 0; c < counts.size(); ++c)
    if (targeted[c])
      for (int s = 0; s < n_seeds; ++s) seeds[c].push_back(static_cast<int64_t>(rng.below(static_cast<uint64_t>(counts[c]))));
  return seeds;
}

std::vector<int64_t> condensed_nearest_neighbour(const DataView& data, const std::vector<bool>& targeted,
                                                 const std::vector<std::vector<int64_t>>& seeds, int n_neighbors,
                                                 const std::string& knn) {
  const auto by_class = data.class_rows();
  const auto& minority_rows = by_class[static_cast<size_t>(first_seen_minority(data))];
  std::vector<int64_t> kept;
  for (int32_t c = 0; c < data.n_classes; ++c) {
    const auto& rows = by_class[static_cast<size_t>(c)];
    if (!targeted[static_cast<size_t>(c)]) {
      kept.insert(kept.end(), rows.begin(), rows.end());
      continue;
    }
    std::vector<int64_t> chosen;  // rows of class c kept, seeds first
    for (int64_t p : seeds[static_cast<size_t>(c)]) chosen.push_back(rows[static_cast<size_t>(p)]);
    std::vector<int64_t> store = minority_rows;  // the set C the vote uses
    store.insert(store.end(), chosen.begin(), chosen.end());
    const Matrix class_X = gather_rows(data.X, rows);

    Matrix store_X;
    std::vector<int32_t> store_y;
    std::unique_ptr<NeighborIndex> index;
    auto refit = [&] {
      store_X = gather_rows(data.X, store);
      store_y.clear();
      for (int64_t r : store) store_y.push_back(data.y[r]);
      index = make_sampler_index(knn);
      index->fit(store_X.view());
    };
    refit();
    // Votes only change when a row is added, so one batch of votes per
    // addition answers every row imblearn asks about one at a time.
    auto predicted = knn_vote(*index, store_y, class_X.view(), n_neighbors, data.n_classes);
    // imblearn 0.10 skips position i of the class when i is in this set,
    // which starts as the seeds' row numbers and later holds positions of
    // well-classified rows; the mix is kept as is for identical results.
    std::set<int64_t> skip(chosen.begin(), chosen.end());
    for (int64_t i = 0; i < static_cast<int64_t>(rows.size()); ++i) {
      if (skip.count(i) || predicted[static_cast<size_t>(i)] == c) continue;
      chosen.push_back(rows[static_cast<size_t>(i)]);
      store.push_back(rows[static_cast<size_t>(i)]);
      refit();
      predicted = knn_vote(*index, store_y, class_X.view(), n_neighbors, data.n_classes);
      skip = std::set<int64_t>(chosen.begin(), chosen.end());
      for (size_t p = 0; p < predicted.size(); ++p)
        if (predicted[p] == c) skip.insert(static_cast<int64_t>(p));
    }
    kept.insert(kept.end(), chosen.begin(), chosen.end());
  }
  return kept;
}

Resampled CondensedNearestNeighbour::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  const auto targeted = targeted_mask(plan);
  Resampled out;
  out.sample_indices = condensed_nearest_neighbour(data, targeted, draw_class_seeds(data, targeted, n_seeds_, rng),
                                                   n_neighbors_, knn_);
  return out;
}

void register_condensed_nearest_neighbour(SamplerRegistry& registry) {
  registry.add({"cnn",
                {"CondensedNearestNeighbour", "condensed_nearest_neighbour"},
                "clean",
                "Condensed nearest neighbour: keep the rows a 1-NN rule on the rows kept so far gets wrong.",
                CondensedNearestNeighbour::param_specs(),
                [](const ParamValues& p) { return std::make_unique<CondensedNearestNeighbour>(p); }});
}

}  // namespace smrt
