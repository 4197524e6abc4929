#pragma once
// How varied a set of rows is: the mean Euclidean distance between two of
// its rows. The report sets synthetic rows' spread beside the real rows' to
// show whether a generator collapsed (every new three the same average three).

#include <cstdint>

#include "smrt/core/matrix.h"

namespace smrt::eval {

/// Mean distance over all pairs of distinct rows; 0 for fewer than two rows.
/// Above `max_rows` rows, `max_rows` evenly spaced ones stand for them (the
/// cost is quadratic in the rows kept).
double mean_pairwise_distance(const MatrixView& rows, int64_t max_rows = 1000);

}  // namespace smrt::eval
