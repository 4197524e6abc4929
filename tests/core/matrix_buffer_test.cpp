// Matrix rows kept in a caller's buffer (Matrix::use_buffer): written in
// place while they fit, zero when new (whatever the room held), moved to
// owned storage past the room, and never shared by a copy.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "smrt/core/matrix.h"

namespace {

TEST(MatrixBuffer, RowsLiveInTheBufferWhileTheyFit) {
  std::vector<float> room(4 * 3, 0.0f);
  smrt::Matrix m(0, 3);
  m.use_buffer(room.data(), 4);
  m.resize_rows(2);
  EXPECT_TRUE(m.in_buffer());
  EXPECT_EQ(m.data(), room.data());
  m(1, 2) = 5.0f;
  const float row[3] = {1.0f, 2.0f, 3.0f};
  m.append_row(row);
  EXPECT_EQ(room[5], 5.0f);
  EXPECT_EQ(room[6], 1.0f);
  EXPECT_EQ(room[8], 3.0f);
  EXPECT_EQ(m.n_rows(), 3);
}

TEST(MatrixBuffer, NewRowsAreZeroWhateverTheRoomHeld) {
  std::vector<float> room(3 * 2, std::numeric_limits<float>::quiet_NaN());
  smrt::Matrix m(0, 2);
  m.use_buffer(room.data(), 3);
  m.resize_rows(2);
  EXPECT_EQ(m(0, 0), 0.0f);
  EXPECT_EQ(m(1, 1), 0.0f);
  EXPECT_TRUE(std::isnan(room[4]));  // rows not exposed yet are not touched
  const float row[2] = {1.0f, 2.0f};
  m.append_row(row);
  EXPECT_EQ(room[4], 1.0f);
  EXPECT_EQ(room[5], 2.0f);
}

TEST(MatrixBuffer, RowsShownAgainAfterShrinkingAreZero) {
  std::vector<float> room(4 * 2, 0.0f);
  smrt::Matrix m(0, 2);
  m.use_buffer(room.data(), 4);
  m.resize_rows(3);
  for (int64_t i = 0; i < 3; ++i) m(i, 0) = m(i, 1) = 9.0f;
  m.resize_rows(1);
  m.resize_rows(3);  // as std::vector::resize: new rows are zero
  EXPECT_EQ(m(0, 0), 9.0f);
  EXPECT_EQ(m(1, 0), 0.0f);
  EXPECT_EQ(m(2, 1), 0.0f);
}

TEST(MatrixBuffer, GrowingPastTheRoomMovesTheRowsOut) {
  std::vector<float> room(2 * 2, 0.0f);
  smrt::Matrix m(0, 2);
  m.use_buffer(room.data(), 2);
  m.resize_rows(2);
  m(1, 1) = 4.0f;
  m.resize_rows(3);
  EXPECT_FALSE(m.in_buffer());
  EXPECT_NE(m.data(), room.data());
  EXPECT_EQ(m(1, 1), 4.0f);
  EXPECT_EQ(m(2, 0), 0.0f);
  m(1, 1) = 6.0f;
  EXPECT_EQ(room[3], 4.0f);  // the caller's buffer is left alone afterwards
}

TEST(MatrixBuffer, CopiesOwnTheirRowsAndMovesTakeTheBuffer) {
  std::vector<float> room(2 * 2, 0.0f);
  smrt::Matrix m(0, 2);
  m.use_buffer(room.data(), 2);
  m.resize_rows(1);
  m(0, 0) = 7.0f;
  smrt::Matrix copy = m;
  EXPECT_FALSE(copy.in_buffer());
  copy(0, 0) = 8.0f;
  EXPECT_EQ(room[0], 7.0f);
  smrt::Matrix moved = std::move(m);
  EXPECT_TRUE(moved.in_buffer());
  EXPECT_EQ(moved.data(), room.data());
  EXPECT_FALSE(m.in_buffer());  // NOLINT(bugprone-use-after-move): a moved-from matrix is empty
  EXPECT_EQ(m.n_rows(), 0);
  EXPECT_EQ(moved.storage()[0], 7.0f);  // asking for owned storage moves the rows out
  EXPECT_FALSE(moved.in_buffer());
}

}  // namespace
