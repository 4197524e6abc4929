#pragma once
// Approximate k-nearest neighbours with FAISS's HNSW graph (knn=hnsw).
// The neighbours FAISS returns get their distances recomputed exactly and are
// ordered by (distance, index), as the exact engine's.

#include <memory>

#include "smrt/neighbors/neighbor_index.h"

namespace smrt {

/// Whether this build has FAISS (cmake/neighbors.cmake).
bool hnsw_available();

class HnswIndex : public NeighborIndex {
 public:
  HnswIndex(int m, int ef_construction, int ef_search);
  ~HnswIndex() override;

  void fit(const MatrixView& data) override;
  KnnResult search(const MatrixView& queries, int k) const override;
  KnnResult search_self(int k) const override;
  int64_t n_fitted() const override { return data_.n_rows; }
  std::string engine() const override { return "hnsw"; }

 private:
  struct Graph;  // the FAISS index, kept out of this header
  int m_, ef_construction_, ef_search_;
  MatrixView data_;
  std::unique_ptr<Graph> graph_;
};

}  // namespace smrt
