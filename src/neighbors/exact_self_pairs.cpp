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
#include <limits>
#include <memory>

#include "exact_blocking.h"
#include "exact_distance.h"
#include "knn_heap.h"
#include "locality_order.h"
#include "smrt/core/error.h"
#include "smrt/core/first_exception.h"
#include "smrt/core/threads.h"
#include "smrt/neighbors/exact_index.h"
#include "tile_kernel.h"

namespace smrt {
namespace {

constexpr int64_t kMaxLocalityGroups = 256;  // pivots cost each row 2 d flops apiece

}  // namespace

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

  // Positions follow a locality order (row_at[position] = row), packed afresh:
  // a block's own rows, scanned first, are near each other.
  const std::vector<int64_t> row_at = knn::locality_order(data_, rows_per_block, width, kMaxLocalityGroups);
  std::vector<float> panels(static_cast<size_t>(checked_size(n_panels, stride)));
#pragma omp parallel num_threads(num_threads())
  {
    std::vector<float> gathered(static_cast<size_t>(width * d));
#pragma omp for schedule(static)
    for (int64_t b = 0; b < n_panels; ++b) {
      const int64_t rows = std::min<int64_t>(width, n - b * width);
      for (int64_t r = 0; r < rows; ++r) {
        const float* src = data_.row(row_at[static_cast<size_t>(b * width + r)]);
        std::copy(src, src + d, gathered.data() + r * d);
      }
      knn::pack_panels(gathered.data(), rows, d, center_.data(), kernel, panels.data() + b * stride);
    }
  }

  std::vector<double> margin(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)  // covers either role of the row
    margin[static_cast<size_t>(i)] =
        knn::rounding_margin(kernel, d, norms_[static_cast<size_t>(row_at[static_cast<size_t>(i)])], max_norm_);

  // Heaps, thresholds and locks by position; heaps hold row indices (ties keep the lowest).
  std::vector<double> values(static_cast<size_t>(checked_size(n, k)), DBL_MAX);
  std::vector<int64_t> indices(values.size(), -1);
  std::vector<float> col_thr(static_cast<size_t>(n_panels * width), inf);  // padding lanes never pass
  std::unique_ptr<std::atomic<bool>[]> locks(new std::atomic<bool>[static_cast<size_t>(n)]);
  for (int64_t i = 0; i < n; ++i) locks[static_cast<size_t>(i)].store(false, std::memory_order_relaxed);

  // Offers (dist, row `other`) to the top k at position `at`; `shared`: other
  // threads may offer to it at the same time (not in a block's own pass,
  // where only the block's thread touches its rows). The kernel reads col_thr
  // without locks while it is written (aligned 4-byte stores, values only falling).
  auto offer = [&](int64_t at, double dist, int64_t other, bool shared) {
    float limit;
    __atomic_load(&col_thr[static_cast<size_t>(at)], &limit, __ATOMIC_RELAXED);
    if (!(dist < static_cast<double>(limit))) return;  // limit > k-th distance: it cannot enter
    std::atomic<bool>& lock = locks[static_cast<size_t>(at)];
    if (shared)
      while (lock.exchange(true, std::memory_order_acquire))
        while (lock.load(std::memory_order_relaxed)) {
        }
    double* v = values.data() + at * k;
    if (knn::heap_push_lexicographic(v, indices.data() + at * k, k, dist, other) && v[0] < DBL_MAX) {
      float t = knn::float_at_least(v[0] + margin[static_cast<size_t>(at)]);
      __atomic_store(&col_thr[static_cast<size_t>(at)], &t, __ATOMIC_RELAXED);
    }
    if (shared) lock.store(false, std::memory_order_release);
  };

  FirstException failure;  // an allocation failure: the other blocks are skipped
#pragma omp parallel num_threads(num_threads())
  {
    std::vector<float> qbuf, qnorm, thr;
    std::vector<knn::TileHit> hits;
    try {
      qbuf.resize(static_cast<size_t>(rows_per_block * d));
      qnorm.resize(static_cast<size_t>(rows_per_block));
      thr.resize(static_cast<size_t>(rows_per_block));
      // One hit slot per (row, panel) of a scan: a chunk of later panels, or
      // a block's own panels (more than a chunk when the rows are wide).
      const int64_t own_panels = rows_per_block / width + 2;
      hits.resize(static_cast<size_t>(std::max(chunk_panels, own_panels) * kernel.rows));
    } catch (...) {
      failure.capture();
    }
    // The pairs (q, j), q < j, of a block's rows q with, by phase: 0, the
    // rows of q's own panel (a subgroup of near rows); 1, the rest of the
    // block; 2, every later position (where other threads offer too).
    // own_block: phases 0 and 1 (the block's rows centred once); else phase 2.
    enum Phase { kOwnPanel, kOwnBlock, kLater };
    auto scan_block = [&](int64_t block, bool own_block) {
      const int64_t q0 = block * rows_per_block;
      const int64_t q_rows = std::min(rows_per_block, n - q0);
      std::fill(qbuf.begin(), qbuf.end(), 0.0f);
      for (int64_t r = 0; r < rows_per_block; ++r) {
        // Padding rows get an infinite norm: col_thr - inf never passes.
        if (r >= q_rows) {
          qnorm[static_cast<size_t>(r)] = inf;
          continue;
        }
        const int64_t row = row_at[static_cast<size_t>(q0 + r)];
        qnorm[static_cast<size_t>(r)] = static_cast<float>(norms_[static_cast<size_t>(row)]);
        for (int32_t p = 0; p < d; ++p)
          qbuf[static_cast<size_t>(r * d + p)] = data_(row, p) - center_[static_cast<size_t>(p)];
        if (own_block) offer(q0 + r, 0.0, row, false);  // the row itself, at distance 0
      }
      // Micro-block m against panels [c0, c0 + c_panels).
      auto scan = [&](int64_t m, int64_t c0, int64_t c_panels, Phase phase) {
        const bool shared = phase == kLater;
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
            kernel.scan_both(qbuf.data() + m * kernel.rows * d, d, panels.data() + c0 * stride, c_panels,
                             thr.data() + m * kernel.rows, qnorm.data() + m * kernel.rows,
                             col_thr.data() + c0 * width, hits.data());
        knn::prefetch_hit_rows(hits.data(), n_hits, c0, width, n, d,
                               [&](int64_t j) { return data_.row(row_at[static_cast<size_t>(j)]); });
        for (int64_t h = 0; h < n_hits; ++h) {
          const knn::TileHit& hit = hits[static_cast<size_t>(h)];
          const int64_t q = q0 + m * kernel.rows + hit.row;
          const int64_t q_row = row_at[static_cast<size_t>(q)];
          for (uint32_t mask = hit.mask; mask != 0; mask &= mask - 1) {
            const int64_t j = (c0 + hit.panel) * width + __builtin_ctz(mask);
            if (j >= n) break;
            if (j <= q) continue;  // the pair (j, q) belongs to position j's scan, or is the row itself
            if (phase != kLater && (j / width == q / width) != (phase == kOwnPanel)) continue;  // the other phase's
            const int64_t j_row = row_at[static_cast<size_t>(j)];
            const double dist = knn::exact_sq_distance(data_.row(q_row), data_.row(j_row), d);
            offer(q, dist, j_row, shared);
            offer(j, dist, q_row, shared);
          }
        }
      };
      const int64_t n_micro = (q_rows + kernel.rows - 1) / kernel.rows;
      if (own_block) {
        for (int64_t m = 0; m < n_micro; ++m) {
          const int64_t first = (q0 + m * kernel.rows) / width;
          const int64_t last = (q0 + std::min((m + 1) * kernel.rows, q_rows) - 1) / width;
          scan(m, first, last - first + 1, kOwnPanel);
        }
        const int64_t block_panels = std::min(n_panels, (q0 + rows_per_block) / width) - q0 / width;
        for (int64_t m = 0; m < n_micro; ++m) scan(m, q0 / width, block_panels, kOwnBlock);
      } else {
        // Chunks that stay in cache while every micro-block scans them,
        // small first (thresholds still falling), then full.
        int64_t step = std::min<int64_t>(chunk_panels, (k + width - 1) / width);
        for (int64_t c0 = (q0 + rows_per_block) / width; c0 < n_panels; c0 += step, step = std::min(2 * step, chunk_panels))
          for (int64_t m = 0; m < n_micro; ++m) scan(m, c0, std::min(step, n_panels - c0), kLater);
      }
    };
    // First every block's pairs among its own (near) rows, panel by panel,
    // lock-free (only the block's thread touches its rows), which set close
    // thresholds; then the rest, blocks in order (the first scan the most).
#pragma omp for schedule(dynamic)
    for (int64_t block = 0; block < n_blocks; ++block)
      if (!failure.caught()) scan_block(block, true);
#pragma omp for schedule(dynamic)
    for (int64_t block = 0; block < n_blocks; ++block)
      if (!failure.caught()) scan_block(block, false);
  }
  failure.rethrow_if_any();

  KnnResult result;
  result.n_queries = n;
  result.k = k;
  result.indices.resize(values.size());
  result.distances.resize(values.size());
  std::vector<char> has_tie(static_cast<size_t>(n), 0);
#pragma omp parallel for schedule(static) num_threads(num_threads())
  for (int64_t at = 0; at < n; ++at) {
    double* v = values.data() + at * k;
    int64_t* idx = indices.data() + at * k;
    knn::sort_by_value_then_index(v, idx, k);
    const int64_t row = row_at[static_cast<size_t>(at)];
    for (int64_t j = 0; j < k; ++j) {
      result.indices[static_cast<size_t>(row * k + j)] = idx[j];
      result.distances[static_cast<size_t>(row * k + j)] = static_cast<float>(std::sqrt(std::max(v[j], 0.0)));
      if (j > 0 && v[j] == v[j - 1]) has_tie[static_cast<size_t>(row)] = 1;
    }
  }
  if (tied)
    for (int64_t i = 0; i < n; ++i)
      if (has_tie[static_cast<size_t>(i)]) tied->push_back(i);
  return result;
}

}  // namespace smrt
