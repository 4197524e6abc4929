#pragma once
// Rows to write without building the whole output table first: rows of a
// base dataset (all, or those at `indices`), then `extra` rows, or the extra
// rows placed between the base rows by `extra_at`. Resampled output of tens
// of millions of rows streams to disk this way.

#include <cstdint>
#include <vector>

#include "smrt/core/dataset.h"

namespace smrt {

struct RowSelection {
  const Dataset* base = nullptr;
  const std::vector<int64_t>* indices = nullptr;  ///< nullptr: every base row
  const Matrix* extra = nullptr;                  ///< appended rows (may be null)
  const std::vector<int32_t>* extra_y = nullptr;  ///< their class ids
  /// Null or empty: the extra rows come last. Else one entry per extra row,
  /// non-decreasing: extra row j right after the first (*extra_at)[j] base
  /// rows (Resampled::synthetic_at).
  const std::vector<int64_t>* extra_at = nullptr;

  static RowSelection all(const Dataset& d) { return RowSelection{&d, nullptr, nullptr, nullptr, nullptr}; }
  int64_t n_base() const { return indices ? static_cast<int64_t>(indices->size()) : base->n_rows(); }
  int64_t n_extra() const { return extra ? extra->n_rows() : 0; }
  int64_t n_rows() const { return n_base() + n_extra(); }
  /// The input row of base row b (b-th in base order).
  int64_t base_row(int64_t b) const { return indices ? (*indices)[static_cast<size_t>(b)] : b; }
  /// How many base rows come before extra row j.
  int64_t extra_place(int64_t j) const {
    return extra_at && !extra_at->empty() ? (*extra_at)[static_cast<size_t>(j)] : n_base();
  }
  /// Output row i in base-then-extra numbering: < n_base() a base row, else
  /// extra row (result - n_base()).
  int64_t source(int64_t i) const {
    if (!extra_at || extra_at->empty()) return i;
    // Extra row j is output row extra_place(j) + j, increasing in j: find the
    // first extra row at or after i; the ones before it shift base row i down.
    int64_t lo = 0, hi = n_extra();
    while (lo < hi) {
      const int64_t mid = lo + (hi - lo) / 2;
      if (extra_place(mid) + mid < i) lo = mid + 1;
      else hi = mid;
    }
    return lo < n_extra() && extra_place(lo) + lo == i ? n_base() + lo : i - lo;
  }
  /// The base row that output row i copies; -1 for an extra (synthetic) row.
  int64_t base_index(int64_t i) const {
    const int64_t s = source(i);
    return s < n_base() ? base_row(s) : -1;
  }
  const float* row(int64_t i) const {
    const int64_t s = source(i);
    return s < n_base() ? base->X.row(base_row(s)) : extra->row(s - n_base());
  }
  int32_t label(int64_t i) const {
    const int64_t s = source(i);
    return s < n_base() ? base->y[static_cast<size_t>(base_row(s))] : (*extra_y)[static_cast<size_t>(s - n_base())];
  }
};

}  // namespace smrt
