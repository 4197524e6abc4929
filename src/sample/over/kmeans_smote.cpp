#include "smrt/sample/over/kmeans_smote.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "smrt/core/class_index.h"
#include "smrt/core/rng.h"
#include "smrt/core/error.h"
#include "smrt/core/threads.h"
#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"
#include "../column_distances.h"

namespace smrt {
namespace {

// "auto" or a number; errors name the parameter.
std::optional<double> auto_or_number(const ParamValues& params, const std::string& name) {
  const std::string& text = params.get_string(name);
  if (text == "auto") return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  SMRT_THROW_IF_NOT(ParameterError, end && *end == '\0' && !text.empty() && std::isfinite(v), name, "='", text,
                    "' is not valid; use 'auto' or a number");
  return v;
}

// imbalanced-learn's cluster sparsity, mean pairwise distance ^ exponent / rows,
// and its logarithm, which stays finite where the power overflows double (the
// auto exponent is 50 at 100,000 rows) and is -inf for identical rows (mean 0).
struct Sparsity {
  double value;
  double log;
};

Sparsity cluster_sparsity(const Matrix& X, std::optional<double> density_exponent) {
  const int64_t m = X.n_rows();
  double scale = 1.0;  // tiny values: measured on an exactly scaled copy, where float squares do not underflow
  const Matrix scaled = scaled_if_tiny(X.view(), &scale);
  const double sum = 2.0 * FloatColumns(scale == 1.0 ? X.view() : scaled.view()).pairwise_distance_sum() / scale;
  const double mean = sum / static_cast<double>(m * m - m);
  const double exponent = density_exponent ? *density_exponent
                                           : std::pow(std::log(static_cast<double>(m)) / std::log(1.6), 1.8) * 0.16;
  const double log_power = exponent == 0 ? 0.0 : exponent * std::log(mean);  // 0^0 is 1, as numpy has it
  return {std::pow(mean, exponent) / static_cast<double>(m), log_power - std::log(static_cast<double>(m))};
}

// Each cluster's share of the rows to add: its sparsity over their sum, as
// imbalanced-learn computes it where that is defined. Where it divides 0 by 0
// (every cluster's rows identical) or overflows, the limit: the sparsest
// clusters share equally, the others in proportion to them.
std::vector<double> cluster_weights(const std::vector<Sparsity>& sparsity) {
  std::vector<double> w(sparsity.size());
  double sum = 0.0;
  for (size_t v = 0; v < w.size(); ++v) sum += w[v] = sparsity[v].value;
  if (!(sum > 0 && std::isfinite(sum))) {
    double top = -std::numeric_limits<double>::infinity();
    for (const Sparsity& s : sparsity) top = std::max(top, s.log);
    sum = 0.0;
    for (size_t v = 0; v < w.size(); ++v)
      sum += w[v] = std::isinf(top) ? (sparsity[v].log == top ? 1.0 : 0.0) : std::exp(sparsity[v].log - top);
  }
  for (double& x : w) x /= sum;
  return w;
}

}  // namespace

KMeansSMOTE::KMeansSMOTE(const ParamValues& params)
    : SmoteBase(params), n_clusters_(params.is_none("kmeans_estimator") ? 8 : static_cast<int>(params.get_int("kmeans_estimator"))),
      balance_threshold_(auto_or_number(params, "cluster_balance_threshold")),
      density_exponent_(auto_or_number(params, "density_exponent")) {}

std::vector<ParamSpec> KMeansSMOTE::param_specs() {
  ParamSpec clusters;
  clusters.name = "kmeans_estimator";
  clusters.type = ParamType::Int;
  clusters.default_value = "None";
  clusters.nullable = true;
  clusters.min = 1;
  clusters.doc = "Number of k-means clusters (None: 8, as MiniBatchKMeans' default).";
  ParamSpec threshold;
  threshold.name = "cluster_balance_threshold";
  threshold.type = ParamType::String;
  threshold.default_value = "auto";
  threshold.doc = "Smallest share of the class in a cluster for it to get rows: 'auto' (rows to add / total to add "
                  "/ 2) or a number.";
  ParamSpec exponent;
  exponent.name = "density_exponent";
  exponent.type = ParamType::String;
  exponent.default_value = "auto";
  exponent.doc = "Exponent of the mean distance in a cluster's sparsity: 'auto' (log_1.6(rows)^1.8 x 0.16) or a number.";
  return sampler_params(true, {k_neighbors_spec(2), clusters, threshold, exponent, knn_param_spec()});
}

Resampled KMeansSMOTE::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out = keep_all_rows(data);
  int64_t total_to_add = 0;
  for (int32_t c : plan.targeted_classes()) total_to_add += plan.n_to_add(c);
  std::vector<int32_t> clusters;
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    if (clusters.empty()) clusters = kmeans_labels(data.X, n_clusters_, rng);
    std::vector<std::vector<int64_t>> class_rows(static_cast<size_t>(n_clusters_));
    std::vector<int64_t> sizes(static_cast<size_t>(n_clusters_), 0);
    for (int64_t i = 0; i < data.n_rows(); ++i) {
      ++sizes[static_cast<size_t>(clusters[static_cast<size_t>(i)])];
      if (data.y[i] == c) class_rows[static_cast<size_t>(clusters[static_cast<size_t>(i)])].push_back(i);
    }
    const double threshold = n_clusters_ == 1 ? -std::numeric_limits<double>::infinity()
                             : balance_threshold_ ? *balance_threshold_
                                                  : static_cast<double>(n_new) / static_cast<double>(total_to_add) / 2.0;
    std::vector<Matrix> valid;
    std::vector<Sparsity> sparsity;
    for (int cl = 0; cl < n_clusters_; ++cl) {
      if (sizes[static_cast<size_t>(cl)] == 0) continue;
      const auto& rows = class_rows[static_cast<size_t>(cl)];
      const double share = static_cast<double>(rows.size()) / static_cast<double>(sizes[static_cast<size_t>(cl)]);
      if (share < threshold || static_cast<double>(rows.size()) < k_neighbors_ + 1) continue;
      valid.push_back(gather_rows(data.X, rows));
      sparsity.push_back(cluster_sparsity(valid.back(), density_exponent_));
    }
    SMRT_THROW_IF_NOT(DataError, !valid.empty(), "KMeansSMOTE: no cluster has enough rows of class '",
                      classes().name(c), "'; lower cluster_balance_threshold or raise kmeans_estimator");
    const std::vector<double> weight = cluster_weights(sparsity);
    std::vector<int64_t> n_cluster(valid.size());
    int64_t n_class = 0;
    for (size_t v = 0; v < valid.size(); ++v)
      n_class += n_cluster[v] = static_cast<int64_t>(std::ceil(static_cast<double>(n_new) * weight[v]));
    // One allocation for the class's rows: growing cluster by cluster copied
    // (and faulted in) the output several times.
    out.synthetic.reserve_rows(out.synthetic.n_rows() + n_class);
    out.synthetic_y.reserve(out.synthetic_y.size() + static_cast<size_t>(n_class));
    for (size_t v = 0; v < valid.size(); ++v) {
      smote_within(valid[v].view(), n_cluster[v], c, "a cluster", rng, out);
    }
  }
  return out;
}

void register_kmeans_smote(SamplerRegistry& registry) {
  registry.add({"kmeans_smote",
                {"KMeansSMOTE", "kmeans-smote"},
                "over",
                "K-Means SMOTE: SMOTE inside k-means clusters where the class is frequent, more in sparse ones.",
                KMeansSMOTE::param_specs(),
                [](const ParamValues& p) { return std::make_unique<KMeansSMOTE>(p); }});
}

}  // namespace smrt
