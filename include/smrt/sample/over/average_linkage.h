#pragma once
// Average-linkage agglomerative clustering (UPGMA) of a small set of rows,
// as MWMOTE clusters its minority class: the two clusters whose rows are
// closest on average merge, again and again, until the closest pair is
// farther apart than a threshold (or a wanted number of clusters remains).
//
// Cost: the n (n - 1) / 2 pairwise distances are held in memory (float) and
// the merges found by the nearest-neighbour chain in O(n^2) time, so n is
// capped (kMaxAverageLinkageRows); a larger class is a DataError.

#include <cstdint>
#include <optional>
#include <vector>

#include "smrt/core/matrix.h"

namespace smrt {

/// Rows one clustering may hold: 16384 rows need 512 MiB of distances.
constexpr int64_t kMaxAverageLinkageRows = 16384;

/// One merge of the dendrogram: clusters holding rows `a` and `b` joined at
/// average distance `height`.
struct LinkageMerge {
  int64_t a = 0, b = 0;
  double height = 0.0;
};

/// The n - 1 merges of the average-linkage dendrogram of `rows`, lowest first.
std::vector<LinkageMerge> average_linkage(const MatrixView& rows);

/// Cluster ids (0, 1, ... in order of first row) after every merge at height
/// <= `threshold`, stopping early when `n_clusters` remain (when given).
std::vector<int32_t> cut_dendrogram(const std::vector<LinkageMerge>& merges, int64_t n_rows, double threshold,
                                    std::optional<int64_t> n_clusters = std::nullopt);

}  // namespace smrt
