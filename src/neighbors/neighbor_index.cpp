#include "smrt/neighbors/neighbor_index.h"

#include "smrt/core/error.h"
#include "smrt/neighbors/exact_index.h"
#include "smrt/neighbors/hnsw_index.h"

namespace smrt {

std::unique_ptr<NeighborIndex> make_neighbor_index(const KnnConfig& config) {
  if (config.engine == "exact") return std::make_unique<ExactIndex>(config.tie_order, config.sklearn_threads);
  if (config.engine == "hnsw")
    return std::make_unique<HnswIndex>(config.hnsw_m, config.hnsw_ef_construction, config.hnsw_ef_search,
                                       config.hnsw_shard_rows);
  throw ParameterError(msg("knn='", config.engine, "' is not a kNN engine; use 'exact' or 'hnsw'"));
}

std::unique_ptr<NeighborIndex> make_neighbor_index(const std::string& engine) {
  KnnConfig config;
  config.engine = engine;
  return make_neighbor_index(config);
}

}  // namespace smrt
