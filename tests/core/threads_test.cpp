// set_num_threads starts OpenMP's threads on distinct CPUs by pinning each for
// a moment: afterwards every thread must be free to run anywhere again. Thread
// hooks (the pools of LibTorch and OpenBLAS) follow the call that set them.
#include <gtest/gtest.h>
#include <omp.h>
#include <sched.h>

#include <vector>

#include "smrt/core/threads.h"

namespace {

TEST(Threads, StartedThreadsAreNotLeftPinned) {
  cpu_set_t process;
  CPU_ZERO(&process);
  ASSERT_EQ(sched_getaffinity(0, sizeof process, &process), 0);
  smrt::set_num_threads(1);
  smrt::set_num_threads(2);  // more threads than before: they are spread
  std::vector<int> cpus_allowed(2, -1);
#pragma omp parallel num_threads(2)
  {
    cpu_set_t mine;
    CPU_ZERO(&mine);
    if (sched_getaffinity(0, sizeof mine, &mine) == 0)
      cpus_allowed[static_cast<size_t>(omp_get_thread_num())] = CPU_COUNT(&mine);
  }
  for (int count : cpus_allowed) EXPECT_EQ(count, CPU_COUNT(&process));
  EXPECT_EQ(smrt::num_threads(), 2);
  smrt::set_num_threads(0);
}

}  // namespace

// A pool that starts inside a call (LibTorch at a call's first neural fit)
// runs at that call's thread count, and at the process count after it.
TEST(Threads, AHookAddedInsideACallGetsTheCallsCount) {
  smrt::set_num_threads(2);
  static int applied = 0;
  {
    smrt::ThreadScope call(1, true);
    smrt::add_thread_hook([](int n) { applied = n; });
    EXPECT_EQ(applied, 1);
  }
  EXPECT_EQ(applied, 2);
  {
    smrt::ThreadScope not_the_pools(1, false);
    smrt::ThreadScope inner(3, false);
    EXPECT_EQ(applied, 2);
  }
  smrt::set_num_threads(0);
}
