#include "smrt/sample/under/cluster_centroids.h"

#include <algorithm>
#include <limits>

#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"
#include "smrt/sample/under/neighbourhood.h"

namespace smrt {
namespace {

double squared_distance(const float* a, const float* b, int64_t d) {
  double s = 0.0;
  for (int64_t j = 0; j < d; ++j) {
    const double t = static_cast<double>(a[j]) - static_cast<double>(b[j]);
    s += t * t;
  }
  return s;
}

// k-means++ seeding: each new centre is a row drawn with probability
// proportional to its squared distance to the nearest centre so far.
Matrix seed_centres(const MatrixView& X, int64_t k, Rng& rng) {
  const int64_t n = X.n_rows;
  Matrix centres(k, X.n_cols);
  std::vector<double> closest(static_cast<size_t>(n), std::numeric_limits<double>::infinity());
  int64_t pick = static_cast<int64_t>(rng.below(static_cast<uint64_t>(n)));
  for (int64_t c = 0; c < k; ++c) {
    std::copy(X.row(pick), X.row(pick) + X.n_cols, centres.row(c));
#pragma omp parallel for schedule(static) if (n * X.n_cols > 100000)
    for (int64_t i = 0; i < n; ++i)
      closest[static_cast<size_t>(i)] = std::min(closest[static_cast<size_t>(i)], squared_distance(X.row(i), centres.row(c), X.n_cols));
    // Summed in row order, not in a parallel reduction: the same total, so
    // the same draw, whatever the thread count.
    double total = 0.0;
    for (double v : closest) total += v;
    if (c + 1 == k) break;
    if (!(total > 0.0)) {  // every row sits on a centre (duplicates): draw uniformly
      pick = static_cast<int64_t>(rng.below(static_cast<uint64_t>(n)));
      continue;
    }
    double target = rng.uniform() * total;
    pick = n - 1;
    for (int64_t i = 0; i < n; ++i) {
      target -= closest[static_cast<size_t>(i)];
      if (target < 0.0) {
        pick = i;
        break;
      }
    }
  }
  return centres;
}

struct Clustering {
  Matrix centres;
  double inertia = 0.0;
};

// Assigns every row to its nearest centre; returns the squared distances' sum.
double assign(const MatrixView& X, const Matrix& centres, std::vector<int64_t>& label) {
  auto index = make_neighbor_index("exact");
  index->fit(centres.view());
  const KnnResult r = index->search(X, 1);
  double inertia = 0.0;
  for (int64_t i = 0; i < X.n_rows; ++i) {
    label[static_cast<size_t>(i)] = r.neighbors(i)[0];
    inertia += static_cast<double>(r.dists(i)[0]) * static_cast<double>(r.dists(i)[0]);
  }
  return inertia;
}

Clustering lloyd(const MatrixView& X, int64_t k, int max_iter, double tol, Rng rng) {
  const int64_t d = X.n_cols;
  Clustering out{seed_centres(X, k, rng), 0.0};
  std::vector<int64_t> label(static_cast<size_t>(X.n_rows));
  std::vector<double> sums(static_cast<size_t>(k * d));
  std::vector<int64_t> sizes(static_cast<size_t>(k));
  for (int it = 0; it < max_iter; ++it) {
    assign(X, out.centres, label);
    std::fill(sums.begin(), sums.end(), 0.0);
    std::fill(sizes.begin(), sizes.end(), 0);
    for (int64_t i = 0; i < X.n_rows; ++i) {
      const auto c = label[static_cast<size_t>(i)];
      ++sizes[static_cast<size_t>(c)];
      for (int64_t j = 0; j < d; ++j) sums[static_cast<size_t>(c * d + j)] += X(i, j);
    }
    double shift = 0.0;
    for (int64_t c = 0; c < k; ++c) {
      if (sizes[static_cast<size_t>(c)] == 0) continue;  // an empty cluster keeps its centre
      for (int64_t j = 0; j < d; ++j) {
        const auto moved = static_cast<float>(sums[static_cast<size_t>(c * d + j)] / static_cast<double>(sizes[static_cast<size_t>(c)]));
        const double step = static_cast<double>(moved) - static_cast<double>(out.centres(c, j));
        shift += step * step;
        out.centres(c, j) = moved;
      }
    }
    if (shift <= tol) break;
  }
  out.inertia = assign(X, out.centres, label);
  return out;
}

}  // namespace

Matrix kmeans_centres(const MatrixView& X, int64_t k, int n_init, int max_iter, double tol, const Rng& rng) {
  SMRT_ASSERT(k >= 1 && k <= X.n_rows, "k=", k, " rows=", X.n_rows);
  // scikit-learn's tolerance: tol times the mean variance of the features.
  double mean_variance = 0.0;
  for (int64_t j = 0; j < X.n_cols; ++j) {
    double mean = 0.0, sq = 0.0;
    for (int64_t i = 0; i < X.n_rows; ++i) mean += X(i, j);
    mean /= static_cast<double>(X.n_rows);
    for (int64_t i = 0; i < X.n_rows; ++i) sq += (X(i, j) - mean) * (X(i, j) - mean);
    mean_variance += sq / static_cast<double>(X.n_rows);
  }
  mean_variance /= static_cast<double>(std::max<int64_t>(X.n_cols, 1));
  Clustering best;
  best.inertia = std::numeric_limits<double>::infinity();
  for (int run = 0; run < n_init; ++run) {
    Clustering c = lloyd(X, k, max_iter, tol * mean_variance, rng.fork(static_cast<uint64_t>(run)));
    if (run == 0 || c.inertia < best.inertia) best = std::move(c);
  }
  return std::move(best.centres);
}

std::vector<ParamSpec> ClusterCentroids::param_specs() {
  ParamSpec voting;
  voting.name = "voting";
  voting.type = ParamType::String;
  voting.default_value = "auto";
  voting.choices = {"auto", "hard", "soft"};
  voting.doc = "'soft': the k-means centres; 'hard': the rows nearest them; 'auto': 'soft' (the data is dense).";
  ParamSpec tol;
  tol.name = "tol";
  tol.type = ParamType::Float;
  tol.default_value = "0.0001";
  tol.min = 0.0;
  tol.doc = "k-means stops when the centres move less than tol x the mean feature variance.";
  return sampler_params(true, {voting,
                               positive_int_param("n_init", 1,
                                                  "k-means runs, the best kept (scikit-learn 1.2 used 10; >= 1.4 uses 1 "
                                                  "for k-means++)."),
                               positive_int_param("max_iter", 300, "Most Lloyd iterations per k-means run."), tol,
                               knn_param_spec()});
}

ClusterCentroids::ClusterCentroids(const ParamValues& params)
    : Sampler(params),
      hard_voting_(params.get_string("voting") == "hard"),
      n_init_(static_cast<int>(params.get_int("n_init"))),
      max_iter_(static_cast<int>(params.get_int("max_iter"))),
      tol_(params.get_float("tol")),
      knn_(params.get_string("knn")) {}

Resampled ClusterCentroids::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  check_float_distance_range(data.X, "cluster_centroids' k-means");
  // A class asked down to 0 rows would be a k-means with 0 clusters, which imbalanced-learn refuses
  // (scikit-learn's KMeans: n_clusters must be >= 1); dropping the class silently is not its meaning.
  for (int32_t c : plan.targeted_classes())
    SMRT_THROW_IF_NOT(ParameterError, plan.n_to_keep(c) > 0, "sampling_strategy asks for 0 rows of class '",
                      classes().name(c), "': ClusterCentroids replaces a class by the centres of a k-means on it, "
                      "which needs at least 1 cluster; ask for at least 1 row (RandomUnderSampler can drop a class)");
  const auto by_class = data.class_rows();
  Resampled out;
  out.synthetic = Matrix(0, data.n_cols());
  // imbalanced-learn's order: class by class (ids are in numpy.unique's
  // order), each class's rows as they were or its centres (hard voting: the
  // rows nearest them), in the centres' order.
  for (int32_t c = 0; c < data.n_classes; ++c) {
    const auto& rows = by_class[static_cast<size_t>(c)];
    if (!plan.targets(c)) {
      out.sample_indices.insert(out.sample_indices.end(), rows.begin(), rows.end());
      continue;
    }
    const int64_t k = plan.n_to_keep(c);
    const Matrix class_X = gather_rows(data.X, rows);
    const Matrix centres = kmeans_centres(class_X.view(), k, n_init_, max_iter_, tol_, rng.fork(static_cast<uint64_t>(c)));
    if (hard_voting_) {
      auto index = make_sampler_index(knn_);
      index->fit(class_X.view());
      const KnnResult nearest = index->search(centres.view(), 1);
      for (int64_t i = 0; i < k; ++i) out.sample_indices.push_back(rows[static_cast<size_t>(nearest.neighbors(i)[0])]);
    } else {
      for (int64_t i = 0; i < k; ++i) {
        out.synthetic.append_row(centres.row(i));
        out.synthetic_y.push_back(c);
        // After the kept rows of the classes before c, not after every kept row.
        out.synthetic_at.push_back(static_cast<int64_t>(out.sample_indices.size()));
      }
    }
  }
  return out;
}

void register_cluster_centroids(SamplerRegistry& registry) {
  registry.add({"cluster_centroids",
                {"ClusterCentroids", "cc"},
                "under",
                "Cluster centroids: replace each larger class by the centres of a k-means on it.",
                ClusterCentroids::param_specs(),
                [](const ParamValues& p) { return std::make_unique<ClusterCentroids>(p); }});
}

}  // namespace smrt
