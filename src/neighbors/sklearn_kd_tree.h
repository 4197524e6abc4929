#pragma once
// scikit-learn 1.2's KDTree, built and queried step for step, for the order
// of tied neighbours.
//
// NearestNeighbors(algorithm='auto') searches a KD-tree instead of brute
// force when the table has at most 15 columns and n_neighbors < n // 2. Its
// answers are the same k nearest, but where distances tie (duplicate rows,
// integer-valued columns) the tie goes to the row met first, and a tree meets
// rows in another order than an index-order scan. This tree replays that
// order: the same node count (leaf_size 30), the same split (the column of
// largest spread, std::nth_element on (value, index), as scikit-learn's
// C++ partition), the same depth-first query (nearer child first, a node
// skipped only when its bound exceeds the current k-th) and the same heap.
// Distances are summed column by column in double, as its euclidean_rdist.

#include <cstdint>
#include <vector>

#include "smrt/core/matrix.h"

namespace smrt::knn {

/// scikit-learn 1.2 picks a KD-tree for NearestNeighbors(n_neighbors) on a
/// table of n_rows x n_cols (Euclidean, algorithm='auto').
bool sklearn_picks_kd_tree(int64_t n_rows, int64_t n_cols, int64_t n_neighbors);

class SklearnKdTree {
 public:
  /// Builds over `data` (kept by reference: it must outlive the tree).
  explicit SklearnKdTree(const MatrixView& data, int64_t leaf_size = 30);

  /// The k nearest rows of `query` (n_cols floats), as KDTree.query returns
  /// them: ascending squared distances in `sq_distances`, indices in `indices`.
  void query(const float* query, int k, double* sq_distances, int64_t* indices) const;

 private:
  struct Node {
    int64_t start = 0, end = 0;
    bool is_leaf = false;
  };
  void build(int64_t node, int64_t start, int64_t end);
  double min_rdist(int64_t node, const double* pt) const;
  void query_node(int64_t node, const double* pt, double lower_bound, double* values, int64_t* indices,
                  int k) const;

  MatrixView data_;
  std::vector<int64_t> order_;  ///< scikit-learn's idx_array
  std::vector<Node> nodes_;
  std::vector<double> lower_, upper_;  ///< per node, n_cols bounds each
};

}  // namespace smrt::knn
