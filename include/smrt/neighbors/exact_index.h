#pragma once
// Exact k-nearest neighbours by blocked brute force.
//
// fit() packs the rows (centred on their mean, for accuracy) into panels a
// vectorised micro-kernel streams through; the kernel keeps ||x||^2 - 2 q.x
// in registers and only reports the rows that may enter a query's current
// top k. Those few candidates get their distance recomputed exactly (direct
// differences in double) before they enter the top k, so rounding in the
// expansion never changes a decision: the result is the exact k nearest with
// ties resolved as scikit-learn does. Queries are split into blocks run in
// parallel on smrt::num_threads() threads; fitted rows are visited in chunks
// that stay in cache. A search of the fitted rows themselves scans each pair
// once for both rows. On CPUs with AVX-512 BF16 the kernel multiplies in
// bfloat16 (twice the products per instruction) with its thresholds widened
// by the bound on that rounding, so it only lets more candidates through;
// the exact doubles still decide.

#include <memory>
#include <mutex>
#include <vector>

#include "smrt/neighbors/neighbor_index.h"

namespace smrt {
namespace knn {
struct TileKernel;
class SklearnKdTree;
}

class ExactIndex : public NeighborIndex {
 public:
  explicit ExactIndex(TieOrder order = TieOrder::DistanceThenIndex, int sklearn_threads = 0);

  void fit(const MatrixView& data) override;
  KnnResult search(const MatrixView& queries, int k) const override;
  KnnResult search_as(const MatrixView& queries, int k, const SklearnCall& call) const override;
  KnnResult search_self(int k) const override;
  int64_t n_fitted() const override { return data_.n_rows; }
  std::string engine() const override { return "exact"; }

 private:
  /// search()'s checks of its arguments.
  void check_search(const MatrixView& queries, int k) const;
  /// `order`: DistanceThenIndex or SklearnBrute.
  KnnResult run(const MatrixView& queries, int k, TieOrder order) const;
  /// The k nearest in order_; for TieOrder::Sklearn the algorithm scikit-learn
  /// picks for NearestNeighbors(n_neighbors=estimator_k) decides the ties.
  KnnResult run_in_order(const MatrixView& queries, int k, int estimator_k) const;
  /// TieOrder::Sklearn where scikit-learn searches a KD-tree (at most 15
  /// columns, few neighbours): its order of tied neighbours differs from
  /// brute force's, so rows with ties are searched again on a replica of its
  /// tree (sklearn_kd_tree.h).
  KnnResult run_in_kd_tree_order(const MatrixView& queries, int k) const;
  /// One-sided: every query scans the fitted rows. `nominal_queries` is the
  /// query count scikit-learn's tie order is planned for.
  KnnResult run_queries(const MatrixView& queries, int k, int64_t nominal_queries, TieOrder order) const;
  /// Whether `queries` are the fitted rows themselves, so that each pair can
  /// be scanned once for both of its rows (exact_self_pairs.cpp).
  bool self_pairs_apply(const MatrixView& queries, TieOrder order) const;
  /// The k nearest fitted rows (the row itself included) of every fitted row,
  /// each pair scanned once; ties keep the lowest indices. Rows with equal
  /// distances among their k go to `tied` when it is given.
  KnnResult run_self_pairs(int k, std::vector<int64_t>* tied) const;

  TieOrder order_;
  int sklearn_threads_;
  MatrixView data_;
  std::vector<float> center_;  ///< column means, subtracted before the kernel
  const knn::TileKernel* kernel_ = nullptr;  ///< chosen at fit() for this CPU and this data
  /// The fitted rows packed for kernel_ in index order, on first use.
  const std::vector<float>& packed_panels() const;
  mutable std::mutex pack_mutex_;
  mutable bool packed_ = false;
  mutable std::vector<float> panels_;
  /// scikit-learn's KD-tree over the fitted rows, built when a search first needs it.
  const knn::SklearnKdTree& kd_tree() const;
  mutable std::shared_ptr<const knn::SklearnKdTree> kd_tree_;
  std::vector<double> norms_;  ///< each fitted row's centred squared norm
  double max_norm_ = 0.0;      ///< largest centred squared norm (bounds rounding)
};

}  // namespace smrt
