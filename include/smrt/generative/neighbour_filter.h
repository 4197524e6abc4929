#pragma once
// Keeping generated rows that look like their class: a new row of class c is
// kept when at least a share (min_share) of its k nearest real rows (of every
// class) are of class c. At 0.5 it is the rule of imbalanced-learn's
// EditedNearestNeighbours (kind_sel='mode') applied to the new rows only; at
// 1/k it rejects only rows with no row of their class among the k. Rejected
// rows are drawn again, so the class still gets the count it asks for.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "smrt/core/dataset.h"
#include "smrt/neighbors/neighbor_index.h"

namespace smrt {

/// What the filter did for one class.
struct FilterReport {
  int64_t tried = 0;     ///< candidate rows judged
  int64_t rejected = 0;  ///< of them, placed in another class by their neighbours
  /// Rejected rows kept after the last round so the class still reaches its
  /// count (the earliest rejected ones); 0 when enough candidates passed.
  int64_t short_by = 0;
  double rejection_rate() const { return tried > 0 ? static_cast<double>(rejected) / static_cast<double>(tried) : 0.0; }
};

class NeighbourFilter {
 public:
  /// Fits the kNN engine on the real rows of `data` (the view must outlive
  /// the filter). k is at most the number of real rows; min_share in (0, 1].
  NeighbourFilter(const DataView& data, int k, double min_share = 0.5);

  /// For each row of `rows`: whether at least ceil(min_share x k) of its k
  /// nearest real rows are of class `c`.
  std::vector<bool> looks_like(const MatrixView& rows, int32_t c) const;

 private:
  const int32_t* y_;
  int k_;
  int min_own_;
  std::unique_ptr<NeighborIndex> index_;
};

/// Replaces the rows of `rows` that `filter` rejects with rows that pass:
/// each round asks `make_rows` for about missing / acceptance-rate new
/// candidates (at most kFilterRounds rounds, at most 10x the missing count a
/// round). If rows are still missing, the earliest rejected candidates fill
/// the count. The kept rows stay in the order they were made.
FilterReport keep_rows_like_their_class(const NeighbourFilter& filter, int32_t c,
                                        const std::function<Matrix(int64_t)>& make_rows, Matrix& rows);

constexpr int kFilterRounds = 5;

}  // namespace smrt
