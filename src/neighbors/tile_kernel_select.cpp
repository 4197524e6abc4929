// Chooses the micro-kernel at run time: the widest instruction set the CPU
// reports, but only after the kernel's answers on a small problem match a
// scalar double-precision reference (a wrong fast path is worse than a slow
// one). The choice is reported by `smrt info --system`.
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "smrt/core/system_info.h"
#include "tile_kernel.h"

namespace smrt::knn {
namespace {

// The bfloat16 nearest to v (ties to even), in the low 16 bits.
inline uint32_t round_to_bfloat16(float v) {
  uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  return (u + 0x7FFFu + ((u >> 16) & 1u)) >> 16;
}

}  // namespace

int64_t coordinate_words(int32_t d, const TileKernel& kernel) {
  return (int64_t{d} + kernel.dims_per_word - 1) / kernel.dims_per_word;
}

int64_t panel_words(int32_t d, const TileKernel& kernel) { return (coordinate_words(d, kernel) + 1) * kernel.panel_width; }

double rounding_margin(const TileKernel& kernel, int32_t d, double norm, double max_norm) {
  const double float_rounding = (2.0 * d + 16.0) * std::ldexp(1.0, -23) * (norm + max_norm);
  return float_rounding + 2.0 * kernel.dot_error * std::sqrt(norm * max_norm) + 1e-30;
}

void pack_panels(const float* data, int64_t n, int32_t d, const float* center, const TileKernel& kernel, float* out) {
  const int32_t width = kernel.panel_width;
  const int64_t n_panels = (n + width - 1) / width;
  const int64_t words = coordinate_words(d, kernel);
  const int64_t stride = panel_words(d, kernel);
  for (int64_t b = 0; b < n_panels; ++b) {
    float* panel = out + b * stride;
    for (int32_t l = 0; l < width; ++l) {
      const int64_t i = b * width + l;
      auto coordinate = [&](int64_t p) { return i < n && p < d ? data[i * d + p] - center[p] : 0.0f; };
      float norm = 0.0f;
      for (int32_t p = 0; p < d; ++p) norm += coordinate(p) * coordinate(p);
      for (int64_t w = 0; w < words; ++w) {
        if (kernel.dims_per_word == 1) {
          panel[w * width + l] = coordinate(w);
        } else {
          const uint32_t pair = round_to_bfloat16(coordinate(2 * w)) | (round_to_bfloat16(coordinate(2 * w + 1)) << 16);
          std::memcpy(panel + w * width + l, &pair, sizeof pair);
        }
      }
      panel[words * width + l] = i < n ? norm : std::numeric_limits<float>::infinity();
    }
  }
}

// True when `kernel` reports exactly the lanes a double-precision reference
// puts clearly below or above each row's threshold (for scan_both: or below
// each fitted row's own threshold).
bool tile_kernel_matches_reference(const TileKernel& kernel) {
  const int32_t d = 7;
  const int64_t n = 3 * kernel.panel_width - 5;  // a ragged last panel
  Rng rng(12345);
  std::vector<float> data(static_cast<size_t>(n * d)), queries(static_cast<size_t>(kernel.rows * d));
  for (auto& v : data) v = static_cast<float>(rng.uniform() * 2.0 - 1.0);
  for (auto& v : queries) v = static_cast<float>(rng.uniform() * 2.0 - 1.0);
  const std::vector<float> center(static_cast<size_t>(d), 0.0f);
  const int64_t n_panels = (n + kernel.panel_width - 1) / kernel.panel_width;
  std::vector<float> panels(static_cast<size_t>(n_panels * panel_words(d, kernel)));
  pack_panels(data.data(), n, d, center.data(), kernel, panels.data());

  // a(q, x) = ||x||^2 - 2 q.x in double; threshold each row at its median.
  std::vector<double> exact(static_cast<size_t>(kernel.rows * n));
  std::vector<float> thr(static_cast<size_t>(kernel.rows));
  for (int32_t r = 0; r < kernel.rows; ++r) {
    std::vector<double> row(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      double norm = 0.0, dot = 0.0;
      for (int32_t p = 0; p < d; ++p) {
        norm += double{data[static_cast<size_t>(i * d + p)]} * data[static_cast<size_t>(i * d + p)];
        dot += double{queries[static_cast<size_t>(r * d + p)]} * data[static_cast<size_t>(i * d + p)];
      }
      row[static_cast<size_t>(i)] = exact[static_cast<size_t>(r * n + i)] = norm - 2.0 * dot;
    }
    std::vector<double> sorted = row;
    std::nth_element(sorted.begin(), sorted.begin() + n / 2, sorted.end());
    thr[static_cast<size_t>(r)] = static_cast<float>(sorted[static_cast<size_t>(n / 2)]);
  }
  // scan_both: each fitted row also gets its own threshold on a + qnorm.
  std::vector<float> qnorm(static_cast<size_t>(kernel.rows)), col_thr(static_cast<size_t>(n_panels * kernel.panel_width));
  for (auto& v : qnorm) v = static_cast<float>(rng.uniform() * 2.0);
  for (auto& v : col_thr) v = static_cast<float>(rng.uniform() * 4.0 - 1.0);

  // Which lanes a scan reported, checked against `expected` where it is clear.
  auto matches = [&](int64_t n_hits, const std::vector<TileHit>& hits, auto expected) {
    if (n_hits < 0 || n_hits > n_panels * kernel.rows) return false;
    std::vector<char> reported(static_cast<size_t>(kernel.rows * n_panels * kernel.panel_width), 0);
    for (int64_t h = 0; h < n_hits; ++h) {
      const TileHit& hit = hits[static_cast<size_t>(h)];
      if (hit.row < 0 || hit.row >= kernel.rows || hit.panel < 0 || hit.panel >= n_panels) return false;
      for (int32_t l = 0; l < kernel.panel_width; ++l)
        if (hit.mask & (1u << l)) reported[static_cast<size_t>((hit.row * n_panels + hit.panel) * kernel.panel_width + l)] = 1;
    }
    for (int32_t r = 0; r < kernel.rows; ++r)
      for (int64_t i = 0; i < n_panels * kernel.panel_width; ++i) {
        const bool got = reported[static_cast<size_t>(r * n_panels * kernel.panel_width + i)] != 0;
        if (i >= n) {
          if (got) return false;  // padding lanes never pass
          continue;
        }
        const int verdict = expected(r, i, exact[static_cast<size_t>(r * n + i)]);
        if (verdict >= 0 && got != (verdict == 1)) return false;
      }
    return true;
  };
  // 1 below, 0 above, -1 too close to call: float rounding, plus the
  // kernel's own bound on its products (bfloat16), 2 dot_error |q| |x|.
  auto length = [&](const std::vector<float>& m, int64_t row) {
    double s = 0.0;
    for (int32_t p = 0; p < d; ++p) s += double{m[static_cast<size_t>(row * d + p)]} * m[static_cast<size_t>(row * d + p)];
    return std::sqrt(s);
  };
  auto below = [&](int32_t r, int64_t i, double a, double t) {
    const double slack = 1e-4 + 2.0 * kernel.dot_error * length(queries, r) * length(data, i);
    return std::abs(a - t) < slack ? -1 : (a < t ? 1 : 0);
  };
  std::vector<TileHit> hits(static_cast<size_t>(n_panels * kernel.rows));
  const int64_t n_hits = kernel.scan(queries.data(), d, panels.data(), n_panels, thr.data(), hits.data());
  if (!matches(n_hits, hits, [&](int32_t r, int64_t i, double a) { return below(r, i, a, thr[static_cast<size_t>(r)]); }))
    return false;
  const int64_t n_both = kernel.scan_both(queries.data(), d, panels.data(), n_panels, thr.data(), qnorm.data(),
                                          col_thr.data(), hits.data());
  return matches(n_both, hits, [&](int32_t r, int64_t i, double a) {
    const int own = below(r, i, a, thr[static_cast<size_t>(r)]);
    const int col = below(r, i, a + qnorm[static_cast<size_t>(r)], col_thr[static_cast<size_t>(i)]);
    return own == 1 || col == 1 ? 1 : (own == 0 && col == 0 ? 0 : -1);
  });
}

namespace {

struct Selection {
  TileKernel kernel;
  std::string report;
};

// Seconds per panel of `kernel`'s scan on 20 coordinates with no lane below
// its threshold (pure products, no hits), best of 4 rounds of about 0.1 ms.
double seconds_per_panel(const TileKernel& kernel) {
  const int32_t d = 20;
  const int64_t n_panels = 64;
  std::vector<float> data(static_cast<size_t>(n_panels * kernel.panel_width * d));
  Rng rng(7);
  for (auto& v : data) v = static_cast<float>(rng.uniform());
  const std::vector<float> center(static_cast<size_t>(d), 0.0f);
  std::vector<float> panels(static_cast<size_t>(n_panels * panel_words(d, kernel)));
  pack_panels(data.data(), n_panels * kernel.panel_width, d, center.data(), kernel, panels.data());
  std::vector<float> queries(static_cast<size_t>(kernel.rows * d), 0.5f);
  std::vector<float> thr(static_cast<size_t>(kernel.rows), -std::numeric_limits<float>::infinity());
  std::vector<TileHit> hits(static_cast<size_t>(n_panels * kernel.rows));
  double best = 1e30;
  for (int round = 0; round < 4; ++round) {
    const auto start = std::chrono::steady_clock::now();
    for (int rep = 0; rep < 4; ++rep) kernel.scan(queries.data(), d, panels.data(), n_panels, thr.data(), hits.data());
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  // Per panel and per query row: kernels differ in rows per call.
  return best / (4.0 * static_cast<double>(n_panels) * kernel.rows);
}

// bfloat16 products must beat float ones clearly: their wider margins send
// more candidates to the exact double check (measured: ENN, TomekLinks and
// ADASYN ran 1.5-2.5x slower with bfloat16 on a Xeon whose bfloat16 dot
// products were no faster than its float FMAs).
constexpr double kBfloat16MinSpeedup = 1.5;

Selection select(bool allow_bfloat16) {
  const CpuFeatures cpu = detect_cpu();
  struct Candidate {
    TileKernel kernel;
    bool supported;
  };
  const bool avx512 = cpu.avx512f && cpu.avx512bw && cpu.avx512vl && cpu.fma;
  const Candidate candidates[] = {
      {tile_kernel_avx512_bf16(), allow_bfloat16 && avx512 && cpu.avx512bf16},
      {tile_kernel_avx512(), avx512},
      {tile_kernel_avx2(), cpu.avx2 && cpu.fma},
      {tile_kernel_generic(), true},
  };
  const char* forced = std::getenv("SMRT_KNN_KERNEL");
  const bool chosen_by_user = forced && *forced;
  std::string notes;
  for (const auto& c : candidates) {
    if (forced && *forced && std::strcmp(forced, c.kernel.name) != 0 && std::strcmp(c.kernel.name, "generic") != 0)
      continue;
    if (!c.supported) continue;
    if (!tile_kernel_matches_reference(c.kernel)) {
      notes += msg("; ", c.kernel.name, " failed its reference check");
      continue;
    }
    if (c.kernel.dims_per_word == 2 && !chosen_by_user && avx512 && tile_kernel_matches_reference(tile_kernel_avx512())) {
      // A fast path only where it is fast: time it against the float kernel here.
      const double speedup = seconds_per_panel(tile_kernel_avx512()) / seconds_per_panel(c.kernel);
      if (speedup < kBfloat16MinSpeedup) {
        notes += msg("; ", c.kernel.name, " measured ", std::round(speedup * 100.0) / 100.0,
                     "x the float kernel's speed here (needs ", kBfloat16MinSpeedup, "x), not used");
        continue;
      }
      notes += msg("; measured ", std::round(speedup * 100.0) / 100.0, "x the float kernel's speed");
    }
    return {c.kernel, msg(c.kernel.name, " (", c.kernel.rows, "x", c.kernel.panel_width,
                          " tiles, checked against a reference)", notes,
                          forced && *forced ? msg("; SMRT_KNN_KERNEL=", forced) : std::string())};
  }
  SMRT_ASSERT(false, "the generic kNN kernel failed its reference check");
  return {};
}

const Selection& selection() {
  static const Selection s = select(true);
  return s;
}

const Selection& float_selection() {
  static const Selection s = selection().kernel.dims_per_word == 1 ? selection() : select(false);
  return s;
}

}  // namespace

const TileKernel& tile_kernel() { return selection().kernel; }
const TileKernel& float_tile_kernel() { return float_selection().kernel; }
const char* tile_kernel_description() {
  static const std::string report =
      selection().kernel.dims_per_word == 1
          ? selection().report
          : msg(selection().report, "; bfloat16 products pre-filter, exact doubles decide; float kernel ",
                float_selection().kernel.name, " where row norms vary widely");
  return report.c_str();
}

}  // namespace smrt::knn
