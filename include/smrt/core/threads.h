#pragma once
// One thread setting for OpenMP, BLAS and torch.
//
// Layers that own a thread pool (torch in nn, BLAS in neighbors) register a
// hook; set_num_threads() calls every hook, so the CLI's --threads and the
// SMRT_NUM_THREADS variable reach all of them.

#include <functional>

namespace smrt {

/// The most threads smrt runs a call with: libgomp fails to start (or
/// crashes on) tens of thousands, so a larger count is a ParameterError.
inline constexpr int kMaxThreads = 4096;

/// n <= 0 means all cores. Applies to OpenMP now and to every registered hook.
/// ParameterError above kMaxThreads.
void set_num_threads(int n);
/// The calling thread's count: its ThreadScope's, else the process setting (>= 1).
int num_threads();
/// Called with the thread count now and on every later change.
void add_thread_hook(std::function<void(int)> hook);
/// Reads SMRT_NUM_THREADS if set; returns the count applied.
int init_threads_from_env();

/// Work started by the calling thread uses `n` threads (n <= 0: the process
/// setting) until destroyed; other threads keep theirs, so two front-end
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
  bool applied_ = false;
};

}  // namespace smrt
