#include "smrt/sample/over/safe_level_smote.h"

#include <algorithm>

#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {
namespace {

// Rows of class c among each query's k nearest (nn: n_queries x k).
std::vector<int> count_class(const std::vector<int64_t>& nn, int k, const int32_t* y, int32_t c) {
  std::vector<int> level(nn.size() / static_cast<size_t>(k), 0);
  for (size_t i = 0; i < level.size(); ++i)
    for (int j = 0; j < k; ++j) level[i] += y[nn[i * static_cast<size_t>(k) + static_cast<size_t>(j)]] == c;
  return level;
}

}  // namespace

double safe_level_gap(int sl_p, int sl_n, double u) {
  if (sl_n == 0) return 0.0;  // the 2nd case (sl_p > 0): the base row again
  if (sl_p == sl_n) return u;
  const double ratio = static_cast<double>(sl_p) / sl_n;
  if (ratio > 1.0) return u / ratio;           // near p, the safer end
  return (1.0 - ratio) + u * ratio;            // near n, the safer end
}

std::vector<ParamSpec> SafeLevelSMOTE::param_specs() {
  return sampler_params(true, {k_neighbors_spec(5, "k_neighbors",
                                                "Nearest rows (whole table) that a new row may be drawn towards and "
                                                "that give each row its safe level."),
                               knn_param_spec()});
}

Resampled SafeLevelSMOTE::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out = keep_all_rows(data);
  const auto rows_of = data.class_rows(plan.targeted_classes());
  const int k = k_neighbors_;
  const int64_t d = data.n_cols();
  std::unique_ptr<NeighborIndex> all;  // the whole table, fitted once
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    if (!all) all = fit_index(data.X, k, "the input", k_name_, /*sklearn_ties=*/true);
    const std::vector<int64_t>& rows = rows_of[static_cast<size_t>(c)];
    const Matrix X_class = gather_rows(data.X, rows);
    const std::vector<int64_t> nn = nearest(*all, X_class.view(), k);  // table rows
    const std::vector<int> sl_p = count_class(nn, k, data.y, c);

    // Safe levels of the neighbours: searched once per distinct row.
    std::vector<int64_t> ends(nn);
    std::sort(ends.begin(), ends.end());
    ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
    const Matrix X_ends = gather_rows(data.X, ends);
    const std::vector<int> sl_end = count_class(nearest(*all, X_ends.view(), k), k, data.y, c);
    auto sl_of = [&](int64_t row) {
      return sl_end[static_cast<size_t>(std::lower_bound(ends.begin(), ends.end(), row) - ends.begin())];
    };

    // The pairs (p, n) that may give a row: all but the 1st case (both levels 0).
    struct Pair {
      int64_t p, n;
      int sl_p, sl_n;
    };
    std::vector<Pair> pairs;
    for (size_t i = 0; i < rows.size(); ++i)
      for (int j = 0; j < k; ++j) {
        const int64_t n = nn[i * static_cast<size_t>(k) + static_cast<size_t>(j)];
        const int sl_n = sl_of(n);
        if (sl_p[i] > 0 || sl_n > 0) pairs.push_back({rows[i], n, sl_p[i], sl_n});
      }
    if (pairs.empty()) continue;  // every pair is the 1st case: nothing to add

    const int64_t start = out.synthetic.n_rows();
    out.synthetic.resize_rows(start + n_new);
    out.synthetic_y.resize(static_cast<size_t>(start + n_new), c);
    for (int64_t s = 0; s < n_new; ++s) {
      const Pair& pr = pairs[static_cast<size_t>(rng.below(pairs.size()))];
      const float* p = data.X.row(pr.p);
      const float* n = data.X.row(pr.n);
      float* dst = out.synthetic.row(start + s);
      for (int64_t j = 0; j < d; ++j) {  // a gap per attribute, as the paper
        const double gap = safe_level_gap(pr.sl_p, pr.sl_n, rng.uniform());
        dst[j] = static_cast<float>(static_cast<double>(p[j]) + gap * (static_cast<double>(n[j]) - p[j]));
      }
    }
  }
  return out;
}

void register_safe_level_smote(SamplerRegistry& registry) {
  registry.add({"safe_level_smote",
                {"SafeLevelSMOTE", "Safe_Level_SMOTE", "safe-level-smote"},
                "over",
                "Safe-Level-SMOTE: SMOTE towards any of a row's k nearest rows, the gap set by both ends' safe levels.",
                SafeLevelSMOTE::param_specs(),
                [](const ParamValues& p) { return std::make_unique<SafeLevelSMOTE>(p); }});
}

}  // namespace smrt
