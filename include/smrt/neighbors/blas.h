#pragma once
// Choosing OpenBLAS's kernels safely at run time.
//
// OpenBLAS (which torch and numpy here also load) picks its kernels when it
// is loaded. Debian's 0.3.21 misreads some AVX-512 CPUs and falls back to
// SSE3 kernels, 4-5x slower; OPENBLAS_CORETYPE fixes that but must be set
// before the library loads, and newer kernels are known to compute wrong
// results on some processors. So the CLI's main() calls ensure_fast_blas()
// first: it sets the core type the CPU's features call for and restarts the
// program once; the restarted program checks a small SGEMM against a
// reference and, if it is wrong, restarts with a safer core type.

#include <string>

namespace smrt {

struct BlasStatus {
  bool available = false;  ///< this build links OpenBLAS
  std::string core;        ///< OpenBLAS's kernel family after loading ("SkylakeX", "Prescott")
  std::string coretype;    ///< OPENBLAS_CORETYPE as this process saw it ("" = unset)
  std::string decision;    ///< how the core was chosen, for `smrt info --system`
  bool verified = false;   ///< a small SGEMM matched the reference
};

/// Call first thing in main(), with main's arguments. May replace the process
/// (execv of /proc/self/exe) at most twice; SMRT_NO_BLAS_TUNING=1 opts out.
/// Also registers the BLAS and kNN kernel lines of `smrt info --system` and
/// the hook that gives OpenBLAS smrt's thread count.
void ensure_fast_blas(int argc, char** argv);

/// Before this process execs another smrt program (the CLI hands neural-network
/// commands to smrt-torch): tells it how OPENBLAS_CORETYPE was chosen here, so
/// that it checks the kernels and reports the choice as this process would.
void keep_blas_choice_for_exec();

/// What ensure_fast_blas found (checks the library when called first).
const BlasStatus& blas_status();

/// Square n x n SGEMM speed with the current threads, best of a few runs.
double measure_sgemm_gflops(int n);

/// Adds the neighbors layer's lines to `smrt info --system` (idempotent).
void register_neighbors_system_report();

}  // namespace smrt
