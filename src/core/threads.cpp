#include "smrt/core/threads.h"

#include <omp.h>
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
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

// libgomp's pool does not survive fork(): the child inherits a pool whose
// threads are gone, and its first region on more than one thread waits for
// them forever. Set once work may have run on several threads here, and in a
// child forked after that.
std::atomic<bool> g_threads_started{false};
std::atomic<bool> g_forked_child{false};

void on_fork_child() {
  if (g_threads_started.load(std::memory_order_relaxed)) g_forked_child.store(true, std::memory_order_relaxed);
}

/// Before work that may run on `count` threads.
void note_threads(int count) {
  if (count < 2 || g_threads_started.load(std::memory_order_relaxed)) return;
  static const bool watching_forks = pthread_atfork(nullptr, nullptr, on_fork_child) == 0;
  (void)watching_forks;
  g_threads_started.store(true, std::memory_order_relaxed);
}

/// `count`, or 1 in a child forked after work ran on several threads.
int usable(int count) { return g_forked_child.load(std::memory_order_relaxed) ? 1 : count; }

ThreadState& state() {
  static ThreadState s;
  return s;
}

/// SMRT_NUM_THREADS when set and not empty, else nullptr.
const char* smrt_threads_env() {
  const char* env = std::getenv("SMRT_NUM_THREADS");
  return env && *env ? env : nullptr;
}

/// `text` as a thread count from 0 to kMaxThreads; nullopt when it is not one.
std::optional<int> thread_count_of(const std::string& text) {
  const auto v = parse_int64(text);
  if (!v || *v < 0 || *v > kMaxThreads) return std::nullopt;
  return static_cast<int>(*v);
}

/// OMP_NUM_THREADS's first value (of a comma list, as libgomp reads it) when > 0, at most kMaxThreads; else 0.
int omp_threads_env() {
  const char* env = std::getenv("OMP_NUM_THREADS");
  if (!env) return 0;
  std::string first(env, std::strcspn(env, ","));
  first.erase(0, first.find_first_not_of(" \t"));
  first.erase(first.find_last_not_of(" \t") + 1);
  const auto v = parse_int64(first);
  return v && *v > 0 ? static_cast<int>(std::min<int64_t>(*v, kMaxThreads)) : 0;
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
                    "most ", kMaxThreads, "; 0 means the default count)");
}

/// The process setting (without the calling thread's scope).
int process_threads() {
  auto& s = state();
  int count = 0;
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    count = s.count;
  }
  return count > 0 ? count : default_num_threads();
}

}  // namespace

int default_num_threads() {
  if (const char* env = smrt_threads_env())
    if (const auto n = thread_count_of(env); n && *n > 0) return *n;
  if (const int n = omp_threads_env(); n > 0) return n;
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0 && CPU_COUNT(&allowed) > 0)
    return std::min(CPU_COUNT(&allowed), kMaxThreads);
  const unsigned n = std::thread::hardware_concurrency();  // more CPUs than a cpu_set_t holds
  return n == 0 ? 1 : static_cast<int>(std::min<unsigned>(n, kMaxThreads));
}

void set_num_threads(int n) {
  check_thread_count(n, "threads");
  const int count = n <= 0 ? default_num_threads() : n;
  auto& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  const int previous = s.count;
  s.count = count;
  note_threads(count);
  omp_set_num_threads(usable(count));
  if (count > previous) spread_threads(usable(count));
  for (auto& hook : s.hooks) hook(usable(count));
}

int num_threads() {
  if (g_forked_child.load(std::memory_order_relaxed)) return 1;
  return t_threads > 0 ? t_threads : process_threads();
}

void add_thread_hook(std::function<void(int)> hook) {
  auto& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  // Registered inside a call that set the pools (LibTorch starts at a call's first neural fit): that call's count,
  // restored with the others when the call ends.
  hook(usable(t_pool_threads > 0 ? t_pool_threads : s.count > 0 ? s.count : default_num_threads()));
  s.hooks.push_back(std::move(hook));
}

int threads_from_env() {
  const char* env = smrt_threads_env();
  if (!env) return 0;
  const auto n = thread_count_of(env);
  SMRT_THROW_IF_NOT(ParameterError, n.has_value(), "SMRT_NUM_THREADS='", env, "' is not a thread count (an integer "
                    "from 0 to ", kMaxThreads, "; 0 means the default: OMP_NUM_THREADS, else the CPUs this process "
                    "may run on)");
  return *n;
}

int init_threads_from_env() {
  threads_from_env();
  set_num_threads(0);  // the default count reads SMRT_NUM_THREADS first
  return num_threads();
}

ThreadScope::ThreadScope(int n, bool apply_to_pools)
    : previous_(t_threads), previous_pool_(t_pool_threads), previous_omp_(omp_get_max_threads()) {
  check_thread_count(n, "n_threads");
  if (n > 0) t_threads = n;
  const int count = num_threads();
  note_threads(count);
  // Regions without a num_threads clause (FAISS's, an OpenMP OpenBLAS's) follow the calling thread's setting.
  omp_set_num_threads(count);
  // In a forked child the pools too: at the process count they would wait for the parent's threads.
  if (apply_to_pools && (n > 0 || g_forked_child.load(std::memory_order_relaxed))) {
    auto& s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    for (auto& hook : s.hooks) hook(count);
    t_pool_threads = count;
    applied_ = true;
  }
}

ThreadScope::~ThreadScope() {
  t_threads = previous_;
  t_pool_threads = previous_pool_;
  if (applied_) {
    const int count = usable(process_threads());
    auto& s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    for (auto& hook : s.hooks) hook(count);
  }
  omp_set_num_threads(usable(previous_omp_));
}

}  // namespace smrt
