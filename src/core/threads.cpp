#include "smrt/core/threads.h"

#include <omp.h>

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

ThreadState& state() {
  static ThreadState s;
  return s;
}

int all_cores() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

}  // namespace

void set_num_threads(int n) {
  auto& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  s.count = n <= 0 ? all_cores() : n;
  omp_set_num_threads(s.count);
  for (auto& hook : s.hooks) hook(s.count);
}

int num_threads() {
  auto& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  return s.count > 0 ? s.count : all_cores();
}

void add_thread_hook(std::function<void(int)> hook) {
  auto& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  hook(s.count > 0 ? s.count : all_cores());
  s.hooks.push_back(std::move(hook));
}

int init_threads_from_env() {
  const char* env = std::getenv("SMRT_NUM_THREADS");
  int n = 0;
  if (env && *env) {
    auto v = parse_int64(env);
    SMRT_THROW_IF_NOT(ParameterError, v && *v >= 0 && *v <= 4096,
                      "SMRT_NUM_THREADS='", env, "' is not a thread count (an integer >= 0; 0 means all cores)");
    n = static_cast<int>(*v);
  }
  set_num_threads(n);
  return num_threads();
}

}  // namespace smrt
