#include "smrt/sample/over/mini_batch_kmeans.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "smrt/core/error.h"
#include "smrt/core/threads.h"
#include "../column_distances.h"

namespace smrt {
namespace {

// MiniBatchKMeans' defaults in scikit-learn 1.2.
constexpr int64_t kBatchSize = 1024;
constexpr int kInits = 3;                    // n_init ('warn' means 3 in 1.2)
constexpr int64_t kMaxPasses = 100;          // max_iter: passes' worth of steps
constexpr int kMaxNoImprovement = 10;        // max_no_improvement
constexpr double kReassignmentRatio = 0.01;  // reassignment_ratio

// Nearest centre of every row (the lowest index on a tie), from
// ||c||^2 - 2 x.c in floats (enough for clustering); the squared distance to
// it (that plus ||x||^2, at least 0) goes to `sq_distances` when given. The centres are
// transposed in blocks of 8 (two SSE vectors, one AVX one) and four rows go
// through a block together, so the 4 sums of products do not wait on each
// other; padding centres get an infinite norm. Built for AVX-512, AVX2 and any
// x86-64; the loader picks the widest the CPU runs.
__attribute__((target_clones("avx512f", "avx2", "default")))
void assign_to_centers(const MatrixView& rows, const Matrix& centers, std::vector<int32_t>& labels,
                       std::vector<float>* sq_distances = nullptr, bool parallel = true) {
  constexpr int64_t kLanes = 8, kRows = 4;
  using Lanes = float __attribute__((vector_size(kLanes * sizeof(float))));
  const int64_t k = centers.n_rows(), d = centers.n_cols(), n = rows.n_rows;
  const int64_t n_blocks = (k + kLanes - 1) / kLanes;
  // Plain floats, loaded with memcpy: std::vector does not over-align a vector type's buffer.
  std::vector<float> by_column(static_cast<size_t>(n_blocks * d * kLanes));
  std::vector<float> norms(static_cast<size_t>(n_blocks * kLanes), std::numeric_limits<float>::infinity());
  for (int64_t c = 0; c < n_blocks * kLanes; ++c) {
    float norm = 0.0f;
    for (int64_t j = 0; j < d; ++j) {
      const float v = c < k ? centers(c, j) : 0.0f;
      by_column[static_cast<size_t>(((c / kLanes) * d + j) * kLanes + c % kLanes)] = v;
      norm += v * v;
    }
    if (c < k) norms[static_cast<size_t>(c)] = norm;
  }
  labels.resize(static_cast<size_t>(n));
  if (sq_distances) sq_distances->resize(static_cast<size_t>(n));
#pragma omp parallel for schedule(static) num_threads(num_threads()) if (parallel)
  for (int64_t i0 = 0; i0 < n; i0 += kRows) {
    const float* x[kRows];
    for (int64_t r = 0; r < kRows; ++r) x[r] = rows.row(std::min(i0 + r, n - 1));  // the last group repeats a row
    float best[kRows];
    int32_t best_c[kRows] = {};
    for (int64_t r = 0; r < kRows; ++r) best[r] = std::numeric_limits<float>::infinity();
    for (int64_t b = 0; b < n_blocks; ++b) {
      Lanes acc[kRows] = {};
      const float* block = by_column.data() + b * d * kLanes;
      for (int64_t j = 0; j < d; ++j) {
        Lanes column;
        std::memcpy(&column, block + j * kLanes, sizeof column);
        for (int64_t r = 0; r < kRows; ++r) acc[r] += x[r][j] * column;
      }
      for (int64_t r = 0; r < kRows; ++r)
        for (int64_t l = 0; l < kLanes; ++l) {  // branch-free: the winning lane is unpredictable
          const float dist = norms[static_cast<size_t>(b * kLanes + l)] - 2.0f * acc[r][l];
          const bool closer = dist < best[r];
          best_c[r] = closer ? static_cast<int32_t>(b * kLanes + l) : best_c[r];
          best[r] = closer ? dist : best[r];
        }
    }
    for (int64_t r = 0; r < kRows && i0 + r < n; ++r) {
      labels[static_cast<size_t>(i0 + r)] = best_c[r];
      if (sq_distances) {
        float norm = 0.0f;
        for (int64_t j = 0; j < d; ++j) norm += x[r][j] * x[r][j];
        (*sq_distances)[static_cast<size_t>(i0 + r)] = std::max(0.0f, norm + best[r]);
      }
    }
  }
}


// The rows listed in `picks`, copied in order into `out` (picks.size() x d).
// The rows are random in a table larger than the caches: asking for rows a
// few ahead overlaps their memory latency.
void gather_prefetched(const MatrixView& X, const std::vector<int64_t>& picks, Matrix& out) {
  constexpr size_t kAhead = 32;
  const size_t bytes = static_cast<size_t>(X.n_cols) * sizeof(float);
  for (size_t i = 0; i < picks.size(); ++i) {
    if (i + kAhead < picks.size()) prefetch_row(X.row(picks[i + kAhead]), X.n_cols);
    std::memcpy(out.row(static_cast<int64_t>(i)), X.row(picks[i]), bytes);
  }
}

// Sum of squared distances to the assigned centres (in row order).
double inertia(const std::vector<float>& sq_distances) {
  double sum = 0.0;
  for (float v : sq_distances) sum += static_cast<double>(v);
  return sum;
}

// Greedy k-means++ (scikit-learn's _kmeans_plusplus): each new centre is the
// best of 2 + ln k candidates drawn in proportion to their squared distance
// to the nearest centre so far, the one leaving the smallest total.
Matrix kmeans_plus_plus(const Matrix& S, int k, Rng& rng) {
  const int64_t m = S.n_rows(), d = S.n_cols();
  const FloatColumns columns(S.view());  // distances from a few rows to all rows vectorise
  Matrix centers(k, d);
  auto draw = [&](const std::vector<double>& weights, double total) {
    if (!(total > 0.0)) return static_cast<int64_t>(rng.below(static_cast<uint64_t>(m)));
    double target = rng.uniform() * total;
    int64_t pick = 0;
    for (; pick < m - 1; ++pick) {
      target -= weights[static_cast<size_t>(pick)];
      if (target < 0) break;
    }
    return pick;
  };
  const int n_trials = 2 + static_cast<int>(std::log(static_cast<double>(k)));
  std::vector<float> distances(static_cast<size_t>(n_trials * m));
  std::vector<float*> out(static_cast<size_t>(n_trials));
  for (int t = 0; t < n_trials; ++t) out[static_cast<size_t>(t)] = distances.data() + t * m;
  std::vector<int64_t> candidates(static_cast<size_t>(n_trials));
  auto distances_to_candidates = [&](int count) {
    for (int t = 0; t < count; t += FloatColumns::kMaxRows)
      columns.squared_distances(&candidates[static_cast<size_t>(t)], std::min(FloatColumns::kMaxRows, count - t),
                                &out[static_cast<size_t>(t)]);
  };

  candidates[0] = static_cast<int64_t>(rng.below(static_cast<uint64_t>(m)));
  std::copy(S.row(candidates[0]), S.row(candidates[0]) + d, centers.row(0));
  distances_to_candidates(1);
  std::vector<double> closest(out[0], out[0] + m), trial(static_cast<size_t>(m)), best_closest(static_cast<size_t>(m));
  double potential = 0.0;
  for (double v : closest) potential += v;
  for (int c = 1; c < k; ++c) {
    // The candidates depend only on the distances so far: draw them all, then
    // measure them together.
    for (auto& candidate : candidates) candidate = draw(closest, potential);
    distances_to_candidates(n_trials);
    int64_t best = -1;
    double best_potential = std::numeric_limits<double>::infinity();
    for (int t = 0; t < n_trials; ++t) {
      const float* to_candidate = out[static_cast<size_t>(t)];
      double sums[4] = {};  // four running sums: the additions overlap
      for (int64_t i = 0; i < m; ++i) {
        trial[static_cast<size_t>(i)] = std::min(closest[static_cast<size_t>(i)], static_cast<double>(to_candidate[i]));
        sums[i % 4] += trial[static_cast<size_t>(i)];
      }
      const double total = (sums[0] + sums[1]) + (sums[2] + sums[3]);
      if (t == 0 || total < best_potential)  // scikit-learn's argmin: the first on ties
        best = candidates[static_cast<size_t>(t)], best_potential = total, best_closest.swap(trial);
    }
    std::copy(S.row(best), S.row(best) + d, centers.row(c));
    closest.swap(best_closest);
    potential = best_potential;
  }
  return centers;
}

// Centres used by few rows (below reassignment_ratio x the most used) move to
// distinct random rows of the batch and take the smallest count of the others.
void reassign_rare_centers(const MatrixView& batch, Matrix& centers, std::vector<double>& counts, Rng& rng) {
  const auto k = static_cast<int64_t>(counts.size());
  const double limit = kReassignmentRatio * *std::max_element(counts.begin(), counts.end());
  std::vector<int64_t> rare;
  for (int64_t c = 0; c < k; ++c)
    if (counts[static_cast<size_t>(c)] < limit) rare.push_back(c);
  if (rare.empty() || static_cast<int64_t>(rare.size()) == k) return;
  if (static_cast<int64_t>(rare.size()) > batch.n_rows / 2) {  // at most half the batch: the least used
    std::stable_sort(rare.begin(), rare.end(),
                     [&](int64_t a, int64_t b) { return counts[static_cast<size_t>(a)] < counts[static_cast<size_t>(b)]; });
    rare.resize(static_cast<size_t>(batch.n_rows / 2));
  }
  double kept_min = std::numeric_limits<double>::infinity();
  for (int64_t c = 0; c < k; ++c)
    if (std::find(rare.begin(), rare.end(), c) == rare.end()) kept_min = std::min(kept_min, counts[static_cast<size_t>(c)]);
  std::vector<int64_t> rows(static_cast<size_t>(batch.n_rows));
  for (int64_t i = 0; i < batch.n_rows; ++i) rows[static_cast<size_t>(i)] = i;
  for (size_t r = 0; r < rare.size(); ++r) {  // partial Fisher-Yates: distinct rows
    std::swap(rows[r], rows[r + rng.below(rows.size() - r)]);
    std::copy(batch.row(rows[r]), batch.row(rows[r]) + batch.n_cols, centers.row(rare[r]));
    counts[static_cast<size_t>(rare[r])] = kept_min;
  }
}

}  // namespace

std::vector<int32_t> kmeans_labels(const MatrixView& X, int k, Rng& rng) {
  const int64_t n = X.n_rows, d = X.n_cols;
  SMRT_THROW_IF_NOT(ParameterError, k >= 1 && k <= n, "kmeans_estimator=", k, " clusters needs at least ", k,
                    " rows, got ", n);
  check_float_distance_range(X, "k-means");
  double scale = 1.0;  // labels do not change under an exact scaling; float squares of tiny values underflow
  const Matrix scaled = scaled_if_tiny(X, &scale);
  if (scale != 1.0) return kmeans_labels(scaled.view(), k, rng);
  const int64_t batch_size = std::min(kBatchSize, n);
  const int64_t init_size = std::min(std::max(3 * batch_size, 3 * int64_t{k}), n);
  std::vector<int64_t> picks;
  auto draw_picks = [&](int64_t count) {  // with replacement, as numpy's randint
    picks.resize(static_cast<size_t>(count));
    for (auto& p : picks) p = static_cast<int64_t>(rng.below(static_cast<uint64_t>(n)));
  };

  // Starts: the lowest inertia on one validation subset wins.
  draw_picks(init_size);
  const Matrix validation = gather_rows(X, picks);
  const MatrixView validation_rows = validation.view();
  Matrix centers;
  std::vector<int32_t> labels;
  std::vector<float> sq_distances;
  double best = std::numeric_limits<double>::infinity();
  for (int init = 0; init < kInits; ++init) {
    draw_picks(init_size);
    Matrix candidate = kmeans_plus_plus(gather_rows(X, picks), k, rng);
    assign_to_centers(validation_rows, candidate, labels, &sq_distances);
    const double score = inertia(sq_distances);
    if (score < best) best = score, centers = std::move(candidate);
  }

  std::vector<double> counts(static_cast<size_t>(k), 0.0), sums(static_cast<size_t>(k * d));
  std::vector<int64_t> in_batch(static_cast<size_t>(k));
  const double alpha = std::min(1.0, 2.0 * static_cast<double>(batch_size) / static_cast<double>(n + 1));
  double smoothed = 0.0, smoothed_min = std::numeric_limits<double>::infinity();
  int no_improvement = 0;
  int64_t since_reassign = 0;
  const int64_t n_steps = kMaxPasses * n / batch_size;
  Matrix batch_rows(batch_size, d);
  for (int64_t step = 0; step < n_steps; ++step) {
    draw_picks(batch_size);
    gather_prefetched(X, picks, batch_rows);
    const MatrixView batch = batch_rows.view();
    assign_to_centers(batch, centers, labels, &sq_distances, /*parallel=*/false);
    const double batch_inertia = inertia(sq_distances) / static_cast<double>(batch_size);
    since_reassign += batch_size;
    const bool reassign = std::find(counts.begin(), counts.end(), 0.0) != counts.end() || since_reassign >= 10 * k;
    if (reassign) since_reassign = 0;

    // Each centre moves to the mean of every row it has been given so far.
    std::fill(sums.begin(), sums.end(), 0.0);
    std::fill(in_batch.begin(), in_batch.end(), 0);
    for (int64_t i = 0; i < batch_size; ++i) {
      const int32_t c = labels[static_cast<size_t>(i)];
      ++in_batch[static_cast<size_t>(c)];
      const float* x = batch.row(i);
      for (int64_t j = 0; j < d; ++j) sums[static_cast<size_t>(c * d + j)] += x[j];
    }
    for (int64_t c = 0; c < k; ++c) {
      const auto added = static_cast<double>(in_batch[static_cast<size_t>(c)]);
      if (added == 0.0) continue;
      const double before = counts[static_cast<size_t>(c)];
      counts[static_cast<size_t>(c)] = before + added;
      for (int64_t j = 0; j < d; ++j)
        centers(c, j) = static_cast<float>((static_cast<double>(centers(c, j)) * before + sums[static_cast<size_t>(c * d + j)]) /
                                           counts[static_cast<size_t>(c)]);
    }
    if (reassign) reassign_rare_centers(batch, centers, counts, rng);

    // Stop when the smoothed batch inertia has not improved for 10 steps
    // (the first step's inertia comes from the start, and is skipped).
    if (step == 0) continue;
    smoothed = step == 1 ? batch_inertia : smoothed * (1.0 - alpha) + batch_inertia * alpha;
    if (smoothed < smoothed_min) {
      smoothed_min = smoothed;
      no_improvement = 0;
    } else if (++no_improvement >= kMaxNoImprovement) {
      break;
    }
  }
  std::vector<int32_t> all;
  assign_to_centers(X, centers, all);
  return all;
}

}  // namespace smrt
