// The input checks that scan every value in one vectorised pass
// (validate_dataset, check_float_distance_range) decide as the per-value loop
// that names the offending value would, at the range's edge too.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "smrt/core/dataset.h"
#include "smrt/core/error.h"
#include "smrt/core/matrix.h"

namespace {

// The largest float not above kMaxFloatDistanceValue, and the next one up.
float largest_allowed() {
  float v = static_cast<float>(smrt::kMaxFloatDistanceValue);
  if (static_cast<double>(v) > smrt::kMaxFloatDistanceValue) v = std::nextafter(v, 0.0f);
  return v;
}

struct Table {
  std::vector<float> X;
  std::vector<int32_t> y;
  int64_t rows, cols;
  Table(int64_t n, int64_t d) : X(static_cast<size_t>(n * d), 1.0f), y(static_cast<size_t>(n), 0), rows(n), cols(d) {
    for (int64_t i = n / 2; i < n; ++i) y[static_cast<size_t>(i)] = 1;
  }
  smrt::DataView view() const {
    smrt::DataView v;
    v.X = {X.data(), rows, cols};
    v.y = y.data();
    v.n_classes = 2;
    return v;
  }
  float& at(int64_t i, int64_t j) { return X[static_cast<size_t>(i * cols + j)]; }
};

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const smrt::DataError& e) {
    return e.what();
  }
  return "";
}

TEST(ValueChecks, MagnitudeEdgeDecidesAsTheNamingLoop) {
  const float edge = largest_allowed();
  ASSERT_LE(static_cast<double>(edge), smrt::kMaxFloatDistanceValue);
  const float over = std::nextafter(edge, std::numeric_limits<float>::infinity());
  ASSERT_GT(static_cast<double>(over), smrt::kMaxFloatDistanceValue);
  for (int64_t rows : {10, 20000}) {  // one thread's share and a split pass
    SCOPED_TRACE(rows);
    Table t(rows, 7);
    t.at(rows - 3, 5) = -edge;
    EXPECT_NO_THROW(smrt::validate_dataset(t.view(), "input", 2, true));
    EXPECT_NO_THROW(smrt::check_float_distance_range(t.view().X, "input"));
    t.at(rows - 3, 5) = -over;
    const std::string named = "row " + std::to_string(rows - 3) + ", feature 5";
    EXPECT_NE(error_of([&] { smrt::validate_dataset(t.view(), "input", 2, true); }).find(named), std::string::npos);
    EXPECT_NE(error_of([&] { smrt::check_float_distance_range(t.view().X, "input"); }).find(named), std::string::npos);
    EXPECT_NO_THROW(smrt::validate_dataset(t.view(), "input"));  // no distances: any finite value
  }
}

TEST(ValueChecks, NonFiniteAndClassErrorsComeFirst) {
  Table t(50, 3);
  t.at(40, 1) = 1e30f;
  t.at(20, 2) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_NE(error_of([&] { smrt::validate_dataset(t.view(), "input", 2, true); }).find("not finite"), std::string::npos);
  t.at(20, 2) = 0.0f;
  for (auto& label : t.y) label = 0;  // one class: that error before the magnitude
  EXPECT_NE(error_of([&] { smrt::validate_dataset(t.view(), "input", 2, true); }).find("at least 2 classes"),
            std::string::npos);
}

}  // namespace
