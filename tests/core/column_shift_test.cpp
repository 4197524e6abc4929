// The shift of far-off columns before float32 (smrt/core/column_shift.h).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "smrt/core/column_shift.h"

using smrt::ColumnRanges;
using smrt::ColumnShift;

namespace {

ColumnRanges ranges_of(const std::vector<std::vector<double>>& rows) {
  ColumnRanges r(static_cast<int64_t>(rows[0].size()));
  for (const auto& row : rows)
    for (size_t j = 0; j < row.size(); ++j) r.add(static_cast<int64_t>(j), row[j]);
  return r;
}

}  // namespace

TEST(ColumnShift, FarColumnsGetTheirMidpointOthersNothing) {
  // Column 0: timestamps (float32 steps of 128 there); 1: near 0; 2: a constant float32 holds
  // exactly; 3: a constant it does not; 4: far but wider than its offset (not shifted).
  const auto r = ranges_of({{1.7e9 - 90.5, -1.0, 7.0, 16777217.0, 100.0}, {1.7e9 + 30.25, 2.0, 7.0, 16777217.0, 400.0}});
  const std::vector<double> off = r.offsets(ColumnShift::PerColumn);
  ASSERT_EQ(off.size(), 5u);
  EXPECT_EQ(off[0], 1.7e9 - 30.125);
  EXPECT_EQ(off[1], 0.0);
  EXPECT_EQ(off[2], 0.0);
  EXPECT_EQ(off[3], 16777217.0);
  EXPECT_EQ(off[4], 0.0);
  // Exact in double, and float32 keeps the spread: the two values stay 120.75 apart.
  EXPECT_EQ(static_cast<float>((1.7e9 + 30.25) - off[0]) - static_cast<float>((1.7e9 - 90.5) - off[0]), 120.75f);
  EXPECT_TRUE(r.offsets(ColumnShift::None).empty());
}

TEST(ColumnShift, NothingFarGivesNoOffsets) {
  EXPECT_TRUE(ranges_of({{0.0, -5.0}, {1.0, 5.0}}).offsets(ColumnShift::PerColumn).empty());
  EXPECT_TRUE(ranges_of({{0.0, -5.0}, {1.0, 5.0}}).offsets(ColumnShift::Common).empty());
}

TEST(ColumnShift, CommonIsOneShiftOfTheWholeTable) {
  const auto r = ranges_of({{1000.0, 1002.0}, {1001.0, 1004.0}});
  EXPECT_EQ(r.offsets(ColumnShift::Common), (std::vector<double>{1002.0, 1002.0}));
  EXPECT_EQ(r.offsets(ColumnShift::PerColumn), (std::vector<double>{1000.5, 1003.0}));
  // A column near 0 widens the table's range: no common shift.
  EXPECT_TRUE(ranges_of({{1000.0, 0.0}, {1001.0, 1.0}}).offsets(ColumnShift::Common).empty());
}

TEST(ColumnShift, ExcludedColumnsAndNonFiniteRangesStayAsRead) {
  ColumnRanges r = ranges_of({{5000.0, 5000.0, 1e308}, {5001.0, 5001.0, -1e308}});
  r.exclude(1);  // category codes
  const std::vector<double> off = r.offsets(ColumnShift::PerColumn);
  EXPECT_EQ(off, (std::vector<double>{5000.5, 0.0, 0.0}));  // column 2's spread overflows: left alone
  ColumnRanges inf = ranges_of({{INFINITY, 1.0}, {2.0, 1.0}});
  EXPECT_TRUE(inf.offsets(ColumnShift::PerColumn).empty());
}
