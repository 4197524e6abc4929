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

double sq_dist(const float* a, const float* b, int64_t d) {
  double s = 0.0;
  for (int64_t j = 0; j < d; ++j) {
    const double diff = static_cast<double>(a[j]) - b[j];
    s += diff * diff;
  }
  return s;
}

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

// imbalanced-learn's cluster sparsity: mean pairwise distance ^ exponent / rows.
double cluster_sparsity(const Matrix& X, std::optional<double> density_exponent) {
  const int64_t m = X.n_rows();
  const ColumnCopy rows(X.view());  // one row's distances to all later rows vectorise
  std::vector<double> row_sums(static_cast<size_t>(m), 0.0);
#pragma omp parallel for schedule(dynamic, 16) num_threads(num_threads())
  for (int64_t i = 0; i < m; ++i) row_sums[static_cast<size_t>(i)] = rows.distance_sum(i, i + 1);
  double sum = 0.0;  // in row order: the same total whatever the threads
  for (double s : row_sums) sum += 2.0 * s;
  const double mean = sum / static_cast<double>(m * m - m);
  const double exponent = density_exponent ? *density_exponent
                                           : std::pow(std::log(static_cast<double>(m)) / std::log(1.6), 1.8) * 0.16;
  return std::pow(mean, exponent) / static_cast<double>(m);
}

}  // namespace

namespace {

// Nearest centre of every row (the lowest index on a tie), from
// ||c||^2 - 2 x.c in floats (enough for clustering). The centres are
// transposed in blocks of 8 (two SSE vectors, one AVX one) and four rows go
// through a block together, so the 4 sums of products do not wait on each
// other; padding centres get an infinite norm. Built for AVX-512, AVX2 and any
// x86-64; the loader picks the widest the CPU runs.
__attribute__((target_clones("avx512f", "avx2", "default")))
void assign_to_centers(const MatrixView& rows, const Matrix& centers, std::vector<int32_t>& labels) {
  constexpr int64_t kLanes = 8, kRows = 4;
  using Lanes = float __attribute__((vector_size(kLanes * sizeof(float))));
  const int64_t k = centers.n_rows(), d = centers.n_cols(), n = rows.n_rows;
  const int64_t n_blocks = (k + kLanes - 1) / kLanes;
  // Plain floats, loaded with memcpy: std::vector does not over-align a vector type's buffer.
  std::vector<float> by_column(static_cast<size_t>(n_blocks * d * kLanes));
  std::vector<float> norms(static_cast<size_t>(n_blocks * kLanes), std::numeric_limits<float>::infinity());
  for (int64_t c = 0; c < n_blocks * kLanes; ++c) {
    float norm = 0.0f;
    for (int64_t j = 0; j < d; ++j) {
      const float v = c < k ? centers(c, j) : 0.0f;
      by_column[static_cast<size_t>(((c / kLanes) * d + j) * kLanes + c % kLanes)] = v;
      norm += v * v;
    }
    if (c < k) norms[static_cast<size_t>(c)] = norm;
  }
  labels.resize(static_cast<size_t>(n));
#pragma omp parallel for schedule(static) num_threads(num_threads())
  for (int64_t i0 = 0; i0 < n; i0 += kRows) {
    const float* x[kRows];
    for (int64_t r = 0; r < kRows; ++r) x[r] = rows.row(std::min(i0 + r, n - 1));  // the last group repeats a row
    float best[kRows];
    int32_t best_c[kRows] = {};
    for (int64_t r = 0; r < kRows; ++r) best[r] = std::numeric_limits<float>::infinity();
    for (int64_t b = 0; b < n_blocks; ++b) {
      Lanes acc[kRows] = {};
      const float* block = by_column.data() + b * d * kLanes;
      for (int64_t j = 0; j < d; ++j) {
        Lanes column;
        std::memcpy(&column, block + j * kLanes, sizeof column);
        for (int64_t r = 0; r < kRows; ++r) acc[r] += x[r][j] * column;
      }
      for (int64_t r = 0; r < kRows; ++r)
        for (int64_t l = 0; l < kLanes; ++l) {
          const float dist = norms[static_cast<size_t>(b * kLanes + l)] - 2.0f * acc[r][l];
          if (dist < best[r]) best[r] = dist, best_c[r] = static_cast<int32_t>(b * kLanes + l);
        }
    }
    for (int64_t r = 0; r < kRows && i0 + r < n; ++r) labels[static_cast<size_t>(i0 + r)] = best_c[r];
  }
}

}  // namespace

std::vector<int32_t> kmeans_labels(const MatrixView& X, int k, Rng& rng) {
  const int64_t n = X.n_rows, d = X.n_cols;
  SMRT_THROW_IF_NOT(ParameterError, k >= 1 && k <= n, "kmeans_estimator=", k, " clusters needs at least ", k,
                    " rows, got ", n);
  // Centres are fitted on a random sample (as a mini-batch k-means sees a
  // part of the data), then every row is assigned once.
  constexpr int64_t kSample = 16384;
  std::vector<int64_t> sample(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) sample[static_cast<size_t>(i)] = i;
  if (n > kSample) {
    shuffle(sample.data(), n, rng);
    sample.resize(kSample);
  }
  const Matrix S = gather_rows(X, sample);
  const int64_t m = S.n_rows();
  // k-means++ start.
  Matrix centers(k, d);
  std::vector<double> closest(static_cast<size_t>(m), std::numeric_limits<double>::infinity());
  int64_t pick = static_cast<int64_t>(rng.below(static_cast<uint64_t>(m)));
  for (int c = 0; c < k; ++c) {
    std::copy(S.row(pick), S.row(pick) + d, centers.row(c));
    double total = 0.0;
    for (int64_t i = 0; i < m; ++i) {
      closest[static_cast<size_t>(i)] = std::min(closest[static_cast<size_t>(i)], sq_dist(S.row(i), centers.row(c), d));
      total += closest[static_cast<size_t>(i)];
    }
    if (total <= 0) break;
    double target = rng.uniform() * total;
    for (pick = 0; pick < m - 1; ++pick) {
      target -= closest[static_cast<size_t>(pick)];
      if (target < 0) break;
    }
  }
  // Stop when the centres move less than 1e-4 x the mean feature variance
  // (scikit-learn's tol): boundary rows can otherwise swap for many rounds.
  double tolerance = 0.0;
  for (int64_t j = 0; j < d; ++j) {
    double sum = 0.0, sum_sq = 0.0;
    for (int64_t i = 0; i < m; ++i) sum += S(i, j), sum_sq += static_cast<double>(S(i, j)) * S(i, j);
    const double mean = sum / static_cast<double>(m);
    tolerance += std::max(0.0, sum_sq / static_cast<double>(m) - mean * mean);
  }
  tolerance *= 1e-4 / static_cast<double>(d);
  std::vector<int32_t> labels(static_cast<size_t>(m), -1), previous;
  bool converged = false;
  for (int round = 0; round < 100; ++round) {
    previous.swap(labels);
    assign_to_centers(S.view(), centers, labels);
    converged = labels == previous;
    if (converged) break;
    std::vector<double> sums(static_cast<size_t>(k * d), 0.0);
    std::vector<int64_t> counts(static_cast<size_t>(k), 0);
    for (int64_t i = 0; i < m; ++i) {
      const int32_t c = labels[static_cast<size_t>(i)];
      ++counts[static_cast<size_t>(c)];
      for (int64_t j = 0; j < d; ++j) sums[static_cast<size_t>(c * d + j)] += S(i, j);
    }
    double shift = 0.0;  // squared movement of all centres
    for (int c = 0; c < k; ++c)
      if (counts[static_cast<size_t>(c)] > 0)  // an empty cluster keeps its centre
        for (int64_t j = 0; j < d; ++j) {
          const auto moved = static_cast<float>(sums[static_cast<size_t>(c * d + j)] /
                                                static_cast<double>(counts[static_cast<size_t>(c)]));
          shift += (static_cast<double>(moved) - centers(c, j)) * (static_cast<double>(moved) - centers(c, j));
          centers(c, j) = moved;
        }
    if (shift <= tolerance) break;  // scikit-learn's KMeans criterion; the rows are assigned again below
  }
  if (converged && m == n) return labels;  // no sample was drawn: S is X, in order, and labels fit the centres
  std::vector<int32_t> all;
  assign_to_centers(X, centers, all);
  return all;
}

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
    std::vector<double> sparsity;
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
    double sum = 0.0;
    for (double s : sparsity) sum += s;
    for (size_t v = 0; v < valid.size(); ++v) {
      const auto n_cluster = static_cast<int64_t>(std::ceil(static_cast<double>(n_new) * sparsity[v] / sum));
      const auto nn = nearest(valid[v].view(), valid[v].view(), k_neighbors_, "a cluster");
      make_samples({valid[v].view(), valid[v].view(), nn.data(), k_neighbors_, 1.0}, n_cluster, c, rng, out);
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
