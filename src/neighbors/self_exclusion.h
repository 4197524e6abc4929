#pragma once
// scikit-learn's kneighbors(X=None): search k + 1 neighbours of each fitted
// row, then drop the row itself; when more duplicates of it than k + 1 hide
// it, drop the first neighbour instead.

#include "smrt/neighbors/neighbor_index.h"

namespace smrt::knn {

/// `with_self` holds k + 1 neighbours of fitted row q in row q.
KnnResult exclude_self(const KnnResult& with_self);

}  // namespace smrt::knn
