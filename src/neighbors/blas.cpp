#include "smrt/neighbors/blas.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "smrt/core/system_info.h"
#include "smrt/core/threads.h"
#include "l2_kernel.h"
#include "tile_kernel.h"

#ifdef SMRT_HAVE_OPENBLAS
// The stable C ABI of OpenBLAS (declared here: its headers' location varies).
extern "C" {
void cblas_sgemm(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc);
char* openblas_get_corename(void);
void openblas_set_num_threads(int n);
}
#endif

namespace smrt {
namespace {

constexpr const char* kMarker = "SMRT_BLAS_RESTARTED";  // set before each restart: "tuned" or "fallback"

#ifdef SMRT_HAVE_OPENBLAS
constexpr int kRowMajor = 101, kNoTrans = 111;

// C = A B for ragged sizes (not multiples of any kernel's tile) against a
// double-precision reference.
bool sgemm_matches_reference() {
  const int m = 67, n = 83, k = 45;
  Rng rng(2024);
  std::vector<float> a(static_cast<size_t>(m * k)), b(static_cast<size_t>(k * n)), c(static_cast<size_t>(m * n), -1.0f);
  for (auto& v : a) v = static_cast<float>(rng.uniform() * 2 - 1);
  for (auto& v : b) v = static_cast<float>(rng.uniform() * 2 - 1);
  cblas_sgemm(kRowMajor, kNoTrans, kNoTrans, m, n, k, 1.0f, a.data(), k, b.data(), n, 0.0f, c.data(), n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double ref = 0.0, mag = 0.0;
      for (int p = 0; p < k; ++p) {
        ref += double{a[static_cast<size_t>(i * k + p)]} * b[static_cast<size_t>(p * n + j)];
        mag += std::abs(double{a[static_cast<size_t>(i * k + p)]} * b[static_cast<size_t>(p * n + j)]);
      }
      const double got = c[static_cast<size_t>(i * n + j)];
      if (!(std::abs(got - ref) <= 1e-5 * mag + 1e-6)) return false;
    }
  return true;
}
#endif

// The OPENBLAS_CORETYPE a CPU's features call for, and a safer one to fall back to.
std::string preferred_coretype(const CpuFeatures& cpu) {
  if (cpu.avx512f && cpu.avx512bw && cpu.avx512vl) return "SkylakeX";
  if (cpu.avx2 && cpu.fma) return "Haswell";
  return "";
}
// Whether OpenBLAS's own pick already uses the widest vectors this CPU has.
bool core_fits_cpu(const std::string& core, const CpuFeatures& cpu) {
  const bool avx512_core = core == "SkylakeX" || core == "Cooperlake" || core == "SapphireRapids";
  if (cpu.avx512f && cpu.avx512bw && cpu.avx512vl) return avx512_core;
  if (cpu.avx2 && cpu.fma) return avx512_core || core == "Haswell" || core == "Zen" || core == "SkylakeX";
  return true;
}
std::string fallback_coretype(const CpuFeatures& cpu, const std::string& failed) {
  if (failed == "SkylakeX" && cpu.avx2 && cpu.fma) return "Haswell";
  return "Prescott";  // SSE3: slow, but it runs everywhere OpenBLAS does
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

[[noreturn]] void restart(char** argv) {
  std::fflush(nullptr);
  execv("/proc/self/exe", argv);
  // execv only returns on failure; the caller's process carries on untuned.
  throw Error("restart failed");
}

std::string& restart_marker() {  // the marker this process started with
  static std::string m;
  return m;
}

BlasStatus& status() {
  static BlasStatus s;
  return s;
}

std::once_flag g_checked;

void check_library() {
  BlasStatus& s = status();
  s.coretype = env("OPENBLAS_CORETYPE");
#ifdef SMRT_HAVE_OPENBLAS
  s.available = true;
  const char* core = openblas_get_corename();
  s.core = core ? core : "unknown";
  s.verified = sgemm_matches_reference();
#else
  s.core = "none (built without OpenBLAS)";
#endif
}

}  // namespace

const BlasStatus& blas_status() {
  std::call_once(g_checked, check_library);
  return status();
}

void ensure_fast_blas(int argc, char** argv) {
  (void)argc;
  register_neighbors_system_report();
#ifdef SMRT_HAVE_OPENBLAS
  add_thread_hook([](int n) { openblas_set_num_threads(n); });
#endif
  const BlasStatus& s = blas_status();
  BlasStatus& out = status();
  if (!s.available) return;
  const CpuFeatures cpu = detect_cpu();
  const std::string marker = env(kMarker);
  restart_marker() = marker;

  if (env("SMRT_NO_BLAS_TUNING") == "1") {
    out.decision = "left to OpenBLAS (SMRT_NO_BLAS_TUNING=1)";
  } else if (marker.empty() && s.coretype.empty()) {
    const std::string want = preferred_coretype(cpu);
    if (want.empty() || core_fits_cpu(s.core, cpu)) {
      out.decision = "OpenBLAS's own choice (already what this CPU calls for)";
    } else {
      setenv("OPENBLAS_CORETYPE", want.c_str(), 1);
      setenv(kMarker, "tuned", 1);
      try {
        restart(argv);
      } catch (const Error&) {
        unsetenv("OPENBLAS_CORETYPE");
        unsetenv(kMarker);
        out.decision = "could not restart to set OPENBLAS_CORETYPE; OpenBLAS's own choice";
      }
    }
  } else if (marker == "tuned" && !s.verified) {
    // The faster kernels computed a wrong product here: restart once more with safer ones.
    const std::string safer = fallback_coretype(cpu, s.coretype);
    setenv("OPENBLAS_CORETYPE", safer.c_str(), 1);
    setenv(kMarker, "fallback", 1);
    try {
      restart(argv);
    } catch (const Error&) {
      out.decision = "kernels for " + s.coretype + " failed the check and a restart failed";
    }
  } else if (marker == "tuned") {
    out.decision = "set by smrt for this CPU (" + cpu.best_isa() + "), checked against a reference";
  } else if (marker == "fallback") {
    out.decision = "fallback after faster kernels failed the check";
  } else {
    out.decision = "OPENBLAS_CORETYPE given by the user";
  }
  if (!s.verified)
    std::fprintf(stderr, "smrt: warning: OpenBLAS (%s kernels) failed a small SGEMM check on this CPU\n", s.core.c_str());
  // Children (e.g. Python called by tests) start clean.
  unsetenv(kMarker);
}

void keep_blas_choice_for_exec() {
  if (!restart_marker().empty()) setenv(kMarker, restart_marker().c_str(), 1);
}

double measure_sgemm_gflops(int n) {
#ifdef SMRT_HAVE_OPENBLAS
  std::vector<float> a(static_cast<size_t>(n) * n), b(a.size()), c(a.size());
  Rng rng(5);
  for (auto& v : a) v = static_cast<float>(rng.uniform());
  for (auto& v : b) v = static_cast<float>(rng.uniform());
  double best = 1e30;
  for (int rep = 0; rep < 4; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    cblas_sgemm(kRowMajor, kNoTrans, kNoTrans, n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f, c.data(), n);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return 2.0 * n * static_cast<double>(n) * n / best / 1e9;
#else
  (void)n;
  return 0.0;
#endif
}

void register_neighbors_system_report() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Resolved now, outside the report's lock.
    const std::string knn = knn::tile_kernel_description();
    const std::string l2 = msg(knn::l2_kernel().name, " (checked against a reference)");
    add_system_report([knn, l2](std::vector<std::pair<std::string, std::string>>& lines) {
      const BlasStatus& s = blas_status();
      lines.emplace_back("knn kernel", knn);
      lines.emplace_back("hnsw distance kernel", l2);
      lines.emplace_back("blas", s.available ? "OpenBLAS, " + s.core + " kernels" + (s.verified ? " (checked)" : " (FAILED check)")
                                             : s.core);
      if (!s.decision.empty()) lines.emplace_back("blas core choice", s.decision);
    });
  });
}

}  // namespace smrt
