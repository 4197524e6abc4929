// The same input and seed give the same output on every machine: the core
// count (faked with an LD_PRELOAD shim, tests/support/fake_cores.c) and the
// thread count change nothing. ENN's order of tied neighbours follows
// scikit-learn on kSklearnReferenceThreads threads, whatever the machine has;
// it used to follow this machine's cores.
#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

using smrt::testing::CommandResult;
using smrt::testing::read_text;
using smrt::testing::run_smrt;
using smrt::testing::TempDir;
using smrt::testing::write_text;

namespace {

// 400 grid points, 10 copies each, one in five of class 1: every row has 9
// neighbours at distance 0 of both classes, and which 3 of them ENN sees
// depends on scikit-learn's search strategy. With 16 columns scikit-learn
// searches by brute force, whose strategy depends on its thread count once
// the queried class (3,200 rows) passes 4 x 256 x threads (imbalanced-learn
// keeps 2,080 rows on 2 threads, 2,072 on 64).
std::string tied_grid_csv() {
  std::string csv = "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,label\n";
  for (int copy = 0; copy < 10; ++copy)
    for (int p = 0; p < 400; ++p)
      csv += std::to_string(p % 20) + "," + std::to_string(p / 20) + ",0,0,0,0,0,0,0,0,0,0,0,0,0,0," +
             ((p * 7 + copy * 13) % 5 == 0 ? "1" : "0") + "\n";
  return csv;
}

CommandResult run_on_cores(int cores, int threads, const std::string& args) {
  // verify_asan_link_order=0: the shim comes before ASan's runtime in a sanitizer build.
  return run_smrt("--threads " + std::to_string(threads) + " " + args,
                  std::string("ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD=") + SMRT_FAKE_CORES_LIB +
                      " SMRT_FAKE_CORES=" + std::to_string(cores));
}

}  // namespace

TEST(CoreCount, ShimChangesWhatTheMachineReports) {
  // Without this the other tests would prove nothing.
  const CommandResult r = run_on_cores(96, 1, "info --system");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const size_t line = r.output.find("logical cores:");
  ASSERT_NE(line, std::string::npos) << r.output;
  EXPECT_EQ(r.output.substr(r.output.find_first_not_of(' ', line + 14), 3), "96\n") << r.output;
}

TEST(CoreCount, EnnKeepsTheSameRowsOnEveryMachine) {
  TempDir dir;
  write_text(dir.file("d.csv"), tied_grid_csv());
  std::string reference;
  for (int cores : {1, 2, 3, 16, 64, 256})
    for (int threads : {1, 2}) {
      const std::string out = dir.file("out_" + std::to_string(cores) + "_" + std::to_string(threads) + ".csv");
      const CommandResult r = run_on_cores(cores, threads, "resample " + dir.file("d.csv") +
                                                             " --label label -m enn -o " + out);
      ASSERT_EQ(r.exit_code, 0) << r.output;
      const std::string text = read_text(out);
      if (reference.empty()) reference = text;
      EXPECT_EQ(text, reference) << "ENN's output changed with " << cores << " cores, " << threads << " threads";
    }
  if (!smrt::testing::have_imblearn()) return;
  // And it is imbalanced-learn's, with scikit-learn on the reference thread count.
  const std::string expected = smrt::testing::run_python(
      "import os\nos.environ['OMP_NUM_THREADS'] = '2'\n"
      "import numpy as np\nfrom imblearn.under_sampling import EditedNearestNeighbours\n"
      "d = np.loadtxt('" + dir.file("d.csv") + "', delimiter=',', skiprows=1, dtype=np.float32)\n"
      "X, y = EditedNearestNeighbours().fit_resample(d[:, :16], d[:, 16].astype(int))\n"
      "print('a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,label')\n"
      "for row, label in zip(X, y): print(','.join('%g' % v for v in row) + ',%d' % label)\n");
  EXPECT_EQ(reference, expected) << "imbalanced-learn keeps other rows";
}

// With neither --threads nor SMRT_NUM_THREADS, smrt runs as many threads as the
// CPUs it may run on (taskset, cgroup cpusets), or OMP_NUM_THREADS's count
// (joblib's workers set it to 1); it used to take every core of the machine.
TEST(CoreCount, DefaultThreadsAreTheCpusThisProcessMayRunOn) {
  auto threads_line = [](const std::string& env) {
    const CommandResult r = run_smrt("info --system", "env -u SMRT_NUM_THREADS -u OMP_NUM_THREADS " + env);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const size_t at = r.output.find("\nthreads:");
    return at == std::string::npos ? r.output : r.output.substr(at + 1, r.output.find('\n', at + 1) - at - 1);
  };
  EXPECT_EQ(threads_line("OMP_NUM_THREADS=3"), "threads:             3");
  if (smrt::testing::run_command("command -v taskset").exit_code != 0) GTEST_SKIP() << "no taskset";
  EXPECT_EQ(threads_line("taskset -c 0"), "threads:             1");
}
