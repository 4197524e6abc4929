#include "smrt/sample/under/neighbourhood_cleaning_rule.h"

#include <algorithm>

#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {

std::vector<ParamSpec> NeighbourhoodCleaningRule::param_specs() {
  ParamSpec threshold;
  threshold.name = "threshold_cleaning";
  threshold.type = ParamType::Float;
  threshold.default_value = "0.5";
  threshold.min = 0.0;
  threshold.max = 1.0;
  threshold.min_exclusive = threshold.max_exclusive = true;
  threshold.doc = "Only classes holding more than this fraction of all rows lose the minority rows' neighbours.";
  return sampler_params(false, {positive_int_param("n_neighbors", 3, "Neighbours that judge each row."), kind_sel_param(),
                                threshold, knn_param_spec()});
}

NeighbourhoodCleaningRule::NeighbourhoodCleaningRule(const ParamValues& params)
    : Sampler(params),
      n_neighbors_(static_cast<int>(params.get_int("n_neighbors"))),
      kind_sel_(parse_kind_sel(params.get_string("kind_sel"))),
      threshold_cleaning_(params.get_float("threshold_cleaning")),
      knn_(params.get_string("knn")) {}

Resampled NeighbourhoodCleaningRule::resample(const DataView& data, const SamplingPlan& plan, Rng& /*rng*/) {
  const int64_t n = data.n_rows();
  const auto targeted = targeted_mask(plan);
  std::vector<bool> removed(static_cast<size_t>(n), true);

  auto index = make_sampler_index(knn_);
  index->fit(data.X);
  // A1: what ENN with a majority vote removes.
  for (int64_t r : edited_nearest_neighbours(data, targeted, n_neighbors_, KindSel::Mode, knn_, index.get()))
    removed[static_cast<size_t>(r)] = false;

  // A2: neighbours (in large targeted classes) of badly surrounded minority rows.
  const auto counts = data.class_counts();
  std::vector<bool> cleanable(counts.size(), false);
  for (size_t c = 0; c < counts.size(); ++c)
    cleanable[c] = targeted[c] && static_cast<double>(counts[c]) > static_cast<double>(n) * threshold_cleaning_;
  const int32_t minority = first_seen_minority(data);
  std::vector<bool> is_minority(counts.size(), false);
  is_minority[static_cast<size_t>(minority)] = true;
  const auto minority_rows = rows_of_classes(data, is_minority);
  const KnnResult nn = neighbours_of_rows(*index, data, minority_rows, n_neighbors_, "n_neighbors");
  // imblearn 0.10 tests numpy truth values of the labels for kind_sel='all'.
  const ClassIndex& labels = classes();
  auto truthy = [&](int32_t c) {
    return labels.kind() == ClassIndex::Kind::String ? !labels.name(c).empty() : labels.float_value(c) != 0;
  };
  std::vector<int> votes(counts.size(), 0);
  for (int64_t q = 0; q < nn.n_queries; ++q) {
    const int64_t* hood = nn.neighbors(q);
    bool judged_right = true;
    if (kind_sel_ == KindSel::Mode) {
      std::fill(votes.begin(), votes.end(), 0);
      for (int j = 0; j < n_neighbors_; ++j) ++votes[static_cast<size_t>(data.y[hood[j]])];
      judged_right = std::max_element(votes.begin(), votes.end()) - votes.begin() == minority;
    } else {
      for (int j = 0; j < n_neighbors_; ++j) judged_right = judged_right && truthy(data.y[hood[j]]);
    }
    if (judged_right) continue;
    for (int j = 0; j < n_neighbors_; ++j)
      if (cleanable[static_cast<size_t>(data.y[hood[j]])]) removed[static_cast<size_t>(hood[j])] = true;
  }
  Resampled out;
  out.sample_indices = unflagged_rows(removed);
  return out;
}

void register_neighbourhood_cleaning_rule(SamplerRegistry& registry) {
  registry.add({"ncr",
                {"NeighbourhoodCleaningRule", "neighbourhood_cleaning_rule"},
                "clean",
                "Neighbourhood cleaning rule: ENN plus the large-class neighbours of badly surrounded minority rows.",
                NeighbourhoodCleaningRule::param_specs(),
                [](const ParamValues& p) { return std::make_unique<NeighbourhoodCleaningRule>(p); }});
}

}  // namespace smrt
