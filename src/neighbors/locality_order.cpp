#include "locality_order.h"

#include <algorithm>

#include "smrt/core/rng.h"
#include "smrt/core/threads.h"

namespace smrt::knn {
namespace {

constexpr uint64_t kPivotSeed = 0x5eed;  // any fixed seed: the order only affects speed

// Reorders rows[0, count) by their nearest of n_groups pivots (random rows of
// the span), index order kept inside each group; returns where each group
// starts (n_groups + 1 bounds).
std::vector<int64_t> group_by_pivots(const MatrixView& data, int64_t* rows, int64_t count, int64_t n_groups, Rng& rng,
                                     bool threaded) {
  const int64_t d = data.n_cols;
  // Pivots transposed (d x n_groups) so that one row's distances to all of
  // them vectorise over the pivots: ||p||^2 - 2 x.p orders them as ||x - p||^2.
  std::vector<float> pivots(static_cast<size_t>(d * n_groups)), pivot_norms(static_cast<size_t>(n_groups), 0.0f);
  for (int64_t g = 0; g < n_groups; ++g) {  // random rows: evenly spaced ones can alias with periodic data
    const float* p = data.row(rows[rng.below(static_cast<uint64_t>(count))]);
    for (int64_t j = 0; j < d; ++j) {
      pivots[static_cast<size_t>(j * n_groups + g)] = p[j];
      pivot_norms[static_cast<size_t>(g)] += p[j] * p[j];
    }
  }
  std::vector<int32_t> group(static_cast<size_t>(count));
#pragma omp parallel num_threads(num_threads()) if (threaded)
  {
    std::vector<float> score(static_cast<size_t>(n_groups));
#pragma omp for schedule(static)
    for (int64_t i = 0; i < count; ++i) {
      const float* x = data.row(rows[i]);
      float* s = score.data();
      std::copy(pivot_norms.begin(), pivot_norms.end(), score.begin());
      for (int64_t j = 0; j < d; ++j) {
        const float minus_2x = -2.0f * x[j];
        const float* pj = pivots.data() + j * n_groups;
#pragma omp simd
        for (int64_t g = 0; g < n_groups; ++g) s[g] += minus_2x * pj[g];
      }
      group[static_cast<size_t>(i)] = static_cast<int32_t>(std::min_element(score.begin(), score.end()) - score.begin());
    }
  }
  // Counting sort by group keeps the order inside each group.
  std::vector<int64_t> start(static_cast<size_t>(n_groups + 1), 0);
  for (int32_t g : group) ++start[static_cast<size_t>(g) + 1];
  for (int64_t g = 0; g < n_groups; ++g) start[static_cast<size_t>(g + 1)] += start[static_cast<size_t>(g)];
  std::vector<int64_t> next(start.begin(), start.end() - 1), sorted(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) sorted[static_cast<size_t>(next[static_cast<size_t>(group[static_cast<size_t>(i)])]++)] = rows[i];
  std::copy(sorted.begin(), sorted.end(), rows);
  return start;
}

}  // namespace

std::vector<int64_t> locality_order(const MatrixView& data, int64_t group_rows, int64_t fine_rows, int64_t max_groups) {
  const int64_t n = data.n_rows;
  std::vector<int64_t> order(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
  const int64_t n_groups = std::clamp<int64_t>(n / std::max<int64_t>(group_rows, 1), 1, max_groups);
  if (n_groups == 1) return order;
  Rng rng(kPivotSeed);
  const std::vector<int64_t> start = group_by_pivots(data, order.data(), n, n_groups, rng, true);
  if (fine_rows <= 0) return order;
  // Inside each group, subgroups of about fine_rows rows.
#pragma omp parallel for schedule(dynamic) num_threads(num_threads())
  for (int64_t g = 0; g < n_groups; ++g) {
    const int64_t first = start[static_cast<size_t>(g)], count = start[static_cast<size_t>(g + 1)] - first;
    if (count < 2 * fine_rows) continue;
    Rng group_rng(kPivotSeed, static_cast<uint64_t>(g) + 1);
    group_by_pivots(data, order.data() + first, count, count / fine_rows, group_rng, false);
  }
  return order;
}

}  // namespace smrt::knn
