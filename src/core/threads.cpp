#include "smrt/core/threads.h"

#include <omp.h>
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "smrt/core/class_index.h"
#include "smrt/core/error.h"

namespace smrt {
namespace {

struct ThreadState {
  std::mutex mutex;
  int count = 0;
  std::vector<std::function<void(int)>> hooks;
};

thread_local int t_threads = 0;  // a ThreadScope's count; 0: the process setting
thread_local int t_pool_threads = 0;  // the count a ThreadScope applied to the pools; 0: none

ThreadState& state() {
  static ThreadState s;
  return s;
}

int all_cores() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

// Starts OpenMP's threads on distinct CPUs. A new thread tends to start on
// its creator's CPU, and the kernel's load balancer takes several
// milliseconds to move it (measured here: a fresh process's first parallel
// loops ran 1.5-3x slower for 5-15 ms); OMP_PROC_BIND avoids that but pins
// threads for good, which hurts processes sharing the machine. So each thread
// pins itself to a CPU of its own for a moment and is then unpinned: it stays
// where it is unless the machine gets busy.
void spread_threads(int count) {
  if (count < 2 || omp_in_parallel()) return;
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
  std::vector<int> cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &allowed)) cpus.push_back(c);
  if (cpus.size() < 2) return;
  size_t first = 0;
  for (size_t i = 0; i < cpus.size(); ++i)
    if (cpus[i] == sched_getcpu()) first = i;
  std::atomic<int> pinned{0};
#pragma omp parallel num_threads(count)
  {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpus[(first + static_cast<size_t>(omp_get_thread_num())) % cpus.size()], &one);
    pthread_setaffinity_np(pthread_self(), sizeof one, &one);
    ++pinned;
    // Sleeping (not spinning) lets a thread still queued on this CPU run and move.
    while (pinned.load() < omp_get_num_threads()) std::this_thread::sleep_for(std::chrono::microseconds(20));
#pragma omp barrier
    pthread_setaffinity_np(pthread_self(), sizeof allowed, &allowed);
  }
}

void check_thread_count(int n, const char* what) {
  SMRT_THROW_IF_NOT(ParameterError, n <= kMaxThreads, what, "=", n, " is more threads than smrt runs a call with (at "
                    "most ", kMaxThreads, "; 0 means all cores)");
}

}  // namespace

void set_num_threads(int n) {
  check_thread_count(n, "threads");
  auto& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  const int previous = s.count;
  s.count = n <= 0 ? all_cores() : n;
  omp_set_num_threads(s.count);
  if (s.count > previous) spread_threads(s.count);
  for (auto& hook : s.hooks) hook(s.count);
}

int num_threads() {
  if (t_threads > 0) return t_threads;
  auto& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  return s.count > 0 ? s.count : all_cores();
}

void add_thread_hook(std::function<void(int)> hook) {
  auto& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  // Registered inside a call that set the pools (LibTorch starts at a call's first neural fit): that call's count,
  // restored with the others when the call ends.
  hook(t_pool_threads > 0 ? t_pool_threads : s.count > 0 ? s.count : all_cores());
  s.hooks.push_back(std::move(hook));
}

int init_threads_from_env() {
  const char* env = std::getenv("SMRT_NUM_THREADS");
  int n = 0;
  if (env && *env) {
    auto v = parse_int64(env);
    SMRT_THROW_IF_NOT(ParameterError, v && *v >= 0 && *v <= kMaxThreads,
                      "SMRT_NUM_THREADS='", env, "' is not a thread count (an integer >= 0; 0 means all cores)");
    n = static_cast<int>(*v);
  }
  set_num_threads(n);
  return num_threads();
}

ThreadScope::ThreadScope(int n, bool apply_to_pools) : previous_(t_threads), previous_pool_(t_pool_threads) {
  check_thread_count(n, "n_threads");
  if (n <= 0) return;
  t_threads = n;
  if (apply_to_pools) {
    auto& s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    for (auto& hook : s.hooks) hook(n);
    t_pool_threads = n;
    applied_ = true;
  }
}

ThreadScope::~ThreadScope() {
  t_threads = previous_;
  t_pool_threads = previous_pool_;
  if (applied_) {
    auto& s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    const int count = s.count > 0 ? s.count : all_cores();
    for (auto& hook : s.hooks) hook(count);
  }
}

}  // namespace smrt
