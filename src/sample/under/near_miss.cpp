#include "smrt/sample/under/near_miss.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "smrt/core/threads.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"
#include "smrt/sample/under/neighbourhood.h"
#include "../numpy_sum.h"

namespace smrt {
namespace {

// Euclidean distance in double, the squares summed column by column (as
// scikit-learn's KD-tree does).
double distance(const float* a, const float* b, int64_t d) {
  double s = 0.0;
  for (int64_t j = 0; j < d; ++j) {
    const double t = static_cast<double>(a[j]) - static_cast<double>(b[j]);
    s += t * t;
  }
  return std::sqrt(s);
}

// Sum of the distances to the `k` nearest rows of `fitted` (indexed by
// `index`) for each query row, in double and in numpy's order of additions:
// the rows are ranked by these sums, and equal sums keep their order.
std::vector<double> nearest_distance_sums(const NeighborIndex& index, const MatrixView& fitted,
                                          const MatrixView& queries, int k) {
  const KnnResult r = index.search(queries, k);
  std::vector<double> sums(static_cast<size_t>(queries.n_rows), 0.0);
  std::vector<double> dist(static_cast<size_t>(k));
  for (int64_t q = 0; q < queries.n_rows; ++q) {
    for (int j = 0; j < k; ++j)
      dist[static_cast<size_t>(j)] = distance(queries.row(q), fitted.row(r.neighbors(q)[j]), queries.n_cols);
    sums[static_cast<size_t>(q)] = numpy_sum(dist.data(), k);
  }
  return sums;
}

// Sum of the distances to the `k` farthest rows of `targets` for each query
// row (NearMiss-2: imblearn asks kneighbors for every minority row and sums
// the last k columns, ascending).
std::vector<double> farthest_distance_sums(const MatrixView& queries, const MatrixView& targets, int k) {
  std::vector<double> sums(static_cast<size_t>(queries.n_rows), 0.0);
#pragma omp parallel num_threads(num_threads()) if (queries.n_rows * targets.n_rows > 100000)
  {
    std::vector<double> dist(static_cast<size_t>(targets.n_rows));
#pragma omp for schedule(static)
    for (int64_t q = 0; q < queries.n_rows; ++q) {
      for (int64_t t = 0; t < targets.n_rows; ++t)
        dist[static_cast<size_t>(t)] = distance(queries.row(q), targets.row(t), queries.n_cols);
      const auto farthest = dist.begin() + (targets.n_rows - k);
      std::nth_element(dist.begin(), farthest, dist.end());
      std::sort(farthest, dist.end());  // the k largest, ascending
      sums[static_cast<size_t>(q)] = numpy_sum(&*farthest, k);
    }
  }
  return sums;
}

// Positions 0..n-1 ordered by `key` (stably, as Python's sorted), the first `take`.
std::vector<int64_t> select_by_key(const std::vector<double>& key, int64_t take, bool largest_first) {
  std::vector<int64_t> order(key.size());
  std::iota(order.begin(), order.end(), int64_t{0});
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return largest_first ? key[static_cast<size_t>(a)] > key[static_cast<size_t>(b)]
                         : key[static_cast<size_t>(a)] < key[static_cast<size_t>(b)];
  });
  order.resize(static_cast<size_t>(std::min<int64_t>(take, static_cast<int64_t>(order.size()))));
  return order;
}

}  // namespace

std::vector<ParamSpec> NearMiss::param_specs() {
  ParamSpec version = positive_int_param("version", 1, "NearMiss heuristic: 1, 2 or 3.");
  version.max = 3;
  return sampler_params(false, {version,
                                positive_int_param("n_neighbors", 3, "Minority neighbours averaged for each row."),
                                positive_int_param("n_neighbors_ver3", 3,
                                                   "Version 3: rows of the class nearest each minority row that are candidates."),
                                knn_param_spec()});
}

NearMiss::NearMiss(const ParamValues& params)
    : Sampler(params),
      version_(static_cast<int>(params.get_int("version"))),
      n_neighbors_(static_cast<int>(params.get_int("n_neighbors"))),
      n_neighbors_ver3_(static_cast<int>(params.get_int("n_neighbors_ver3"))),
      knn_(params.get_string("knn")) {}

Resampled NearMiss::resample(const DataView& data, const SamplingPlan& plan, Rng& /*rng*/) {
  const auto by_class = data.class_rows();
  const int32_t minority = first_seen_minority(data);
  const auto& minority_rows = by_class[static_cast<size_t>(minority)];
  // Versions 1 and 3 search the n_neighbors nearest minority rows; version 2
  // sorts all of them and sums the last n_neighbors (all when there are fewer).
  SMRT_THROW_IF_NOT(ParameterError, version_ == 2 || n_neighbors_ <= static_cast<int64_t>(minority_rows.size()),
                    "NearMiss: n_neighbors=", n_neighbors_, " exceeds the ", minority_rows.size(),
                    " rows of the minority class '", classes().name(minority), "'");
  const Matrix minority_X = gather_rows(data.X, minority_rows);
  auto minority_index = make_sampler_index(knn_);
  minority_index->fit(minority_X.view());

  Resampled out;
  for (int32_t c = 0; c < data.n_classes; ++c) {
    const auto& rows = by_class[static_cast<size_t>(c)];
    if (!plan.targets(c)) {
      out.sample_indices.insert(out.sample_indices.end(), rows.begin(), rows.end());
      continue;
    }
    const int64_t keep = plan.n_to_keep(c);
    const Matrix class_X = gather_rows(data.X, rows);
    std::vector<int64_t> candidates(rows.size());  // positions in `rows`
    std::iota(candidates.begin(), candidates.end(), int64_t{0});
    std::vector<int64_t> chosen;
    if (version_ == 1) {
      chosen = select_by_key(nearest_distance_sums(*minority_index, minority_X.view(), class_X.view(), n_neighbors_), keep, false);
    } else if (version_ == 2) {
      const auto farthest = static_cast<int>(std::min<int64_t>(n_neighbors_, minority_X.n_rows()));
      chosen = select_by_key(farthest_distance_sums(class_X.view(), minority_X.view(), farthest), keep, false);
    } else {
      SMRT_THROW_IF_NOT(ParameterError, n_neighbors_ver3_ <= static_cast<int64_t>(rows.size()),
                        "NearMiss: n_neighbors_ver3=", n_neighbors_ver3_, " exceeds the ", rows.size(), " rows of class '",
                        classes().name(c), "'");
      auto class_index = make_sampler_index(knn_);
      class_index->fit(class_X.view());
      const KnnResult near = class_index->search(minority_X.view(), n_neighbors_ver3_);
      candidates.assign(near.indices.begin(), near.indices.end());
      std::sort(candidates.begin(), candidates.end());
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
      const Matrix candidate_X = gather_rows(class_X.view(), candidates);
      chosen = select_by_key(nearest_distance_sums(*minority_index, minority_X.view(), candidate_X.view(), n_neighbors_), keep, true);
    }
    for (int64_t p : chosen) out.sample_indices.push_back(rows[static_cast<size_t>(candidates[static_cast<size_t>(p)])]);
  }
  return out;
}

void register_near_miss(SamplerRegistry& registry) {
  registry.add({"nearmiss",
                {"NearMiss", "near_miss"},
                "under",
                "NearMiss 1, 2 or 3: keep the rows of the larger classes that lie nearest the minority class.",
                NearMiss::param_specs(),
                [](const ParamValues& p) { return std::make_unique<NearMiss>(p); }});
}

}  // namespace smrt
