#include "smrt/neighbors/knn_params.h"

namespace smrt {

ParamSpec knn_param_spec() {
  ParamSpec p;
  p.name = "knn";
  p.type = ParamType::String;
  p.default_value = "exact";
  p.choices = {"exact", "hnsw"};
  p.doc = "Neighbour search: 'exact' (blocked brute force, scikit-learn's neighbours) or 'hnsw' (FAISS HNSW graph, "
          "approximate; on a few cores the exact engine is usually faster, see docs/benchmarks.md).";
  return p;
}

KnnConfig knn_config_from(const ParamValues& params) {
  KnnConfig config;
  config.engine = params.get_string("knn");
  return config;
}

}  // namespace smrt
