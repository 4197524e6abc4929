#include "smrt/sample/over/smobd.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "smrt/core/error.h"
#include "smrt/core/threads.h"
#include "smrt/core/warnings.h"
#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/over/weighted_draw.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"
#include "../column_distances.h"

namespace smrt {
namespace {

ParamSpec smobd_float(const std::string& name, const std::string& value, double lowest, std::optional<double> highest,
                      const std::string& doc) {
  ParamSpec p;
  p.name = name;
  p.type = ParamType::Float;
  p.default_value = value;
  p.min = lowest;
  p.max = highest;
  p.doc = doc;
  return p;
}

// OPTICS' quantities of each row, from its nearest rows (itself included).
struct DensityScores {
  std::vector<double> core;          ///< distance to the min_samples-th nearest row, itself counted
  std::vector<double> reachability;  ///< min over other rows o of max(core(o), d(o, row))
  std::vector<double> within_eps;    ///< rows within max_eps, itself counted
};

// Rows within max_eps of each row, itself counted: a radius count, which the
// kNN engine cannot give without searching every row's n neighbours, from
// the shared distance kernel, 4 rows against all at a time. O(n^2 d) time,
// O(n) memory per thread; the counts are integers, so the same for any
// thread count.
std::vector<double> counts_within(const MatrixView& X, double max_eps) {
  const int64_t n = X.n_rows;
  const FloatColumns columns(X);
  const float eps2 = static_cast<float>(max_eps * max_eps);
  constexpr int kGroup = FloatColumns::kMaxRows;
  std::vector<double> counts(static_cast<size_t>(n), 0.0);
#pragma omp parallel num_threads(num_threads())
  {
    std::vector<float> buffer(static_cast<size_t>(kGroup * n));
    float* out[kGroup];
    for (int r = 0; r < kGroup; ++r) out[r] = buffer.data() + r * n;
#pragma omp for schedule(dynamic, 8)
    for (int64_t a0 = 0; a0 < n; a0 += kGroup) {
      int64_t rows[kGroup];
      const int count = static_cast<int>(std::min<int64_t>(kGroup, n - a0));
      for (int r = 0; r < count; ++r) rows[r] = a0 + r;
      columns.squared_distances(rows, count, out);
      for (int r = 0; r < count; ++r)
        counts[static_cast<size_t>(a0 + r)] = static_cast<double>(std::count_if(out[r], out[r] + n, [eps2](float v) { return v <= eps2; }));
    }
  }
  return counts;
}

// Core and reachability distances from the rows' nearest neighbours,
// widening the search for the rows whose reachability the first k do not
// settle (a row farther than the k-th cannot lower it below that distance).
DensityScores density_scores(const NeighborIndex& index, const MatrixView& X, int min_samples, double max_eps) {
  const int64_t n = X.n_rows;
  DensityScores s;
  s.reachability.assign(static_cast<size_t>(n), std::numeric_limits<double>::infinity());
  int k = static_cast<int>(std::min<int64_t>(n, std::max(min_samples + 1, 16)));
  KnnResult found = index.search(X, k);
  s.core.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) s.core[static_cast<size_t>(i)] = found.dists(i)[min_samples - 1];
  std::vector<int64_t> pending(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) pending[static_cast<size_t>(i)] = i;
  while (!pending.empty()) {
    std::vector<int64_t> unsettled;
    for (size_t q = 0; q < pending.size(); ++q) {
      const int64_t i = pending[q];
      const int64_t* nb = found.neighbors(static_cast<int64_t>(q));
      const float* dist = found.dists(static_cast<int64_t>(q));
      double best = std::numeric_limits<double>::infinity();
      for (int j = 0; j < k; ++j)
        if (nb[j] != i) best = std::min(best, std::max(s.core[static_cast<size_t>(nb[j])], static_cast<double>(dist[j])));
      s.reachability[static_cast<size_t>(i)] = best;
      if (k < n && best > dist[k - 1]) unsettled.push_back(i);
    }
    if (unsettled.empty()) break;
    k = static_cast<int>(std::min<int64_t>(n, int64_t{4} * k));
    pending = unsettled;
    const Matrix queries = gather_rows(X, pending);
    found = index.search(queries.view(), k);
  }
  s.within_eps = counts_within(X, max_eps);
  return s;
}

double finite_mean(const std::vector<double>& v) {
  double sum = 0.0;
  int64_t n = 0;
  for (double x : v)
    if (std::isfinite(x)) sum += x, ++n;
  return n > 0 ? sum / static_cast<double>(n) : 0.0;
}

double largest(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

}  // namespace

SMOBD::SMOBD(const ParamValues& params)
    : SmoteBase(params, "min_samples"), eta1_(params.get_float("eta1")), t_(params.get_float("t")),
      max_eps_(params.get_float("max_eps")) {}

std::vector<ParamSpec> SMOBD::param_specs() {
  return sampler_params(
      true, {smobd_float("eta1", "0.5", 0.0, 1.0, "Weight of the core distance in the density (the rest: the count "
                                                 "of rows within max_eps)."),
             smobd_float("t", "1.8", 0.0, std::nullopt,
                         "Noise: core and reachability distances both above t times their mean."),
             k_neighbors_spec(5, "min_samples",
                              "OPTICS' min_samples (core distance), and the nearest rows new rows are drawn towards."),
             smobd_float("max_eps", "1.0", 0.0, std::nullopt, "Radius within which rows are counted for the density."),
             knn_param_spec()});
}

Resampled SMOBD::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out = keep_all_rows(data);
  density_.clear();
  const auto rows_of = data.class_rows(plan.targeted_classes());
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    const std::string name = msg("class '", classes().name(c), "'");
    const Matrix X_class = gather_rows(data.X, rows_of[static_cast<size_t>(c)]);
    const int64_t m = X_class.n_rows();
    // As smote-variants: OPTICS' min_samples at most m - 1, the neighbours min_samples.
    const int k = k_neighbors_;
    const auto index = fit_index(X_class.view(), k, name, k_name_);
    const int min_samples = static_cast<int>(std::min<int64_t>(k, m - 1));
    const DensityScores s = density_scores(*index, X_class.view(), min_samples, max_eps_);

    const double core_cut = t_ * finite_mean(s.core), reach_cut = t_ * finite_mean(s.reachability);
    const double core_max = std::max(largest(s.core), 1e-8), count_max = largest(s.within_eps);
    std::vector<double>& density = density_[c];
    density.resize(static_cast<size_t>(m));
    double total = 0.0;
    for (size_t i = 0; i < density.size(); ++i) {
      const bool noise = s.core[i] > core_cut && s.reachability[i] > reach_cut;
      const double value = eta1_ * s.core[i] / core_max + (1.0 - eta1_) * s.within_eps[i] / count_max;
      total += density[i] = noise || !std::isfinite(value) ? 0.0 : value;
    }
    if (total <= 0.0) {
      warning(msg("every row of class ", classes().label_text(c), " counts as noise at t=", t_,
                  " (both its distances above t x the class's mean), so its rows are drawn uniformly, outliers "
                  "included; a larger t marks fewer rows as noise"));
      std::fill(density.begin(), density.end(), 1.0), total = static_cast<double>(m);
    }
    for (double& v : density) v /= total;

    const std::vector<int64_t> nn = nearest(*index, X_class.view(), k);
    const WeightedDraw draw(density);
    std::vector<int64_t> bases(static_cast<size_t>(n_new));
    for (auto& b : bases) b = draw(rng);
    make_samples_from_rows({X_class.view(), X_class.view(), nn.data(), k, 1.0}, bases, c, rng, out);
  }
  return out;
}

void register_smobd(SamplerRegistry& registry) {
  registry.add({"smobd",
                {"SMOBD"},
                "over",
                "SMOBD: SMOTE from rows drawn by an OPTICS density, outliers (noise) never drawn.",
                SMOBD::param_specs(),
                [](const ParamValues& p) { return std::make_unique<SMOBD>(p); }});
}

}  // namespace smrt
