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

/// Pushes (value, index) into the max-heap of `size` entries; returns whether
/// it entered (value < current maximum).
bool heap_push(double* values, int64_t* indices, int64_t size, double value, int64_t index);

/// The same max-heap ordered by (value, index): fed in index order it keeps
/// the k smallest (value, index) pairs, i.e. the lowest indices win ties.
bool heap_push_lexicographic(double* values, int64_t* indices, int64_t size, double value, int64_t index);

/// scikit-learn's simultaneous_sort: median-of-three quicksort, ascending by value.
void simultaneous_sort(double* values, int64_t* indices, int64_t size);

/// Ascending by (value, index).
void sort_by_value_then_index(double* values, int64_t* indices, int64_t size);

}  // namespace smrt::knn
