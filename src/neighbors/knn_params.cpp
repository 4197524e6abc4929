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
          "approximate; 'hnsw:M,efConstruction,efSearch,shard_rows' sets the graphs, default hnsw:16,64,64,16384, "
          "trailing ones may be left out; on a few cores the exact engine is usually faster, see docs/benchmarks.md).";
  p.allowed_text = "exact, hnsw or hnsw:M[,efConstruction[,efSearch[,shard_rows]]]";
  p.check = [](const std::string& value) -> std::string {
    try {
      knn_config_from_text(value);
      return "";
    } catch (const ParameterError& e) {
      return e.what();
    }
  };
  return p;
}

KnnConfig knn_config_from(const ParamValues& params) { return knn_config_from_text(params.get_string("knn")); }

KnnConfig knn_config_from_text(const std::string& text) {
  KnnConfig config;
  const auto colon = text.find(':');
  config.engine = text.substr(0, colon);
  SMRT_THROW_IF_NOT(ParameterError, config.engine == "exact" || config.engine == "hnsw", "knn='", text,
                    "' is not a kNN engine; use 'exact', 'hnsw' or 'hnsw:M,efConstruction,efSearch,shard_rows'");
  if (colon == std::string::npos) return config;
  SMRT_THROW_IF_NOT(ParameterError, config.engine == "hnsw", "knn='", text, "': only hnsw takes settings");
  // hnsw:M[,efConstruction[,efSearch[,shard_rows]]]
  int* fields[] = {&config.hnsw_m, &config.hnsw_ef_construction, &config.hnsw_ef_search, &config.hnsw_shard_rows};
  const int minimum[] = {2, 1, 1, 2};
  const int maximum[] = {4096, 4096, 4096, 1 << 30};
  const char* names[] = {"M (links per node, >= 2)", "efConstruction (>= 1)", "efSearch (>= 1)", "shard_rows (>= 2)"};
  size_t start = colon + 1;
  for (int f = 0; f < 4 && start <= text.size(); ++f) {
    const size_t comma = text.find(',', start);
    const std::string field = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto value = parse_int64(field);
    SMRT_THROW_IF_NOT(ParameterError, value && *value >= minimum[f] && *value <= maximum[f], "knn='", text, "': '",
                      field, "' is not a valid ", names[f]);
    *fields[f] = static_cast<int>(*value);
    if (comma == std::string::npos) return config;
    SMRT_THROW_IF_NOT(ParameterError, f < 3, "knn='", text,
                      "': at most four settings (M,efConstruction,efSearch,shard_rows)");
    start = comma + 1;
  }
  return config;
}

}  // namespace smrt
