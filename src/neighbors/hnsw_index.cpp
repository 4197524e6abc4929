#include "smrt/neighbors/hnsw_index.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "knn_heap.h"
#include "l2_kernel.h"
#include "self_exclusion.h"
#include "smrt/core/error.h"
#include "smrt/core/first_exception.h"
#include "smrt/core/threads.h"
#include "smrt/neighbors/exact_index.h"

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
  std::vector<std::unique_ptr<faiss::IndexHNSW>> shards;
  std::vector<int64_t> first;  ///< first row of each shard, then the row count
};
bool hnsw_available() { return true; }
#else
struct HnswIndex::Graph {};
bool hnsw_available() { return false; }
#endif

HnswIndex::HnswIndex(int m, int ef_construction, int ef_search, int64_t shard_rows)
    : m_(m), ef_construction_(ef_construction), ef_search_(ef_search), shard_rows_(shard_rows) {
  SMRT_THROW_IF_NOT(ParameterError, hnsw_available(),
                    "knn=hnsw: this smrt was built without FAISS (install libfaiss-dev and rebuild), use knn=exact");
  SMRT_THROW_IF_NOT(ParameterError, m >= 2 && ef_construction >= 1 && ef_search >= 1 && shard_rows >= 1,
                    "knn=hnsw: bad graph settings M=", m, ", efConstruction=", ef_construction, ", efSearch=", ef_search,
                    ", shard rows=", shard_rows);
}

HnswIndex::~HnswIndex() = default;

void HnswIndex::fit(const MatrixView& data) {
  SMRT_THROW_IF_NOT(ParameterError, data.n_rows >= 1, "kNN: cannot fit an index on 0 rows");
  data_ = data;
  graph_.reset();
  exact_.reset();
  if (data.n_rows <= shard_rows_) {  // checks the value range itself
    exact_ = std::make_unique<ExactIndex>();
    exact_->fit(data);
    return;
  }
  check_float_distance_range(data, "knn=hnsw (FAISS computes float distances)");
#ifdef SMRT_HAVE_FAISS
  graph_ = std::make_unique<Graph>();
  const int64_t n = data.n_rows;
  const int64_t n_shards = std::min(kMaxShards, (n + shard_rows_ - 1) / shard_rows_);
  for (int64_t s = 0; s <= n_shards; ++s) graph_->first.push_back(s * n / n_shards);
  graph_->shards.resize(static_cast<size_t>(n_shards));
  FirstException failure;
#pragma omp parallel for schedule(dynamic) num_threads(num_threads())
  for (int64_t s = 0; s < n_shards; ++s) {
    if (failure.caught()) continue;
    try {
      omp_set_num_threads(1);  // this thread's setting: FAISS's own loops run serially inside
      auto shard = std::make_unique<faiss::IndexHNSW>(new FastFlatL2(static_cast<int>(data.n_cols)), m_);
      shard->own_fields = true;
      shard->hnsw.efConstruction = ef_construction_;
      const int64_t first = graph_->first[static_cast<size_t>(s)];
      shard->add(graph_->first[static_cast<size_t>(s) + 1] - first, data.row(first));
      graph_->shards[static_cast<size_t>(s)] = std::move(shard);
    } catch (...) {
      failure.capture();
    }
  }
  failure.rethrow_if_any();
#endif
}

KnnResult HnswIndex::search(const MatrixView& queries, int k) const {
  SMRT_THROW_IF_NOT(ParameterError, graph_ != nullptr || exact_ != nullptr, "kNN: search() before fit()");
  SMRT_THROW_IF_NOT(ParameterError, k >= 1 && k <= data_.n_rows, "kNN: n_neighbors=", k,
                    " must be in [1, ", data_.n_rows, "] (the number of fitted rows)");
  SMRT_THROW_IF_NOT(ParameterError, queries.n_cols == data_.n_cols, "kNN: queries have ", queries.n_cols,
                    " columns but the index was fitted on ", data_.n_cols);
  if (exact_) return exact_->search(queries, k);
  KnnResult out;
  out.n_queries = queries.n_rows;
  out.k = k;
  out.indices.resize(static_cast<size_t>(checked_size(queries.n_rows, k)));
  out.distances.resize(out.indices.size());
#ifdef SMRT_HAVE_FAISS
  // Each shard's k nearest (in its own row numbers), then the k nearest of
  // them all by exact distance and index.
  const int64_t nq = queries.n_rows, n_shards = static_cast<int64_t>(graph_->shards.size());
  std::vector<int64_t> found(static_cast<size_t>(checked_size(nq, n_shards * k)), -1);
  std::vector<float> sq(static_cast<size_t>(nq * k));
  std::vector<faiss::Index::idx_t> local(sq.size());
  faiss::SearchParametersHNSW params;
  params.efSearch = std::max(ef_search_, 2 * k);
  for (int64_t s = 0; s < n_shards; ++s) {
    const int64_t first = graph_->first[static_cast<size_t>(s)];
    const int64_t rows = graph_->first[static_cast<size_t>(s) + 1] - first;
    const int64_t ks = std::min<int64_t>(k, rows);
    graph_->shards[static_cast<size_t>(s)]->search(nq, queries.data, ks, sq.data(), local.data(), &params);
    for (int64_t q = 0; q < nq; ++q)
      for (int64_t j = 0; j < ks; ++j) {
        const faiss::Index::idx_t at = local[static_cast<size_t>(q * ks + j)];
        if (at >= 0) found[static_cast<size_t>((q * n_shards + s) * k + j)] = first + at;
      }
  }
  const int64_t d = data_.n_cols;
#pragma omp parallel for schedule(static)
  for (int64_t q = 0; q < nq; ++q) {
    std::vector<double> exact;
    std::vector<int64_t> rows;
    for (int64_t c = 0; c < n_shards * k; ++c) {
      const int64_t row = found[static_cast<size_t>(q * n_shards * k + c)];
      if (row < 0) continue;  // a graph too small to reach k rows
      double sum = 0.0;
      for (int64_t p = 0; p < d; ++p) {
        const double diff = static_cast<double>(queries(q, p)) - data_(row, p);
        sum += diff * diff;
      }
      exact.push_back(sum);
      rows.push_back(row);
    }
    while (static_cast<int64_t>(rows.size()) < k) {  // never when k <= n: fall back to row 0
      exact.push_back(std::numeric_limits<double>::max());
      rows.push_back(0);
    }
    knn::sort_by_value_then_index(exact.data(), rows.data(), static_cast<int64_t>(rows.size()));
    for (int j = 0; j < k; ++j) {
      out.indices[static_cast<size_t>(q * k + j)] = rows[static_cast<size_t>(j)];
      out.distances[static_cast<size_t>(q * k + j)] = static_cast<float>(std::sqrt(exact[static_cast<size_t>(j)]));
    }
  }
#endif
  return out;
}

KnnResult HnswIndex::search_self(int k) const {
  SMRT_THROW_IF_NOT(ParameterError, k >= 1 && k <= data_.n_rows - 1, "kNN: n_neighbors=", k, " must be in [1, ",
                    data_.n_rows - 1, "] (the number of fitted rows minus the row itself)");
  if (exact_) return exact_->search_self(k);
  return knn::exclude_self(search(data_, k + 1));
}

}  // namespace smrt
