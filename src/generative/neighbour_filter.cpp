#include "smrt/generative/neighbour_filter.h"

#include <algorithm>
#include <cmath>

#include "smrt/core/error.h"

namespace smrt {

NeighbourFilter::NeighbourFilter(const DataView& data, int k, double min_share)
    : y_(data.y), k_(k), min_own_(static_cast<int>(std::ceil(min_share * k - 1e-9))) {
  SMRT_THROW_IF_NOT(ParameterError, k >= 1, "filter_neighbors=", k, " must be at least 1");
  SMRT_THROW_IF_NOT(ParameterError, min_share > 0.0 && min_share <= 1.0, "filter_share=", min_share,
                    " must be in (0, 1]");
  SMRT_THROW_IF_NOT(ParameterError, k <= data.n_rows(), "filter_neighbors=", k, " exceeds the ", data.n_rows(),
                    " real rows");
  index_ = make_neighbor_index("exact");
  index_->fit(data.X);
}

std::vector<bool> NeighbourFilter::looks_like(const MatrixView& rows, int32_t c) const {
  std::vector<bool> keep(static_cast<size_t>(rows.n_rows), false);
  if (rows.n_rows == 0) return keep;
  const KnnResult nn = index_->search(rows, k_);
  for (int64_t i = 0; i < rows.n_rows; ++i) {
    int own = 0;
    for (int j = 0; j < k_; ++j) own += y_[nn.neighbors(i)[j]] == c;
    keep[static_cast<size_t>(i)] = own >= min_own_;
  }
  return keep;
}

FilterReport keep_rows_like_their_class(const NeighbourFilter& filter, int32_t c,
                                        const std::function<Matrix(int64_t)>& make_rows, Matrix& rows) {
  const int64_t n = rows.n_rows(), d = rows.n_cols();
  FilterReport report;
  Matrix kept(0, d), rejected(0, d);
  Matrix candidates = std::move(rows);
  for (int round = 0;; ++round) {
    const std::vector<bool> keep = filter.looks_like(candidates.view(), c);
    for (int64_t i = 0; i < candidates.n_rows(); ++i) {
      if (keep[static_cast<size_t>(i)]) {
        if (kept.n_rows() < n) kept.append_row(candidates.row(i));
      } else {
        ++report.rejected;
        if (rejected.n_rows() < n) rejected.append_row(candidates.row(i));
      }
    }
    report.tried += candidates.n_rows();
    const int64_t missing = n - kept.n_rows();
    if (missing <= 0 || round + 1 >= kFilterRounds) break;
    // Enough candidates for the missing rows at the acceptance rate seen so far.
    const double accepted = static_cast<double>(report.tried - report.rejected) / static_cast<double>(report.tried);
    const auto ask = static_cast<int64_t>(std::ceil(static_cast<double>(missing) / std::max(accepted, 0.1)));
    candidates = make_rows(std::min(ask, 10 * missing));
  }
  report.short_by = std::max<int64_t>(0, n - kept.n_rows());
  for (int64_t i = 0; i < report.short_by; ++i) kept.append_row(rejected.row(i));
  rows = std::move(kept);
  return report;
}

}  // namespace smrt
