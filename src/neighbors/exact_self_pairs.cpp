// Exact self-search that scans each pair of rows once (ExactIndex::run_self_pairs).
//
// When the queries are the fitted rows, the distance of a pair (i, j) serves
// both rows. A block of query rows scans only the fitted rows from its own
// first row on; each candidate pair i < j gets its exact distance once and is
// offered to both rows' top k. The top-k heaps are shared between threads
// (a spin lock per row, held for one push). Each row publishes its threshold
// (k-th distance plus the rounding margin, as a float) for the kernel's
// scan_both to compare with. Thresholds only fall, so a thread reading an
// older, larger one only checks an extra candidate: in any schedule the
// result is each row's k smallest (distance, index) pairs.
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cfloat>
#include <cmath>
#include <exception>
#include <limits>
#include <memory>

#include "exact_blocking.h"
#include "exact_distance.h"
#include "knn_heap.h"
#include "smrt/core/error.h"
#include "smrt/core/threads.h"
#include "smrt/neighbors/exact_index.h"
#include "tile_kernel.h"

namespace smrt {

KnnResult ExactIndex::run_self_pairs(int k, std::vector<int64_t>* tied) const {
  const knn::TileKernel& kernel = *kernel_;
  const auto d = static_cast<int32_t>(data_.n_cols);
  const int64_t n = data_.n_rows;
  const int32_t width = kernel.panel_width;
  const int64_t stride = knn::panel_words(d, kernel);
  const int64_t n_panels = (n + width - 1) / width;
  const int64_t rows_per_block = knn::kMicroBlocksPerBlock * kernel.rows;
  const int64_t n_blocks = (n + rows_per_block - 1) / rows_per_block;
  const int64_t chunk_panels = std::max<int64_t>(1, knn::kChunkBytes / (stride * 4));
  const float inf = std::numeric_limits<float>::infinity();

  std::vector<double> margin(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)  // covers either role of the row
    margin[static_cast<size_t>(i)] = knn::rounding_margin(kernel, d, norms_[static_cast<size_t>(i)], max_norm_);

  std::vector<double> values(static_cast<size_t>(checked_size(n, k)), DBL_MAX);
  std::vector<int64_t> indices(values.size(), -1);
  std::vector<float> col_thr(static_cast<size_t>(n_panels * width), inf);  // padding lanes never pass
  std::unique_ptr<std::atomic<bool>[]> locks(new std::atomic<bool>[static_cast<size_t>(n)]);
  for (int64_t i = 0; i < n; ++i) locks[static_cast<size_t>(i)].store(false, std::memory_order_relaxed);

  // Offers (dist, other) to row's top k. The kernel reads col_thr without
  // locks while it is written (aligned 4-byte stores, values only falling).
  auto offer = [&](int64_t row, double dist, int64_t other) {
    float limit;
    __atomic_load(&col_thr[static_cast<size_t>(row)], &limit, __ATOMIC_RELAXED);
    if (!(dist < static_cast<double>(limit))) return;  // limit > k-th distance: it cannot enter
    std::atomic<bool>& lock = locks[static_cast<size_t>(row)];
    while (lock.exchange(true, std::memory_order_acquire))
      while (lock.load(std::memory_order_relaxed)) {
      }
    double* v = values.data() + row * k;
    if (knn::heap_push_lexicographic(v, indices.data() + row * k, k, dist, other) && v[0] < DBL_MAX) {
      float t = knn::float_at_least(v[0] + margin[static_cast<size_t>(row)]);
      __atomic_store(&col_thr[static_cast<size_t>(row)], &t, __ATOMIC_RELAXED);
    }
    lock.store(false, std::memory_order_release);
  };

  std::exception_ptr failure;
#pragma omp parallel num_threads(num_threads())
  {
    std::vector<float> qbuf, qnorm, thr;
    std::vector<knn::TileHit> hits;
    bool ready = false;
    try {
      qbuf.resize(static_cast<size_t>(rows_per_block * d));
      qnorm.resize(static_cast<size_t>(rows_per_block));
      thr.resize(static_cast<size_t>(rows_per_block));
      hits.resize(static_cast<size_t>(chunk_panels * kernel.rows));
      ready = true;
    } catch (...) {
#pragma omp critical(smrt_knn_pairs_failure)
      if (!failure) failure = std::current_exception();
    }
    // Blocks go in index order: the first ones scan the most rows.
#pragma omp for schedule(dynamic)
    for (int64_t block = 0; block < n_blocks; ++block) {
      if (!ready) continue;
      const int64_t q0 = block * rows_per_block;
      const int64_t q_rows = std::min(rows_per_block, n - q0);
      std::fill(qbuf.begin(), qbuf.end(), 0.0f);
      for (int64_t r = 0; r < rows_per_block; ++r) {
        // Padding rows get an infinite norm: col_thr - inf never passes.
        qnorm[static_cast<size_t>(r)] = r < q_rows ? static_cast<float>(norms_[static_cast<size_t>(q0 + r)]) : inf;
        if (r >= q_rows) continue;
        for (int32_t p = 0; p < d; ++p)
          qbuf[static_cast<size_t>(r * d + p)] = data_(q0 + r, p) - center_[static_cast<size_t>(p)];
        offer(q0 + r, 0.0, q0 + r);  // the row itself, at distance 0
      }
      int64_t step = std::min<int64_t>(chunk_panels, (k + width - 1) / width);
      for (int64_t c0 = q0 / width; c0 < n_panels; c0 += step, step = std::min(2 * step, chunk_panels)) {
        const int64_t c_panels = std::min(step, n_panels - c0);
        for (int64_t m = 0; m * kernel.rows < q_rows; ++m) {
          // A query row's own threshold on a = ||x||^2 - 2 q.x, from its published one.
          for (int64_t r = m * kernel.rows; r < (m + 1) * kernel.rows; ++r) {
            if (r >= q_rows) {
              thr[static_cast<size_t>(r)] = -inf;
              continue;
            }
            float c;
            __atomic_load(&col_thr[static_cast<size_t>(q0 + r)], &c, __ATOMIC_RELAXED);
            const float qn = qnorm[static_cast<size_t>(r)];
            const float t = c - qn;
            thr[static_cast<size_t>(r)] = t + (std::abs(c) + qn) * 0x1p-22f;  // covers the subtraction's rounding
          }
          const int64_t n_hits =
              kernel.scan_both(qbuf.data() + m * kernel.rows * d, d, panels_.data() + c0 * stride, c_panels,
                               thr.data() + m * kernel.rows, qnorm.data() + m * kernel.rows,
                               col_thr.data() + c0 * width, hits.data());
          for (int64_t h = 0; h < n_hits; ++h) {
            const knn::TileHit& hit = hits[static_cast<size_t>(h)];
            const int64_t q = q0 + m * kernel.rows + hit.row;
            const float* q_row = data_.row(q);
            for (uint32_t mask = hit.mask; mask != 0; mask &= mask - 1) {
              const int64_t j = (c0 + hit.panel) * width + __builtin_ctz(mask);
              if (j >= n) break;
              if (j <= q) continue;  // the pair (j, q) belongs to row j's scan, or is the row itself
              const double dist = knn::exact_sq_distance(q_row, data_.row(j), d);
              offer(q, dist, j);
              offer(j, dist, q);
            }
          }
        }
      }
    }
  }
  if (failure) std::rethrow_exception(failure);

  KnnResult result;
  result.n_queries = n;
  result.k = k;
  result.indices.resize(values.size());
  result.distances.resize(values.size());
  std::vector<char> has_tie(static_cast<size_t>(n), 0);
#pragma omp parallel for schedule(static) num_threads(num_threads())
  for (int64_t i = 0; i < n; ++i) {
    double* v = values.data() + i * k;
    int64_t* idx = indices.data() + i * k;
    knn::sort_by_value_then_index(v, idx, k);
    for (int64_t j = 0; j < k; ++j) {
      result.indices[static_cast<size_t>(i * k + j)] = idx[j];
      result.distances[static_cast<size_t>(i * k + j)] = static_cast<float>(std::sqrt(std::max(v[j], 0.0)));
      if (j > 0 && v[j] == v[j - 1]) has_tie[static_cast<size_t>(i)] = 1;
    }
  }
  if (tied)
    for (int64_t i = 0; i < n; ++i)
      if (has_tie[static_cast<size_t>(i)]) tied->push_back(i);
  return result;
}

}  // namespace smrt
