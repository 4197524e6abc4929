#include "smrt/sample/over/prowsyn.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {

ProWSyn::ProWSyn(const ParamValues& params)
    : SmoteBase(params), n_levels_(static_cast<int>(params.get_int("L"))), theta_(params.get_float("theta")) {}

std::vector<ParamSpec> ProWSyn::param_specs() {
  ParamSpec levels;
  levels.name = "L";
  levels.type = ParamType::Int;
  levels.default_value = "5";
  levels.min = 1;
  levels.doc = "Proximity levels the class is split into (smote-variants' name).";
  ParamSpec theta;
  theta.name = "theta";
  theta.type = ParamType::Float;
  theta.default_value = "1.0";
  theta.min = 0;
  theta.doc = "Level l gets a share of the new rows proportional to exp(-theta (l - 1)); 0 shares equally.";
  return sampler_params(true, {k_neighbors_spec(5, "k_neighbors",
                                                "Nearest rows of the class that each other-class row puts in the "
                                                "current proximity level."),
                               levels, theta, knn_param_spec()});
}

std::vector<int64_t> split_by_weights(int64_t n, const std::vector<double>& weights) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<int64_t> counts(weights.size(), 0);
  std::vector<double> rest(weights.size(), 0.0);
  int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const double share = static_cast<double>(n) * weights[i] / total;
    counts[i] = static_cast<int64_t>(std::floor(share));
    rest[i] = share - static_cast<double>(counts[i]);
    given += counts[i];
  }
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rest[a] > rest[b]; });
  for (size_t i = 0; given < n; i = (i + 1) % order.size(), ++given) ++counts[order[i]];
  return counts;
}

// Steps 3-5 of the paper: each level takes the class rows (not yet placed)
// that are among the k nearest of some other-class row.
std::vector<std::vector<int64_t>> ProWSyn::proximity_levels(const MatrixView& X_class,
                                                            const MatrixView& X_other) const {
  std::vector<int64_t> left(static_cast<size_t>(X_class.n_rows));
  std::iota(left.begin(), left.end(), int64_t{0});
  std::vector<std::vector<int64_t>> levels;
  for (int l = 0; l < n_levels_ && !left.empty(); ++l) {
    const Matrix X_left = gather_rows(X_class, left);
    auto index = make_neighbor_index(knn_);
    index->fit(X_left.view());
    const int k = static_cast<int>(std::min<int64_t>(k_neighbors_, static_cast<int64_t>(left.size())));
    const KnnResult found = index->search(X_other, k);
    std::vector<char> near(left.size(), 0);
    for (int64_t q = 0; q < found.n_queries; ++q)
      for (int j = 0; j < k; ++j) near[static_cast<size_t>(found.neighbors(q)[j])] = 1;
    std::vector<int64_t> level, rest;
    for (size_t i = 0; i < left.size(); ++i) (near[i] ? level : rest).push_back(left[i]);
    levels.push_back(std::move(level));
    left = std::move(rest);
  }
  // Rows no other-class row reached within L levels join the last level.
  levels.back().insert(levels.back().end(), left.begin(), left.end());
  std::sort(levels.back().begin(), levels.back().end());
  return levels;
}

Resampled ProWSyn::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out = keep_all_rows(data);
  const auto rows_of = data.class_rows(plan.targeted_classes());
  const int64_t d = data.n_cols();
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    const Matrix X_class = gather_rows(data.X, rows_of[static_cast<size_t>(c)]);
    const Matrix X_other = gather_rows(data.X, data.rows_not_of(c));
    levels_ = proximity_levels(X_class.view(), X_other.view());

    std::vector<double> weights(levels_.size());
    for (size_t l = 0; l < levels_.size(); ++l)
      weights[l] = levels_[l].empty() ? 0.0 : std::exp(-theta_ * static_cast<double>(l));
    level_counts_ = split_by_weights(n_new, weights);

    // Within a level: a segment between two of its rows (a level of one row
    // gives copies of it), at a uniform point.
    int64_t row = out.synthetic.n_rows();
    out.synthetic.resize_rows(row + n_new);
    out.synthetic_y.resize(static_cast<size_t>(row + n_new), c);
    for (size_t l = 0; l < levels_.size(); ++l) {
      const std::vector<int64_t>& level = levels_[l];
      const auto m = static_cast<uint64_t>(level.size());
      for (int64_t s = 0; s < level_counts_[l]; ++s, ++row) {
        const uint64_t a = rng.below(m);
        uint64_t b = a;
        if (m > 1) b = rng.below(m - 1), b += b >= a;
        const double t = rng.uniform();
        const float* x = X_class.row(level[a]);
        const float* z = X_class.row(level[b]);
        float* dst = out.synthetic.row(row);
        for (int64_t j = 0; j < d; ++j)
          dst[j] = static_cast<float>(static_cast<double>(x[j]) + t * (static_cast<double>(z[j]) - x[j]));
      }
    }
  }
  return out;
}

void register_prowsyn(SamplerRegistry& registry) {
  registry.add({"prowsyn",
                {"ProWSyn"},
                "over",
                "ProWSyn: SMOTE within proximity levels, more new rows in the levels nearer other classes.",
                ProWSyn::param_specs(),
                [](const ParamValues& p) { return std::make_unique<ProWSyn>(p); }});
}

}  // namespace smrt
