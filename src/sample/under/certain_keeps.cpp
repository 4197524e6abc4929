#include "smrt/sample/under/certain_keeps.h"

#include <algorithm>
#include <cmath>

#include "smrt/core/rng.h"
#include "smrt/neighbors/neighbor_index.h"
#include "../column_distances.h"

namespace smrt {
namespace {

constexpr int64_t kGroupSize = 256;  // rows per group, on average
constexpr int kLloydSteps = 1;

// Groups of nearby rows: a few Lloyd steps from evenly drawn seeds (a fixed
// Rng seed, so the grouping and hence the answer never vary between runs).
std::vector<std::vector<int64_t>> nearby_groups(const Matrix& X) {
  const int64_t n = X.n_rows(), d = X.n_cols();
  const int64_t n_groups = std::max<int64_t>(1, n / kGroupSize);
  std::vector<int64_t> order(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
  Rng rng(0x5eed);
  shuffle(order.data(), n, rng);
  Matrix centres(n_groups, d);
  for (int64_t g = 0; g < n_groups; ++g) std::copy(X.row(order[static_cast<size_t>(g)]), X.row(order[static_cast<size_t>(g)]) + d, centres.row(g));
  std::vector<int64_t> label(static_cast<size_t>(n));
  for (int step = 0;; ++step) {
    auto index = make_neighbor_index("exact");
    index->fit(centres.view());
    const KnnResult r = index->search(X.view(), 1);
    for (int64_t i = 0; i < n; ++i) label[static_cast<size_t>(i)] = r.neighbors(i)[0];
    if (step == kLloydSteps) break;
    std::vector<double> sums(static_cast<size_t>(n_groups * d), 0.0);
    std::vector<int64_t> sizes(static_cast<size_t>(n_groups), 0);
    for (int64_t i = 0; i < n; ++i) {
      const int64_t g = label[static_cast<size_t>(i)];
      ++sizes[static_cast<size_t>(g)];
      for (int64_t j = 0; j < d; ++j) sums[static_cast<size_t>(g * d + j)] += X(i, j);
    }
    for (int64_t g = 0; g < n_groups; ++g)
      if (sizes[static_cast<size_t>(g)] > 0)
        for (int64_t j = 0; j < d; ++j)
          centres(g, j) = static_cast<float>(sums[static_cast<size_t>(g * d + j)] / static_cast<double>(sizes[static_cast<size_t>(g)]));
  }
  std::vector<std::vector<int64_t>> groups(static_cast<size_t>(n_groups));
  for (int64_t i = 0; i < n; ++i) groups[static_cast<size_t>(label[static_cast<size_t>(i)])].push_back(i);
  return groups;
}

}  // namespace

bool certain_keeps_pay_off(int64_t n_class, int64_t n_rows) {
  return n_class >= 4 * kGroupSize && 4 * (n_rows - n_class) <= n_rows;
}

std::vector<uint8_t> certainly_kept(const DataView& data, int32_t c, const std::vector<int64_t>& rows, int k) {
  std::vector<uint8_t> sure(rows.size(), 0);
  std::vector<int64_t> others;
  for (int64_t i = 0; i < data.n_rows(); ++i)
    if (data.y[i] != c) others.push_back(i);
  const Matrix X = gather_rows(data.X, rows);

  // Distance from each row to the nearest row of another class.
  std::vector<double> to_other(rows.size(), INFINITY);
  if (!others.empty()) {
    const Matrix other_X = gather_rows(data.X, others);
    auto index = make_neighbor_index("exact");
    index->fit(other_X.view());
    const KnnResult r = index->search(X.view(), 1);
    for (size_t q = 0; q < rows.size(); ++q) to_other[q] = r.dists(static_cast<int64_t>(q))[0];
  }

  // The (k+1)-th smallest distance within the row's group (the row itself,
  // at 0, counts as one): an upper bound on its true (k+1)-th distance
  // among rows of its own class.
  const auto groups = nearby_groups(X);
#pragma omp parallel
  {
    std::vector<double> dist;
    ColumnCopy group;  // the group's rows, so one row's distances to all members vectorise
#pragma omp for schedule(dynamic)
    for (int64_t g = 0; g < static_cast<int64_t>(groups.size()); ++g) {
      const auto& members = groups[static_cast<size_t>(g)];
      const auto m = static_cast<int64_t>(members.size());
      if (m < k + 1) continue;
      group.assign(X.view(), members);
      dist.resize(static_cast<size_t>(m));
      for (int64_t a = 0; a < m; ++a) {
        group.squared_distances(a, 0, dist.data());
        std::nth_element(dist.begin(), dist.begin() + k, dist.end());
        const double kth = std::sqrt(dist[static_cast<size_t>(k)]);
        // The other-class distance went through float: keep a margin well
        // above its rounding (2^-24 relative) and the kernel's.
        const int64_t row = members[static_cast<size_t>(a)];
        sure[static_cast<size_t>(row)] = kth < to_other[static_cast<size_t>(row)] * (1.0 - 1e-5) ? 1 : 0;
      }
    }
  }
  return sure;
}

}  // namespace smrt
