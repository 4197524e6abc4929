#include "sklearn_kd_tree.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "knn_heap.h"

namespace smrt::knn {

bool sklearn_picks_kd_tree(int64_t n_rows, int64_t n_cols, int64_t n_neighbors) {
  // NeighborsBase._fit: brute when > 15 features or n_neighbors >= n // 2.
  return n_cols <= 15 && n_neighbors < n_rows / 2;
}

SklearnKdTree::SklearnKdTree(const MatrixView& data, int64_t leaf_size) : data_(data) {
  const int64_t n = data.n_rows, d = data.n_cols;
  // n_levels = int(log2(max(1, (n - 1) / leaf_size)) + 1), in floating point as numpy computes it.
  const auto levels = static_cast<int64_t>(
      std::log2(std::fmax(1.0, static_cast<double>(n - 1) / static_cast<double>(leaf_size))) + 1.0);
  const int64_t n_nodes = (int64_t{1} << levels) - 1;
  order_.resize(static_cast<size_t>(n));
  std::iota(order_.begin(), order_.end(), int64_t{0});
  nodes_.resize(static_cast<size_t>(n_nodes));
  lower_.assign(static_cast<size_t>(n_nodes * d), 0.0);
  upper_.assign(static_cast<size_t>(n_nodes * d), 0.0);
  build(0, 0, n);
}

void SklearnKdTree::build(int64_t node, int64_t start, int64_t end) {
  const int64_t d = data_.n_cols, n_nodes = static_cast<int64_t>(nodes_.size());
  // init_node: the bounds of the node's rows.
  double* lo = lower_.data() + node * d;
  double* hi = upper_.data() + node * d;
  std::fill(lo, lo + d, std::numeric_limits<double>::infinity());
  std::fill(hi, hi + d, -std::numeric_limits<double>::infinity());
  for (int64_t i = start; i < end; ++i) {
    const float* row = data_.row(order_[static_cast<size_t>(i)]);
    for (int64_t j = 0; j < d; ++j) {
      lo[j] = std::fmin(lo[j], static_cast<double>(row[j]));
      hi[j] = std::fmax(hi[j], static_cast<double>(row[j]));
    }
  }
  Node& info = nodes_[static_cast<size_t>(node)];
  info.start = start;
  info.end = end;
  if (2 * node + 1 >= n_nodes || end - start < 2) {
    info.is_leaf = true;
    return;
  }
  // find_node_split_dim: the first column of largest spread.
  int64_t split = 0;
  double max_spread = 0.0;
  for (int64_t j = 0; j < d; ++j) {
    double max_v = data_(order_[static_cast<size_t>(start)], j), min_v = max_v;
    for (int64_t i = start + 1; i < end; ++i) {
      const double v = data_(order_[static_cast<size_t>(i)], j);
      max_v = std::fmax(max_v, v);
      min_v = std::fmin(min_v, v);
    }
    if (max_v - min_v > max_spread) max_spread = max_v - min_v, split = j;
  }
  // partition_node_indices: nth_element on (value, index), libstdc++'s as in scikit-learn's build.
  const int64_t mid = (end - start) / 2;
  int64_t* first = order_.data() + start;
  std::nth_element(first, first + mid, order_.data() + end, [&](int64_t a, int64_t b) {
    const double va = data_(a, split), vb = data_(b, split);
    return va == vb ? a < b : va < vb;
  });
  build(2 * node + 1, start, start + mid);
  build(2 * node + 2, start + mid, end);
}

double SklearnKdTree::min_rdist(int64_t node, const double* pt) const {
  const int64_t d = data_.n_cols;
  const double* lo = lower_.data() + node * d;
  const double* hi = upper_.data() + node * d;
  double rdist = 0.0;
  for (int64_t j = 0; j < d; ++j) {  // x + |x| = 2 max(x, 0)
    const double d_lo = lo[j] - pt[j], d_hi = pt[j] - hi[j];
    const double t = (d_lo + std::fabs(d_lo)) + (d_hi + std::fabs(d_hi));
    rdist += std::pow(0.5 * t, 2.0);
  }
  return rdist;
}

void SklearnKdTree::query_node(int64_t node, const double* pt, double lower_bound, double* values, int64_t* indices,
                               int k) const {
  const Node& info = nodes_[static_cast<size_t>(node)];
  if (lower_bound > values[0]) return;  // trimmed: farther than the current k-th
  if (info.is_leaf) {
    const int64_t d = data_.n_cols;
    for (int64_t i = info.start; i < info.end; ++i) {
      const int64_t row = order_[static_cast<size_t>(i)];
      const float* x = data_.row(row);
      double rdist = 0.0;
      for (int64_t j = 0; j < d; ++j) {
        const double t = pt[j] - static_cast<double>(x[j]);
        rdist += t * t;
      }
      heap_push(values, indices, k, rdist, row);
    }
    return;
  }
  const int64_t left = 2 * node + 1, right = left + 1;
  const double lb_left = min_rdist(left, pt), lb_right = min_rdist(right, pt);
  if (lb_left <= lb_right) {
    query_node(left, pt, lb_left, values, indices, k);
    query_node(right, pt, lb_right, values, indices, k);
  } else {
    query_node(right, pt, lb_right, values, indices, k);
    query_node(left, pt, lb_left, values, indices, k);
  }
}

void SklearnKdTree::query(const float* query, int k, double* sq_distances, int64_t* indices) const {
  std::vector<double> pt(query, query + data_.n_cols);
  std::fill(sq_distances, sq_distances + k, std::numeric_limits<double>::infinity());  // NeighborsHeap's start
  std::fill(indices, indices + k, int64_t{0});
  query_node(0, pt.data(), min_rdist(0, pt.data()), sq_distances, indices, k);
  simultaneous_sort(sq_distances, indices, k);
}

}  // namespace smrt::knn
