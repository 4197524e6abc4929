// knn=hnsw: FAISS's graph finds nearly all of the exact neighbours, excludes
// the row itself in search_self and reports exact distances in order.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <memory>
#include <cmath>
#include <set>
#include <vector>

#include "../../src/neighbors/l2_kernel.h"
#include "smrt/core/system_info.h"
#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "smrt/core/threads.h"
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
  EXPECT_EQ(smrt::make_neighbor_index("hnsw")->engine(), "hnsw");
  auto hnsw = std::make_unique<smrt::HnswIndex>(16, 64, 64, 1000);  // 3 graphs (3,000 rows would be one exact scan)
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

// FAISS inserts rows into a graph in parallel in a schedule-dependent order;
// smrt builds each shard's graph on one thread, so that a run can be repeated
// with any thread count. With small shards (1,000 rows: 6 graphs) the merged
// answers keep their recall.
TEST(HnswIndex, ShardsGiveTheSameNeighboursWhateverTheThreadsAndKeepRecall) {
  if (!smrt::hnsw_available()) GTEST_SKIP() << "built without FAISS";
  const smrt::Matrix data = random_matrix(6000, 8, 5);
  smrt::ExactIndex exact;
  exact.fit(data.view());
  const auto truth = exact.search_self(5);
  for (const int64_t shard_rows : {int64_t{1000}, smrt::HnswIndex::kDefaultShardRows}) {
    std::vector<int64_t> first;
    for (int run = 0; run < 4; ++run) {
      smrt::set_num_threads(run % 2 == 0 ? 2 : 1);
      smrt::HnswIndex hnsw(16, 64, 64, shard_rows);
      hnsw.fit(data.view());
      EXPECT_EQ(omp_get_max_threads(), run % 2 == 0 ? 2 : 1) << "the build leaves the thread setting as it was";
      const auto result = hnsw.search_self(5);
      if (run == 0) first = result.indices;
      else EXPECT_EQ(result.indices, first) << "run " << run << ", shards of " << shard_rows;
    }
    int64_t found = 0;
    for (int64_t q = 0; q < truth.n_queries; ++q) {
      const std::set<int64_t> want(truth.neighbors(q), truth.neighbors(q) + 5);
      for (int j = 0; j < 5; ++j) found += want.count(first[static_cast<size_t>(q * 5 + j)]);
    }
    EXPECT_GE(static_cast<double>(found) / (truth.n_queries * 5), 0.97) << "shards of " << shard_rows;
  }
  smrt::set_num_threads(0);
}

// A table of at most one shard is scanned exactly: the same answers as the exact engine.
TEST(HnswIndex, ATableOfOneShardIsSearchedExactly) {
  const smrt::Matrix data = random_matrix(2000, 6, 9);
  auto hnsw = smrt::make_neighbor_index("hnsw");
  hnsw->fit(data.view());
  smrt::ExactIndex exact;
  exact.fit(data.view());
  EXPECT_EQ(hnsw->search_self(4).indices, exact.search_self(4).indices);
  EXPECT_EQ(hnsw->search(data.view(), 3).indices, exact.search(data.view(), 3).indices);
}

// The graph's distances come from these kernels: each one this CPU runs must
// agree with a double-precision sum for every row length, tails included.
TEST(HnswIndex, EverySquaredDistanceKernelThisCpuRunsMatchesDoubles) {
  const smrt::CpuFeatures cpu = smrt::detect_cpu();
  std::vector<smrt::knn::L2Kernel> kernels = {smrt::knn::l2_kernel_generic(), smrt::knn::l2_kernel()};
  if (cpu.avx2 && cpu.fma) kernels.push_back(smrt::knn::l2_kernel_avx2());
  if (cpu.avx512f && cpu.fma) kernels.push_back(smrt::knn::l2_kernel_avx512());
  smrt::Rng rng(7);
  for (const auto& kernel : kernels)
    for (int64_t d = 0; d <= 70; ++d) {
      std::vector<float> a(static_cast<size_t>(d) + 1), b(a.size());
      for (size_t p = 0; p < a.size(); ++p) {
        a[p] = static_cast<float>(rng.normal() * 3.0);
        b[p] = static_cast<float>(rng.normal() * 3.0);
      }
      double want = 0.0;
      for (int64_t p = 0; p < d; ++p) {
        const double diff = double{a[static_cast<size_t>(p)]} - b[static_cast<size_t>(p)];
        want += diff * diff;
      }
      EXPECT_NEAR(kernel.distance(a.data(), b.data(), d), want, 1e-5 * (want + 1.0)) << kernel.name << " d=" << d;
    }
}

}  // namespace
