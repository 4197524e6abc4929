#include "smrt/sample/combine/decision_tree.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace smrt {
namespace {

struct Split {
  int64_t feature = -1;
  float threshold = 0;
  double score = -1;  ///< sum over both sides of (class count^2 / side size): higher = lower Gini
};

// The best split of rows [lo, hi) on one feature; `order` is scratch space.
void best_on_feature(const MatrixView& X, const int32_t* y, int32_t n_classes, const int64_t* rows, int64_t n,
                     int64_t feature, std::vector<std::pair<float, int32_t>>& order, Split& best) {
  order.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = {X(rows[i], feature), y[rows[i]]};
  std::sort(order.begin(), order.end());
  if (order.front().first == order.back().first) return;  // constant here
  std::vector<int64_t> left(static_cast<size_t>(n_classes), 0), right(static_cast<size_t>(n_classes), 0);
  for (const auto& o : order) ++right[static_cast<size_t>(o.second)];
  double sq_left = 0, sq_right = 0;
  for (int64_t c : right) sq_right += static_cast<double>(c * c);
  for (int64_t i = 0; i + 1 < n; ++i) {
    const auto c = static_cast<size_t>(order[static_cast<size_t>(i)].second);
    sq_left += static_cast<double>(2 * left[c] + 1);
    sq_right -= static_cast<double>(2 * right[c] - 1);
    ++left[c], --right[c];
    const float a = order[static_cast<size_t>(i)].first, b = order[static_cast<size_t>(i) + 1].first;
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

void DecisionTree::fit(const MatrixView& X, const int32_t* y, int32_t n_classes, std::vector<int64_t> rows, Rng& rng) {
  nodes_.clear();
  if (rows.empty()) {
    nodes_.push_back({});
    return;
  }
  std::vector<int64_t> features(static_cast<size_t>(X.n_cols));
  std::vector<std::pair<float, int32_t>> order;
  std::vector<int64_t> counts(static_cast<size_t>(n_classes));
  struct Pending {
    int64_t node, lo, hi;
  };
  nodes_.push_back({});
  std::vector<Pending> stack = {{0, 0, static_cast<int64_t>(rows.size())}};
  while (!stack.empty()) {
    const Pending at = stack.back();
    stack.pop_back();
    std::fill(counts.begin(), counts.end(), 0);
    for (int64_t i = at.lo; i < at.hi; ++i) ++counts[static_cast<size_t>(y[rows[static_cast<size_t>(i)]])];
    const auto top = std::max_element(counts.begin(), counts.end());
    nodes_[static_cast<size_t>(at.node)].label = static_cast<int32_t>(top - counts.begin());
    if (*top == at.hi - at.lo) continue;  // pure (or one row): a leaf

    std::iota(features.begin(), features.end(), int64_t{0});
    shuffle(features.data(), X.n_cols, rng);  // the order settles equal gains
    Split best;
    for (int64_t f : features) best_on_feature(X, y, n_classes, rows.data() + at.lo, at.hi - at.lo, f, order, best);
    if (best.feature < 0) continue;  // every feature constant: a leaf

    const auto mid = std::partition(rows.begin() + at.lo, rows.begin() + at.hi,
                                    [&](int64_t r) { return X(r, best.feature) <= best.threshold; });
    const auto split_at = static_cast<int64_t>(mid - rows.begin());
    const auto left = static_cast<int64_t>(nodes_.size());
    nodes_.push_back({});
    nodes_.push_back({});
    Node& node = nodes_[static_cast<size_t>(at.node)];
    node.feature = best.feature;
    node.threshold = best.threshold;
    node.left = left;
    node.right = left + 1;
    stack.push_back({left, at.lo, split_at});
    stack.push_back({left + 1, split_at, at.hi});
  }
}

int32_t DecisionTree::predict(const float* row) const {
  size_t at = 0;
  while (nodes_[at].feature >= 0)
    at = static_cast<size_t>(row[nodes_[at].feature] <= nodes_[at].threshold ? nodes_[at].left : nodes_[at].right);
  return nodes_[at].label;
}

}  // namespace smrt
