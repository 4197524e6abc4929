#include "smrt/core/column_shift.h"

#include <algorithm>
#include <cmath>

namespace smrt {
namespace {

// The midpoint of [lo, hi] when the range is far from 0 for its width, else 0.
double far_midpoint(double lo, double hi) {
  const double mid = lo / 2 + hi / 2;  // no overflow near double's limit
  const double spread = hi - lo;
  if (!std::isfinite(mid) || !std::isfinite(spread) || std::abs(mid) <= spread) return 0.0;
  if (spread == 0 && static_cast<double>(static_cast<float>(mid)) == mid) return 0.0;  // exact already
  return mid;
}

}  // namespace

std::vector<double> ColumnRanges::offsets(ColumnShift mode) const {
  if (mode == ColumnShift::None) return {};
  const size_t d = lo_.size();
  std::vector<char> used(d, 1);
  for (int64_t j : excluded_) used[static_cast<size_t>(j)] = 0;
  std::vector<double> out(d, 0.0);
  if (mode == ColumnShift::Common) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (size_t j = 0; j < d; ++j) {
      if (!used[j]) continue;
      lo = std::min(lo, lo_[j]);
      hi = std::max(hi, hi_[j]);
    }
    const double mid = lo <= hi ? far_midpoint(lo, hi) : 0.0;
    if (mid == 0.0) return {};
    for (size_t j = 0; j < d; ++j) out[j] = used[j] ? mid : 0.0;
    return out;
  }
  bool any = false;
  for (size_t j = 0; j < d; ++j) {
    if (!used[j] || lo_[j] > hi_[j]) continue;
    out[j] = far_midpoint(lo_[j], hi_[j]);
    any = any || out[j] != 0.0;
  }
  if (!any) return {};
  return out;
}

}  // namespace smrt
