#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "../../src/neighbors/locality_order.h"
#include "smrt/core/matrix.h"
#include "smrt/core/rng.h"

namespace {

// Rows alternate between clusters far apart (row i in cluster i % n_clusters):
// a locality order must bring each cluster's rows together.
smrt::Matrix interleaved_clusters(int64_t n, int64_t d, int64_t n_clusters, uint64_t seed) {
  smrt::Matrix X(n, d);
  smrt::Rng rng(seed);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < d; ++j)
      X.row(i)[j] = static_cast<float>((j == 0 ? 100.0 * static_cast<double>(i % n_clusters) : 0.0) + rng.normal());
  return X;
}

TEST(LocalityOrder, IsAPermutationThatKeepsClustersTogether) {
  const int64_t n = 3000, n_clusters = 2;  // 15 pivots: each cluster gets some
  const smrt::Matrix X = interleaved_clusters(n, 6, n_clusters, 7);
  const std::vector<int64_t> order = smrt::knn::locality_order(X.view(), 192, 32, 256);
  ASSERT_EQ(static_cast<int64_t>(order.size()), n);
  EXPECT_EQ(std::set<int64_t>(order.begin(), order.end()).size(), static_cast<size_t>(n));
  EXPECT_EQ(*std::min_element(order.begin(), order.end()), 0);
  EXPECT_EQ(*std::max_element(order.begin(), order.end()), n - 1);
  // Groups (about n / 192 of them, each a run of positions) never straddle
  // clusters 100 apart, so the cluster changes only between groups; in index
  // order it changes at every row.
  int64_t cluster_changes = 0;
  for (int64_t p = 1; p < n; ++p)
    cluster_changes += order[static_cast<size_t>(p)] % n_clusters != order[static_cast<size_t>(p - 1)] % n_clusters;
  EXPECT_GE(cluster_changes, 1);
  EXPECT_LE(cluster_changes, n / 192 - 1);
}

TEST(LocalityOrder, FewRowsKeepIndexOrder) {
  const smrt::Matrix X = interleaved_clusters(100, 3, 2, 8);
  const std::vector<int64_t> order = smrt::knn::locality_order(X.view(), 192, 32, 256);
  for (int64_t p = 0; p < 100; ++p) EXPECT_EQ(order[static_cast<size_t>(p)], p);
}

}  // namespace
