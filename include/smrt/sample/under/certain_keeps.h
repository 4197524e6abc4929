#pragma once
// A shortcut for editing a large class: a row surely survives an edit with
// k neighbours when k other rows of its class lie strictly nearer than the
// nearest row of any other class, whatever the order of tied neighbours.
// Finding such rows costs a search against the (small) other classes plus
// a search inside small groups of the class, far less than searching the
// whole table for every row; only the rows it cannot vouch for need that.
// The answer is exact: a row is only vouched for with a safety margin over
// floating-point rounding.

#include <cstdint>
#include <vector>

#include "smrt/core/dataset.h"

namespace smrt {

/// For `rows` (all of class `c`): 1 where the row surely keeps k
/// neighbours of its own class, 0 where a full search must decide.
std::vector<uint8_t> certainly_kept(const DataView& data, int32_t c, const std::vector<int64_t>& rows, int k);

/// Is the shortcut worth running for a class of `n_class` rows out of `n_rows`?
bool certain_keeps_pay_off(int64_t n_class, int64_t n_rows);

}  // namespace smrt
