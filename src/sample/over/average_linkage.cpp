#include "smrt/sample/over/average_linkage.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "smrt/core/error.h"
#include "smrt/core/threads.h"
#include "../column_distances.h"

namespace smrt {
namespace {

// The upper triangle of the distance matrix, row after row.
class CondensedDistances {
 public:
  explicit CondensedDistances(const MatrixView& rows) : n_(rows.n_rows) {
    values_.resize(static_cast<size_t>(n_ * (n_ - 1) / 2));
    const ColumnCopy columns(rows);
#pragma omp parallel num_threads(num_threads())
    {
      std::vector<double> squared(static_cast<size_t>(n_));
#pragma omp for schedule(dynamic, 16)
      for (int64_t i = 0; i < n_ - 1; ++i) {
        columns.squared_distances(i, i + 1, squared.data());  // fills [i + 1, n)
        float* dst = &values_[offset(i, i + 1)];
        for (int64_t j = i + 1; j < n_; ++j) dst[j - i - 1] = static_cast<float>(std::sqrt(squared[static_cast<size_t>(j)]));
      }
    }
  }
  float& at(int64_t i, int64_t j) { return i < j ? values_[offset(i, j)] : values_[offset(j, i)]; }

 private:
  size_t offset(int64_t i, int64_t j) const { return static_cast<size_t>(i * n_ - i * (i + 1) / 2 + (j - i - 1)); }
  int64_t n_;
  std::vector<float> values_;
};

int64_t find_root(std::vector<int64_t>& parent, int64_t i) {
  while (parent[static_cast<size_t>(i)] != i) i = parent[static_cast<size_t>(i)] = parent[static_cast<size_t>(parent[static_cast<size_t>(i)])];
  return i;
}

}  // namespace

std::vector<LinkageMerge> average_linkage(const MatrixView& rows) {
  const int64_t n = rows.n_rows;
  SMRT_THROW_IF_NOT(DataError, n <= kMaxAverageLinkageRows, "average-linkage clustering of ", n,
                    " rows would hold ", n, " x ", n - 1, " / 2 distances; at most ", kMaxAverageLinkageRows,
                    " rows are clustered");
  std::vector<LinkageMerge> merges;
  if (n < 2) return merges;
  CondensedDistances d(rows);
  std::vector<char> active(static_cast<size_t>(n), 1);
  std::vector<int64_t> size(static_cast<size_t>(n), 1);
  std::vector<int64_t> chain;
  int64_t first_active = 0;
  // The nearest-neighbour chain: follow nearest neighbours until two clusters
  // are each other's nearest, merge them (average linkage never inverts, so
  // these are merges of the greedy order, found in O(n^2) time in all).
  for (int64_t remaining = n; remaining > 1;) {
    if (chain.empty()) {
      while (!active[static_cast<size_t>(first_active)]) ++first_active;
      chain.push_back(first_active);
    }
    const int64_t a = chain.back();
    const int64_t prev = chain.size() >= 2 ? chain[chain.size() - 2] : -1;
    int64_t best = prev;  // on ties the previous link wins: the chain ends
    float best_d = prev >= 0 ? d.at(a, prev) : std::numeric_limits<float>::infinity();
    for (int64_t k = 0; k < n; ++k) {
      if (k == a || !active[static_cast<size_t>(k)]) continue;
      const float dk = d.at(a, k);
      if (dk < best_d || best < 0) best = k, best_d = dk;
    }
    if (best != prev) {
      chain.push_back(best);
      continue;
    }
    chain.resize(chain.size() - 2);
    merges.push_back({a, prev, static_cast<double>(best_d)});
    // Lance-Williams for average linkage; the merged cluster keeps slot prev.
    const double na = static_cast<double>(size[static_cast<size_t>(a)]);
    const double nb = static_cast<double>(size[static_cast<size_t>(prev)]);
    for (int64_t k = 0; k < n; ++k) {
      if (k == a || k == prev || !active[static_cast<size_t>(k)]) continue;
      d.at(prev, k) = static_cast<float>((na * d.at(a, k) + nb * d.at(prev, k)) / (na + nb));
    }
    size[static_cast<size_t>(prev)] += size[static_cast<size_t>(a)];
    active[static_cast<size_t>(a)] = 0;
    --remaining;
  }
  std::stable_sort(merges.begin(), merges.end(),
                   [](const LinkageMerge& x, const LinkageMerge& y) { return x.height < y.height; });
  return merges;
}

std::vector<int32_t> cut_dendrogram(const std::vector<LinkageMerge>& merges, int64_t n_rows, double threshold,
                                    std::optional<int64_t> n_clusters) {
  std::vector<int64_t> parent(static_cast<size_t>(n_rows));
  std::iota(parent.begin(), parent.end(), int64_t{0});
  int64_t clusters = n_rows;
  for (const LinkageMerge& m : merges) {
    if (m.height > threshold || (n_clusters && clusters <= *n_clusters)) break;
    parent[static_cast<size_t>(find_root(parent, m.a))] = find_root(parent, m.b);
    --clusters;
  }
  std::vector<int32_t> labels(static_cast<size_t>(n_rows));
  std::vector<int32_t> id_of_root(static_cast<size_t>(n_rows), -1);
  int32_t next = 0;
  for (int64_t i = 0; i < n_rows; ++i) {
    int32_t& id = id_of_root[static_cast<size_t>(find_root(parent, i))];
    if (id < 0) id = next++;
    labels[static_cast<size_t>(i)] = id;
  }
  return labels;
}

}  // namespace smrt
