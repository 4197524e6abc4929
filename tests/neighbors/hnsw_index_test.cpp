// knn=hnsw: FAISS's graph finds nearly all of the exact neighbours, excludes
// the row itself in search_self and reports exact distances in order.
#include <gtest/gtest.h>

#include <algorithm>
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

// FAISS inserts rows into the graph in parallel in a schedule-dependent
// order; smrt builds it on one thread so that a run can be repeated.
TEST(HnswIndex, TheSameDataGivesTheSameGraphWhateverTheThreads) {
  if (!smrt::hnsw_available()) GTEST_SKIP() << "built without FAISS";
  const smrt::Matrix data = random_matrix(6000, 8, 5);
  std::vector<int64_t> first;
  for (int run = 0; run < 4; ++run) {
    smrt::set_num_threads(run % 2 == 0 ? 2 : 1);
    auto hnsw = smrt::make_neighbor_index("hnsw");
    hnsw->fit(data.view());
    const auto result = hnsw->search_self(5);
    if (run == 0) first = result.indices;
    else EXPECT_EQ(result.indices, first) << "run " << run;
  }
  smrt::set_num_threads(0);
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
