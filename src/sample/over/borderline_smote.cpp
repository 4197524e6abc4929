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

Resampled BorderlineSMOTE::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out = keep_all_rows(data);
  const auto rows_of = data.class_rows();
  const int k = k_neighbors_;
  std::unique_ptr<NeighborIndex> all;
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    if (!all) all = fit_index(data.X, m_neighbors_, "the input", "m_neighbors");
    const std::string name = "class '" + classes().name(c) + "'";
    const Matrix X_class = gather_rows(data.X, rows_of[static_cast<size_t>(c)]);
    const auto danger = in_danger(nearest(*all, X_class.view(), m_neighbors_), m_neighbors_, data.y, c, X_class.n_rows());
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
    // The rest towards the k nearest rows of the other classes, at most half-way.
    std::vector<int64_t> other_rows;
    for (int64_t i = 0; i < data.n_rows(); ++i)
      if (data.y[i] != c) other_rows.push_back(i);
    const Matrix X_other = gather_rows(data.X, other_rows);
    SMRT_THROW_IF_NOT(ParameterError, X_other.n_rows() >= k, "k_neighbors=", k, " needs at least ", k,
                      " rows outside ", name, " for borderline-2, which has ", X_other.n_rows());
    auto other_index = make_neighbor_index(knn_);
    other_index->fit(X_other.view());
    const KnnResult other_nn = other_index->search(X_danger.view(), k);
    make_samples({X_danger.view(), X_other.view(), other_nn.indices.data(), k, 0.5},
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
