// numpy_sum adds in numpy's order: the same bits as np.sum(axis=1), for
// lengths on both sides of its 8-lane and 128-value blocks.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <vector>

#include "../../src/sample/numpy_sum.h"
#include "smrt/core/rng.h"
#include "test_support.h"

namespace {

TEST(NumpySum, SameBitsAsNumpy) {
  if (!smrt::testing::have_imblearn()) GTEST_SKIP() << "/usr/bin/python3 has no numpy";
  smrt::Rng rng(5);
  std::vector<std::vector<double>> arrays;
  for (int64_t n : {1, 7, 8, 9, 15, 16, 17, 100, 127, 128, 129, 130, 255, 256, 300, 1000, 4099}) {
    std::vector<double> v(static_cast<size_t>(n));
    for (auto& x : v) x = rng.uniform() * 1000.0 + 1e-3;  // no exact sums: the order shows in the last bits
    arrays.push_back(v);
  }
  smrt::testing::TempDir dir;
  nlohmann::json input = arrays;
  smrt::testing::write_text(dir.file("input.json"), input.dump(-1, ' ', false));
  // float.hex keeps every bit through the text.
  const std::string script = "import json, numpy as np\n"
                             "arrays = json.load(open('" + dir.file("input.json") + "'))\n"
                             "print(json.dumps([float(np.sum(np.array([a]), axis=1)[0]).hex() for a in arrays]))\n";
  const auto want = nlohmann::json::parse(smrt::testing::run_python(script));
  int differ_from_sequential = 0;
  for (size_t i = 0; i < arrays.size(); ++i) {
    const auto& a = arrays[i];
    const double got = smrt::numpy_sum(a.data(), static_cast<int64_t>(a.size()));
    EXPECT_EQ(got, std::strtod(want[i].get<std::string>().c_str(), nullptr)) << "n=" << a.size();
    double sequential = 0.0;
    for (double x : a) sequential += x;
    differ_from_sequential += sequential != got;
  }
  EXPECT_GE(differ_from_sequential, 3);  // the test data tells the orders apart
}

}  // namespace
