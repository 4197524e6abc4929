// knn=hnsw: FAISS's graph finds nearly all of the exact neighbours, excludes
// the row itself in search_self and reports exact distances in order.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "smrt/neighbors/exact_index.h"
#include "smrt/neighbors/hnsw_index.h"

namespace {

smrt::Matrix random_matrix(int64_t n, int64_t d, uint64_t seed) {
  smrt::Matrix m(n, d);
  smrt::Rng rng(seed);
  for (auto& v : m.storage()) v = static_cast<float>(rng.normal());
  return m;
}

TEST(HnswIndex, RecallIsHighAndSelfIsExcluded) {
  if (!smrt::hnsw_available()) GTEST_SKIP() << "built without FAISS";
  const smrt::Matrix data = random_matrix(3000, 12, 1);
  const int k = 10;
  auto hnsw = smrt::make_neighbor_index("hnsw");
  EXPECT_EQ(hnsw->engine(), "hnsw");
  hnsw->fit(data.view());
  smrt::ExactIndex exact;
  exact.fit(data.view());
  const auto approx = hnsw->search_self(k), truth = exact.search_self(k);
  int64_t found = 0;
  for (int64_t q = 0; q < approx.n_queries; ++q) {
    const std::set<int64_t> want(truth.neighbors(q), truth.neighbors(q) + k);
    for (int j = 0; j < k; ++j) {
      EXPECT_NE(approx.neighbors(q)[j], q);
      found += want.count(approx.neighbors(q)[j]);
      if (j > 0) {
        EXPECT_LE(approx.dists(q)[j - 1], approx.dists(q)[j]);
      }
    }
  }
  EXPECT_GE(static_cast<double>(found) / (approx.n_queries * k), 0.97);
  EXPECT_THROW(hnsw->search(data.view(), 3001), smrt::ParameterError);
}

}  // namespace
