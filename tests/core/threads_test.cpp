// set_num_threads starts OpenMP's threads on distinct CPUs by pinning each for
// a moment: afterwards every thread must be free to run anywhere again. Thread
// hooks (the pools of LibTorch and OpenBLAS) follow the call that set them.
// The default count follows the environment and the CPU affinity; a forked
// child does not wait for its parent's OpenMP threads.
#include <gtest/gtest.h>
#include <omp.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "smrt/core/error.h"
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

namespace {

// Sets (or with nullptr unsets) an environment variable until destroyed.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) setenv(name, value, 1);
    else unsetenv(name);
  }
  ~EnvVar() {
    if (old_) setenv(name_, old_->c_str(), 1);
    else unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

int cpus_allowed() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  EXPECT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  return CPU_COUNT(&allowed);
}

}  // namespace

// "All cores" is the CPUs the process may run on (taskset, cgroup cpusets), not the machine's.
TEST(Threads, DefaultCountIsTheCpusThisProcessMayRunOn) {
  EnvVar smrt("SMRT_NUM_THREADS", nullptr), omp("OMP_NUM_THREADS", nullptr);
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  EXPECT_EQ(smrt::default_num_threads(), CPU_COUNT(&allowed));
  int first = 0;
  while (!CPU_ISSET(first, &allowed)) ++first;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first, &one);
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);  // this thread, as `taskset -c` sets a process
  EXPECT_EQ(smrt::default_num_threads(), 1);
  smrt::set_num_threads(0);
  EXPECT_EQ(smrt::num_threads(), 1);
  ASSERT_EQ(sched_setaffinity(0, sizeof allowed, &allowed), 0);
  smrt::set_num_threads(0);
  EXPECT_EQ(smrt::num_threads(), CPU_COUNT(&allowed));
}

// SMRT_NUM_THREADS, else OMP_NUM_THREADS (joblib's workers set it to 1), else the CPUs.
TEST(Threads, DefaultCountFollowsSmrtThenOmpNumThreads) {
  EnvVar smrt("SMRT_NUM_THREADS", nullptr);
  {
    EnvVar omp("OMP_NUM_THREADS", "3,2");  // nested levels: the first
    EXPECT_EQ(smrt::init_threads_from_env(), 3);
    EXPECT_EQ(smrt::num_threads(), 3);
    EnvVar five("SMRT_NUM_THREADS", "5");
    EXPECT_EQ(smrt::default_num_threads(), 5);
    EnvVar zero("SMRT_NUM_THREADS", "0");  // 0: the default, as --threads 0
    EXPECT_EQ(smrt::default_num_threads(), 3);
  }
  for (const char* not_a_count : {"0", "abc", "-2", ""}) {
    EnvVar omp("OMP_NUM_THREADS", not_a_count);
    EXPECT_EQ(smrt::default_num_threads(), cpus_allowed()) << not_a_count;
  }
  EnvVar omp("OMP_NUM_THREADS", "2");
  EnvVar bad("SMRT_NUM_THREADS", "many");
  EXPECT_EQ(smrt::default_num_threads(), 2);  // skipped here; named by init_threads_from_env
  try {
    smrt::init_threads_from_env();
    FAIL() << "no error";
  } catch (const smrt::ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("SMRT_NUM_THREADS='many' is not a thread count"), std::string::npos)
        << e.what();
  }
  smrt::set_num_threads(0);
}

// OpenMP regions without a num_threads clause (FAISS's, an OpenMP OpenBLAS's) run on the call's count too.
TEST(Threads, RegionsWithoutAClauseRunOnTheCallsCount) {
  smrt::set_num_threads(2);
  {
    smrt::ThreadScope call(1);
    int team = 0;
#pragma omp parallel
    {
#pragma omp single
      team = omp_get_num_threads();
    }
    EXPECT_EQ(team, 1);
  }
  EXPECT_EQ(omp_get_max_threads(), 2);
  smrt::set_num_threads(0);
}

// GNU OpenMP's pool does not survive fork(): a child forked after work on two threads hung in its
// first region on two threads. It runs smrt's work on one thread instead.
TEST(Threads, AChildForkedAfterParallelWorkRunsOnOneThread) {
  smrt::ThreadScope parent(2);
  std::atomic<int> ran{0};
#pragma omp parallel num_threads(smrt::num_threads())
  ++ran;
  ASSERT_EQ(ran.load(), 2);
  const pid_t pid = fork();
  ASSERT_NE(pid, -1);
  if (pid == 0) {
    smrt::ThreadScope call(2);
    int team = 0;
#pragma omp parallel num_threads(smrt::num_threads())
    {
#pragma omp single
      team = omp_get_num_threads();
    }
    _exit(team == 1 && smrt::num_threads() == 1 ? 0 : 1);
  }
  int status = 0;
  for (int waited_ms = 0; waitpid(pid, &status, WNOHANG) == 0; waited_ms += 10) {
    if (waited_ms > 20000) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      FAIL() << "the forked child hung";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}
