#pragma once
// Approximate k-nearest neighbours with FAISS's HNSW graph (knn=hnsw).
// The neighbours FAISS returns get their distances recomputed exactly and are
// ordered by (distance, index), as the exact engine's.
//
// The rows are cut into at most 16 shards of about shard_rows rows, one graph
// each. The graphs build in parallel, each on one thread: FAISS's parallel
// insertion links rows in whatever order its threads reach them, so one
// shared graph would change from run to run, while the shards depend only on
// the row count (the same answers with any thread count). Small graphs also
// stay in cache while they are built. A search asks every shard and keeps the
// k nearest. A table of at most shard_rows rows is searched exactly: a graph
// would cost more than the scan.

#include <memory>

#include "smrt/neighbors/neighbor_index.h"

namespace smrt {

/// Whether this build has FAISS (cmake/neighbors.cmake).
bool hnsw_available();

class HnswIndex : public NeighborIndex {
 public:
  static constexpr int64_t kDefaultShardRows = 16384;
  static constexpr int64_t kMaxShards = 16;
  HnswIndex(int m, int ef_construction, int ef_search, int64_t shard_rows = kDefaultShardRows);
  ~HnswIndex() override;

  void fit(const MatrixView& data) override;
  KnnResult search(const MatrixView& queries, int k) const override;
  KnnResult search_self(int k) const override;
  int64_t n_fitted() const override { return data_.n_rows; }
  std::string engine() const override { return "hnsw"; }

 private:
  struct Graph;  // the FAISS indexes, kept out of this header
  int m_, ef_construction_, ef_search_;
  int64_t shard_rows_;
  MatrixView data_;
  std::unique_ptr<Graph> graph_;
  std::unique_ptr<NeighborIndex> exact_;  ///< for tables of at most shard_rows_ rows
};

}  // namespace smrt
