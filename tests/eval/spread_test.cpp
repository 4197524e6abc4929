// The spread the report shows beside each gallery strip.
#include <gtest/gtest.h>

#include "smrt/eval/spread.h"

namespace {

using smrt::Matrix;
using smrt::eval::mean_pairwise_distance;

Matrix rows(std::initializer_list<std::pair<float, float>> points) {
  Matrix m(static_cast<int64_t>(points.size()), 2);
  int64_t i = 0;
  for (const auto& p : points) m(i, 0) = p.first, m(i, 1) = p.second, ++i;
  return m;
}

TEST(Spread, MeanOverEveryPairOfRows) {
  // A 3-4-5 triangle: (3 + 4 + 5) / 3.
  EXPECT_DOUBLE_EQ(mean_pairwise_distance(rows({{0, 0}, {3, 0}, {0, 4}}).view()), 4.0);
}

TEST(Spread, CollapsedRowsHaveNoSpreadAndFewerThanTwoRowsNone) {
  EXPECT_DOUBLE_EQ(mean_pairwise_distance(rows({{1, 2}, {1, 2}, {1, 2}}).view()), 0.0);
  EXPECT_DOUBLE_EQ(mean_pairwise_distance(rows({{1, 2}}).view()), 0.0);
  EXPECT_DOUBLE_EQ(mean_pairwise_distance(Matrix(0, 2).view()), 0.0);
}

TEST(Spread, AboveMaxRowsEvenlySpacedRowsStandForThem) {
  // Rows 0 and 2 of four are kept: distance 2, not the mean over all six pairs.
  EXPECT_DOUBLE_EQ(mean_pairwise_distance(rows({{0, 0}, {1, 0}, {2, 0}, {3, 0}}).view(), 2), 2.0);
  EXPECT_DOUBLE_EQ(mean_pairwise_distance(rows({{0, 0}, {1, 0}, {2, 0}, {3, 0}}).view()), 10.0 / 6.0);
}

}  // namespace
