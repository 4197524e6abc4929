// The exact kNN engine: the k nearest by (distance, index) as a brute-force
// double-precision reference finds them, scikit-learn's own order on request
// (checked against the installed scikit-learn), self-exclusion with duplicate
// rows, every kernel this CPU runs, thread-count independence, clear errors;
// the pairwise self-search equals the one-sided one; a far outlier.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "../../src/neighbors/tile_kernel.h"
#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "smrt/core/system_info.h"
#include "smrt/core/threads.h"
#include "smrt/neighbors/exact_index.h"
#include "test_support.h"

namespace {

using smrt::KnnResult;
using smrt::Matrix;

Matrix random_matrix(int64_t n, int64_t d, uint64_t seed, double offset = 0.0) {
  Matrix m(n, d);
  smrt::Rng rng(seed);
  for (auto& v : m.storage()) v = static_cast<float>(offset + rng.normal());
  return m;
}

// Few distinct values: many exact ties and duplicate rows.
Matrix grid_matrix(int64_t n, int64_t d, int levels, uint64_t seed) {
  Matrix m(n, d);
  smrt::Rng rng(seed);
  for (auto& v : m.storage()) v = static_cast<float>(rng.below(static_cast<uint64_t>(levels)));
  return m;
}

// The k nearest rows of `data` to each query by (exact distance, index).
KnnResult brute_force(const Matrix& data, const Matrix& queries, int k) {
  KnnResult out;
  out.n_queries = queries.n_rows();
  out.k = k;
  for (int64_t q = 0; q < queries.n_rows(); ++q) {
    std::vector<std::pair<double, int64_t>> all;
    for (int64_t i = 0; i < data.n_rows(); ++i) {
      double s = 0;
      for (int64_t p = 0; p < data.n_cols(); ++p) {
        const double diff = double(queries(q, p)) - data(i, p);
        s += diff * diff;
      }
      all.emplace_back(s, i);
    }
    std::sort(all.begin(), all.end());
    for (int j = 0; j < k; ++j) {
      out.indices.push_back(all[j].second);
      out.distances.push_back(static_cast<float>(std::sqrt(all[j].first)));
    }
  }
  return out;
}

void expect_same(const KnnResult& got, const KnnResult& want, const std::string& what) {
  ASSERT_EQ(got.n_queries, want.n_queries) << what;
  ASSERT_EQ(got.k, want.k) << what;
  for (size_t i = 0; i < want.indices.size(); ++i) {
    ASSERT_EQ(got.indices[i], want.indices[i]) << what << " at query " << i / want.k << " column " << i % want.k;
    ASSERT_NEAR(got.distances[i], want.distances[i], 1e-5 * (1 + want.distances[i])) << what;
  }
}

TEST(ExactIndex, MatchesBruteForceOnRandomData) {
  struct Shape {
    int64_t n, d;
    int k;
    double offset;
  };
  for (const Shape s : {Shape{1, 1, 1, 0}, Shape{37, 5, 3, 0}, Shape{200, 20, 10, 0}, Shape{513, 33, 7, 0},
                        Shape{100, 3, 100, 0}, Shape{300, 8, 5, 1000.0}}) {
    const Matrix data = random_matrix(s.n, s.d, 1, s.offset), queries = random_matrix(29, s.d, 2, s.offset);
    smrt::ExactIndex index;
    index.fit(data.view());
    expect_same(index.search(queries.view(), s.k), brute_force(data, queries, s.k),
                smrt::msg("n=", s.n, " d=", s.d, " k=", s.k, " offset=", s.offset));
  }
}

TEST(ExactIndex, TiesAndDuplicatesFollowDistanceThenIndex) {
  const Matrix data = grid_matrix(400, 2, 3, 5);  // 9 distinct rows, ~44 copies each
  smrt::ExactIndex index;
  index.fit(data.view());
  for (int k : {1, 5, 50, 120}) expect_same(index.search(data.view(), k), brute_force(data, data, k), smrt::msg("k=", k));
}

// scikit-learn's kneighbors(X=None): k + 1 neighbours, then the row itself
// removed; when duplicates crowd it out, the first neighbour is removed.
KnnResult reference_self(const Matrix& data, int k) {
  const KnnResult full = brute_force(data, data, k + 1);
  KnnResult out;
  out.n_queries = full.n_queries;
  out.k = k;
  for (int64_t q = 0; q < full.n_queries; ++q) {
    int drop = 0;
    for (int j = 0; j <= k; ++j)
      if (full.neighbors(q)[j] == q) {
        drop = j;
        break;
      }
    for (int j = 0; j <= k; ++j)
      if (j != drop) {
        out.indices.push_back(full.neighbors(q)[j]);
        out.distances.push_back(full.dists(q)[j]);
      }
  }
  return out;
}

// One row a thousand times farther out than the rest: the index falls back
// from bfloat16 products (whose margins scale with the largest norm) to a
// float kernel where the CPU has both; either way the answer is exact.
TEST(ExactIndex, ExactWithAFarOutlier) {
  Matrix data = random_matrix(3000, 6, 51);
  for (int64_t p = 0; p < data.n_cols(); ++p) data(17, p) *= 1000.0f;
  const Matrix queries = random_matrix(40, 6, 52);
  smrt::ExactIndex index;
  index.fit(data.view());
  expect_same(index.search(queries.view(), 8), brute_force(data, queries, 8), "far outlier, queries");
  expect_same(index.search_self(8), reference_self(data, 8), "far outlier, search_self");
}

TEST(ExactIndex, SearchSelfExcludesTheRowEvenAmongDuplicates) {
  for (const Matrix& data : {random_matrix(150, 4, 3), grid_matrix(150, 2, 3, 4)}) {
    smrt::ExactIndex index;
    index.fit(data.view());
    for (int k : {1, 3, 20}) {
      const KnnResult got = index.search_self(k);
      expect_same(got, reference_self(data, k), smrt::msg("search_self k=", k));
    }
  }
  // With distinct rows the row itself never appears.
  const Matrix distinct = random_matrix(80, 3, 9);
  smrt::ExactIndex index;
  index.fit(distinct.view());
  const KnnResult r = index.search_self(5);
  for (int64_t q = 0; q < r.n_queries; ++q)
    for (int j = 0; j < 5; ++j) EXPECT_NE(r.neighbors(q)[j], q);
}

TEST(ExactIndex, SameResultWithOneAndTwoThreads) {
  const Matrix data = random_matrix(700, 6, 11), queries = random_matrix(333, 6, 12);
  smrt::ExactIndex index;
  index.fit(data.view());
  smrt::set_num_threads(1);
  const KnnResult one = index.search(queries.view(), 9);
  smrt::set_num_threads(2);
  const KnnResult two = index.search(queries.view(), 9);
  smrt::set_num_threads(0);
  EXPECT_EQ(one.indices, two.indices);
  EXPECT_EQ(one.distances, two.distances);
}

// A search of the fitted rows themselves scans each pair once for both rows
// (from 2,048 rows on); a copy of them goes the one-sided way. Both must give
// the same neighbours in the same order, with either tie order, with 1 or 2
// threads, also among duplicate rows and exact ties.
TEST(ExactIndex, SelfPairSearchEqualsOneSidedSearch) {
  struct Data {
    std::string name;
    Matrix X;
  };
  const std::vector<Data> sets = {{"random", random_matrix(3000, 7, 41)},
                                  {"far from the origin, 20 features", random_matrix(2100, 20, 42, 1000.0)},
                                  {"duplicates", grid_matrix(2500, 2, 3, 43)}};
  for (const auto& set : sets) {
    const Matrix copy = set.X;
    for (const auto order : {smrt::TieOrder::DistanceThenIndex, smrt::TieOrder::SklearnBrute, smrt::TieOrder::Sklearn}) {
      smrt::ExactIndex index(order, 2);
      index.fit(set.X.view());
      for (int k : {1, 6, 40})
        for (int threads : {1, 2}) {
          smrt::set_num_threads(threads);
          const std::string what = smrt::msg(set.name, " k=", k, " threads=", threads,
                                             order == smrt::TieOrder::Sklearn        ? " sklearn order"
                                             : order == smrt::TieOrder::SklearnBrute ? " sklearn brute order"
                                                                                     : "");
          expect_same(index.search(set.X.view(), k), index.search(copy.view(), k), what);
          if (order == smrt::TieOrder::DistanceThenIndex && k == 6 && threads == 2)
            expect_same(index.search_self(k), reference_self(set.X, k), what + " search_self");
        }
    }
  }
  smrt::set_num_threads(0);
}

// Rows so wide that a block's own panels outnumber a cache chunk's (SMOTENC's
// one-hot encoding of a column with hundreds of categories): the self-search
// once wrote past its hit buffer here.
TEST(ExactIndex, WideRowsSelfSearch) {
  for (const int64_t d : {681, 2000}) {
    Matrix X(337, d);
    smrt::Rng rng(static_cast<uint64_t>(d));
    for (int64_t i = 0; i < X.n_rows(); ++i) {
      X(i, 0) = static_cast<float>(rng.normal());
      X(i, 1 + static_cast<int64_t>(rng.below(static_cast<uint64_t>(d - 1)))) = 0.7f;
    }
    smrt::ExactIndex index;
    index.fit(X.view());
    expect_same(index.search(X.view(), 6), brute_force(X, X, 6), smrt::msg("d=", d));
  }
}

TEST(ExactIndex, EveryKernelThisCpuRunsMatchesTheReference) {
  const smrt::CpuFeatures cpu = smrt::detect_cpu();
  EXPECT_TRUE(smrt::knn::tile_kernel_matches_reference(smrt::knn::tile_kernel_generic()));
  if (cpu.avx2 && cpu.fma) {
    EXPECT_TRUE(smrt::knn::tile_kernel_matches_reference(smrt::knn::tile_kernel_avx2()));
  }
  if (cpu.avx512f && cpu.avx512bw && cpu.avx512vl) {
    EXPECT_TRUE(smrt::knn::tile_kernel_matches_reference(smrt::knn::tile_kernel_avx512()));
  }
  EXPECT_NE(std::string(smrt::knn::tile_kernel_description()).find(smrt::knn::tile_kernel().name), std::string::npos);
}

TEST(ExactIndex, BadArgumentsAreClearErrors) {
  const Matrix data = random_matrix(10, 3, 1), wrong = random_matrix(2, 4, 1);
  smrt::ExactIndex index;
  EXPECT_THROW(index.search(data.view(), 1), smrt::ParameterError);  // before fit
  index.fit(data.view());
  EXPECT_THROW(index.search(data.view(), 11), smrt::ParameterError);
  EXPECT_THROW(index.search(data.view(), 0), smrt::ParameterError);
  EXPECT_THROW(index.search_self(10), smrt::ParameterError);
  EXPECT_THROW(index.search(wrong.view(), 1), smrt::ParameterError);
  try {
    index.search(data.view(), 11);
  } catch (const smrt::ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("n_neighbors=11"), std::string::npos) << e.what();
  }
  EXPECT_THROW(smrt::make_neighbor_index("kdtree"), smrt::ParameterError);
  EXPECT_EQ(smrt::make_neighbor_index()->engine(), "exact");
}

// --- scikit-learn parity -----------------------------------------------------

nlohmann::json to_json(const Matrix& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (int64_t i = 0; i < m.n_rows(); ++i) rows.push_back(std::vector<float>(m.row(i), m.row(i) + m.n_cols()));
  return rows;
}

TEST(ExactIndex, SklearnOrderEqualsScikitLearnNearestNeighbors) {
  if (!smrt::testing::have_imblearn()) GTEST_SKIP() << "/usr/bin/python3 has no scikit-learn";
  struct Case {
    std::string name;
    Matrix data, queries;
    int k;
  };
  std::vector<Case> cases;
  cases.push_back({"random", random_matrix(300, 5, 21), random_matrix(40, 5, 22), 6});
  cases.push_back({"duplicates", grid_matrix(300, 2, 3, 23), grid_matrix(40, 2, 3, 24), 7});
  cases.push_back({"duplicates, many chunks", grid_matrix(1100, 3, 2, 25), grid_matrix(30, 3, 2, 26), 12});
  cases.push_back({"duplicates, large", grid_matrix(2600, 2, 4, 27), grid_matrix(20, 2, 4, 28), 9});
  cases.push_back({"duplicates, 20 features", grid_matrix(200, 20, 2, 29), grid_matrix(20, 20, 2, 30), 5});
  // n // 2 == k: NearestNeighbors(k) searches by brute force, KNeighborsClassifier(k - 1) on the tree.
  cases.push_back({"duplicates, n // 2 == k", grid_matrix(14, 2, 3, 31), grid_matrix(10, 2, 3, 32), 7});
  nlohmann::json input = nlohmann::json::array();
  for (const auto& c : cases) input.push_back({{"X", to_json(c.data)}, {"Q", to_json(c.queries)}, {"k", c.k}});
  const std::string script = R"(
import json, sys
import numpy as np
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors
from sklearn.utils._openmp_helpers import _openmp_effective_n_threads
cases = json.loads(open(sys.argv[0].replace('script.py', 'input.json')).read())
out = {"threads": _openmp_effective_n_threads(), "cases": []}
for c in cases:
    X = np.array(c["X"], dtype=np.float32)
    Q = np.array(c["Q"], dtype=np.float32)
    case = {}
    for algorithm in ("brute", "auto"):  # auto: a KD-tree for <= 15 columns and k < n // 2
        nn = NearestNeighbors(n_neighbors=c["k"], algorithm=algorithm).fit(X)
        d1, i1 = nn.kneighbors(Q)
        d2, i2 = nn.kneighbors(X)
        d3, i3 = nn.kneighbors()
        case[algorithm] = {"method": nn._fit_method, "query": i1.tolist(), "fitted": i2.tolist(),
                           "self": i3.tolist(), "self_dist": d3.tolist()}
    # imbalanced-learn >= 0.12's NCR: a KNeighborsClassifier(k - 1) asked for k neighbours
    clf = KNeighborsClassifier(n_neighbors=c["k"] - 1).fit(X, np.zeros(len(X)))
    case["classifier"] = clf.kneighbors(Q, n_neighbors=c["k"], return_distance=False).tolist()
    out["cases"].append(case)
print(json.dumps(out))
)";
  smrt::testing::TempDir dir;
  smrt::testing::write_text(dir.file("input.json"), input.dump());
  // run_python writes the script to its own folder; pass the data through a file next to a copy.
  const std::string runner = "import runpy, sys; sys.argv = ['" + dir.file("script.py") + "']; runpy.run_path(sys.argv[0])";
  smrt::testing::write_text(dir.file("script.py"), script);
  const auto ref = nlohmann::json::parse(smrt::testing::run_python(runner));
  const int threads = ref["threads"].get<int>();
  int kd_tree_cases = 0;
  for (size_t c = 0; c < cases.size(); ++c)
    for (const auto order : {smrt::TieOrder::SklearnBrute, smrt::TieOrder::Sklearn}) {
    const auto& cs = cases[c];
    smrt::ExactIndex index(order, threads);
    index.fit(cs.data.view());
    const auto& r = ref["cases"][c][order == smrt::TieOrder::Sklearn ? "auto" : "brute"];
    const std::string method = r["method"].get<std::string>();
    kd_tree_cases += method == "kd_tree";
    auto check = [&](const KnnResult& got, const nlohmann::json& want, const std::string& what) {
      for (int64_t q = 0; q < got.n_queries; ++q)
        for (int j = 0; j < got.k; ++j)
          ASSERT_EQ(got.neighbors(q)[j], want[q][j].get<int64_t>())
              << cs.name << " " << what << " query " << q << " column " << j << " (scikit-learn " << method
              << ", threads " << threads << ")";
    };
    check(index.search(cs.queries.view(), cs.k), r["query"], "kneighbors(Q)");
    check(index.search(cs.data.view(), cs.k), r["fitted"], "kneighbors(X)");
    const KnnResult self = index.search_self(cs.k);
    check(self, r["self"], "kneighbors()");
    if (order == smrt::TieOrder::Sklearn) {
      check(index.search_as(cs.queries.view(), cs.k, smrt::SklearnCall{cs.k - 1, false}), ref["cases"][c]["classifier"],
            "KNeighborsClassifier(k - 1).kneighbors(Q, k)");
    }
    for (int64_t q = 0; q < self.n_queries; ++q)
      for (int j = 0; j < self.k; ++j) ASSERT_NEAR(self.dists(q)[j], r["self_dist"][q][j].get<double>(), 1e-4);
  }
  EXPECT_GE(kd_tree_cases, 3) << "the cases should exercise scikit-learn's KD-tree order";
}

// KNeighborsClassifier.predict on brute force (scikit-learn >= 1.3's
// ArgKminClassMode, parallel_on_X) keeps the lowest indices of tied rows,
// whatever the query count; on the KD-tree it is kneighbors' own set.
TEST(ExactIndex, PredictSearchKeepsScikitLearnsVoters) {
  for (const int64_t d : {2, 20}) {  // KD-tree, brute force
    SCOPED_TRACE(d);
    const Matrix data = grid_matrix(300, d, 2, 41), queries = grid_matrix(30, d, 2, 42);
    smrt::ExactIndex sklearn(smrt::TieOrder::Sklearn), lowest(smrt::TieOrder::DistanceThenIndex);
    sklearn.fit(data.view());
    lowest.fit(data.view());
    const int k = 5;
    const KnnResult voters = sklearn.search_as(queries.view(), k, smrt::SklearnCall{k, true});
    const KnnResult want = d > 15 ? lowest.search(queries.view(), k) : sklearn.search(queries.view(), k);
    int differs_from_lowest = 0;
    const KnnResult low = lowest.search(queries.view(), k);
    for (int64_t q = 0; q < voters.n_queries; ++q) {
      std::vector<int64_t> a(voters.neighbors(q), voters.neighbors(q) + k), b(want.neighbors(q), want.neighbors(q) + k),
          c(low.neighbors(q), low.neighbors(q) + k);
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      std::sort(c.begin(), c.end());
      EXPECT_EQ(a, b) << "query " << q;
      differs_from_lowest += a != c;
    }
    if (d <= 15) {
      EXPECT_GT(differs_from_lowest, 0) << "the tree should keep other tied rows than the lowest";
    }
  }
}

}  // namespace
