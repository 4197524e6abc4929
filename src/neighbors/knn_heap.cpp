#include "knn_heap.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace smrt::knn {
namespace {

void swap_both(double* values, int64_t* indices, int64_t a, int64_t b) {
  std::swap(values[a], values[b]);
  std::swap(indices[a], indices[b]);
}

}  // namespace

void simultaneous_sort(double* values, int64_t* indices, int64_t size) {
  if (size <= 1) return;
  if (size == 2) {
    if (values[0] > values[1]) swap_both(values, indices, 0, 1);
    return;
  }
  if (size == 3) {
    if (values[0] > values[1]) swap_both(values, indices, 0, 1);
    if (values[1] > values[2]) {
      swap_both(values, indices, 1, 2);
      if (values[0] > values[1]) swap_both(values, indices, 0, 1);
    }
    return;
  }
  // Median of three: smallest to the front, median (the pivot) to the end.
  int64_t pivot = size / 2;
  if (values[0] > values[size - 1]) swap_both(values, indices, 0, size - 1);
  if (values[size - 1] > values[pivot]) {
    swap_both(values, indices, size - 1, pivot);
    if (values[0] > values[size - 1]) swap_both(values, indices, 0, size - 1);
  }
  const double pivot_value = values[size - 1];
  int64_t store = 0;
  for (int64_t i = 0; i < size - 1; ++i)
    if (values[i] < pivot_value) swap_both(values, indices, i, store++);
  swap_both(values, indices, store, size - 1);
  pivot = store;
  if (pivot > 1) simultaneous_sort(values, indices, pivot);
  if (pivot + 2 < size) simultaneous_sort(values + pivot + 1, indices + pivot + 1, size - pivot - 1);
}

void sort_by_value_then_index(double* values, int64_t* indices, int64_t size) {
  if (size <= 64) {  // the usual k: insertion sort, no allocation
    for (int64_t i = 1; i < size; ++i) {
      const double v = values[i];
      const int64_t idx = indices[i];
      int64_t j = i;
      for (; j > 0 && (values[j - 1] > v || (values[j - 1] == v && indices[j - 1] > idx)); --j) {
        values[j] = values[j - 1];
        indices[j] = indices[j - 1];
      }
      values[j] = v;
      indices[j] = idx;
    }
    return;
  }
  std::vector<std::pair<double, int64_t>> pairs(static_cast<size_t>(size));
  for (int64_t i = 0; i < size; ++i) pairs[static_cast<size_t>(i)] = {values[i], indices[i]};
  std::sort(pairs.begin(), pairs.end());
  for (int64_t i = 0; i < size; ++i) {
    values[i] = pairs[static_cast<size_t>(i)].first;
    indices[i] = pairs[static_cast<size_t>(i)].second;
  }
}

}  // namespace smrt::knn
