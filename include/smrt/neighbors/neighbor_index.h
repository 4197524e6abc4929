#pragma once
// k-nearest-neighbour search: one small interface, two engines.
//
//   exact : blocked brute force; squared L2 distances via GEMM-like tiles,
//           top-k kept per tile, multi-threaded; scikit-learn's tie order
//           (distance, then index).
//   hnsw  : FAISS HNSW, approximate, opt-in (knn=hnsw).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "smrt/core/matrix.h"

namespace smrt {

/// Neighbours of n_queries rows: row q's k neighbours are at [q*k, (q+1)*k),
/// nearest first. Distances are Euclidean (not squared), as scikit-learn's.
struct KnnResult {
  int64_t n_queries = 0;
  int k = 0;
  std::vector<int64_t> indices;   ///< n_queries * k, indices into the fitted rows
  std::vector<float> distances;   ///< n_queries * k

  const int64_t* neighbors(int64_t q) const { return indices.data() + q * k; }
  const float* dists(int64_t q) const { return distances.data() + q * k; }
};

/// Which scikit-learn call a TieOrder::Sklearn search stands for, where it is
/// not NearestNeighbors(n_neighbors=k).kneighbors(queries) (what search() is).
struct SklearnCall {
  /// The estimator's n_neighbors, which picks scikit-learn's algorithm (KD-tree
  /// or brute force); 0: the k searched. imbalanced-learn >= 0.12's NCR asks
  /// its KNeighborsClassifier(n_neighbors=k) for k + 1 neighbours.
  int estimator_k = 0;
  /// KNeighborsClassifier.predict (scikit-learn >= 1.3): on brute force it runs
  /// ArgKminClassMode with strategy parallel_on_X whatever the query count,
  /// so the lowest indices win ties (kneighbors plans by the query count).
  bool predict = false;
};

class NeighborIndex {
 public:
  virtual ~NeighborIndex() = default;

  /// Remembers `data` (n x d). The view must outlive the index.
  virtual void fit(const MatrixView& data) = 0;
  /// The k nearest fitted rows of each query row (k <= n_fitted).
  virtual KnnResult search(const MatrixView& queries, int k) const = 0;
  /// search() as scikit-learn's `call` would answer it: only TieOrder::Sklearn
  /// settles ties differently; other engines and orders answer search().
  virtual KnnResult search_as(const MatrixView& queries, int k, const SklearnCall& call) const {
    (void)call;
    return search(queries, k);
  }
  /// The k nearest other fitted rows of each fitted row: the row itself is
  /// excluded (as scikit-learn's kneighbors(X=None)), also when duplicates
  /// of it exist. k <= n_fitted - 1.
  virtual KnnResult search_self(int k) const = 0;
  virtual int64_t n_fitted() const = 0;
  /// "exact" or "hnsw".
  virtual std::string engine() const = 0;
};

/// Which neighbours win ties at equal distance, and their order in a row.
enum class TieOrder {
  /// The k smallest (distance, index) pairs, ascending: lowest indices win.
  DistanceThenIndex,
  /// scikit-learn 1.2's brute-force search step for step (its heap, its
  /// chunking by 256 rows over `sklearn_threads`, its unstable quicksort):
  /// the same neighbours in the same order as NearestNeighbors(algorithm=
  /// 'brute'), including which tied neighbour is kept and which comes first
  /// (imbalanced-learn's kneighbors(X)[:, 1:] with duplicate rows).
  SklearnBrute,
  /// NearestNeighbors(n_neighbors=k) with its default algorithm='auto', as
  /// imbalanced-learn builds it: scikit-learn's KD-tree order of ties when it
  /// picks the tree (at most 15 columns, k < n // 2), else SklearnBrute.
  Sklearn,
};

/// The thread count whose scikit-learn tie order TieOrder::Sklearn follows.
/// scikit-learn's brute-force order of equidistant neighbours depends on its
/// thread count (its parallel_on_X / parallel_on_Y choice and chunk split);
/// smrt fixes it, so the same input gives the same rows on every machine.
/// 2: the machine that produced the parity references (docs/usage.md).
constexpr int kSklearnReferenceThreads = 2;

struct KnnConfig {
  std::string engine = "exact";  ///< "exact" or "hnsw"
  TieOrder tie_order = TieOrder::DistanceThenIndex;
  /// TieOrder::Sklearn: the thread count of the scikit-learn whose order of
  /// ties is followed; never this machine's cores (see kSklearnReferenceThreads).
  int sklearn_threads = kSklearnReferenceThreads;
  int hnsw_m = 16;                 ///< HNSW links per node
  int hnsw_ef_construction = 64;   ///< HNSW build beam width
  int hnsw_ef_search = 64;         ///< HNSW search beam width (at least 2k is used)
  int hnsw_shard_rows = 16384;     ///< rows per HNSW graph (at most 16 graphs; fewer rows: exact search)
};

/// "exact" (default) or "hnsw"; an unknown name is a ParameterError.
std::unique_ptr<NeighborIndex> make_neighbor_index(const std::string& engine = "exact");
std::unique_ptr<NeighborIndex> make_neighbor_index(const KnnConfig& config);

}  // namespace smrt
