#include "smrt/sample/combine/decision_tree.h"

#include <algorithm>
#include <numeric>

#include "smrt/core/error.h"

namespace smrt {
namespace {

struct Split {
  int64_t feature = -1;
  float threshold = 0;
  double score = -1;  ///< sum over both sides of (class count^2 / side size): higher = lower Gini
};

// The best split on one feature of a node whose rows, in this feature's
// order, are `order[0, n)` (positions into `values` and `labels`).
void best_on_feature(const float* values, const int32_t* labels, const int32_t* order, int64_t n, int64_t feature,
                     std::vector<int64_t>& left, std::vector<int64_t>& right, Split& best) {
  if (values[order[0]] == values[order[n - 1]]) return;  // constant here
  std::fill(left.begin(), left.end(), 0);
  std::fill(right.begin(), right.end(), 0);
  for (int64_t i = 0; i < n; ++i) ++right[static_cast<size_t>(labels[order[i]])];
  double sq_left = 0, sq_right = 0;
  for (int64_t c : right) sq_right += static_cast<double>(c * c);
  for (int64_t i = 0; i + 1 < n; ++i) {
    const auto c = static_cast<size_t>(labels[order[i]]);
    sq_left += static_cast<double>(2 * left[c] + 1);
    sq_right -= static_cast<double>(2 * right[c] - 1);
    ++left[c], --right[c];
    const float a = values[order[i]], b = values[order[i + 1]];
    if (!(a < b)) continue;  // only between distinct values
    const double n_left = static_cast<double>(i + 1);
    const double score = sq_left / n_left + sq_right / (static_cast<double>(n) - n_left);
    if (score > best.score) {
      float mid = static_cast<float>((static_cast<double>(a) + b) / 2.0);
      if (!(mid < b)) mid = a;  // rounding reached b: split at a (as scikit-learn)
      best = {feature, mid, score};
    }
  }
}

}  // namespace

// Each feature's row order is sorted once; a split partitions every order
// stably, so each node's rows stay sorted in every feature (no sort per node).
void DecisionTree::fit(const MatrixView& X, const int32_t* y, int32_t n_classes, std::vector<int64_t> rows, Rng& rng) {
  nodes_.clear();
  nodes_.push_back({});
  const auto n = static_cast<int64_t>(rows.size());
  if (n == 0) return;
  SMRT_ASSERT(n < (int64_t{1} << 31), "a tree on more than 2^31 rows");
  const int64_t d = X.n_cols;
  std::vector<float> values(static_cast<size_t>(d * n));  // column f at [f n, (f + 1) n)
  std::vector<int32_t> labels(static_cast<size_t>(n)), order(static_cast<size_t>(d * n));
  for (int64_t i = 0; i < n; ++i) {
    labels[static_cast<size_t>(i)] = y[rows[static_cast<size_t>(i)]];
    for (int64_t f = 0; f < d; ++f) values[static_cast<size_t>(f * n + i)] = X(rows[static_cast<size_t>(i)], f);
  }
  for (int64_t f = 0; f < d; ++f) {
    int32_t* o = order.data() + f * n;
    const float* v = values.data() + f * n;
    std::iota(o, o + n, 0);
    std::sort(o, o + n, [v](int32_t a, int32_t b) { return v[a] < v[b] || (v[a] == v[b] && a < b); });
  }

  std::vector<int64_t> features(static_cast<size_t>(d)), counts(static_cast<size_t>(n_classes));
  std::vector<int64_t> left(static_cast<size_t>(n_classes)), right(static_cast<size_t>(n_classes));
  std::vector<char> goes_left(static_cast<size_t>(n));
  std::vector<int32_t> scratch(static_cast<size_t>(n));
  struct Pending {
    int64_t node, lo, hi;
  };
  std::vector<Pending> stack = {{0, 0, n}};
  while (!stack.empty()) {
    const Pending at = stack.back();
    stack.pop_back();
    const int64_t size = at.hi - at.lo;
    std::fill(counts.begin(), counts.end(), 0);
    for (int64_t i = at.lo; i < at.hi; ++i) ++counts[static_cast<size_t>(labels[static_cast<size_t>(order[static_cast<size_t>(i)])])];
    const auto top = std::max_element(counts.begin(), counts.end());
    nodes_[static_cast<size_t>(at.node)].label = static_cast<int32_t>(top - counts.begin());
    if (*top == size) continue;  // pure (or one row): a leaf

    std::iota(features.begin(), features.end(), int64_t{0});
    shuffle(features.data(), d, rng);  // the order settles equal gains
    Split best;
    for (int64_t f : features)
      best_on_feature(values.data() + f * n, labels.data(), order.data() + f * n + at.lo, size, f, left, right, best);
    if (best.feature < 0) continue;  // every feature constant: a leaf

    const float* v = values.data() + best.feature * n;
    int64_t n_left = 0;
    for (int64_t i = at.lo; i < at.hi; ++i) {
      const int32_t r = order[static_cast<size_t>(best.feature * n + i)];
      goes_left[static_cast<size_t>(r)] = v[r] <= best.threshold;
      n_left += goes_left[static_cast<size_t>(r)];
    }
    for (int64_t f = 0; f < d; ++f) {  // stable: both children stay sorted
      int32_t* o = order.data() + f * n + at.lo;
      int64_t l = 0, r = n_left;
      for (int64_t i = 0; i < size; ++i) scratch[static_cast<size_t>(goes_left[static_cast<size_t>(o[i])] ? l++ : r++)] = o[i];
      std::copy(scratch.begin(), scratch.begin() + size, o);
    }
    const auto child = static_cast<int64_t>(nodes_.size());
    nodes_.push_back({});
    nodes_.push_back({});
    Node& node = nodes_[static_cast<size_t>(at.node)];
    node.feature = best.feature;
    node.threshold = best.threshold;
    node.left = child;
    node.right = child + 1;
    stack.push_back({child, at.lo, at.lo + n_left});
    stack.push_back({child + 1, at.lo + n_left, at.hi});
  }
}

int32_t DecisionTree::predict(const float* row) const {
  size_t at = 0;
  while (nodes_[at].feature >= 0)
    at = static_cast<size_t>(row[nodes_[at].feature] <= nodes_[at].threshold ? nodes_[at].left : nodes_[at].right);
  return nodes_[at].label;
}

}  // namespace smrt
