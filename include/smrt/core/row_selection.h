#pragma once
// Rows to write without building the whole output table first: rows of a
// base dataset (all, or those at `indices`), then `extra` rows. Resampled
// output of tens of millions of rows streams to disk this way.

#include <cstdint>
#include <vector>

#include "smrt/core/dataset.h"

namespace smrt {

struct RowSelection {
  const Dataset* base = nullptr;
  const std::vector<int64_t>* indices = nullptr;  ///< nullptr: every base row
  const Matrix* extra = nullptr;                  ///< appended rows (may be null)
  const std::vector<int32_t>* extra_y = nullptr;  ///< their class ids

  static RowSelection all(const Dataset& d) { return RowSelection{&d, nullptr, nullptr, nullptr}; }
  int64_t n_base() const { return indices ? static_cast<int64_t>(indices->size()) : base->n_rows(); }
  int64_t n_rows() const { return n_base() + (extra ? extra->n_rows() : 0); }
  /// The base row that output row i copies; -1 for an appended (synthetic) row.
  int64_t base_index(int64_t i) const {
    if (i >= n_base()) return -1;
    return indices ? (*indices)[static_cast<size_t>(i)] : i;
  }
  const float* row(int64_t i) const {
    const int64_t nb = n_base();
    if (i < nb) return base->X.row(indices ? (*indices)[static_cast<size_t>(i)] : i);
    return extra->row(i - nb);
  }
  int32_t label(int64_t i) const {
    const int64_t nb = n_base();
    if (i < nb) return base->y[static_cast<size_t>(indices ? (*indices)[static_cast<size_t>(i)] : i)];
    return (*extra_y)[static_cast<size_t>(i - nb)];
  }
};

}  // namespace smrt
