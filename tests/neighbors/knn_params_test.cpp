// The `knn` parameter: an engine name, and for hnsw optional graph settings.
#include <gtest/gtest.h>

#include <string>

#include "smrt/core/error.h"
#include "smrt/neighbors/knn_params.h"

namespace {

smrt::KnnConfig config_of(const std::string& knn) {
  return smrt::knn_config_from(smrt::ParamValues::resolve("test", {smrt::knn_param_spec()}, {{"knn", knn}}));
}

std::string error_of(const std::string& knn) {
  try {
    config_of(knn);
  } catch (const smrt::ParameterError& e) {
    return e.what();
  }
  return "";
}

TEST(KnnParams, EnginesAndGraphSettings) {
  EXPECT_EQ(config_of("exact").engine, "exact");
  const smrt::KnnConfig plain = config_of("hnsw");
  EXPECT_EQ(plain.engine, "hnsw");
  EXPECT_EQ(plain.hnsw_m, 16);
  EXPECT_EQ(plain.hnsw_ef_construction, 64);
  EXPECT_EQ(plain.hnsw_ef_search, 64);
  const smrt::KnnConfig one = config_of("hnsw:8");
  EXPECT_EQ(one.hnsw_m, 8);
  EXPECT_EQ(one.hnsw_ef_construction, 64);
  const smrt::KnnConfig all = config_of("hnsw:8,16,32");
  EXPECT_EQ(all.hnsw_m, 8);
  EXPECT_EQ(all.hnsw_ef_construction, 16);
  EXPECT_EQ(all.hnsw_ef_search, 32);
  EXPECT_EQ(all.hnsw_shard_rows, 16384);
  EXPECT_EQ(config_of("hnsw:8,16,32,500").hnsw_shard_rows, 500);
}

TEST(KnnParams, BadValuesNameWhatIsWrong) {
  EXPECT_NE(error_of("kd_tree").find("not a kNN engine"), std::string::npos);
  EXPECT_NE(error_of("exact:4").find("only hnsw takes settings"), std::string::npos);
  EXPECT_NE(error_of("hnsw:1").find("M (links per node, >= 2)"), std::string::npos);
  EXPECT_NE(error_of("hnsw:8,x").find("efConstruction"), std::string::npos);
  EXPECT_NE(error_of("hnsw:8,16,0").find("efSearch"), std::string::npos);
  EXPECT_NE(error_of("hnsw:8,16,32,1").find("shard_rows"), std::string::npos);
  EXPECT_NE(error_of("hnsw:8,16,32,500,3").find("at most four"), std::string::npos);
  EXPECT_NE(error_of("hnsw:").find("M (links"), std::string::npos);
}

}  // namespace
