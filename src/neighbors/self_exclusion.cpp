#include "self_exclusion.h"

namespace smrt::knn {

KnnResult exclude_self(const KnnResult& with_self) {
  KnnResult out;
  out.n_queries = with_self.n_queries;
  out.k = with_self.k - 1;
  const auto n_out = static_cast<size_t>(out.n_queries * out.k);
  out.indices.resize(n_out);
  out.distances.resize(n_out);
  for (int64_t q = 0; q < out.n_queries; ++q) {
    const int64_t* idx = with_self.neighbors(q);
    const float* dist = with_self.dists(q);
    int drop = 0;  // the first column unless the row itself is listed
    for (int j = 0; j < with_self.k; ++j)
      if (idx[j] == q) {
        drop = j;
        break;
      }
    int64_t* out_idx = out.indices.data() + q * out.k;
    float* out_dist = out.distances.data() + q * out.k;
    for (int j = 0, o = 0; j < with_self.k; ++j) {
      if (j == drop) continue;
      out_idx[o] = idx[j];
      out_dist[o] = dist[j];
      ++o;
    }
  }
  return out;
}

}  // namespace smrt::knn
