#pragma once
// One thread setting for OpenMP, BLAS and torch.
//
// Layers that own a thread pool (torch in nn, BLAS in neighbors) register a
// hook; set_num_threads() calls every hook, so the CLI's --threads and the
// SMRT_NUM_THREADS variable reach all of them.
//
// GNU OpenMP's thread pool does not survive fork(): a forked child's first
// region on more than one thread waits for the parent's threads forever. So a
// process forked after smrt ran work on several threads runs smrt's work on
// one thread (num_threads() is 1 there).

#include <functional>

namespace smrt {

/// The most threads smrt runs a call with: libgomp fails to start (or
/// crashes on) tens of thousands, so a larger count is a ParameterError.
inline constexpr int kMaxThreads = 4096;

/// The default count ("all cores", n <= 0): SMRT_NUM_THREADS if set to a
/// count > 0, else OMP_NUM_THREADS's first value if > 0 (joblib's workers set
/// it to 1), else the CPUs this process may run on (its affinity: taskset,
/// cgroup cpusets); at most kMaxThreads. Read anew on each call; a bad
/// SMRT_NUM_THREADS is skipped here (threads_from_env names it).
int default_num_threads();
/// n <= 0 means the default count. Applies to OpenMP now and to every
/// registered hook. ParameterError above kMaxThreads.
void set_num_threads(int n);
/// The calling thread's count: its ThreadScope's, else the process setting (>= 1).
int num_threads();
/// Called with the thread count now and on every later change.
void add_thread_hook(std::function<void(int)> hook);
/// SMRT_NUM_THREADS's count (0: unset or 0); ParameterError when it is not one.
int threads_from_env();
/// Checks SMRT_NUM_THREADS (ParameterError), then applies the default count;
/// returns the count applied.
int init_threads_from_env();

/// Work started by the calling thread uses `n` threads (n <= 0: the process
/// setting) until destroyed, OpenMP regions without a num_threads clause and
/// OpenMP-built BLAS included; other threads keep theirs, so two front-end
/// threads can each run a call with their own count. Pools owned by a
/// library (torch) are process-wide: with `apply_to_pools` the hooks get `n`
/// for the scope and the process setting back afterwards. ParameterError
/// above kMaxThreads.
class ThreadScope {
 public:
  explicit ThreadScope(int n, bool apply_to_pools = false);
  ~ThreadScope();
  ThreadScope(const ThreadScope&) = delete;
  ThreadScope& operator=(const ThreadScope&) = delete;

 private:
  int previous_;
  int previous_pool_;
  int previous_omp_;
  bool applied_ = false;
};

}  // namespace smrt
