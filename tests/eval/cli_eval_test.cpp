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

// A small ';'-separated table with an id column: 60 rows, every sixth one "rare".
std::string write_own_table(const TempDir& dir) {
  std::string text = "id;a;b;label\n";
  for (int i = 0; i < 60; ++i) {
    const bool rare = i % 6 == 0;
    text += "r" + std::to_string(i) + ";" + std::to_string((i * 37 % 11) / 10.0 + (rare ? 1.5 : 0.0)) + ";" +
            std::to_string((i * 53 % 13) / 10.0) + ";" + (rare ? "rare" : "common") + "\n";
  }
  std::ofstream(dir.file("t.csv")) << text;
  return dir.file("t.csv");
}

TEST(CliEval, OwnTableRecordsACommandThatRerunsIt) {
  TempDir dir;
  const std::string table = write_own_table(dir);
  const auto r = run_smrt("-q eval " + table + " --label label --delimiter ';' --ignore id --methods 'none, ros' "
                          "--folds 3 --out " + dir.file("r"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("protocol table-lr (cross-validation)"), std::string::npos) << "-q: no progress lines";
  EXPECT_NE(r.output.find("(cross-validation, 3 folds"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("minority_recall  folds"), std::string::npos) << r.output;
  const std::string md = read_text(dir.file("r/results.md"));
  const std::string want = "--label label --delimiter ';' --ignore id --folds 3 --methods none,ros";
  EXPECT_NE(md.find(want), std::string::npos) << md.substr(0, 300);
}

TEST(CliEval, OwnTableRefusesABadOutFolderAndProtocolOptionsBeforeAnyRun) {
  TempDir dir;
  const std::string table = write_own_table(dir);
  std::ofstream(dir.file("afile")) << "x\n";
  auto r = run_smrt("eval " + table + " --label label --delimiter ';' --ignore id --methods none --out " +
                    dir.file("afile"));
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("is a file"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("Protocol table"), std::string::npos) << "ran before checking --out:\n" << r.output;
  for (const char* option : {"--seeds 2", "--per-class 10", "--cnn-epochs 3"}) {
    r = run_smrt("eval " + table + " --label label --delimiter ';' --ignore id " + option + " --out " + dir.file("r"));
    EXPECT_NE(r.exit_code, 0) << option;
    EXPECT_NE(r.output.find("goes with --protocol"), std::string::npos) << r.output;
  }
  EXPECT_FALSE(file_exists(dir.file("r/index.html")));
}

TEST(CliEval, AMultiClassTableGetsAveragePrecisionOfItsMinorityAgainstTheRest) {
  // Three classes: average precision is the minority class's against the rest (it was left out, "-" in
  // every table, with no word why).
  TempDir dir;
  std::string text = "a,b,label\n";
  for (int i = 0; i < 91; ++i) {  // 91 rows: folds of 31, 30, 30 test rows
    const char label = i % 9 == 0 ? 'x' : i % 3 == 0 ? 'y' : 'z';
    text += std::to_string((i * 37 % 11) / 10.0 + (label - 'x')) + "," + std::to_string((i * 53 % 13) / 10.0) + "," +
            label + "\n";
  }
  std::ofstream(dir.file("t3.csv")) << text;
  const auto r = run_smrt("-q eval " + dir.file("t3.csv") + " --label label --methods none,ros --folds 3 --out " +
                          dir.file("r"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(file_exists(dir.file("r/table-lr_balanced_accuracy.svg")));
  EXPECT_TRUE(file_exists(dir.file("r/table-lr_average_precision.svg")));
  const std::string runs = read_text(dir.file("r/table-lr_runs.csv"));
  const std::string header = runs.substr(0, runs.find('\n'));
  ASSERT_NE(header.find("average_precision"), std::string::npos) << header;
  const std::string first = runs.substr(runs.find('\n') + 1, runs.find('\n', runs.find('\n') + 1) - runs.find('\n') - 1);
  EXPECT_EQ(first.find(",,"), std::string::npos) << header << "\n" << first;  // no empty metric
  EXPECT_EQ(first.find("nan"), std::string::npos) << first;
  // Training rows differ by a row between folds: the range, not the last fold's count.
  EXPECT_NE(read_text(dir.file("r/index.html")).find(">60-61<"), std::string::npos);
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
