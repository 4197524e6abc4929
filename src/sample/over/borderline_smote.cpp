#include "smrt/sample/over/borderline_smote.h"

#include "smrt/core/error.h"
#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {
namespace {

std::vector<int> other_class_counts(const std::vector<int64_t>& nn, int m, const int32_t* y, int32_t c, int64_t n) {
  std::vector<int> counts(static_cast<size_t>(n), 0);
  for (int64_t i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) counts[static_cast<size_t>(i)] += y[nn[static_cast<size_t>(i * m + j)]] != c;
  return counts;
}

}  // namespace

std::vector<char> in_danger(const std::vector<int64_t>& nn, int m, const int32_t* y, int32_t c, int64_t n_queries) {
  const auto counts = other_class_counts(nn, m, y, c, n_queries);
  std::vector<char> out(counts.size());
  for (size_t i = 0; i < counts.size(); ++i) out[i] = counts[i] >= m / 2.0 && counts[i] < m;
  return out;
}

std::vector<char> is_noise(const std::vector<int64_t>& nn, int m, const int32_t* y, int32_t c, int64_t n_queries) {
  const auto counts = other_class_counts(nn, m, y, c, n_queries);
  std::vector<char> out(counts.size());
  for (size_t i = 0; i < counts.size(); ++i) out[i] = counts[i] == m;
  return out;
}

ParamSpec m_neighbors_spec() {
  return k_neighbors_spec(10, "m_neighbors",
                          "Nearest neighbours (whole table) that decide whether a row is in danger or noise.");
}

BorderlineSMOTE::BorderlineSMOTE(const ParamValues& params)
    : SmoteBase(params), m_neighbors_(static_cast<int>(params.get_int("m_neighbors"))),
      borderline2_(params.get_string("kind") == "borderline-2") {}

std::vector<ParamSpec> BorderlineSMOTE::param_specs() {
  ParamSpec kind;
  kind.name = "kind";
  kind.type = ParamType::String;
  kind.default_value = "borderline-1";
  kind.choices = {"borderline-1", "borderline-2"};
  kind.doc = "borderline-1: towards same-class neighbours; borderline-2: part towards other-class rows, at most "
             "half-way.";
  return sampler_params(true, {k_neighbors_spec(), m_neighbors_spec(), kind, knn_param_spec()});
}

// The k nearest rows outside class c of each danger row, as row indices of
// the table. A danger row has at least m / 2 of them among its m + 1 nearest
// rows of the whole table, already found, and in the same (distance, index)
// order a search of the other rows alone would give; the rows with fewer
// than k there (k > m / 2) get that search.
std::vector<int64_t> BorderlineSMOTE::other_class_neighbours(const KnnResult& near_all,
                                                             const std::vector<int64_t>& danger_rows,
                                                             const Matrix& X_danger, const DataView& data, int32_t c,
                                                             int k) const {
  std::vector<int64_t> nn(danger_rows.size() * static_cast<size_t>(k));
  std::vector<int64_t> unresolved;
  for (size_t t = 0; t < danger_rows.size(); ++t) {
    int found = 0;
    for (int j = 0; j < near_all.k && found < k; ++j) {
      const int64_t row = near_all.neighbors(danger_rows[t])[j];
      if (data.y[row] != c) nn[t * static_cast<size_t>(k) + static_cast<size_t>(found++)] = row;
    }
    if (found < k) unresolved.push_back(static_cast<int64_t>(t));
  }
  if (unresolved.empty()) return nn;
  const std::vector<int64_t> other_rows = data.rows_not_of(c);
  const Matrix X_other = gather_rows(data.X, other_rows);
  auto index = make_neighbor_index(knn_);
  index->fit(X_other.view());
  const Matrix queries = gather_rows(X_danger.view(), unresolved);
  const KnnResult found = index->search(queries.view(), k);
  for (size_t u = 0; u < unresolved.size(); ++u)
    for (int j = 0; j < k; ++j)
      nn[static_cast<size_t>(unresolved[u]) * static_cast<size_t>(k) + static_cast<size_t>(j)] =
          other_rows[static_cast<size_t>(found.neighbors(static_cast<int64_t>(u))[j])];
  return nn;
}

Resampled BorderlineSMOTE::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out = keep_all_rows(data);
  const auto rows_of = data.class_rows(plan.targeted_classes());
  const int k = k_neighbors_;
  std::unique_ptr<NeighborIndex> all;
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    if (!all) all = fit_index(data.X, m_neighbors_, "the input", "m_neighbors", /*sklearn_ties=*/true);
    const std::string name = "class '" + classes().name(c) + "'";
    const Matrix X_class = gather_rows(data.X, rows_of[static_cast<size_t>(c)]);
    const KnnResult near_all = all->search(X_class.view(), m_neighbors_ + 1);  // kneighbors(X_class)
    const auto danger = in_danger(drop_first_column(near_all), m_neighbors_, data.y, c, X_class.n_rows());
    std::vector<int64_t> danger_rows;
    for (size_t i = 0; i < danger.size(); ++i)
      if (danger[i]) danger_rows.push_back(static_cast<int64_t>(i));
    if (danger_rows.empty()) continue;  // as imbalanced-learn: nothing on the border, nothing added
    const Matrix X_danger = gather_rows(X_class.view(), danger_rows);
    const std::vector<int64_t> nn = nearest(X_class.view(), X_danger.view(), k, name);
    if (!borderline2_) {
      make_samples({X_danger.view(), X_class.view(), nn.data(), k, 1.0}, n_new, c, rng, out);
      continue;
    }
    const double fraction = beta_10_10(rng);
    make_samples({X_danger.view(), X_class.view(), nn.data(), k, 1.0},
                 static_cast<int64_t>(fraction * static_cast<double>(n_new + 1)), c, rng, out);
    // The rest towards the k nearest rows of the other classes, at most half-way
    // (neighbours are rows of the table: no copy of the other classes' rows).
    const int64_t n_other = data.n_rows() - static_cast<int64_t>(rows_of[static_cast<size_t>(c)].size());
    SMRT_THROW_IF_NOT(ParameterError, n_other >= k, "k_neighbors=", k, " needs at least ", k, " rows outside ", name,
                      " for borderline-2, which has ", n_other);
    const std::vector<int64_t> other_nn = other_class_neighbours(near_all, danger_rows, X_danger, data, c, k);
    make_samples({X_danger.view(), data.X, other_nn.data(), k, 0.5},
                 static_cast<int64_t>((1.0 - fraction) * static_cast<double>(n_new)), c, rng, out);
  }
  return out;
}

void register_borderline_smote(SamplerRegistry& registry) {
  registry.add({"borderline_smote",
                {"BorderlineSMOTE", "borderline-smote"},
                "over",
                "Borderline-SMOTE (kind borderline-1 or -2): SMOTE from the rows near other classes.",
                BorderlineSMOTE::param_specs(),
                [](const ParamValues& p) { return std::make_unique<BorderlineSMOTE>(p); }});
}

}  // namespace smrt
