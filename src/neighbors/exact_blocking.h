#pragma once
// How the exact kNN engine cuts its work, shared by its one-sided and its
// pairwise (self-search) passes.

#include <cstdint>

namespace smrt::knn {

constexpr int64_t kMicroBlocksPerBlock = 16;  // query micro-blocks sharing one cached data chunk
constexpr int64_t kChunkBytes = 256 * 1024;  // packed fitted rows per pass: about half an L2

}  // namespace smrt::knn
