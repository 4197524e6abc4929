#include "smrt/neighbors/exact_index.h"

#include <omp.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <string>
#include <thread>

#include "exact_blocking.h"
#include "exact_distance.h"
#include "knn_heap.h"
#include "self_exclusion.h"
#include "sklearn_kd_tree.h"
#include "smrt/core/error.h"
#include "smrt/core/first_exception.h"
#include "smrt/core/threads.h"
#include "tile_kernel.h"

namespace smrt {
namespace {

using knn::TileHit;
using knn::TileKernel;

using knn::kChunkBytes;
using knn::kMicroBlocksPerBlock;
constexpr int64_t kSklearnChunk = 256;        // scikit-learn's pairwise_dist_chunk_size
constexpr int64_t kMinSelfPairsRows = 256;   // below this a self-search is cheap either way
constexpr double kMaxNormSpread = 16.0;       // largest / mean squared norm for a bfloat16 kernel

// A run of fitted rows (in panels) whose neighbours go into one heap. One
// segment normally; scikit-learn's parallel_on_Y strategy keeps one heap per
// thread over contiguous chunks and merges them, which changes tie order.
struct Segments {
  std::vector<int64_t> starts;  // panel index where each segment starts; last = end
  bool merge = false;           // merge the heaps as parallel_on_Y does
  int64_t initial_index = -1;   // index stored in empty heap slots
};

Segments plan_segments(TieOrder order, int sklearn_threads, int64_t n_queries, int64_t n_fitted, int32_t panel_width) {
  const int64_t n_panels = (n_fitted + panel_width - 1) / panel_width;
  Segments s;
  s.starts = {0, n_panels};
  if (order != TieOrder::SklearnBrute) return s;
  const int64_t threads = sklearn_threads > 0 ? sklearn_threads : kSklearnReferenceThreads;
  if (4 * kSklearnChunk * threads < n_queries) {  // parallel_on_X: one heap per query, filled in index order
    s.initial_index = 0;
    return s;
  }
  // parallel_on_Y: chunks of Y split contiguously over min(n_chunks, threads) threads (OpenMP static schedule).
  const int64_t chunk = std::min(n_fitted, kSklearnChunk);
  const int64_t n_chunks = (n_fitted + chunk - 1) / chunk;
  const int64_t n_threads = std::min(n_chunks, threads);
  s.merge = true;
  s.starts.clear();
  int64_t first_chunk = 0;
  for (int64_t t = 0; t < n_threads; ++t) {
    const int64_t row = first_chunk * chunk;
    SMRT_ASSERT(row % panel_width == 0, "chunk start ", row, " is not on a panel boundary");
    s.starts.push_back(row / panel_width);
    first_chunk += n_chunks / n_threads + (t < n_chunks % n_threads ? 1 : 0);
  }
  s.starts.push_back(n_panels);
  return s;
}

}  // namespace

ExactIndex::ExactIndex(TieOrder order, int sklearn_threads) : order_(order), sklearn_threads_(sklearn_threads) {}

void ExactIndex::fit(const MatrixView& data) {
  SMRT_THROW_IF_NOT(ParameterError, data.n_rows >= 1, "kNN: cannot fit an index on 0 rows");
  SMRT_THROW_IF_NOT(ParameterError, data.n_cols <= std::numeric_limits<int32_t>::max() / 64,
                    "kNN: too many columns (", data.n_cols, ")");
  const auto d = static_cast<int32_t>(data.n_cols);
  std::vector<double> mean(static_cast<size_t>(d), 0.0);
  bool out_of_range = false;  // the kernels work in float on centred rows: no squares past float's range
  for (int64_t i = 0; i < data.n_rows; ++i)
    for (int32_t p = 0; p < d; ++p) {
      mean[static_cast<size_t>(p)] += data(i, p);
      out_of_range |= !(std::fabs(data(i, p)) <= kMaxFloatDistanceValue);
    }
  if (out_of_range) check_float_distance_range(data, "kNN");  // throws, naming the row and feature
  data_ = data;
  center_.assign(static_cast<size_t>(d), 0.0f);
  for (int32_t p = 0; p < d; ++p)
    center_[static_cast<size_t>(p)] = static_cast<float>(mean[static_cast<size_t>(p)] / static_cast<double>(data.n_rows));

  // Centred squared norms: they bound rounding (max_norm_) and choose the
  // kernel. bfloat16 margins grow with the largest norm, so where it is far
  // above the typical one, a float kernel lets fewer rows through.
  norms_.resize(static_cast<size_t>(data.n_rows));
  double sum_norm = 0.0, max_norm = 0.0;
#pragma omp parallel for schedule(static) reduction(+ : sum_norm) reduction(max : max_norm) num_threads(num_threads())
  for (int64_t i = 0; i < data.n_rows; ++i) {
    double s = 0.0;
    for (int32_t p = 0; p < d; ++p) {
      const float v = data(i, p) - center_[static_cast<size_t>(p)];
      s += static_cast<double>(v) * v;
    }
    norms_[static_cast<size_t>(i)] = s;
    sum_norm += s;
    max_norm = std::max(max_norm, s);
  }
  max_norm_ = max_norm;
  const TileKernel& best = knn::tile_kernel();
  kernel_ = best.dims_per_word == 1 || max_norm <= kMaxNormSpread * sum_norm / static_cast<double>(data.n_rows)
                ? &best
                : &knn::float_tile_kernel();

  std::lock_guard<std::mutex> lock(pack_mutex_);
  std::vector<float>().swap(panels_);  // packed by the first one-sided search (a self-search packs its own order)
  packed_ = false;
  kd_tree_.reset();
}

const knn::SklearnKdTree& ExactIndex::kd_tree() const {
  std::lock_guard<std::mutex> lock(pack_mutex_);
  if (!kd_tree_) kd_tree_ = std::make_shared<const knn::SklearnKdTree>(data_);
  return *kd_tree_;
}

const std::vector<float>& ExactIndex::packed_panels() const {
  std::lock_guard<std::mutex> lock(pack_mutex_);
  if (packed_) return panels_;
  const TileKernel& kernel = *kernel_;
  const auto d = static_cast<int32_t>(data_.n_cols);
  const int64_t n_panels = (data_.n_rows + kernel.panel_width - 1) / kernel.panel_width;
  const int64_t stride = knn::panel_words(d, kernel);
  panels_.assign(static_cast<size_t>(checked_size(n_panels, stride)), 0.0f);
  // Pack panel by panel in parallel (each panel is independent).
#pragma omp parallel for schedule(static) num_threads(num_threads())
  for (int64_t b = 0; b < n_panels; ++b) {
    const int64_t first = b * kernel.panel_width;
    const int64_t rows = std::min<int64_t>(kernel.panel_width, data_.n_rows - first);
    knn::pack_panels(data_.row(first), rows, d, center_.data(), kernel, panels_.data() + b * stride);
  }
  packed_ = true;
  return panels_;
}

void ExactIndex::check_search(const MatrixView& queries, int k) const {
  SMRT_THROW_IF_NOT(ParameterError, data_.data != nullptr, "kNN: search() before fit()");
  SMRT_THROW_IF_NOT(ParameterError, k >= 1 && k <= data_.n_rows, "kNN: n_neighbors=", k,
                    " must be in [1, ", data_.n_rows, "] (the number of fitted rows)");
  SMRT_THROW_IF_NOT(ParameterError, queries.n_cols == data_.n_cols, "kNN: queries have ", queries.n_cols,
                    " columns but the index was fitted on ", data_.n_cols);
  if (queries.data != data_.data) check_float_distance_range(queries, "kNN queries");
}

KnnResult ExactIndex::search(const MatrixView& queries, int k) const {
  check_search(queries, k);
  return run_in_order(queries, k, k);
}

KnnResult ExactIndex::search_as(const MatrixView& queries, int k, const SklearnCall& call) const {
  check_search(queries, k);
  const int estimator_k = call.estimator_k > 0 ? call.estimator_k : k;
  if (order_ != TieOrder::Sklearn || !call.predict ||
      knn::sklearn_picks_kd_tree(data_.n_rows, data_.n_cols, estimator_k))
    return run_in_order(queries, k, estimator_k);
  // predict on brute force: ArgKminClassMode's parallel_on_X fills each query's
  // heap in index order and replaces its top only on a strictly smaller
  // distance, so the k smallest (distance, index) pairs; the order among them
  // does not change a vote.
  return run(queries, k, TieOrder::DistanceThenIndex);
}

KnnResult ExactIndex::search_self(int k) const {
  SMRT_THROW_IF_NOT(ParameterError, data_.data != nullptr, "kNN: search_self() before fit()");
  SMRT_THROW_IF_NOT(ParameterError, k >= 1 && k <= data_.n_rows - 1, "kNN: n_neighbors=", k, " must be in [1, ",
                    data_.n_rows - 1, "] (the number of fitted rows minus the row itself)");
  // kneighbors(X=None): the estimator's n_neighbors (k) picks the algorithm, k + 1 are searched.
  return knn::exclude_self(run_in_order(data_, k + 1, k));
}

KnnResult ExactIndex::run_in_order(const MatrixView& queries, int k, int estimator_k) const {
  if (order_ != TieOrder::Sklearn) return run(queries, k, order_);
  if (knn::sklearn_picks_kd_tree(data_.n_rows, data_.n_cols, estimator_k)) return run_in_kd_tree_order(queries, k);
  return run(queries, k, TieOrder::SklearnBrute);
}

bool ExactIndex::self_pairs_apply(const MatrixView& queries, TieOrder order) const {
  static const bool disabled = [] {  // SMRT_KNN_SELF_PAIRS=0: one-sided only (for comparisons)
    const char* v = std::getenv("SMRT_KNN_SELF_PAIRS");
    return v != nullptr && std::string(v) == "0";
  }();
  if (disabled) return false;
  const TileKernel& kernel = *kernel_;
  if (queries.data != data_.data || queries.n_rows != data_.n_rows || queries.n_cols != data_.n_cols) return false;
  if (data_.n_rows < kMinSelfPairsRows || kernel.scan_both == nullptr) return false;
  if ((kMicroBlocksPerBlock * kernel.rows) % kernel.panel_width != 0) return false;
  // scikit-learn's parallel_on_Y keeps other tied rows than the lowest indices.
  return order != TieOrder::SklearnBrute ||
         !plan_segments(order, sklearn_threads_, queries.n_rows, data_.n_rows, kernel.panel_width).merge;
}

KnnResult ExactIndex::run(const MatrixView& queries, int k, TieOrder order) const {
  if (!self_pairs_apply(queries, order)) return run_queries(queries, k, queries.n_rows, order);
  std::vector<int64_t> tied;
  KnnResult result = run_self_pairs(k, order == TieOrder::SklearnBrute ? &tied : nullptr);
  if (tied.empty()) return result;
  // scikit-learn orders tied neighbours by its heap's layout: search those
  // rows again the one-sided way, which replays it (as a search of all rows).
  const Matrix again = gather_rows(data_, tied);
  const KnnResult redone = run_queries(again.view(), k, data_.n_rows, order);
  for (size_t t = 0; t < tied.size(); ++t)
    for (int j = 0; j < k; ++j) {
      const size_t to = static_cast<size_t>(tied[t] * k + j), from = t * static_cast<size_t>(k) + static_cast<size_t>(j);
      result.indices[to] = redone.indices[from];
      result.distances[to] = redone.distances[from];
    }
  return result;
}

KnnResult ExactIndex::run_in_kd_tree_order(const MatrixView& queries, int k) const {
  // The k + 1 nearest with the lowest indices winning ties: a row without
  // equal distances among them has the same k nearest, in the same order, in
  // any exact search. The rest are searched again on scikit-learn's tree.
  const int wider = static_cast<int>(std::min<int64_t>(int64_t{k} + 1, data_.n_rows));
  const KnnResult first = run(queries, wider, TieOrder::DistanceThenIndex);
  KnnResult result;
  result.n_queries = queries.n_rows;
  result.k = k;
  result.indices.resize(static_cast<size_t>(checked_size(queries.n_rows, k)));
  result.distances.resize(result.indices.size());
  std::vector<int64_t> tied;
  for (int64_t q = 0; q < queries.n_rows; ++q) {
    const float* dist = first.distances.data() + q * wider;
    bool tie = false;
    for (int j = 1; j < wider; ++j) tie = tie || dist[j] == dist[j - 1];
    if (tie) tied.push_back(q);
    std::copy(first.indices.begin() + q * wider, first.indices.begin() + q * wider + k, result.indices.begin() + q * k);
    std::copy(dist, dist + k, result.distances.begin() + q * k);
  }
  if (tied.empty()) return result;
  const knn::SklearnKdTree& tree = kd_tree();
#pragma omp parallel num_threads(num_threads())
  {
    std::vector<double> values(static_cast<size_t>(k));
#pragma omp for schedule(dynamic, 16)
    for (size_t t = 0; t < tied.size(); ++t) {
      const int64_t q = tied[t];
      tree.query(queries.row(q), k, values.data(), result.indices.data() + q * k);
      for (int j = 0; j < k; ++j)
        result.distances[static_cast<size_t>(q * k + j)] = static_cast<float>(std::sqrt(values[static_cast<size_t>(j)]));
    }
  }
  return result;
}

KnnResult ExactIndex::run_queries(const MatrixView& queries, int k, int64_t nominal_queries, TieOrder order) const {
  const TileKernel& kernel = *kernel_;
  const auto d = static_cast<int32_t>(data_.n_cols);
  const int64_t n = data_.n_rows;
  const int64_t nq = queries.n_rows;
  const int64_t stride = knn::panel_words(d, kernel);
  const int64_t rows_per_block = kMicroBlocksPerBlock * kernel.rows;
  const int64_t n_blocks = (nq + rows_per_block - 1) / rows_per_block;
  const int64_t chunk_panels = std::max<int64_t>(1, kChunkBytes / (stride * 4));
  const Segments segments = plan_segments(order, sklearn_threads_, nominal_queries, n, kernel.panel_width);
  const std::vector<float>& panels = packed_panels();
  const auto n_segments = static_cast<int64_t>(segments.starts.size()) - 1;
  const float inf = std::numeric_limits<float>::infinity();
  const bool sklearn = order == TieOrder::SklearnBrute;

  KnnResult result;
  result.n_queries = nq;
  result.k = k;
  result.indices.resize(static_cast<size_t>(checked_size(nq, k)));
  result.distances.resize(result.indices.size());

  FirstException failure;  // an allocation failure: the other blocks are skipped
#pragma omp parallel num_threads(num_threads())
  {
    std::vector<float> qbuf;
    std::vector<double> qnorm, margin, heap_values, main_values;
    std::vector<float> thr;
    std::vector<int64_t> heap_indices, main_indices;
    std::vector<TileHit> hits;
    try {
      qbuf.resize(static_cast<size_t>(rows_per_block * d));
      qnorm.resize(static_cast<size_t>(rows_per_block));
      margin.resize(static_cast<size_t>(rows_per_block));
      thr.resize(static_cast<size_t>(rows_per_block));
      heap_values.resize(static_cast<size_t>(n_segments * rows_per_block * k));
      heap_indices.resize(heap_values.size());
      main_values.resize(static_cast<size_t>(k));
      main_indices.resize(static_cast<size_t>(k));
      hits.resize(static_cast<size_t>(chunk_panels * kernel.rows));
    } catch (...) {
      failure.capture();
    }

#pragma omp for schedule(dynamic)
    for (int64_t block = 0; block < n_blocks; ++block) {
      if (failure.caught()) continue;
      try {
        const int64_t q0 = block * rows_per_block;
        const int64_t q_rows = std::min(rows_per_block, nq - q0);
        // Centre the block's queries; rows past the end stay zero and never pass (thr = -inf).
        std::fill(qbuf.begin(), qbuf.end(), 0.0f);
        for (int64_t r = 0; r < q_rows; ++r) {
          double norm = 0.0;
          for (int32_t p = 0; p < d; ++p) {
            const float v = queries(q0 + r, p) - center_[static_cast<size_t>(p)];
            qbuf[static_cast<size_t>(r * d + p)] = v;
            norm += static_cast<double>(v) * v;
          }
          qnorm[static_cast<size_t>(r)] = norm;
          margin[static_cast<size_t>(r)] = knn::rounding_margin(kernel, d, norm, max_norm_);
        }
        auto update_threshold = [&](int64_t r, double kth) {
          if (kth >= DBL_MAX) {
            thr[static_cast<size_t>(r)] = inf;
            return;
          }
          thr[static_cast<size_t>(r)] =
              knn::float_at_least(kth + margin[static_cast<size_t>(r)] - qnorm[static_cast<size_t>(r)]);
        };

        for (int64_t s = 0; s < n_segments; ++s) {
          double* values = heap_values.data() + s * rows_per_block * k;
          int64_t* indices = heap_indices.data() + s * rows_per_block * k;
          std::fill(values, values + rows_per_block * k, DBL_MAX);
          std::fill(indices, indices + rows_per_block * k, segments.initial_index);
          for (int64_t r = 0; r < rows_per_block; ++r) thr[static_cast<size_t>(r)] = r < q_rows ? inf : -inf;

          // Thresholds start infinite and tighten as heaps fill: begin with a few
          // panels and grow to full chunks, so few rows need an exact distance.
          int64_t step = std::min<int64_t>(chunk_panels, (k + kernel.panel_width - 1) / kernel.panel_width);
          for (int64_t c0 = segments.starts[static_cast<size_t>(s)]; c0 < segments.starts[static_cast<size_t>(s) + 1];
               c0 += step, step = std::min(2 * step, chunk_panels)) {
            const int64_t c_panels = std::min(step, segments.starts[static_cast<size_t>(s) + 1] - c0);
            for (int64_t m = 0; m * kernel.rows < q_rows; ++m) {
              const int64_t n_hits = kernel.scan(qbuf.data() + m * kernel.rows * d, d, panels.data() + c0 * stride,
                                                 c_panels, thr.data() + m * kernel.rows, hits.data());
              knn::prefetch_hit_rows(hits.data(), n_hits, c0, kernel.panel_width, n, d,
                                     [&](int64_t j) { return data_.row(j); });
              // Hits come panel by panel, lanes ascending: each query sees its candidates in index order.
              for (int64_t h = 0; h < n_hits; ++h) {
                const TileHit& hit = hits[static_cast<size_t>(h)];
                const int64_t r = m * kernel.rows + hit.row;
                const float* q = queries.row(q0 + r);
                for (uint32_t mask = hit.mask; mask != 0; mask &= mask - 1) {
                  const int64_t j = (c0 + hit.panel) * kernel.panel_width + __builtin_ctz(mask);
                  if (j >= n) break;
                  const double dist = knn::exact_sq_distance(q, data_.row(j), d);
                  const bool entered = sklearn ? knn::heap_push(values + r * k, indices + r * k, k, dist, j)
                                               : knn::heap_push_lexicographic(values + r * k, indices + r * k, k, dist, j);
                  if (entered)
                    update_threshold(r, values[r * k]);
                }
              }
            }
          }
        }

        for (int64_t r = 0; r < q_rows; ++r) {
          double* v = heap_values.data() + r * k;
          int64_t* idx = heap_indices.data() + r * k;
          if (segments.merge) {
            std::fill(main_values.begin(), main_values.end(), DBL_MAX);
            std::fill(main_indices.begin(), main_indices.end(), 0);
            for (int64_t s = 0; s < n_segments; ++s)
              for (int64_t j = 0; j < k; ++j) {
                const size_t at = static_cast<size_t>((s * rows_per_block + r) * k + j);
                knn::heap_push(main_values.data(), main_indices.data(), k, heap_values[at], heap_indices[at]);
              }
            v = main_values.data();
            idx = main_indices.data();
          }
          if (sklearn) knn::simultaneous_sort(v, idx, k);
          else knn::sort_by_value_then_index(v, idx, k);
          const size_t out = static_cast<size_t>((q0 + r) * k);
          for (int64_t j = 0; j < k; ++j) {
            result.indices[out + static_cast<size_t>(j)] = idx[j];
            result.distances[out + static_cast<size_t>(j)] = static_cast<float>(std::sqrt(std::max(v[j], 0.0)));
          }
        }
      } catch (...) {
        failure.capture();
      }
    }
  }
  failure.rethrow_if_any();
  return result;
}

}  // namespace smrt
