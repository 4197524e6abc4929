#include "smrt/neighbors/knn_params.h"

#include <vector>

#include "smrt/core/class_index.h"
#include "smrt/core/error.h"

namespace smrt {

ParamSpec knn_param_spec() {
  ParamSpec p;
  p.name = "knn";
  p.type = ParamType::String;
  p.default_value = "exact";
  p.doc = "Neighbour search: 'exact' (blocked brute force, scikit-learn's neighbours) or 'hnsw' (FAISS HNSW graphs, "
          "approximate; 'hnsw:M,efConstruction,efSearch' sets the graph, default hnsw:16,64,64; on a few cores the "
          "exact engine is usually faster, see docs/benchmarks.md).";
  return p;
}

KnnConfig knn_config_from(const ParamValues& params) {
  KnnConfig config;
  const std::string& text = params.get_string("knn");
  const auto colon = text.find(':');
  config.engine = text.substr(0, colon);
  SMRT_THROW_IF_NOT(ParameterError, config.engine == "exact" || config.engine == "hnsw", "knn='", text,
                    "' is not a kNN engine; use 'exact', 'hnsw' or 'hnsw:M,efConstruction,efSearch'");
  if (colon == std::string::npos) return config;
  SMRT_THROW_IF_NOT(ParameterError, config.engine == "hnsw", "knn='", text, "': only hnsw takes settings");
  // hnsw:M[,efConstruction[,efSearch]]
  int* fields[] = {&config.hnsw_m, &config.hnsw_ef_construction, &config.hnsw_ef_search};
  const int minimum[] = {2, 1, 1};
  size_t start = colon + 1;
  for (int f = 0; f < 3 && start <= text.size(); ++f) {
    const size_t comma = text.find(',', start);
    const std::string field = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto value = parse_int64(field);
    SMRT_THROW_IF_NOT(ParameterError, value && *value >= minimum[f] && *value <= 4096, "knn='", text, "': '", field,
                      "' is not a valid ", f == 0 ? "M (links per node, >= 2)" : f == 1 ? "efConstruction (>= 1)" : "efSearch (>= 1)");
    *fields[f] = static_cast<int>(*value);
    if (comma == std::string::npos) return config;
    SMRT_THROW_IF_NOT(ParameterError, f < 2, "knn='", text, "': at most three settings (M,efConstruction,efSearch)");
    start = comma + 1;
  }
  return config;
}

}  // namespace smrt
