#pragma once
// An order of rows that keeps near rows together, for the exact engine's
// pairwise self-search: the first pairs it scans for a block of rows are then
// close ones, so every row's k-th distance (its threshold) is near its final
// value early and later chunks let few candidates through to the exact check.
// It only changes how fast the search is, never what it finds.

#include <cstdint>
#include <vector>

#include "smrt/core/matrix.h"

namespace smrt::knn {

/// The rows of `data` grouped by their nearest of about n / group_rows pivots
/// (rows drawn with a fixed seed, at most `max_groups`); inside each group,
/// subgroups the same way with about fine_rows rows each (0: none), index
/// order inside them: order[position] = row.
std::vector<int64_t> locality_order(const MatrixView& data, int64_t group_rows, int64_t fine_rows, int64_t max_groups);

}  // namespace smrt::knn
