#include "smrt/sample/under/certain_keeps.h"

#include <algorithm>
#include <cmath>

#include "smrt/core/rng.h"
#include "smrt/core/threads.h"
#include "smrt/neighbors/neighbor_index.h"

namespace smrt {
namespace {

constexpr int64_t kGroupSize = 256;  // rows per group, on average
constexpr int kLloydSteps = 1;
// Groups a row tries, its own and then the others by the distance of their
// centres. On bench/under_samplers.py's table (189,043 rows of the class,
// 7,483 of them dropped by ENN) the own group vouches for 148,727 rows, 16
// groups for 180,010, 32 for 181,068; a group tried costs a row about
// 1/100 of a full search, mostly in memory traffic, so 16.
constexpr int64_t kMaxNearGroups = 16;
constexpr double kMargin = 1e-5;  // relative, over the float32 rounding of both distances

struct Groups {
  std::vector<std::vector<int64_t>> members;
  Matrix centres;  // the centres the members were last assigned to (nearest)
};

// Groups of nearby rows: a few Lloyd steps from evenly drawn seeds (a fixed
// Rng seed, so the grouping and hence the answer never vary between runs).
Groups nearby_groups(const Matrix& X) {
  const int64_t n = X.n_rows(), d = X.n_cols();
  const int64_t n_groups = std::max<int64_t>(1, n / kGroupSize);
  std::vector<int64_t> order(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
  Rng rng(0x5eed);
  shuffle(order.data(), n, rng);
  Matrix centres(n_groups, d);
  for (int64_t g = 0; g < n_groups; ++g) std::copy(X.row(order[static_cast<size_t>(g)]), X.row(order[static_cast<size_t>(g)]) + d, centres.row(g));
  std::vector<int64_t> label(static_cast<size_t>(n));
  for (int step = 0;; ++step) {
    auto index = make_neighbor_index("exact");
    index->fit(centres.view());
    const KnnResult r = index->search(X.view(), 1);
    for (int64_t i = 0; i < n; ++i) label[static_cast<size_t>(i)] = r.neighbors(i)[0];
    if (step == kLloydSteps) break;
    std::vector<double> sums(static_cast<size_t>(n_groups * d), 0.0);
    std::vector<int64_t> sizes(static_cast<size_t>(n_groups), 0);
    for (int64_t i = 0; i < n; ++i) {
      const int64_t g = label[static_cast<size_t>(i)];
      ++sizes[static_cast<size_t>(g)];
      for (int64_t j = 0; j < d; ++j) sums[static_cast<size_t>(g * d + j)] += X(i, j);
    }
    for (int64_t g = 0; g < n_groups; ++g)
      if (sizes[static_cast<size_t>(g)] > 0)
        for (int64_t j = 0; j < d; ++j)
          centres(g, j) = static_cast<float>(sums[static_cast<size_t>(g * d + j)] / static_cast<double>(sizes[static_cast<size_t>(g)]));
  }
  Groups groups;
  groups.members.resize(static_cast<size_t>(n_groups));
  for (int64_t i = 0; i < n; ++i) groups.members[static_cast<size_t>(label[static_cast<size_t>(i)])].push_back(i);
  groups.centres = std::move(centres);
  return groups;
}

constexpr int64_t kLanes = 64;  // distances a block keeps in registers (four AVX-512 vectors)

// out[b] = float squared distance between q and the rows b < count of a group
// copied column by column (column j at columns + j * count), summed as
// sum (q - x)^2, every term positive: at most (d + 2) 2^-24 (first order,
// relative) from the exact value, whichever clone runs (fused or not). Reads
// up to kLanes - 1 floats past the group (their lanes are never used); `out`
// has room for count rounded up to kLanes.
__attribute__((target_clones("avx512f", "avx2", "default")))
void squared_distances_to_group(const float* columns, int64_t count, int64_t d, const float* q, float* out) {
  for (int64_t b0 = 0; b0 < count; b0 += kLanes) {
    float acc[kLanes] = {};
    for (int64_t j = 0; j < d; ++j) {
      const float qj = q[j];
      const float* col = columns + j * count + b0;
#pragma omp simd
      for (int64_t l = 0; l < kLanes; ++l) {
        const float t = qj - col[l];
        acc[l] += t * t;
      }
    }
    for (int64_t l = 0; l < kLanes; ++l) out[b0 + l] = acc[l];
  }
}

// out[g] = ||c_g||^2 - 2 q.c_g, which orders the centres as ||q - c_g||^2
// does (centres transposed: coordinate j of centre g at centres_t[j * n + g]).
__attribute__((target_clones("avx512f", "avx2", "default")))
void centre_scores(const float* centres_t, const float* norms, int64_t n, int64_t d, const float* q, float* out) {
  for (int64_t g = 0; g < n; ++g) out[g] = norms[g];
  for (int64_t j = 0; j < d; ++j) {
    const float minus_2q = -2.0f * q[j];
    const float* c = centres_t + j * n;
#pragma omp simd
    for (int64_t g = 0; g < n; ++g) out[g] += minus_2q * c[g];
  }
}

// The first position of the smallest value (n >= 1).
int64_t first_minimum(const float* v, int64_t n) {
  float low = v[0];
#pragma omp simd reduction(min : low)
  for (int64_t i = 0; i < n; ++i) low = std::min(low, v[i]);
  int64_t at = 0;
  while (at + 1 < n && !(v[at] <= low)) ++at;
  return at;
}

// For each row of X: whether k other rows of its class (X) lie strictly
// nearer than to_other[row], the distance to the nearest row of another
// class. Any set of rows of the class gives an upper bound on a row's true
// (k + 1)-th distance (the row itself, at 0, counts as one), so the answer is
// exact; the groups only make it likely: the row's own group first, then
// up to kMaxNearGroups - 1 others, nearest centre first, until the bound
// falls below to_other.
std::vector<uint8_t> vouch_by_groups(const Matrix& X, const Groups& groups, const std::vector<double>& to_other, int k) {
  const int64_t n = X.n_rows(), d = X.n_cols();
  const auto n_groups = static_cast<int64_t>(groups.members.size());
  std::vector<uint8_t> sure(static_cast<size_t>(n), 0);
  // Each group's rows column by column in one contiguous block (group g at
  // start[g] * d), so a row's distances to a group vectorise and stream.
  std::vector<int64_t> start(static_cast<size_t>(n_groups + 1), 0);
  for (int64_t g = 0; g < n_groups; ++g)
    start[static_cast<size_t>(g + 1)] = start[static_cast<size_t>(g)] + static_cast<int64_t>(groups.members[static_cast<size_t>(g)].size());
  std::vector<float> columns(static_cast<size_t>(d * n + kLanes), 0.0f);
  int64_t largest = 0;
  for (int64_t g = 0; g < n_groups; ++g) {
    const auto& members = groups.members[static_cast<size_t>(g)];
    const auto count = static_cast<int64_t>(members.size());
    largest = std::max(largest, count);
    float* block = columns.data() + start[static_cast<size_t>(g)] * d;
    for (int64_t m = 0; m < count; ++m)
      for (int64_t j = 0; j < d; ++j) block[j * count + m] = X(members[static_cast<size_t>(m)], j);
  }
  // Centres transposed (d x n_groups): a row's scores vectorise over them.
  const int64_t tries = std::min(kMaxNearGroups, n_groups);
  std::vector<float> centres_t(static_cast<size_t>(d * n_groups)), centre_norms(static_cast<size_t>(n_groups), 0.0f);
  for (int64_t g = 0; g < n_groups; ++g)
    for (int64_t j = 0; j < d; ++j) {
      const float c = groups.centres(g, j);
      centres_t[static_cast<size_t>(j * n_groups + g)] = c;
      centre_norms[static_cast<size_t>(g)] += c * c;
    }
  // A float sum of d squares is at most (d + 2) 2^-24 (relative) below the
  // exact one, plus what underflows (under 2^-149 a term).
  const double relative = 1.0 + static_cast<double>(d + 3) * 0x1p-24;
  const double absolute = static_cast<double>(d) * 0x1p-149;
#pragma omp parallel num_threads(num_threads())
  {
    std::vector<float> dist(static_cast<size_t>((largest + kLanes - 1) / kLanes * kLanes));
    std::vector<float> score(static_cast<size_t>(n_groups));
    std::vector<float> best(static_cast<size_t>(k + 1));
    // best: the k + 1 smallest squared distances so far, ascending; true
    // once the (k + 1)-th is surely below `limit`.
    auto add_group = [&](const float* q, int64_t g, double limit) {
      const int64_t first = start[static_cast<size_t>(g)], count = start[static_cast<size_t>(g + 1)] - first;
      squared_distances_to_group(columns.data() + first * d, count, d, q, dist.data());
      for (int64_t b = 0; b < count; ++b) {
        const float v = dist[static_cast<size_t>(b)];
        if (!(v < best[static_cast<size_t>(k)])) continue;
        int64_t at = k;
        for (; at > 0 && best[static_cast<size_t>(at - 1)] > v; --at) best[static_cast<size_t>(at)] = best[static_cast<size_t>(at - 1)];
        best[static_cast<size_t>(at)] = v;
      }
      return std::sqrt(static_cast<double>(best[static_cast<size_t>(k)]) * relative + absolute) < limit;
    };
#pragma omp for schedule(dynamic)
    for (int64_t g = 0; g < n_groups; ++g) {
      for (int64_t i : groups.members[static_cast<size_t>(g)]) {
        const float* q = X.row(i);
        const double limit = to_other[static_cast<size_t>(i)] * (1.0 - kMargin);
        std::fill(best.begin(), best.end(), INFINITY);
        bool vouched = add_group(q, g, limit);
        if (!vouched && tries > 1) {
          // The other groups by the distance of their centres, picked one
          // at a time (most rows need only a few).
          centre_scores(centres_t.data(), centre_norms.data(), n_groups, d, q, score.data());
          score[static_cast<size_t>(g)] = INFINITY;
          for (int64_t t = 1; t < tries && !vouched; ++t) {
            const int64_t next = first_minimum(score.data(), n_groups);
            score[static_cast<size_t>(next)] = INFINITY;
            vouched = add_group(q, next, limit);
          }
        }
        sure[static_cast<size_t>(i)] = vouched ? 1 : 0;
      }
    }
  }
  return sure;
}

}  // namespace

bool certain_keeps_pay_off(int64_t n_class, int64_t n_rows) {
  return n_class >= 4 * kGroupSize && 4 * (n_rows - n_class) <= n_rows;
}

std::vector<uint8_t> certainly_kept(const DataView& data, int32_t c, const std::vector<int64_t>& rows, int k) {
  const std::vector<int64_t> others = data.rows_not_of(c);
  const Matrix X = gather_rows(data.X, rows);

  // Distance from each row to the nearest row of another class.
  std::vector<double> to_other(rows.size(), INFINITY);
  if (!others.empty()) {
    const Matrix other_X = gather_rows(data.X, others);
    auto index = make_neighbor_index("exact");
    index->fit(other_X.view());
    const KnnResult r = index->search(X.view(), 1);
    for (size_t q = 0; q < rows.size(); ++q) to_other[q] = r.dists(static_cast<int64_t>(q))[0];
  }
  return vouch_by_groups(X, nearby_groups(X), to_other, k);
}

}  // namespace smrt
