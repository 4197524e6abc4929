#pragma once
// Top-k bookkeeping: ordered by (distance, index), or with scikit-learn's
// exact semantics.
//
// scikit-learn 1.2's brute-force search keeps each query's k nearest in a max-heap fed in index
// order (a value equal to the current k-th is refused, so the lowest indices
// win ties), then sorts the heap with a quicksort that is not stable. Both
// are reproduced here step for step, so that where the order of tied
// neighbours matters (imbalanced-learn's kneighbors(X)[:, 1:] with duplicate
// rows) smrt makes the same choice.

#include <cstdint>

namespace smrt::knn {

// The two pushes are inline: the exact engine offers every candidate that
// passes its filter, and most offers stop at the first compare; out of line,
// each was a call through the shared library's PLT (2.3% of SMOTE's CPU in
// the Python package's profile, besides the exact distances it waits on).

/// Pushes (value, index) into the max-heap of `size` entries; returns whether
/// it entered (value < current maximum).
inline bool heap_push(double* values, int64_t* indices, int64_t size, double value, int64_t index) {
  if (value >= values[0]) return false;
  // Sift the new root down until both children are not larger.
  int64_t current = 0;
  for (;;) {
    const int64_t left = 2 * current + 1;
    const int64_t right = left + 1;
    int64_t child;
    if (left >= size) break;
    if (right >= size) {
      if (values[left] > value) child = left;
      else break;
    } else if (values[left] >= values[right]) {
      if (value < values[left]) child = left;
      else break;
    } else {
      if (value < values[right]) child = right;
      else break;
    }
    values[current] = values[child];
    indices[current] = indices[child];
    current = child;
  }
  values[current] = value;
  indices[current] = index;
  return true;
}

/// The same max-heap ordered by (value, index): fed in index order it keeps
/// the k smallest (value, index) pairs, i.e. the lowest indices win ties.
inline bool heap_push_lexicographic(double* values, int64_t* indices, int64_t size, double value, int64_t index) {
  auto greater = [&](int64_t a, double v, int64_t i) { return values[a] > v || (values[a] == v && indices[a] > i); };
  if (!greater(0, value, index)) return false;
  int64_t current = 0;
  for (;;) {
    const int64_t left = 2 * current + 1;
    const int64_t right = left + 1;
    if (left >= size) break;
    int64_t child = left;
    if (right < size && greater(right, values[left], indices[left])) child = right;
    if (!greater(child, value, index)) break;
    values[current] = values[child];
    indices[current] = indices[child];
    current = child;
  }
  values[current] = value;
  indices[current] = index;
  return true;
}

/// scikit-learn's simultaneous_sort: median-of-three quicksort, ascending by value.
void simultaneous_sort(double* values, int64_t* indices, int64_t size);

/// Ascending by (value, index).
void sort_by_value_then_index(double* values, int64_t* indices, int64_t size);

}  // namespace smrt::knn
