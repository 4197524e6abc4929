#pragma once
// The `knn` parameter every neighbour-based sampler declares: which
// NeighborIndex engine answers its searches. Threads come from
// smrt::num_threads() (no n_jobs).

#include "smrt/core/params.h"
#include "smrt/neighbors/neighbor_index.h"

namespace smrt {

/// knn = exact (default) | hnsw | hnsw:M[,efConstruction[,efSearch]].
ParamSpec knn_param_spec();

/// The engine named by the `knn` parameter of `params`.
KnnConfig knn_config_from(const ParamValues& params);
/// The same from the parameter's text; a bad value is a ParameterError naming it.
KnnConfig knn_config_from_text(const std::string& text);

}  // namespace smrt
