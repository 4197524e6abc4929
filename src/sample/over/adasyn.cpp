#include "smrt/sample/over/adasyn.h"

#include <cmath>

#include "smrt/core/error.h"
#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"
#include "../numpy_sum.h"

namespace smrt {

std::vector<ParamSpec> ADASYN::param_specs() {
  return sampler_params(true, {k_neighbors_spec(5, "n_neighbors",
                                                "Nearest neighbours that weigh each row (in the whole table) and that "
                                                "new rows are drawn towards (in its class)."),
                               knn_param_spec()});
}

Resampled ADASYN::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out = keep_all_rows(data);
  counts_.clear();
  const auto rows_of = data.class_rows(plan.targeted_classes());
  const int k = k_neighbors_;
  std::unique_ptr<NeighborIndex> all;  // fitted on the whole table once
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    if (!all) all = fit_index(data.X, k, "the input", k_name_, /*sklearn_ties=*/true);
    const std::string name = classes().name(c);
    const Matrix X_class = gather_rows(data.X, rows_of[static_cast<size_t>(c)]);
    const int64_t m = X_class.n_rows();

    // Weights: the share of other-class rows among each row's neighbours.
    const std::vector<int64_t> nn_all = nearest(*all, X_class.view(), k);
    std::vector<double> ratio(static_cast<size_t>(m), 0.0);
    for (int64_t i = 0; i < m; ++i) {
      int other = 0;
      for (int j = 0; j < k; ++j) other += data.y[nn_all[static_cast<size_t>(i * k + j)]] != c;
      ratio[static_cast<size_t>(i)] = static_cast<double>(other) / k;
    }
    const double total = numpy_sum(ratio.data(), m);  // np.sum's order: rint below sees the same bits
    SMRT_THROW_IF_NOT(DataError, total > 0, "ADASYN: no neighbour of any row of class '", name,
                      "' belongs to another class, so its weights are undefined; use SMOTE for this data");
    // numpy's rint: round half to even (the default rounding mode).
    std::vector<int64_t>& counts = counts_[c];
    counts.resize(static_cast<size_t>(m));
    std::vector<int64_t> rows;
    for (int64_t i = 0; i < m; ++i) {
      counts[static_cast<size_t>(i)] =
          static_cast<int64_t>(std::nearbyint(ratio[static_cast<size_t>(i)] / total * static_cast<double>(n_new)));
      rows.insert(rows.end(), static_cast<size_t>(counts[static_cast<size_t>(i)]), i);
    }
    SMRT_THROW_IF_NOT(DataError, !rows.empty(), "ADASYN: no rows would be generated for class '", name,
                      "' with these settings (its weights round to 0)");

    const std::vector<int64_t> nn = nearest(X_class.view(), X_class.view(), k, "class '" + name + "'");
    make_samples_from_rows({X_class.view(), X_class.view(), nn.data(), k, 1.0}, rows, c, rng, out);
  }
  return out;
}

void register_adasyn(SamplerRegistry& registry) {
  registry.add({"adasyn",
                {"ADASYN"},
                "over",
                "ADASYN: SMOTE that generates more from rows surrounded by other classes.",
                ADASYN::param_specs(),
                [](const ParamValues& p) { return std::make_unique<ADASYN>(p); }});
}

}  // namespace smrt
