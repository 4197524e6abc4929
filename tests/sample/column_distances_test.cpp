#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "../../src/sample/column_distances.h"
#include "smrt/core/rng.h"
#include "smrt/core/threads.h"

namespace {

smrt::Matrix random_rows(int64_t n, int64_t d, uint64_t seed) {
  smrt::Matrix X(n, d);
  smrt::Rng rng(seed);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < d; ++j) X.row(i)[j] = static_cast<float>(3.0 * rng.normal());
  return X;
}

// Column by column in double, in column order: what the copy must give.
double reference_sq(const smrt::Matrix& X, int64_t a, int64_t b) {
  double s = 0.0;
  for (int64_t j = 0; j < X.n_cols(); ++j) {
    const double t = static_cast<double>(X.row(a)[j]) - X.row(b)[j];
    s += t * t;
  }
  return s;
}

// 8 rows go through registers together; 29 rows leave a tail of 5 (or fewer) for every start.
TEST(ColumnCopy, SquaredDistancesEqualARowByRowLoopExactly) {
  const smrt::Matrix X = random_rows(29, 7, 3);
  const smrt::ColumnCopy copy(X.view());
  std::vector<double> out(29);
  for (int64_t a : {0, 5, 28})
    for (int64_t first : {0, 3, 21, 28}) {
      copy.squared_distances(a, first, out.data());
      for (int64_t b = first; b < 29; ++b) EXPECT_EQ(out[static_cast<size_t>(b)], reference_sq(X, a, b)) << a << " " << b;
    }
}

// Blocks of 16 rows: sizes around that edge; 1 to 4 rows at a time.
TEST(FloatColumns, SquaredDistancesToEveryRow) {
  for (int64_t n : {1, 15, 16, 17, 40}) {
    const smrt::Matrix X = random_rows(n, 7, static_cast<uint64_t>(n) + 100);
    const smrt::FloatColumns columns(X.view());
    const int64_t rows[4] = {n - 1, 0, n / 2, n / 3};
    for (int count = 1; count <= 4; ++count) {
      std::vector<std::vector<float>> out(4, std::vector<float>(static_cast<size_t>(n), -1.0f));
      float* outs[4] = {out[0].data(), out[1].data(), out[2].data(), out[3].data()};
      columns.squared_distances(rows, count, outs);
      for (int r = 0; r < 4; ++r)
        for (int64_t b = 0; b < n; ++b) {
          if (r >= count) {
            EXPECT_EQ(out[static_cast<size_t>(r)][static_cast<size_t>(b)], -1.0f) << "row " << r << " was not asked for";
            continue;
          }
          const double expected = reference_sq(X, rows[r], b);
          EXPECT_NEAR(out[static_cast<size_t>(r)][static_cast<size_t>(b)], expected, 1e-5 * (1.0 + expected))
              << n << " " << count << " " << r << " " << b;
        }
    }
  }
}

// Blocks of 16 later rows, 4 rows at a time: sizes around those edges.
TEST(PairwiseDistanceSum, IsTheSumOverPairsOfEuclideanDistances) {
  for (int64_t n : {1, 2, 3, 4, 5, 16, 17, 20, 21, 33, 70}) {
    const smrt::Matrix X = random_rows(n, 7, static_cast<uint64_t>(n));
    double expected = 0.0;
    for (int64_t a = 0; a < n; ++a)
      for (int64_t b = a + 1; b < n; ++b) expected += std::sqrt(reference_sq(X, a, b));
    EXPECT_NEAR(smrt::FloatColumns(X.view()).pairwise_distance_sum(), expected, 1e-6 * (1.0 + expected)) << n;
  }
}

TEST(PairwiseDistanceSum, DoesNotDependOnTheThreadCount) {
  const smrt::Matrix X = random_rows(301, 5, 9);
  smrt::set_num_threads(1);
  const double one = smrt::FloatColumns(X.view()).pairwise_distance_sum();
  smrt::set_num_threads(2);
  EXPECT_EQ(smrt::FloatColumns(X.view()).pairwise_distance_sum(), one);
}

}  // namespace
