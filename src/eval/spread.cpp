#include "smrt/eval/spread.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace smrt::eval {

double mean_pairwise_distance(const MatrixView& rows, int64_t max_rows) {
  const int64_t n = rows.n_rows, m = std::min(n, std::max<int64_t>(max_rows, 2));
  if (m < 2) return 0.0;
  std::vector<int64_t> picked(static_cast<size_t>(m));
  for (int64_t i = 0; i < m; ++i) picked[static_cast<size_t>(i)] = i * n / m;  // evenly spaced, first row included
  double total = 0.0;
  for (int64_t a = 0; a < m; ++a) {
    const float* x = rows.row(picked[static_cast<size_t>(a)]);
    for (int64_t b = a + 1; b < m; ++b) {
      const float* z = rows.row(picked[static_cast<size_t>(b)]);
      double d2 = 0.0;
      for (int64_t j = 0; j < rows.n_cols; ++j) {
        const double d = static_cast<double>(x[j]) - static_cast<double>(z[j]);
        d2 += d * d;
      }
      total += std::sqrt(d2);
    }
  }
  return total / (static_cast<double>(m) * static_cast<double>(m - 1) / 2.0);
}

}  // namespace smrt::eval
