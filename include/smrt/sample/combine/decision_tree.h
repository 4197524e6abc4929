#pragma once
// A small CART classifier (Gini impurity, axis-aligned splits at midpoints
// between distinct values), grown as scikit-learn's DecisionTreeClassifier
// grows by default: no depth limit, a node splits while it holds two rows or
// more of two classes or more, leaves may hold one row. The only randomness is
// the order features are tried in at each node (it settles equal gains), drawn
// from the caller's Rng. The filter of SMOTE-IPF is its one user.

#include <cstdint>
#include <vector>

#include "smrt/core/matrix.h"
#include "smrt/core/rng.h"

namespace smrt {

class DecisionTree {
 public:
  /// Grows the tree on rows `rows` of (X, y); labels are class ids in [0, n_classes).
  void fit(const MatrixView& X, const int32_t* y, int32_t n_classes, std::vector<int64_t> rows, Rng& rng);
  /// The class of one row (X's column count).
  int32_t predict(const float* row) const;
  int64_t n_nodes() const { return static_cast<int64_t>(nodes_.size()); }

 private:
  struct Node {
    int64_t feature = -1;  ///< -1: a leaf
    float threshold = 0;   ///< x[feature] <= threshold goes left
    int64_t left = -1, right = -1;
    int32_t label = 0;     ///< a leaf's class: the most frequent (lowest id on ties)
  };
  std::vector<Node> nodes_;
};

}  // namespace smrt
