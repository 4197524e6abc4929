#include "smrt/neighbors/hnsw_index.h"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include "knn_heap.h"
#include "l2_kernel.h"
#include "self_exclusion.h"
#include "smrt/core/error.h"

#ifdef SMRT_HAVE_FAISS
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#endif

namespace smrt {

#ifdef SMRT_HAVE_FAISS
namespace {

// Graph distances through smrt's vectorised kernel (knn::l2_kernel()).
struct FastL2Distance : faiss::FlatCodesDistanceComputer {
  FastL2Distance(const faiss::IndexFlat& storage, knn::L2DistanceFn distance)
      : faiss::FlatCodesDistanceComputer(storage.codes.data(), storage.code_size), d(storage.d), l2(distance) {}
  void set_query(const float* x) override { query = x; }
  float distance_to_code(const uint8_t* code) override {
    return l2(query, reinterpret_cast<const float*>(code), d);
  }
  float symmetric_dis(idx_t i, idx_t j) override {
    const auto* rows = reinterpret_cast<const float*>(codes);
    return l2(rows + i * d, rows + j * d, d);
  }

  int64_t d;
  knn::L2DistanceFn l2;
  const float* query = nullptr;
};

// Flat storage that hands out FastL2Distance (Debian's FAISS is built for
// any x86-64 CPU and would run its scalar reference loop).
struct FastFlatL2 : faiss::IndexFlatL2 {
  explicit FastFlatL2(idx_t dims) : faiss::IndexFlatL2(dims) {}
  faiss::FlatCodesDistanceComputer* get_FlatCodesDistanceComputer() const override {
    return new FastL2Distance(*this, knn::l2_kernel().distance);
  }
};

}  // namespace

struct HnswIndex::Graph {
  Graph(int d, int m) : index(new FastFlatL2(d), m) { index.own_fields = true; }
  faiss::IndexHNSW index;
};
bool hnsw_available() { return true; }
#else
struct HnswIndex::Graph {};
bool hnsw_available() { return false; }
#endif

HnswIndex::HnswIndex(int m, int ef_construction, int ef_search)
    : m_(m), ef_construction_(ef_construction), ef_search_(ef_search) {
  SMRT_THROW_IF_NOT(ParameterError, hnsw_available(),
                    "knn=hnsw: this smrt was built without FAISS (install libfaiss-dev and rebuild), use knn=exact");
  SMRT_THROW_IF_NOT(ParameterError, m >= 2 && ef_construction >= 1 && ef_search >= 1, "knn=hnsw: bad graph settings M=",
                    m, ", efConstruction=", ef_construction, ", efSearch=", ef_search);
}

HnswIndex::~HnswIndex() = default;

void HnswIndex::fit(const MatrixView& data) {
  SMRT_THROW_IF_NOT(ParameterError, data.n_rows >= 1, "kNN: cannot fit an index on 0 rows");
  data_ = data;
#ifdef SMRT_HAVE_FAISS
  graph_ = std::make_unique<Graph>(static_cast<int>(data.n_cols), m_);
  graph_->index.hnsw.efConstruction = ef_construction_;
  // One thread: FAISS's parallel insertion links rows in whatever order the
  // threads reach them, so the graph (and the neighbours it finds) would
  // change from run to run. Searches stay parallel (they only read it).
  struct OneThread {
    int saved = omp_get_max_threads();
    OneThread() { omp_set_num_threads(1); }
    ~OneThread() { omp_set_num_threads(saved); }
  } one_thread;
  graph_->index.add(data.n_rows, data.data);
#endif
}

KnnResult HnswIndex::search(const MatrixView& queries, int k) const {
  SMRT_THROW_IF_NOT(ParameterError, graph_ != nullptr, "kNN: search() before fit()");
  SMRT_THROW_IF_NOT(ParameterError, k >= 1 && k <= data_.n_rows, "kNN: n_neighbors=", k,
                    " must be in [1, ", data_.n_rows, "] (the number of fitted rows)");
  SMRT_THROW_IF_NOT(ParameterError, queries.n_cols == data_.n_cols, "kNN: queries have ", queries.n_cols,
                    " columns but the index was fitted on ", data_.n_cols);
  KnnResult out;
  out.n_queries = queries.n_rows;
  out.k = k;
  out.indices.resize(static_cast<size_t>(checked_size(queries.n_rows, k)));
  out.distances.resize(out.indices.size());
#ifdef SMRT_HAVE_FAISS
  std::vector<float> sq(out.indices.size());
  faiss::SearchParametersHNSW params;
  params.efSearch = std::max(ef_search_, 2 * k);
  graph_->index.search(queries.n_rows, queries.data, k, sq.data(), out.indices.data(), &params);
  const int64_t d = data_.n_cols;
#pragma omp parallel for schedule(static)
  for (int64_t q = 0; q < queries.n_rows; ++q) {
    int64_t* idx = out.indices.data() + q * k;
    std::vector<double> exact(static_cast<size_t>(k));
    for (int j = 0; j < k; ++j) {
      // A graph too small to reach k rows answers -1: fall back to the row itself (never happens when k <= n).
      if (idx[j] < 0) idx[j] = 0;
      double sum = 0.0;
      for (int64_t p = 0; p < d; ++p) {
        const double diff = static_cast<double>(queries(q, p)) - data_(idx[j], p);
        sum += diff * diff;
      }
      exact[static_cast<size_t>(j)] = sum;
    }
    knn::sort_by_value_then_index(exact.data(), idx, k);
    for (int j = 0; j < k; ++j) out.distances[static_cast<size_t>(q * k + j)] = static_cast<float>(std::sqrt(exact[static_cast<size_t>(j)]));
  }
#endif
  return out;
}

KnnResult HnswIndex::search_self(int k) const {
  SMRT_THROW_IF_NOT(ParameterError, k >= 1 && k <= data_.n_rows - 1, "kNN: n_neighbors=", k, " must be in [1, ",
                    data_.n_rows - 1, "] (the number of fitted rows minus the row itself)");
  return knn::exclude_self(search(data_, k + 1));
}

}  // namespace smrt
