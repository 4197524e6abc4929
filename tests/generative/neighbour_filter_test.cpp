// SMRT's optional neighbour filter: which rows it keeps, and that a class
// still gets its count when rows are rejected.
#include <gtest/gtest.h>

#include "smrt/core/error.h"
#include "smrt/generative/neighbour_filter.h"

namespace {

using smrt::Matrix;

// Class 0: five rows around (0, 0); class 1: five rows around (10, 10).
struct TwoClusters {
  Matrix X{10, 2};
  std::vector<int32_t> y;
  TwoClusters() {
    const float jitter[5][2] = {{0, 0}, {1, 0}, {0, 1}, {-1, 0}, {0, -1}};
    for (int64_t i = 0; i < 10; ++i) {
      const float base = i < 5 ? 0.f : 10.f;
      X(i, 0) = base + jitter[i % 5][0];
      X(i, 1) = base + jitter[i % 5][1];
      y.push_back(i < 5 ? 0 : 1);
    }
  }
  smrt::DataView view() const { return {X.view(), y.data(), 2, {2}}; }
};

Matrix rows_at(std::initializer_list<std::pair<float, float>> points) {
  Matrix m(static_cast<int64_t>(points.size()), 2);
  int64_t i = 0;
  for (const auto& p : points) m(i, 0) = p.first, m(i, 1) = p.second, ++i;
  return m;
}

TEST(NeighbourFilter, KeepsRowsWhoseNearestRealRowsAreMostlyOfTheirClass) {
  const TwoClusters data;
  const smrt::NeighbourFilter filter(data.view(), 3);
  const auto keep = filter.looks_like(rows_at({{0.5f, 0.5f}, {9.5f, 9.5f}, {4.0f, 4.0f}, {6.0f, 6.0f}}).view(), 0);
  EXPECT_EQ(keep, (std::vector<bool>{true, false, true, false}));  // (4, 4) is nearer the zeros, (6, 6) the tens
}

TEST(NeighbourFilter, TheShareOfTheClassAmongTheNeighboursDecides) {
  const TwoClusters data;
  // k = 10 is every real row: five of each class, a share of 0.5 for any row.
  const Matrix rows = rows_at({{0.f, 0.f}, {10.f, 10.f}});
  EXPECT_EQ(smrt::NeighbourFilter(data.view(), 10, 0.5).looks_like(rows.view(), 0), (std::vector<bool>{true, true}));
  EXPECT_EQ(smrt::NeighbourFilter(data.view(), 10, 0.6).looks_like(rows.view(), 0), (std::vector<bool>{false, false}));
  // 1/k: one row of the class among the k is enough.
  EXPECT_EQ(smrt::NeighbourFilter(data.view(), 6, 1.0 / 6).looks_like(rows.view(), 0), (std::vector<bool>{true, true}));
  EXPECT_EQ(smrt::NeighbourFilter(data.view(), 5, 1.0 / 5).looks_like(rows.view(), 0), (std::vector<bool>{true, false}));
}

TEST(NeighbourFilter, RejectedRowsAreDrawnAgainUntilTheCountIsMet) {
  const TwoClusters data;
  const smrt::NeighbourFilter filter(data.view(), 3);
  // A generator whose every other row lands in the other class.
  int calls = 0;
  float next = 0;
  auto make_rows = [&](int64_t n) {
    ++calls;
    Matrix m(n, 2);
    for (int64_t i = 0; i < n; ++i, next += 1) {
      const bool good = static_cast<int64_t>(next) % 2 == 0;
      m(i, 0) = good ? 0.01f * next : 10.f;
      m(i, 1) = good ? 0.f : 10.f;
    }
    return m;
  };
  Matrix rows = make_rows(6);
  const smrt::FilterReport r = smrt::keep_rows_like_their_class(filter, 0, make_rows, rows);
  ASSERT_EQ(rows.n_rows(), 6);
  for (int64_t i = 0; i < 6; ++i) {
    EXPECT_LT(rows(i, 0), 1.0f);  // every kept row is a class-0 row ...
    if (i > 0) {
      EXPECT_GT(rows(i, 0), rows(i - 1, 0));  // ... in the order they were made
    }
  }
  EXPECT_EQ(r.short_by, 0);
  EXPECT_GT(calls, 1);
  EXPECT_GE(r.tried - r.rejected, 6);
  EXPECT_NEAR(r.rejection_rate(), 0.5, 0.1);
}

TEST(NeighbourFilter, WhenNothingPassesTheEarliestRejectedRowsKeepTheCount) {
  const TwoClusters data;
  const smrt::NeighbourFilter filter(data.view(), 3);
  float next = 0;
  auto make_rows = [&](int64_t n) {
    Matrix m(n, 2);
    for (int64_t i = 0; i < n; ++i) m(i, 0) = 10.f + (next += 0.001f), m(i, 1) = 10.f;
    return m;
  };
  Matrix rows = make_rows(4);
  const smrt::FilterReport r = smrt::keep_rows_like_their_class(filter, 0, make_rows, rows);
  ASSERT_EQ(rows.n_rows(), 4);
  EXPECT_EQ(r.short_by, 4);
  EXPECT_EQ(r.rejected, r.tried);
  for (int64_t i = 0; i < 4; ++i) EXPECT_FLOAT_EQ(rows(i, 0), 10.f + 0.001f * static_cast<float>(i + 1));
}

TEST(NeighbourFilter, KOutsideOneToTheRowCountOrAShareOutsideZeroToOneIsAParameterError) {
  const TwoClusters data;
  EXPECT_THROW(smrt::NeighbourFilter(data.view(), 0), smrt::ParameterError);
  EXPECT_THROW(smrt::NeighbourFilter(data.view(), 11), smrt::ParameterError);
  EXPECT_THROW(smrt::NeighbourFilter(data.view(), 3, 0.0), smrt::ParameterError);
  EXPECT_THROW(smrt::NeighbourFilter(data.view(), 3, 1.5), smrt::ParameterError);
}

}  // namespace
