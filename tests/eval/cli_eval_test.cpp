// smrt demo / smrt eval from the command line, on tiny data.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "smrt/eval/datasets.h"
#include "test_support.h"

namespace {

using smrt::testing::file_exists;
using smrt::testing::run_smrt;
using smrt::testing::TempDir;

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool have_data() {
  const std::string dir = smrt::eval::data_dir();
  return file_exists(dir + "/mnist/X.npy") && file_exists(dir + "/fashion-mnist/train_X.npy");
}

TEST(CliEval, TinyDemoPrintsTablesAndWritesTheReport) {
  if (!have_data()) GTEST_SKIP() << "no data sets; run scripts/setup";
  TempDir dir;
  const auto r = run_smrt("demo --tiny --out " + dir.file("report"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Protocol a"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Protocol b"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("minority_f1"), std::string::npos) << r.output;
  // Protocol b's ceiling: the uncut classes (protocol a has no such row).
  EXPECT_NE(r.output.find("full data (reference)"), std::string::npos) << r.output;
  EXPECT_TRUE(file_exists(dir.file("report/index.html")));
  EXPECT_TRUE(file_exists(dir.file("report/a_minority_f1.svg")));
  EXPECT_TRUE(file_exists(dir.file("report/a_real.png")));
  EXPECT_TRUE(file_exists(dir.file("report/results.md")));
}

TEST(CliEval, BadProtocolAndMissingDataAreErrors) {
  TempDir dir;
  auto r = run_smrt("eval --protocol z --out " + dir.file("r"));
  EXPECT_EQ(r.exit_code, 2) << r.output;  // usage error (docs/usage.md)
  EXPECT_NE(r.output.find("--protocol 'z'"), std::string::npos) << r.output;
  r = run_smrt("eval --protocol a --scale tiny --data " + dir.file("nowhere") + " --out " + dir.file("r"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("scripts/setup"), std::string::npos) << r.output;
}

TEST(CliEval, ParamOverridesAndMethodSelectionReachTheRun) {
  if (!have_data()) GTEST_SKIP() << "no data sets; run scripts/setup";
  TempDir dir;
  auto r = run_smrt("eval --protocol a --scale tiny --seeds 1 --param smote.k_neighbors=3 --out " + dir.file("r"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(read_text(dir.file("r/index.html")).find("smote.k_neighbors=3"), std::string::npos);
  r = run_smrt("eval --protocol a --scale tiny --seeds 1 --methods 'class weights,smote' --out " + dir.file("m"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("class weights"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("SMOTE"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("random over"), std::string::npos) << r.output;
  r = run_smrt("eval --protocol a --scale tiny --param smote.k_neighbours=3 --out " + dir.file("r2"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--param 'smote.k_neighbours=3'"), std::string::npos) << r.output;
  r = run_smrt("eval --protocol a --scale tiny --param smrt.n_epochs --out " + dir.file("r3"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("METHOD.key=value"), std::string::npos) << r.output;
}

TEST(CliEval, HelpHasExamples) {
  for (const char* cmd : {"demo --help", "eval --help"}) {
    const auto r = run_smrt(cmd);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("Examples:"), std::string::npos) << r.output;
  }
  EXPECT_NE(run_smrt("eval --help").output.find("--param smrt.n_epochs="), std::string::npos);
}

}  // namespace
